package ui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui/draft"
)

// A Markdown document pasted over the thread in the external editor comes
// back as posts, as xpost thread import reads it; a heading the thread
// already had keeps the file a thread file.
func TestEditorReadsMarkdown(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, Options{Editor: []string{"true"}})
	doc := "# Why\n\nTerminals are *fast*,\nsee [this](https://example.com).\n\n## How\n\n- one\n- two\n"
	tm, cmd := tea.Model(m).Update(editorDoneMsg{path: filepath.Join(t.TempDir(), "x.thread.md"), data: []byte(doc)})
	want := []string{"Why\n\nTerminals are fast, see this https://example.com.", "How\n\n- one\n- two"}
	if diff := cmp.Diff(want, texts(tm.(Model))); diff != "" {
		t.Errorf("posts (-want +got):\n%s", diff)
	}
	if msg := cmdStatus(cmd); !strings.Contains(msg, "2 posts, read as Markdown") {
		t.Errorf("status %q", msg)
	}

	d := draft.New()
	d.Posts = []draft.Post{{Text: "# not a heading, a post"}}
	m = newTestModel(t, Options{Draft: d, Editor: []string{"true"}})
	tm, _ = tea.Model(m).Update(editorDoneMsg{path: filepath.Join(t.TempDir(), "x.thread.md"), data: []byte("# not a heading, a post\n*kept*\n")})
	if diff := cmp.Diff([]string{"# not a heading, a post\n*kept*"}, texts(tm.(Model))); diff != "" {
		t.Errorf("a thread file with a heading line was read as Markdown (-want +got):\n%s", diff)
	}
}
