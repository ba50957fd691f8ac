package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/xpostdev/xpost/ui"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/rules"
)

// services adapts the X API client to what the composer needs
// (ui.Services). The composer never sees xapi: errors reach it wrapped so
// that it can ask them for a user message, a retry time, or whether the
// answer is to log in.
type services struct {
	app *app
	cfg *config
	// browse shows the login page: the platform's browser, or in the demo
	// a request to the fake X, which approves at once.
	browse func(url string) error
	// open shows a post's link in the browser; nil where there is none
	// to use (the demo, whose browse only talks to the fake).
	open func(url string) error

	mu sync.Mutex
	// account is the saved account the composer uses (switched with
	// SwitchAccount); "" before the first login of a config directory.
	account string
	client  *xapi.Client
	// attempted remembers the drafts this session has tried to publish: a
	// second attempt may follow a post whose outcome is unknown, so it
	// checks the recent posts before posting again.
	attempted map[string]bool
	// flow is the login waiting for the browser, for SubmitLoginURL; nil
	// when none is.
	flow *xapi.LoginFlow
}

// newServices returns the adapter for the configured account.
func newServices(a *app, cfg *config, browse func(string) error) *services {
	name, _ := a.activeAccount(cfg) // a bad name fails the first call, through client
	return &services{app: a, cfg: cfg, browse: browse, open: a.openBrowser, attempted: map[string]bool{}, account: name}
}

var _ ui.Opener = (*services)(nil)

// OpenURL implements ui.Opener with the platform's browser.
func (s *services) OpenURL(url string) error {
	if s.open == nil {
		return &uiError{err: errors.New("the demo opens no browser")}
	}
	return wrapErr(s.open(url))
}

var _ ui.Services = (*services)(nil)

var _ ui.Spender = (*services)(nil)

// SpentToday implements ui.Spender with the ledger the publish path
// records into.
func (s *services) SpentToday() (string, error) {
	l := s.app.ledger(s.cfg)
	if !l.Billed {
		return "", nil
	}
	u, err := l.Usage()
	if err != nil || u.TodayCost == 0 {
		return "", wrapErr(err)
	}
	return u.TodayCost.String(), nil
}

// uiError carries an xapi error to the composer. It answers the questions
// the composer asks of errors: UserMessage (what to tell the user),
// errors.Is(err, ui.ErrNotLoggedIn), and through Unwrap, RetryAt.
type uiError struct{ err error }

func (e *uiError) Error() string { return e.err.Error() }

// UserMessage is the sentence the composer shows.
func (e *uiError) UserMessage() string { return userMessage(e.err) }

// Unwrap returns the xapi error.
func (e *uiError) Unwrap() error { return e.err }

// Is makes a lost or missing login match ui.ErrNotLoggedIn.
func (e *uiError) Is(target error) bool {
	return target == ui.ErrNotLoggedIn && errors.Is(e.err, xapi.ErrLoginRequired)
}

func wrapErr(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*uiError](err); ok {
		return err
	}
	return &uiError{err: err}
}

// getClient returns the client, built on first use and after a login.
func (s *services) getClient() (*xapi.Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client != nil {
		return s.client, nil
	}
	if _, err := s.app.activeAccount(s.cfg); err != nil {
		return nil, err
	}
	c, err := s.app.clientOf(s.cfg, s.account)
	if err != nil {
		return nil, err
	}
	s.client = c
	return c, nil
}

// clientFor is the client of account name: the composer's own for the
// account in use (or ""), else one made for it.
func (s *services) clientFor(name string) (*xapi.Client, error) {
	if name == "" || name == s.current() {
		return s.getClient()
	}
	return s.app.clientOf(s.cfg, name)
}

// current is the account the composer uses.
func (s *services) current() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.account
}

func account(u *xapi.User, login string) ui.Account {
	return ui.Account{ID: u.ID, Username: u.Username, Name: u.Name, Limit: u.MaxPostLength(), Login: login}
}

// Account implements ui.Services.
func (s *services) Account(ctx context.Context) (ui.Account, error) {
	c, err := s.getClient()
	if err != nil {
		return ui.Account{}, wrapErr(err)
	}
	me, err := c.CurrentUser(ctx)
	if err != nil {
		return ui.Account{}, wrapErr(err)
	}
	a := account(me, s.current())
	// The status line names the account when there is another to mix it
	// up with: a look at the local logins, no request.
	if logins, err := s.app.accountsOf(s.cfg).List(); err == nil && len(logins) > 1 {
		a.Several = true
	}
	return a, nil
}

var _ ui.PostReader = (*services)(nil)

// ReadPost implements ui.PostReader with the read of the post replied to
// that the check before sending uses too (one paid read per id, kept by
// the client), and the same read of a post quoted, except where the plan
// refuses quotes: the check stops those anyway, so nothing is spent.
func (s *services) ReadPost(ctx context.Context, id, kind string) (ui.RefPost, error) {
	if kind == "quoted" && rules.RefusesQuotes(s.cfg.Plan) {
		return ui.RefPost{}, ui.ErrNotRead
	}
	c, err := s.getClient()
	if err != nil {
		return ui.RefPost{}, wrapErr(err)
	}
	t, err := c.ReplyTarget(ctx, id)
	if err != nil {
		return ui.RefPost{}, wrapErr(err)
	}
	return ui.RefPost{Kind: kind, ID: t.ID, Author: t.Author, Text: t.Text}, nil
}

var _ ui.Switcher = (*services)(nil)

// Accounts implements ui.Switcher with every saved login: those at the
// configured API base first, then those at another base, each of which
// says why the composer cannot switch to it and what to run instead (its
// drafts, ledger and recent posts are the base's it started with).
func (s *services) Accounts() ([]ui.AccountChoice, error) {
	logins, err := s.app.accountsOf(s.cfg).List()
	if err != nil {
		return nil, wrapErr(err)
	}
	base := xapi.NewStore(s.cfg.tokenDir(), s.cfg.APIBase).APIBase()
	var here, elsewhere []ui.AccountChoice
	for _, l := range logins {
		c := ui.AccountChoice{Name: l.Account, Username: l.Username, Default: l.Default}
		if l.APIBase == base {
			here = append(here, c)
			continue
		}
		c.APIBase = l.APIBase
		c.Unavailable = fmt.Sprintf("%s is logged in at %s, and this composer works with %s: it cannot switch API base while open. Quit, then run xpost --api-base %s --account %s",
			l.Account, l.APIBase, base, l.APIBase, l.Account)
		elsewhere = append(elsewhere, c)
	}
	return append(here, elsewhere...), nil
}

// SwitchAccount implements ui.Switcher: later calls use account name's
// login, read from its saved account without a request.
func (s *services) SwitchAccount(ctx context.Context, name string) (ui.Account, error) {
	n, err := xapi.NormalizeAccountName(name)
	if err != nil {
		return ui.Account{}, wrapErr(err)
	}
	s.mu.Lock()
	s.account, s.client = n, nil
	s.mu.Unlock()
	s.app.logger().Info("account switched", "account", n)
	return s.Account(ctx)
}

// LoginReady implements ui.Services: the login needs the client id of
// the user's X app, which only the user can create.
func (s *services) LoginReady() error {
	if s.cfg.ClientID != "" {
		return nil
	}
	return &uiError{err: fmt.Errorf("xpost has no X client id yet. Create an app in the X developer console "+
		"(OAuth 2.0, type Native App, callback http://127.0.0.1:%d/callback), then quit and run "+
		"`xpost login --client-id ID` once, or set XPOST_CLIENT_ID, or put \"client_id\" in %s. "+
		"The README's \"Logging in to X\" has the steps", s.cfg.RedirectPort, s.cfg.Dirs.ConfigFile())}
}

// Login implements ui.Services: the browser login of `xpost login`, on the
// configured callback port.
func (s *services) Login(ctx context.Context, open func(url string)) (ui.Account, error) {
	if err := s.LoginReady(); err != nil {
		return ui.Account{}, err
	}
	auth, err := s.app.loginAuth(s.cfg)
	if err != nil {
		return ui.Account{}, wrapErr(err)
	}
	log := s.app.logger()
	opts := s.app.apiOptions(s.cfg)
	show := func(flow *xapi.LoginFlow) {
		s.mu.Lock()
		s.flow = flow
		s.mu.Unlock()
		open(flow.AuthURL())
		if err := s.browse(flow.AuthURL()); err != nil {
			log.Warn("cannot open a browser", "err", err.Error())
		}
	}
	name, tok, err := s.app.loginAccount(ctx, s.cfg, s.current(), func(store *xapi.Store) (*xapi.Token, error) {
		return auth.Login(ctx, store, xapi.LoginOptions{Port: s.cfg.RedirectPort, Timeout: s.app.loginTimeout}, opts, show)
	})
	s.mu.Lock()
	s.flow = nil
	s.mu.Unlock()
	if err != nil {
		log.Error("login failed", "err", err.Error())
		return ui.Account{}, wrapErr(err)
	}
	log.Info("logged in", "user", tok.Username, "account", name)
	s.mu.Lock()
	s.account = name
	s.client = nil // the next call reads the new token
	s.mu.Unlock()
	return s.Account(ctx)
}

// SubmitLoginURL implements ui.LoginPaster: the address the browser ended
// on, pasted into the composer, completes the waiting login as `xpost
// login --no-browser` does with a pasted one.
func (s *services) SubmitLoginURL(pasted string) error {
	s.mu.Lock()
	flow := s.flow
	s.mu.Unlock()
	if flow == nil {
		return &uiError{err: errors.New("no login is waiting for an address: start one first")}
	}
	if err := flow.Submit(pasted); err != nil {
		return wrapErr(err)
	}
	return nil
}

// recentPageSize is how many posts one page of the recent list holds.
const recentPageSize = 20

// Recent implements ui.Services.
func (s *services) Recent(ctx context.Context, next string) (ui.Page, error) {
	c, err := s.getClient()
	if err != nil {
		return ui.Page{}, wrapErr(err)
	}
	posts, resp, err := c.RecentPosts(ctx, &xapi.ListOptions{MaxResults: recentPageSize, PaginationToken: next})
	if err != nil {
		return ui.Page{}, wrapErr(err)
	}
	page := ui.Page{Next: resp.NextToken, Rate: rateOf(ui.RateReads, resp)}
	if next == "" {
		cached := make([]cachedPost, len(posts))
		for i, p := range posts {
			cached[i] = cachedOf(p)
		}
		s.app.rememberPosts(cached)
	}
	for _, p := range posts {
		up := ui.Post{ID: p.ID, Text: p.OwnText(), CreatedAt: p.CreatedAt, ReplyTo: p.InReplyTo(), QuoteOf: p.Quoted()}
		if m := p.Metrics; m != nil {
			up.Likes, up.Reposts, up.Replies, up.Quotes, up.Impressions = m.Likes, m.Reposts, m.Replies, m.Quotes, m.Impressions
		}
		up.Media, up.Poll = attachmentsOf(p)
		up.ReplySettings = replySettingsOf(p.ReplySettings)
		up.Private = privateOf(p)
		up.Refers = refersOf(p)
		if ec := p.EditControls; ec != nil {
			up.EditEligible, up.EditableUntil, up.EditsLeft = ec.EditEligible, ec.EditableUntil, ec.EditsRemaining
		}
		page.Posts = append(page.Posts, up)
	}
	return page, nil
}

// privateOf is the author-only counts of p, nil when X gave none. The
// non-public counts are preferred; the organic ones (without promotion)
// stand in when only they came.
func privateOf(p xapi.Post) *ui.PrivateMetrics {
	if m := p.NonPublicMetrics; m != nil {
		return &ui.PrivateMetrics{Impressions: m.Impressions, ProfileClicks: m.ProfileClicks, LinkClicks: m.URLLinkClicks}
	}
	if m := p.OrganicMetrics; m != nil {
		return &ui.PrivateMetrics{Impressions: m.Impressions, ProfileClicks: m.ProfileClicks, LinkClicks: m.URLLinkClicks}
	}
	return nil
}

// refersOf is the post p replies to or quotes, when X expanded it.
func refersOf(p xapi.Post) *ui.RefPost {
	for _, r := range p.ReferencedPosts {
		if r.Type != "replied_to" && r.Type != "quoted" {
			continue
		}
		rp := &ui.RefPost{Kind: r.Type, ID: r.ID}
		if r.Post != nil {
			rp.Text = r.Post.OwnText()
		}
		if r.Author != nil {
			rp.Author = r.Author.Username
		}
		return rp
	}
	return nil
}

// attachmentsOf is what the recent list shows of a post's media and poll.
func attachmentsOf(p xapi.Post) ([]ui.PostMedia, *ui.PostPoll) {
	var media []ui.PostMedia
	for _, m := range p.Media {
		media = append(media, ui.PostMedia{Kind: m.Type, Alt: m.AltText})
	}
	if p.Poll == nil {
		return media, nil
	}
	poll := &ui.PostPoll{Ends: p.Poll.Ends, Closed: p.Poll.Closed, Duration: time.Duration(p.Poll.DurationMinutes) * time.Minute}
	for _, o := range p.Poll.Options {
		poll.Options = append(poll.Options, ui.PollOption{Label: o.Label, Votes: o.Votes})
	}
	return media, poll
}

// replySettingsOf maps who may reply, as X reads it back, onto the
// setting a draft sends: X's "other" (subscribers or verified accounts)
// and a missing field are unknown.
func replySettingsOf(v string) string {
	switch v {
	case "everyone":
		return draft.ReplyEveryone
	case draft.ReplyFollowing, draft.ReplyMentionedUsers, draft.ReplySubscribers, draft.ReplyVerified:
		return v
	}
	return ui.ReplyUnknown
}

// Delete implements ui.Services.
func (s *services) Delete(ctx context.Context, id string) error {
	c, err := s.getClient()
	if err != nil {
		return wrapErr(err)
	}
	if _, err := c.DeletePost(ctx, id); err != nil {
		return wrapErr(err)
	}
	s.app.logger().Info("deleted post", "id", id)
	s.app.rememberPosts(nil, id)
	return nil
}

// InspectMedia implements ui.Services with xapi's detection by content.
func (s *services) InspectMedia(path string) (draft.Media, error) {
	m, err := inspectMedia(path, "")
	return m, wrapErr(mediaWords(path, err))
}

// mediaWords says what went wrong with a file in words for the composer's
// picker, naming the file rather than its whole path: one it may not
// read, one that is gone. Other errors already say what to do.
func mediaWords(path string, err error) error {
	name := filepath.Base(path)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrPermission):
		return &wordsError{msg: "cannot read " + name + ": you have no permission to read it (check its permissions, or copy it somewhere you can read)", err: err}
	case errors.Is(err, fs.ErrNotExist):
		// The path may have been typed (a wrong name) or listed and gone
		// since: the words fit both.
		return &wordsError{msg: name + " is not there: check the name (it may have been moved or deleted)", err: err}
	}
	return err
}

// wordsError is an error said in words for people, keeping the error it
// explains for errors.Is and the log.
type wordsError struct {
	msg string
	err error
}

func (e *wordsError) Error() string { return e.msg }
func (e *wordsError) Unwrap() error { return e.err }

// Publish implements ui.Services: the draft is validated with the
// account's limit, then published by xapi's one publish path, which
// records every upload and post in j before the next request. The
// composer's journal has exactly the method set of xapi.Journal, so it is
// passed through as it is.
func (s *services) Publish(ctx context.Context, d draft.Draft, j ui.Journal, events func(ui.PublishEvent)) error {
	// A draft is published as the account it was written for, never as
	// another that happens to be in use.
	c, err := s.clientFor(d.Account)
	if err != nil {
		return wrapErr(err)
	}
	me, err := c.CurrentUser(ctx)
	if err != nil {
		return wrapErr(err)
	}
	if ps := d.Validate(draft.LimitConfig(me.MaxPostLength())); len(ps) > 0 {
		lines := make([]string, len(ps))
		for i, p := range ps {
			lines[i] = p.String()
		}
		return &uiError{err: errors.New(strings.Join(lines, "; "))}
	}
	s.mu.Lock()
	resume := s.attempted[d.ID]
	s.attempted[d.ID] = true
	s.mu.Unlock()
	log := s.app.logger()
	log.Info("publish", "draft", d.ID, "parts", len(d.Posts), "resume", resume)
	t := threadFromDraft(&d)
	ids, err := c.PublishThread(ctx, t, j, xapi.PublishOptions{
		Resume:      resume,
		Limit:       me.MaxPostLength(),
		Pricing:     s.cfg.pricing(me),
		Pace:        s.cfg.ThreadPacing,
		OnEvent:     func(e xapi.Event) { forwardEvent(e, events) },
		UploadFirst: s.cfg.UploadFirst,
	})
	s.app.rememberPublished(t, ids)
	if err != nil {
		log.Error("publish failed", "draft", d.ID, "err", err.Error())
		return wrapErr(err)
	}
	log.Info("published", "draft", d.ID, "first", ids[0])
	return nil
}

var _ ui.Planner = (*services)(nil)

// PlanPublish implements ui.Planner with the plan xapi publishes from,
// checked against the account's API plan: the composer's confirmation
// shows what the dry run prints.
func (s *services) PlanPublish(d draft.Draft, j ui.Journal, limit int) (ui.PublishPlan, error) {
	p, err := xapi.PlanThread(threadFromDraft(&d), j, limit)
	if err != nil {
		return ui.PublishPlan{}, wrapErr(err)
	}
	name := cmp.Or(d.Account, s.current())
	me := s.app.savedAccountOf(s.cfg, name)
	pricing := s.cfg.pricing(me)
	if d.ReplyTo != "" && d.Edit == nil && rules.SelfServe(s.cfg.Plan) {
		// The rule on replies needs the post replied to: read once (the
		// reply header usually has already), kept by the client.
		if c, err := s.clientFor(name); err == nil {
			if t, err := c.ReplyTarget(s.app.ctx(), d.ReplyTo); err == nil {
				pricing.Parent = t.Parent()
			}
		}
	}
	check := p.Check(*pricing)
	out := ui.PublishPlan{Requests: planLines(p), Costs: check.CostLines()}
	if name != "" {
		out.As = "account " + name
		if me != nil {
			out.As = "@" + me.Username + " (account " + name + ")"
		}
	}
	for _, pr := range check.Refused {
		out.Refused = append(out.Refused, pr.String())
	}
	for _, pr := range check.Flagged {
		out.Flagged = append(out.Flagged, pr.String())
	}
	return out, nil
}

// forwardEvent translates xapi's progress into the composer's.
func forwardEvent(e xapi.Event, events func(ui.PublishEvent)) {
	if events == nil {
		return
	}
	switch e.Kind {
	case xapi.EventUploadProgress:
		events(ui.PublishEvent{Kind: ui.EventUploadProgress, Index: e.Post, Path: e.Path, Sent: e.Sent, Total: e.Total})
	case xapi.EventUploaded:
		events(ui.PublishEvent{Kind: ui.EventUploaded, Index: e.Post, Path: e.Path, ID: e.ID})
	case xapi.EventPosted:
		events(ui.PublishEvent{Kind: ui.EventPosted, Index: e.Post, ID: e.ID, Rate: rateOf(ui.RatePosts, e.Response)})
	case xapi.EventRetrying:
		events(ui.PublishEvent{Kind: ui.EventRetrying, Index: e.Post, Path: e.Path, Err: wrapErr(e.Err)})
	case xapi.EventChecking:
		events(ui.PublishEvent{Kind: ui.EventRetrying, Index: e.Post,
			Err: &uiError{err: fmt.Errorf("the connection dropped while sending post %d: checking whether it went through", e.Post+1)}})
	case xapi.EventPacing:
		events(ui.PublishEvent{Kind: ui.EventPacing, Index: e.Post, Until: e.Until})
	case xapi.EventRateLimited:
		events(ui.PublishEvent{Kind: ui.EventWaiting, Index: e.Post, Until: e.Until, Err: wrapErr(e.Err)})
	}
}

// rateOf is the limit X reported in resp, named of: the endpoint's window
// (x-rate-limit-*) or, when X adds one and it is tighter, the 24-hour cap
// on the user (x-user-limit-24hour-*) or on the app, whichever leaves
// fewer calls. It is the zero Rate when X said nothing.
func rateOf(of string, resp *xapi.Response) ui.Rate {
	if resp == nil {
		return ui.Rate{}
	}
	var best xapi.Rate
	for _, r := range []xapi.Rate{resp.Rate, resp.UserDaily, resp.AppDaily} {
		if r.Limit > 0 && (best.Limit == 0 || r.Remaining < best.Remaining) {
			best = r
		}
	}
	if best.Limit == 0 {
		return ui.Rate{}
	}
	return ui.Rate{Of: of, Remaining: best.Remaining, Limit: best.Limit, Reset: best.Reset}
}
