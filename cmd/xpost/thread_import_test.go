package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/xpostdev/xpost/ui/draft"
)

// Importing what thread export wrote gives back the same thread: posts,
// media with their descriptions, the poll and its length.
func TestThreadExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	store, ds := saveDrafts(t, r)
	file := filepath.Join(t.TempDir(), "thread.txt")
	wantRun(t, r.run("", "thread", "export", ds[0].ID, "-o", file), 0, "wrote ")
	got := r.run("", "thread", "import", file)
	wantRun(t, got, 0, "imported ", "as draft", "2 posts")
	back, err := store.Load(strings.TrimSpace(got.stdout))
	if err != nil {
		t.Fatal(err)
	}
	if back.ID == ds[0].ID {
		t.Fatal("the import overwrote the draft exported")
	}
	if diff := cmp.Diff(ds[0].Posts, back.Posts, cmpopts.IgnoreFields(draft.Media{}, "MIME", "Size", "Kind"), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("posts after export and import (-want +got):\n%s", diff)
	}
}

// A Markdown document comes in as posts: headings start them, links stay,
// emphasis goes, an image whose file exists is attached and one that does
// not is said.
func TestThreadImportMarkdown(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	dir := t.TempDir()
	writePNG(t, filepath.Join(dir, "shot.png"))
	doc := "# Why\n\nTerminals are *fast*, see [this](https://example.com).\n\n![The composer](shot.png)\n\n## How\n\n- one\n- two\n\n![gone](missing.png)\n"
	path := filepath.Join(dir, "essay.md")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	got := r.run("", "thread", "import", "--json", path)
	wantRun(t, got, 0)
	var out importJSON
	if err := json.Unmarshal([]byte(got.stdout), &out); err != nil {
		t.Fatalf("%v: %s", err, got.stdout)
	}
	if out.Format != "markdown" || out.Posts != 2 || len(out.Notes) != 1 || !strings.Contains(out.Notes[0], "missing.png was not found") {
		t.Errorf("import said %+v", out)
	}
	s := &draft.Store{Dir: filepath.Join(r.env["XPOST_CONFIG_DIR"], draftsDirName)}
	d, err := s.Load(out.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Why\n\nTerminals are fast, see this https://example.com.", "How\n\n- one\n- two\n\ngone missing.png"}
	var texts []string
	for _, p := range d.Posts {
		texts = append(texts, p.Text)
	}
	if diff := cmp.Diff(want, texts); diff != "" {
		t.Errorf("texts (-want +got):\n%s", diff)
	}
	if m := d.Posts[0].Media; len(m) != 1 || m[0].Alt != "The composer" || m[0].Kind != draft.KindImage {
		t.Errorf("media of post 1: %+v", m)
	}
}

// Standard input needs --from markdown to be read as Markdown; a thread
// file with a mistake is refused with its line, and no draft is made.
func TestThreadImportFormats(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	got := r.run("**Bold** start\n\n---\n\nnext", "thread", "import", "--from", "markdown", "-")
	wantRun(t, got, 0, "(markdown)", "2 posts")
	got = r.run("one\n---\n- [ ] only one option\n", "thread", "import", "-")
	wantRun(t, got, 1, "post 2, line 3")
	got = r.run("x", "thread", "import", "--from", "html", "-")
	wantRun(t, got, 2, "--from must be auto, thread or markdown")
	doc, thread := "Intro\n\n## Part one\n\ntext", "First post #tag\n---\n#hashtag\n"
	for _, tt := range []struct{ from, name, data, want string }{
		{"auto", "a.md", doc, "markdown"}, {"auto", "A.MARKDOWN", "Title\n===\n", "markdown"},
		{"auto", "launch.md", thread, "thread"}, {"auto", "t.thread.md", doc, "thread"},
		{"auto", "t.txt", doc, "thread"}, {"auto", "-", doc, "thread"},
		{"markdown", "t.txt", thread, "markdown"}, {"thread", "a.md", doc, "thread"},
	} {
		if got := importFormat(tt.from, tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("importFormat(%q, %q, %q) = %q, want %q", tt.from, tt.name, tt.data, got, tt.want)
		}
	}
}

// A file with nothing in it (or only blank lines) makes no draft: an
// empty draft saved "imported" would only be found later, refused at
// publishing.
func TestThreadImportEmpty(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	for _, in := range []string{"", "\n\n  \n", "---\n\n---\n"} {
		got := r.run(in, "thread", "import", "-")
		wantRun(t, got, 1, "nothing to import")
		if strings.TrimSpace(got.stdout) != "" {
			t.Errorf("import of %q printed a draft id %q", in, got.stdout)
		}
	}
	s := &draft.Store{Dir: filepath.Join(r.env["XPOST_CONFIG_DIR"], draftsDirName)}
	if list, _ := s.List(); len(list) != 0 {
		t.Errorf("%d drafts were made from empty input", len(list))
	}
}
