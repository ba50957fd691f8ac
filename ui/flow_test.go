package ui

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui/draft"
)

// update is -update: golden files under testdata/ are rewritten from the
// current views. The flag itself is defined by x/exp/golden, which teatest
// imports, so this points at its value rather than defining it again.
var update = updateFlag()

func updateFlag() *bool {
	f := flag.Lookup("update")
	if f == nil {
		return flag.Bool("update", false, "rewrite the golden files under testdata/")
	}
	return reflect.ValueOf(f.Value).Convert(reflect.TypeFor[*bool]()).Interface().(*bool)
}

// goldenThread is a thread that shows every part of a card: a reply, media
// with and without alt text, a poll, a post past the limit, wide text.
func goldenThread() *draft.Draft {
	d := draft.New()
	d.ID = "golden"
	d.ReplyTo = "1790000000000000000"
	d.Posts = []draft.Post{
		{Text: "Shipping xpost today: a terminal composer for X. 🚀\n\nThreads, media, polls and drafts that are never lost.",
			Media: []draft.Media{{Path: "/home/ada/shots/compose.png", Kind: draft.KindImage, Alt: "The composer with three posts"}, {Path: "/home/ada/shots/publish.png", Kind: draft.KindImage}}},
		{Text: "Which feature should come next?", Poll: &draft.Poll{Options: []string{"Scheduling", "Bookmarks", "Lists"}, Duration: 24 * time.Hour}},
		{Text: "日本語も大丈夫です。👨‍👩‍👧‍👦 🇺🇸 café " + string(bytes.Repeat([]byte("This post is far too long. "), 12))},
	}
	return d
}

func TestComposeGolden(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		name := filepath.Join("testdata", fmt.Sprintf("compose_%dx%d.golden", size[0], size[1]))
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := newTestModel(t, Options{Draft: goldenThread(), Demo: true})
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
				t.Fatalf("%v (run go test ./ui -run TestComposeGolden -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("view differs from %s (-want +got):\n%s", name, diff)
			}
		})
	}
}

// watcher runs a model under teatest and records every frame the model
// itself draws (its View, without styles) after each message. Flow tests
// wait for what the screen holds through it instead of reading the
// renderer's output, whose bytes depend on the frames drawn before (the
// renderer skips cells that did not change), and so on timing: "5/280"
// may reach the terminal as "5" and a cursor move when "0/280" was there.
type watcher struct {
	mu     sync.Mutex
	frames []string
	seen   int           // frames already looked at by wait
	news   chan struct{} // a frame was added
}

// watch starts m under teatest with a watcher.
func watch(t *testing.T, m tea.Model) (*teatest.TestModel, *watcher) {
	t.Helper()
	w := &watcher{news: make(chan struct{}, 1)}
	tm := teatest.NewTestModel(t, watched{m, w}, teatest.WithInitialTermSize(80, 24))
	return tm, w
}

// wait returns the first frame drawn since the last wait that holds every
// string of want. The time limit only turns a hang into a failure: the
// frames come as fast as the program handles messages.
func (w *watcher) wait(t *testing.T, what string, want ...string) string {
	t.Helper()
	limit := time.After(20 * time.Second)
	for {
		w.mu.Lock()
		for ; w.seen < len(w.frames); w.seen++ {
			if f := w.frames[w.seen]; containsAll(f, want) {
				w.seen++
				w.mu.Unlock()
				return f
			}
		}
		last := ""
		if len(w.frames) > 0 {
			last = w.frames[len(w.frames)-1]
		}
		w.mu.Unlock()
		select {
		case <-w.news:
		case <-limit:
			t.Fatalf("waiting for %s: no frame holds %q; the last:\n%s", what, want, last)
			return ""
		}
	}
}

func containsAll(s string, want []string) bool {
	for _, x := range want {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

// watched is a model that reports its frames to a watcher.
type watched struct {
	tea.Model
	w *watcher
}

func (m watched) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := m.Model.Update(msg)
	frame := ansi.Strip(next.View().Content)
	m.w.mu.Lock()
	m.w.frames = append(m.w.frames, frame)
	m.w.mu.Unlock()
	select {
	case m.w.news <- struct{}{}:
	default:
	}
	return watched{next, m.w}, cmd
}

// finalModel is the program's model once it has ended.
func finalModel(t *testing.T, tm *teatest.TestModel) Model {
	t.Helper()
	return tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(watched).Model.(Model)
}

// The whole program: type a post, split it, see two counters, quit; the
// draft is on disk.
func TestFlowTypeSplitQuitSaves(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dark := true
	m := New(newFakeServices(), Options{DraftDir: dir, Dark: &dark})
	tm, w := watch(t, m)
	tm.Type("hello world")
	for range 5 {
		tm.Send(press("left"))
	}
	tm.Send(press("ctrl+o"))
	if f := w.wait(t, "two posts of 5", "5/280", "2/2"); strings.Count(f, "5/280") < 2 {
		t.Errorf("the split shows one counter of 5:\n%s", f)
	}
	tm.Send(press("ctrl+c"))
	finalModel(t, tm)

	list, err := (&draft.Store{Dir: dir}).List()
	if err != nil || len(list) != 1 {
		t.Fatalf("drafts on disk: %v, %v", list, err)
	}
	d, err := (&draft.Store{Dir: dir}).Load(list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range d.Posts {
		got = append(got, p.Text)
	}
	if diff := cmp.Diff([]string{"hello", "world"}, got); diff != "" {
		t.Errorf("saved posts (-want +got):\n%s", diff)
	}
}

// alt+e hands the thread to the editor through the real program and takes
// its text back.
func TestFlowExternalEditor(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	script := filepath.Join(dir, "ed.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nprintf 'rewritten in the editor\\n' > \"$1\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	dark := true
	m := New(newFakeServices(), Options{DraftDir: dir, Dark: &dark, Editor: []string{script}})
	tm, w := watch(t, m)
	tm.Type("before")
	tm.Send(press("alt+e"))
	w.wait(t, "the editor's text", "rewritten in the editor")
	tm.Send(press("ctrl+c"))
	final := finalModel(t, tm)
	if got := final.compose.d.Posts[0].Text; got != "rewritten in the editor" {
		t.Errorf("post = %q", got)
	}
}
