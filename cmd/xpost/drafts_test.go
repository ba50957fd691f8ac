package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// saveDrafts saves a thread with media and a poll, a reply, and an
// assistant's draft in r's drafts folder, oldest first, and returns them.
func saveDrafts(t *testing.T, r *runner) (*draft.Store, []*draft.Draft) {
	t.Helper()
	s := &draft.Store{Dir: filepath.Join(r.env["XPOST_CONFIG_DIR"], draftsDirName)}
	img := writePNG(t, filepath.Join(t.TempDir(), "dot.png"))
	thread := draft.New()
	thread.Posts = []draft.Post{
		{Text: "First part\n---\nwith a line that looks like a separator", Media: []draft.Media{{Path: img, Alt: "A red dot [small]"}}},
		{Text: "Which?", Poll: &draft.Poll{Options: []string{"Tabs", "Spaces"}, Duration: 3 * 24 * time.Hour}},
	}
	reply := draft.New()
	reply.Posts = []draft.Post{{Text: "A reply"}}
	reply.ReplyTo = "1234567890123"
	assistant := draft.New()
	assistant.Posts = []draft.Post{{Text: "Suggested by the assistant"}}
	assistant.Origin = draft.OriginAssistant
	ds := []*draft.Draft{thread, reply, assistant}
	for _, d := range ds {
		if err := s.Save(d); err != nil {
			t.Fatal(err)
		}
	}
	return s, ds
}

func TestDraftsCommands(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	r := apiRunner(t, srv)
	_, ds := saveDrafts(t, r)
	tmp := t.TempDir()

	t.Run("list", func(t *testing.T) {
		got := r.run("", "drafts")
		wantRun(t, got, 0)
		for _, want := range []string{ds[0].ID, "2 posts  First part", ds[2].ID, "(from the assistant)"} {
			if !strings.Contains(got.stdout, want) {
				t.Errorf("drafts printed %q, want %q in it", got.stdout, want)
			}
		}
	})
	t.Run("show json", func(t *testing.T) {
		got := r.run("", "drafts", "show", "--json", ds[0].ID)
		wantRun(t, got, 0)
		golden(t, filepath.Join("json", "drafts-show.golden"), stableJSON(t, strings.ReplaceAll(got.stdout, filepath.Dir(ds[0].Posts[0].Media[0].Path), "<media>"), srv.URL, ""))
	})
	t.Run("show as a thread file", func(t *testing.T) {
		got := r.run("", "drafts", "show", ds[0].ID)
		wantRun(t, got, 0)
		for _, want := range []string{`\---`, "![A red dot [small\\]](", "- [ ] Tabs", "poll: 3d"} {
			if !strings.Contains(got.stdout, want) {
				t.Errorf("show printed %q, want %q in it", got.stdout, want)
			}
		}
	})
	t.Run("export reads back", func(t *testing.T) {
		file := filepath.Join(tmp, "exported.md")
		got := r.run("", "drafts", "export", "-o", file, ds[0].ID)
		wantRun(t, got, 0, "xpost thread "+file)
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		back, err := draft.ParseThread(f, tmp)
		if err != nil {
			t.Fatal(err)
		}
		if len(back.Posts) != 2 || back.Posts[0].Text != ds[0].Posts[0].Text || back.Posts[0].Media[0].Alt != "A red dot [small]" ||
			back.Posts[0].Media[0].Path != ds[0].Posts[0].Media[0].Path || back.Posts[1].Poll == nil || back.Posts[1].Poll.Duration != 72*time.Hour {
			t.Errorf("exported draft reads back as %+v", back.Posts)
		}
		// The file publishes as a thread (dry run: nothing sent).
		wantRun(t, r.run("", "thread", "--dry-run", file), 0)
		wantRun(t, r.run("", "drafts", "export", "-o", file, ds[0].ID), exitFailure, "--force")
		wantRun(t, r.run("", "drafts", "export", "--force", "-o", file, ds[0].ID), 0)
	})
	t.Run("export names what a file cannot hold", func(t *testing.T) {
		got := r.run("", "drafts", "export", "--json", "-o", filepath.Join(tmp, "reply.md"), ds[1].ID)
		wantRun(t, got, 0)
		golden(t, filepath.Join("json", "drafts-export.golden"), stableJSON(t, got.stdout, srv.URL, tmp))
	})
	t.Run("missing", func(t *testing.T) {
		wantRun(t, r.run("", "drafts", "show", "20200101-000000-abcd"), exitFailure, "no draft")
		wantRun(t, r.run("", "drafts", "show", "../etc"), exitFailure, "not a draft id")
	})
}

func TestDraftsList(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	wantRun(t, r.run("", "drafts"), 0)
	if got := r.run("", "drafts", "list", "--json"); got.stdout != "[]\n" {
		t.Errorf("no drafts in JSON = %q, want []", got.stdout)
	}
	_, ds := saveDrafts(t, r)
	got := r.run("", "drafts", "--json")
	wantRun(t, got, 0)
	golden(t, filepath.Join("json", "drafts-list.golden"), stableJSON(t, got.stdout, "", ""))
	if !strings.Contains(got.stdout, ds[2].ID) {
		t.Errorf("list = %s", got.stdout)
	}
}

func TestDraftsDelete(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	s, ds := saveDrafts(t, r)
	// Another window holds the thread.
	window := &draft.Store{Dir: s.Dir}
	if err := window.Lock(ds[0].ID); err != nil {
		t.Fatal(err)
	}
	defer window.ReleaseAll()

	wantRun(t, r.run("", "drafts", "delete", ds[1].ID), exitUsage, "pass --yes")
	got := r.run("", "drafts", "delete", "--yes", "--json", ds[1].ID, ds[0].ID)
	wantRun(t, got, exitFailure, "open in another xpost window", "close it there first")
	golden(t, filepath.Join("json", "drafts-delete.golden"), stableJSON(t, got.stdout, "", ""))
	if _, err := s.Load(ds[0].ID); err != nil {
		t.Errorf("the draft open in a window is gone: %v", err)
	}
	if _, err := s.Load(ds[1].ID); err == nil {
		t.Error("the draft was not deleted")
	}
	r.configure = func(a *app) { a.isTerminal = func(any) bool { return true } }
	wantRun(t, r.run("n\n", "drafts", "delete", ds[2].ID), exitFailure, "Nothing deleted")
	wantRun(t, r.run("y\n", "drafts", "delete", ds[2].ID), 0)
	wantRun(t, r.run("", "drafts", "delete", "--yes", ds[2].ID), exitFailure, "no draft")
}
