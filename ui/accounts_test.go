package ui

import (
	"context"
	"sync"
	"testing"

	"github.com/xpostdev/xpost/ui/draft"
)

// switchingServices is fakeServices with two saved accounts, "ada" (the
// default) and "work", and a Switcher.
type switchingServices struct {
	*fakeServices
	smu      sync.Mutex
	current  string
	switches []string
	// publishedAs is the account of every draft Publish was given.
	publishedAs []string
	// elsewhere are logins at another API base, listed after the two.
	elsewhere []AccountChoice
}

func newSwitchingServices() *switchingServices {
	f := newFakeServices()
	f.account.Login = "ada"
	return &switchingServices{fakeServices: f, current: "ada"}
}

var accountsOfTest = map[string]Account{
	"ada":  {ID: "42", Username: "ada", Name: "Ada Lovelace", Limit: 280, Login: "ada"},
	"work": {ID: "7", Username: "acme_corp", Name: "Acme", Limit: 25000, Login: "work"},
}

func (s *switchingServices) Account(ctx context.Context) (Account, error) {
	s.smu.Lock()
	defer s.smu.Unlock()
	return accountsOfTest[s.current], nil
}

func (s *switchingServices) Accounts() ([]AccountChoice, error) {
	return append([]AccountChoice{{Name: "ada", Username: "ada", Default: true}, {Name: "work", Username: "acme_corp"}}, s.elsewhere...), nil
}

func (s *switchingServices) SwitchAccount(ctx context.Context, name string) (Account, error) {
	s.smu.Lock()
	s.current = name
	s.switches = append(s.switches, name)
	s.smu.Unlock()
	return s.Account(ctx)
}

func (s *switchingServices) Publish(ctx context.Context, d draft.Draft, j Journal, events func(PublishEvent)) error {
	s.smu.Lock()
	s.publishedAs = append(s.publishedAs, d.Account)
	s.smu.Unlock()
	return s.fakeServices.Publish(ctx, d, j, events)
}

func (s *switchingServices) state() (string, []string, []string) {
	s.smu.Lock()
	defer s.smu.Unlock()
	return s.current, append([]string(nil), s.switches...), append([]string(nil), s.publishedAs...)
}

// TestFlowSwitchAccount: a new draft is for the account in use; alt+a
// lists the accounts, and choosing one makes the draft that account's and
// switches the composer (status line, limit); the draft is saved with it
// and published as it.
func TestFlowSwitchAccount(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dark := true
	svc := newSwitchingServices()
	tm, w := watch(t, New(svc, Options{DraftDir: dir, Dark: &dark}))
	w.wait(t, "the account", "@ada", "limit 280")
	tm.Type("hello from work")
	tm.Send(press("alt+a"))
	// The handles stand in one column.
	w.wait(t, "the accounts", "ada   @ada  (this draft's, default)", "work  @acme_corp")
	tm.Send(press("down"))
	tm.Send(press("enter"))
	w.wait(t, "the switch", "@acme_corp", "limit 25000")
	tm.Send(press("ctrl+p"))
	w.wait(t, "the confirmation", "Publish this post?")
	tm.Send(press("enter"))
	w.wait(t, "the publish", "Published 1 post")
	tm.Send(press("ctrl+c"))
	finalModel(t, tm)

	current, switches, as := svc.state()
	if current != "work" || len(switches) != 1 || switches[0] != "work" {
		t.Errorf("switches = %v (now %s), want one to work", switches, current)
	}
	if len(as) != 1 || as[0] != "work" {
		t.Errorf("published as %v, want [work]", as)
	}
}

// TestOpeningADraftOfAnotherAccountSwitches: a draft written for "work",
// opened while "ada" is in use, switches the composer to "work", once.
func TestOpeningADraftOfAnotherAccountSwitches(t *testing.T) {
	t.Parallel()
	svc := newSwitchingServices()
	d := draft.New()
	d.Posts[0].Text = "for work"
	d.Account = "work"
	dark := true
	tm, w := watch(t, New(svc, Options{Draft: d, Dark: &dark}))
	w.wait(t, "the draft's account", "@acme_corp", "limit 25000")
	tm.Type("!")
	w.wait(t, "typing", "!for work")
	tm.Send(press("ctrl+c"))
	m := finalModel(t, tm)
	if got := m.compose.d.Account; got != "work" {
		t.Errorf("the draft's account became %q", got)
	}
	if _, switches, _ := svc.state(); len(switches) != 1 || switches[0] != "work" {
		t.Errorf("switches = %v, want one to work", switches)
	}
}

// readingServices is fakeServices that reads posts by id, counting the
// reads.
type readingServices struct {
	*fakeServices
	rmu   sync.Mutex
	reads []string
	// refuseQuotes declines quotes, as the services do on plans where X
	// refuses them.
	refuseQuotes bool
}

func (s *readingServices) ReadPost(ctx context.Context, id, kind string) (RefPost, error) {
	s.rmu.Lock()
	defer s.rmu.Unlock()
	if kind == "quoted" && s.refuseQuotes {
		return RefPost{}, ErrNotRead
	}
	s.reads = append(s.reads, kind+" "+id)
	return RefPost{Kind: kind, ID: id, Author: "alice", Text: "fish & chips\nand more"}, nil
}

// TestReplyHeaderReadsTheParent: a draft replying to a post typed by id
// shows the post's author and first line in the reply header and on the
// confirmation, read once.
func TestReplyHeaderReadsTheParent(t *testing.T) {
	t.Parallel()
	svc := &readingServices{fakeServices: newFakeServices()}
	d := draft.New()
	d.Posts[0].Text = "count me in"
	d.ReplyTo = "1234567890"
	dark := true
	tm, w := watch(t, New(svc, Options{Draft: d, Dark: &dark}))
	w.wait(t, "the reply header", "replying to @alice: “fish & chips”")
	tm.Send(press("ctrl+p"))
	w.wait(t, "the confirmation", "Publish this post?", "replying to @alice: “fish & chips”")
	tm.Send(press("esc"))
	tm.Send(press("ctrl+c"))
	finalModel(t, tm)
	svc.rmu.Lock()
	defer svc.rmu.Unlock()
	if len(svc.reads) != 1 || svc.reads[0] != "replied_to 1234567890" {
		t.Errorf("reads = %v, want one of 1234567890", svc.reads)
	}
}

// TestDraftsListNamesTheAccount: the drafts list says which drafts are
// for another account, and opening one switches the composer to it.
func TestDraftsListNamesTheAccount(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	store := &draft.Store{Dir: dir}
	d := draft.New()
	d.Posts[0].Text = "quarterly numbers"
	d.Account = "work"
	if err := store.Save(d); err != nil {
		t.Fatal(err)
	}
	svc := newSwitchingServices()
	dark := true
	// A new draft, not the one left last (which would switch at once).
	tm, w := watch(t, New(svc, Options{DraftDir: dir, Draft: draft.New(), Dark: &dark}))
	w.wait(t, "the account", "@ada")
	tm.Send(press("alt+d"))
	w.wait(t, "the drafts list", "quarterly numbers", "for work · 1 post")
	tm.Send(press("enter"))
	w.wait(t, "the draft, as work", "quarterly numbers", "@acme_corp")
	tm.Send(press("ctrl+c"))
	finalModel(t, tm)
}

// TestQuoteLineReadsTheQuoted: a draft quoting a post typed by id shows
// the post's author and first line on the quote line and the
// confirmation, read once; where the reader declines (the plan refuses
// quotes) the id stays and nothing is asked again.
func TestQuoteLineReadsTheQuoted(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		refuse bool
		want   string
		reads  int
	}{
		{"read", false, "quoting @alice: “fish & chips”", 1},
		{"declined", true, "quoting 1234567890", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svc := &readingServices{fakeServices: newFakeServices(), refuseQuotes: tc.refuse}
			d := draft.New()
			d.Posts[0].Text = "look at this"
			d.Quote = "1234567890"
			dark := true
			tm, w := watch(t, New(svc, Options{Draft: d, Dark: &dark}))
			w.wait(t, "the quote line", tc.want)
			tm.Send(press("ctrl+p"))
			w.wait(t, "the confirmation", "Publish this post?", tc.want)
			tm.Send(press("esc"))
			tm.Send(press("ctrl+c"))
			finalModel(t, tm)
			svc.rmu.Lock()
			defer svc.rmu.Unlock()
			if len(svc.reads) != tc.reads || (tc.reads == 1 && svc.reads[0] != "quoted 1234567890") {
				t.Errorf("reads = %v, want %d of the quote", svc.reads, tc.reads)
			}
		})
	}
}

// TestAccountsAtAnotherBase: the accounts list shows logins at another
// API base too, with their base; choosing one the services cannot switch
// to says why and what to run, and keeps the list, the draft and the
// account as they were.
func TestAccountsAtAnotherBase(t *testing.T) {
	t.Parallel()
	svc := newSwitchingServices()
	why := "lab is logged in at http://127.0.0.1:8080, and this composer works with https://api.x.com: quit, then run xpost --api-base http://127.0.0.1:8080 --account lab"
	svc.elsewhere = []AccountChoice{
		{Name: "lab", Username: "tester", APIBase: "http://127.0.0.1:8080", Unavailable: why},
		// The same name as the account in use, at another base.
		{Name: "ada", Username: "ada", APIBase: "http://127.0.0.1:8080", Unavailable: "ada at the other base"},
	}
	dark := true
	tm, w := watch(t, New(svc, Options{DraftDir: t.TempDir(), Dark: &dark}))
	w.wait(t, "the account", "@ada", "limit 280")
	tm.Type("for the lab")
	tm.Send(press("alt+a"))
	w.wait(t, "the accounts", "ada   @ada  (this draft's, default)", "work  @acme_corp",
		"lab   @tester  (at http://127.0.0.1:8080)", "ada   @ada  (at http://127.0.0.1:8080)")
	tm.Send(press("down"))
	tm.Send(press("down"))
	tm.Send(press("enter"))
	w.wait(t, "why not", "lab is logged in at", "quit, then run", "lab   @tester")
	tm.Send(press("esc"))
	w.wait(t, "the composer", "for the lab", "@ada", "limit 280")
	tm.Send(press("ctrl+c"))
	m := finalModel(t, tm)
	if got := m.compose.d.Account; got != "ada" {
		t.Errorf("the draft's account became %q", got)
	}
	if current, switches, _ := svc.state(); current != "ada" || len(switches) != 0 {
		t.Errorf("switches = %v (now %s), want none", switches, current)
	}
}
