package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/textcount"
	"github.com/xpostdev/xpost/ui/draft"
)

// essay is a text of about 3,000 characters in paragraphs, as a user would
// paste it.
func essay() string {
	var b strings.Builder
	for p := range 5 {
		if p > 0 {
			b.WriteString("\n\n")
		}
		for s := range 6 {
			if s > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "Paragraph %d, sentence %d says why a terminal composer helps (see https://example.com/%d).", p+1, s+1, p)
		}
	}
	return b.String()
}

func paste(m Model, text string) (Model, tea.Cmd) {
	tm, cmd := tea.Model(m).Update(tea.PasteMsg{Content: text})
	return tm.(Model), cmd
}

// A paste longer than a post offers the split; alt+t cuts the post into
// posts that fit, and one ctrl+z puts it back.
func TestComposeThreadify(t *testing.T) {
	t.Parallel()
	text := essay()
	m, cmd := paste(newTestModel(t, Options{}), text)
	if got := cmdStatus(cmd); !strings.Contains(got, "alt+t splits it into a thread") {
		t.Errorf("the paste's message is %q, want the offer to split", got)
	}
	m = run(m, keys("alt+t"))
	posts := texts(m)
	if len(posts) < 2 {
		t.Fatalf("alt+t left %d post(s)", len(posts))
	}
	for i := range posts {
		if n := textcount.Parse(m.compose.d.TextForPublish(i)).WeightedLength; n > 280 {
			t.Errorf("post %d weighs %d", i+1, n)
		}
	}
	pieces, err := draft.SplitText(text, textcount.DefaultConfig, false)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(draft.PostTexts(pieces), posts); diff != "" {
		t.Errorf("posts differ from the split (-want +got):\n%s", diff)
	}
	m = run(m, keys("ctrl+z"))
	if diff := cmp.Diff([]string{text}, texts(m)); diff != "" {
		t.Errorf("undo (-want +got):\n%s", diff)
	}
	m = run(m, keys("ctrl+y"))
	if diff := cmp.Diff(posts, texts(m)); diff != "" {
		t.Errorf("redo (-want +got):\n%s", diff)
	}
	m = run(m, keys("ctrl+z", "alt+t"))
	if len(texts(m)) != len(posts) {
		t.Errorf("a second split gives %d posts, the first %d", len(texts(m)), len(posts))
	}
}

// alt+t on a post that fits says so.
func TestComposeThreadifyFits(t *testing.T) {
	t.Parallel()
	m := run(newTestModel(t, Options{}), []step{typed("short")})
	_, cmd := tea.Model(m).Update(press("alt+t"))
	if got := cmdStatus(cmd); got != "post 1 fits in one post: nothing to split" {
		t.Errorf("message %q", got)
	}
}

// cmdStatus runs cmd and returns the text of the first status message it
// sends, looking inside batches.
func cmdStatus(cmd tea.Cmd) string {
	if cmd == nil {
		return ""
	}
	switch msg := cmd().(type) {
	case statusMsg:
		return msg.Text
	case tea.BatchMsg:
		for _, c := range msg {
			if s := cmdStatus(c); s != "" {
				return s
			}
		}
	}
	return ""
}

func TestThreadifyGolden(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		name := filepath.Join("testdata", fmt.Sprintf("threadify_%dx%d.golden", size[0], size[1]))
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m, _ := paste(newTestModel(t, Options{Demo: true}), essay())
			m = run(m, keys("alt+t"))
			var tm tea.Model = m
			tm, _ = tm.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			got := screenText(tm)
			if *update {
				if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(name)
			if err != nil {
				t.Fatalf("%v (run go test ./ui -run TestThreadifyGolden -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("view differs from %s (-want +got):\n%s", name, diff)
			}
		})
	}
}

// The whole program: a pasted essay becomes a published thread in four
// keystrokes (the paste, alt+t, ctrl+p, enter).
func TestFlowEssayToThread(t *testing.T) {
	t.Parallel()
	svc := newFakeServices()
	dark := true
	tm, w := watch(t, New(svc, Options{DraftDir: t.TempDir(), Dark: &dark}))
	keystrokes := 0
	send := func(msg tea.Msg) {
		keystrokes++
		tm.Send(msg)
	}
	send(tea.PasteMsg{Content: essay()})
	w.wait(t, "the offer", "splits it into a thread")
	send(press("alt+t"))
	w.wait(t, "the split", "split into")
	send(press("ctrl+p"))
	w.wait(t, "the confirmation", "Publish this thread of")
	send(press("enter"))
	w.wait(t, "the summary", "Published")
	if keystrokes >= 10 {
		t.Errorf("%d keystrokes, want fewer than 10", keystrokes)
	}
	tm.Send(press("enter"))
	tm.Send(press("ctrl+c"))
	finalModel(t, tm)
	pieces, err := draft.SplitText(essay(), textcount.DefaultConfig, false)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(draft.PostTexts(pieces), svc.Published()); diff != "" {
		t.Errorf("published (-want +got):\n%s", diff)
	}
}
