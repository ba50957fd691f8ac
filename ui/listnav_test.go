package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/xpostdev/xpost/outbox"
	"github.com/xpostdev/xpost/ui/draft"
)

// listText is the text of item i of a list under test: every other item
// holds "odd", so the filter "odd" keeps half of them.
func listText(i int) string {
	if i%2 == 1 {
		return fmt.Sprintf("odd item %d", i)
	}
	return fmt.Sprintf("even item %d", i)
}

// listScreenCase is one list screen, loaded with n items.
type listScreenCase struct {
	name string
	n    int
	// filter is false for a list with nothing to filter (the at most
	// four attachments of a post): / does nothing there.
	filter bool
	build  func(t *testing.T) (screen, *listNav)
	// opened checks what enter on the first item did.
	opened func(t *testing.T, s screen, cmd tea.Cmd)
}

func listScreenCases() []listScreenCase {
	const n = 12
	return []listScreenCase{
		{
			name: "drafts", n: n, filter: true,
			build: func(t *testing.T) (screen, *listNav) {
				e := testEnv(t, newFakeServices())
				for i := range n {
					d := draft.New()
					d.Posts[0].Text = listText(i)
					if err := e.store.Save(d); err != nil {
						t.Fatal(err)
					}
				}
				s := newTestDrafts(t, e, "")
				return s, &s.nav
			},
			opened: func(t *testing.T, s screen, cmd tea.Cmd) {
				sel, _ := s.(*draftsScreen).selected()
				if m := expectMsg[openDraftMsg](t, cmd); m.ID != sel.ID {
					t.Errorf("enter opened %s, want %s", m.ID, sel.ID)
				}
			},
		},
		{
			name: "recent posts", n: n, filter: true,
			build: func(t *testing.T) (screen, *listNav) {
				svc := newFakeServices().addPosts(n)
				svc.pageSize = 50
				for i := range svc.posts {
					svc.posts[i].Text = listText(i)
				}
				s, _ := newTestRecent(t, svc)
				return s, &s.list
			},
			opened: func(t *testing.T, s screen, cmd tea.Cmd) {
				if r := s.(*recentScreen); r.mode != recentView {
					t.Errorf("enter did not open the post (mode %d)", r.mode)
				}
			},
		},
		{
			name: "post picker", n: n, filter: true,
			build: func(t *testing.T) (screen, *listNav) {
				svc := newFakeServices().addPosts(n)
				svc.pageSize = 50
				for i := range svc.posts {
					svc.posts[i].Text = listText(i)
				}
				d := draft.New()
				d.ReplyTo = "1"
				s := newSettingsScreen(testEnv(t, svc), d)
				send(s, expectMsg[recentPageMsg](t, send(s, press("ctrl+l"))))
				return s, &s.picker.list
			},
			opened: func(t *testing.T, s screen, cmd tea.Cmd) {
				if st := s.(*settingsScreen); st.picker != nil || st.id.Value() != st.picked.ID || st.picked.ID == "" {
					t.Errorf("enter did not pick the post: id %q", st.id.Value())
				}
			},
		},
		{
			name: "queue", n: n, filter: true,
			build: func(t *testing.T) (screen, *listNav) {
				e := testEnv(t, newFakeServices())
				q := &outbox.Queue{Store: &draft.Store{Dir: e.store.Dir}}
				for i := range n {
					d := draft.New()
					d.Posts[0].Text = listText(i)
					if err := q.Add(d, draft.Schedule{At: fakeNow().Add(time.Duration(i+1) * time.Hour)}); err != nil {
						t.Fatal(err)
					}
				}
				sc, cmd := newQueueScreenFor(e, openRequest{Draft: draft.New()})
				s := sc.(*queueScreen)
				send(s, expectMsg[queueListMsg](t, cmd))
				return s, &s.nav
			},
			opened: func(t *testing.T, s screen, cmd tea.Cmd) {
				sel, _ := s.(*queueScreen).selected()
				if m := expectMsg[openDraftMsg](t, cmd); m.ID != sel.ID {
					t.Errorf("enter opened %s, want %s", m.ID, sel.ID)
				}
			},
		},
		{
			name: "accounts", n: n, filter: true,
			build: func(t *testing.T) (screen, *listNav) {
				var names []AccountChoice
				for i := range n {
					names = append(names, AccountChoice{Name: strings.ReplaceAll(listText(i), " ", "-"), Username: fmt.Sprintf("user%d", i)})
				}
				sc, cmd := newAccountsScreenFor(testEnv(t, manyAccounts{newFakeServices(), names}), openRequest{})
				s := sc.(*accountsScreen)
				send(s, cmd())
				return s, &s.nav
			},
			opened: func(t *testing.T, s screen, cmd tea.Cmd) {
				a := s.(*accountsScreen)
				if m := expectMsg[accountChosenMsg](t, cmd); m.Name != a.list[a.nav.cursor].Name {
					t.Errorf("enter chose %s, want %s", m.Name, a.list[a.nav.cursor].Name)
				}
			},
		},
		{
			name: "attachments", n: 4, filter: false,
			build: func(t *testing.T) (screen, *listNav) {
				d := draft.New()
				for i := range 4 {
					d.Posts[0].Media = append(d.Posts[0].Media, draft.Media{Path: fmt.Sprintf("/tmp/%s.png", listText(i)), Kind: draft.KindImage})
				}
				s := newTestMedia(t, mediaFake(), d)
				return s, &s.nav
			},
			opened: func(t *testing.T, s screen, cmd tea.Cmd) {
				if m := s.(*mediaScreen); m.stage != mediaAlt || m.editing != 0 {
					t.Errorf("enter did not edit the description (stage %d, editing %d)", m.stage, m.editing)
				}
			},
		},
	}
}

// TestListKeys: every list answers the same keys the same way.
func TestListKeys(t *testing.T) {
	t.Parallel()
	for _, c := range listScreenCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) { checkListKeys(t, c) })
		})
	}
}

func checkListKeys(t *testing.T, c listScreenCase) {
	s, nav := c.build(t)
	frame(s, screenW, screenH) // a drawing sets the page
	if nav.n != c.n {
		t.Fatalf("%d items shown, want %d", nav.n, c.n)
	}
	page := nav.page
	if c.n > 4 && page < 2 {
		t.Errorf("a page of %d items at %dx%d", page, screenW, screenH)
	}
	last := c.n - 1
	for _, step := range []struct {
		key  string
		want int
	}{
		{"j", 1}, {"down", 2}, {"k", 1}, {"up", 0}, {"up", 0},
		{"G", last}, {"down", last}, {"g", 0},
		{"end", last}, {"home", 0},
		{"pgdown", min(page, last)}, {"pgup", 0},
	} {
		send(s, press(step.key))
		frame(s, screenW, screenH)
		if nav.cursor != step.want {
			t.Errorf("after %s the cursor is at %d, want %d", step.key, nav.cursor, step.want)
		}
	}
	typer, _ := s.(typer)
	if !c.filter {
		send(s, press("/"))
		if nav.filtering || (typer != nil && typer.Typing()) {
			t.Errorf("/ opens a filter on a list with nothing to filter")
		}
	} else {
		send(s, press("/"))
		if !nav.filtering || typer == nil || !typer.Typing() {
			t.Fatalf("/ does not start the filter (Typing must be true so ? types)")
		}
		typeInto(s, "odd")
		if nav.n != c.n/2 {
			t.Errorf("filter odd shows %d, want %d", nav.n, c.n/2)
		}
		f := frame(s, screenW, screenH)
		if !strings.Contains(f, "/odd") {
			t.Errorf("the filter is not shown:\n%s", f)
		}
		// The terminal's cursor stands at the end of the filter.
		cur, isCursorer := s.(cursorer)
		if !isCursorer {
			t.Fatal("a list with a filter does not place the cursor")
		}
		x, y, ok := cur.Cursor()
		if lines := strings.Split(f, "\n"); !ok || y >= len(lines) || truncate(lines[y], x, "", ansi.WcWidth) != "/odd" {
			t.Errorf("cursor at %d,%d (%v) while the filter is typed:\n%s", x, y, ok, f)
		}
		if cmd := send(s, press("esc")); cmd != nil || nav.filter != "" || nav.n != c.n || typer.Typing() {
			t.Errorf("esc while typing: filter %q, %d shown, typing %v, cmd %v", nav.filter, nav.n, typer.Typing(), cmd != nil)
		}
		send(s, press("/"))
		typeInto(s, "ODD")
		send(s, press("enter"))
		if nav.filtering || nav.filter != "ODD" || nav.n != c.n/2 || typer.Typing() {
			t.Errorf("enter keeps the filter: filter %q, %d shown, filtering %v", nav.filter, nav.n, nav.filtering)
		}
		send(s, press("G"))
		if nav.cursor != c.n/2-1 {
			t.Errorf("G in the filtered list: %d, want %d", nav.cursor, c.n/2-1)
		}
		if cmd := send(s, press("esc")); cmd != nil || nav.filter != "" || nav.n != c.n {
			t.Errorf("esc on a kept filter clears it and stays: filter %q, %d shown, cmd %v", nav.filter, nav.n, cmd != nil)
		}
	}
	send(s, press("home"))
	c.opened(t, s, send(s, press("enter")))
}

// manyAccounts is fakeServices with the saved accounts list.
type manyAccounts struct {
	*fakeServices
	list []AccountChoice
}

func (m manyAccounts) Accounts() ([]AccountChoice, error) { return m.list, nil }

func (m manyAccounts) SwitchAccount(ctx context.Context, name string) (Account, error) {
	return m.Account(ctx)
}

// The list keys and the help as a user meets them, under teatest: the
// drafts list filtered with /, its help opened with ? and closed, the
// last match selected with G, the filter cleared with esc; golden frames of the filtered
// list and of its help at 80 and 120 columns.
func TestFlowListKeysAndHelp(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			store := &draft.Store{Dir: dir}
			for i := range 6 {
				d := draft.New()
				d.Posts[0].Text = listText(i) + " 日本語 🎉"
				if err := store.Save(d); err != nil {
					t.Fatal(err)
				}
			}
			dark := true
			w := &watcher{news: make(chan struct{}, 1)}
			// A new draft of its own: the composer does not continue
			// one of the six, so none of them is marked open.
			tm := teatest.NewTestModel(t, watched{New(newFakeServices(), Options{DraftDir: dir, Dark: &dark, Draft: draft.New()}), w},
				teatest.WithInitialTermSize(size[0], size[1]))
			w.wait(t, "the account", "@ada")
			tm.Send(press("alt+d"))
			w.wait(t, "the drafts", "even item 0")
			tm.Send(press("/"))
			tm.Type("odd")
			w.wait(t, "the filter typed", "/odd")
			tm.Send(press("enter"))
			filtered := w.wait(t, "the filter kept", "/odd  esc clears")
			for _, not := range []string{"even item"} {
				if strings.Contains(filtered, not) {
					t.Errorf("the filtered list shows %q:\n%s", not, filtered)
				}
			}
			golden(t, fmt.Sprintf("flow_drafts_filtered_%dx%d", size[0], size[1]), filtered)
			tm.Send(press("?"))
			help := w.wait(t, "the help", "list", "drafts", "esc/? close help")
			golden(t, fmt.Sprintf("flow_drafts_help_%dx%d", size[0], size[1]), help)
			tm.Send(press("?"))
			w.wait(t, "the help closed", "/odd  esc clears")
			tm.Send(press("G"))
			w.wait(t, "the last one selected", "▌ odd item 1")
			tm.Send(press("esc"))
			w.wait(t, "the filter cleared", "even item 0")
			tm.Send(press("ctrl+c"))
			finalModel(t, tm)
		})
	}
}
