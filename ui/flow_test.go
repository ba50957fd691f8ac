package ui

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
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

// The whole program: type a post, split it, see two counters, quit; the
// draft is on disk.
func TestFlowTypeSplitQuitSaves(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dark := true
	m := New(newFakeServices(), Options{DraftDir: dir, Dark: &dark})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	tm.Type("hello world")
	for range 5 {
		tm.Send(press("left"))
	}
	tm.Send(press("ctrl+o"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Count(b, []byte("5/280")) >= 2 && bytes.Contains(b, []byte("2/2"))
	}, teatest.WithDuration(5*time.Second))
	tm.Send(press("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

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

// ctrl+e hands the post to the editor through the real program and takes
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
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	tm.Type("before")
	tm.Send(press("ctrl+e"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("rewritten in the editor"))
	}, teatest.WithDuration(5*time.Second))
	tm.Send(press("ctrl+c"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if got := final.compose.d.Posts[0].Text; got != "rewritten in the editor" {
		t.Errorf("post = %q", got)
	}
}
