package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/ui/draft"
)

// publishStage is where publishing stands.
type publishStage int

const (
	publishConfirm   publishStage = iota // showing the thread, asking to go
	publishCountdown                     // the undo window: nothing sent yet
	publishRunning                       // Services.Publish is at work
	publishStopped                       // failed or cancelled; the draft stays
	publishDone                          // every post is on X
)

// Messages of a publish run; run tags them so a cancelled run's stragglers
// are dropped.
type (
	publishEventMsg struct {
		run int
		ev  PublishEvent
	}
	publishDoneMsg struct {
		run int
		err error
	}
	publishTickMsg struct{ run int }
	// undoTickMsg is one second of the undo window of countdown number
	// run.
	undoTickMsg struct{ run int }
)

// publishKeys are the publish screen's bindings.
type publishKeys struct {
	Publish, Retry, Cancel, Done, Back, Up, Down key.Binding
	// PageUp, PageDown, Top and Bottom scroll a long confirmation by
	// page and to its ends, with the keys every list answers; like Down,
	// the one-line help leaves them to "↑/↓ scroll".
	PageUp, PageDown, Top, Bottom key.Binding
	// Later queues the draft instead (the schedule screen).
	Later key.Binding
	// Copy and Open act on the first post's link once it is live.
	Copy, Open key.Binding
	// Undo takes a publish back during the undo window.
	Undo key.Binding
}

// newPublishKeys builds the bindings; plain (accessible mode) makes the
// confirmation a [y/N] question: y publishes, n or enter goes back.
func newPublishKeys(km KeyMap, plain bool) publishKeys {
	retry := km.Retry
	retry.SetKeys("r", "enter")
	retry.SetHelp("r", "publish again (resumes)")
	cancel := withDesc(km.Back, "stop")
	done := km.Select
	done.SetKeys("enter", "esc")
	done.SetHelp("enter", "new draft")
	publish := key.NewBinding(key.WithKeys("enter", "y"), key.WithHelp("enter", "publish"))
	back := km.Back
	if plain {
		publish = key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "publish"))
		back.SetKeys(append(back.Keys(), "n", "enter")...)
	}
	return publishKeys{
		Publish:  publish,
		Retry:    retry,
		Cancel:   cancel,
		Done:     done,
		Back:     back,
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "scroll")),
		Down:     key.NewBinding(key.WithKeys("down", "j")),
		PageUp:   withDesc(km.PageUp, "page up"),
		PageDown: withDesc(km.PageDown, "page down"),
		Top:      withDesc(km.First, "top"),
		Bottom:   withDesc(km.Last, "bottom"),
		Later:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "post later")),
		Copy:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy link")),
		Open:     key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open in browser")),
		Undo:     withDesc(km.Back, "cancel, send nothing"),
	}
}

// upload is one file's progress.
type upload struct {
	post        int // the post it is attached to
	path        string
	sent, total int64
	done        bool
}

// publishScreen shows the whole thread and what stops it from going out,
// then publishes it with progress for every upload and post. Publishing
// can be stopped at any time; the draft stays, and publishing again
// resumes after the last post X has, thanks to the journal on disk.
type publishScreen struct {
	env      *env
	keys     publishKeys
	d        *draft.Draft
	problems []draft.Problem
	stage    publishStage
	vp       viewport.Model

	run      int
	cancel   context.CancelFunc
	events   chan tea.Msg
	runDone  <-chan struct{} // closed when the current run is cancelled
	journal  *draft.SavingJournal
	uploads  []*upload
	bar      progress.Model
	posting  int // the post being sent, -1 before the first
	note     string
	waitTill time.Time
	// pacing says waitTill is the thread's pacing, not a rate limit.
	pacing bool
	// undoLeft is the whole seconds left in the undo window; counting
	// ticks, not reading the clock, makes the window exactly as long as
	// configured.
	undoLeft int
	err      error
	// now and loc are the clock and the zone times are shown in; tests
	// fix both.
	now func() time.Time
	loc *time.Location
	// flush writes the composer's pending edits to disk before anything
	// is sent, so a late autosave cannot overwrite the journal.
	flush func() error
	store *draft.Store
	// plan is what publishing sends and costs, as Services (a Planner)
	// worked it out; planErr is why it could not.
	plan    PublishPlan
	planErr error
	// askingAlt is true while "publish without alt text?" waits for an
	// answer, altAsked once it was asked (publish_alt.go).
	askingAlt, altAsked bool
	altKeys             altKeys
}

func newPublishScreenFor(e *env, req openRequest) (screen, tea.Cmd) {
	d := req.Draft
	if d == nil {
		d = draft.New()
	}
	// The compose screen flushes its autosaver before it opens this one,
	// and cannot change the draft while this screen is on top.
	s := newPublishScreen(e, d, draftStore(e), nil)
	return s, s.planCmd()
}

// publishPlanMsg carries what publishing would send (Planner).
type publishPlanMsg struct {
	plan PublishPlan
	err  error
}

// planCmd asks Services, when it can tell, what publishing the draft
// would send, for the confirmation to show.
func (s *publishScreen) planCmd() tea.Cmd {
	p, ok := s.env.svc.(Planner)
	if !ok || len(s.problems) > 0 {
		return nil
	}
	d := s.d.Clone()
	j := draft.NewSavingJournal(d.Clone(), func(*draft.Draft) error { return nil })
	limit := s.env.Limit()
	return func() tea.Msg {
		plan, err := p.PlanPublish(*d, j, limit)
		return publishPlanMsg{plan: plan, err: err}
	}
}

func newPublishScreen(e *env, d *draft.Draft, store *draft.Store, flush func() error) *publishScreen {
	s := &publishScreen{
		env:     e,
		keys:    newPublishKeys(e.keys, e.accessible),
		d:       d.Clone(),
		now:     time.Now,
		loc:     time.Local,
		posting: -1,
		store:   store,
		flush:   flush,
	}
	s.vp = viewport.New()
	s.vp.SoftWrap = true
	s.vp.KeyMap = viewport.KeyMap{}
	s.bar = progress.New(progress.WithWidth(30), progress.WithoutPercentage(), progress.WithFillCharacters('█', '░'))
	s.problems = append(s.d.Validate(draft.LimitConfig(e.Limit())), altProblems(e, s.d)...)
	s.altKeys = newAltKeys(e.keys)
	s.syncKeys()
	return s
}

func (s *publishScreen) syncKeys() {
	k := &s.keys
	allowed := s.stage == publishConfirm && len(s.problems) == 0 && len(s.plan.Refused) == 0 && !s.askingAlt
	k.Publish.SetEnabled(allowed)
	for _, b := range []*key.Binding{&s.altKeys.Anyway, &s.altKeys.Add, &s.altKeys.Back} {
		b.SetEnabled(s.askingAlt)
	}
	k.Later.SetEnabled(allowed && s.store != nil)
	k.Back.SetEnabled((s.stage == publishConfirm || s.stage == publishStopped) && !s.askingAlt)
	k.Retry.SetEnabled(s.stage == publishStopped)
	k.Cancel.SetEnabled(s.stage == publishRunning)
	k.Done.SetEnabled(s.stage == publishDone)
	k.Copy.SetEnabled(s.stage == publishDone)
	k.Open.SetEnabled(s.stage == publishDone)
	k.Undo.SetEnabled(s.stage == publishCountdown)
	k.Up.SetEnabled(s.stage == publishConfirm || s.stage == publishCountdown)
	k.Down.SetEnabled(s.stage == publishConfirm || s.stage == publishCountdown)
	for _, b := range []*key.Binding{&k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(k.Up.Enabled())
	}
}

// Title names the screen in the header.
func (s *publishScreen) Title() string { return "publish" }

// Keys lists the bindings that apply now.
func (s *publishScreen) Keys() []key.Binding {
	k := s.keys
	a := s.altKeys
	return []key.Binding{a.Anyway, a.Add, a.Back, k.Publish, k.Later, k.Undo, k.Retry, k.Done, k.Copy, k.Open, k.Cancel, k.Up}
}

// FullKeys is Keys for the full help, with the scroll keys the one-line
// help leaves out.
func (s *publishScreen) FullKeys() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{s.Keys(), {k.PageUp, k.PageDown, k.Top, k.Bottom}}
}

// Update handles one message.
func (s *publishScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.keys.Later) {
		// The schedule screen takes this one's place: back from it is
		// the composer.
		return newScheduleScreenFor(s.env, openRequest{Draft: s.d.Clone()})
	}
	cmd := s.update(msg)
	s.syncKeys()
	return s, cmd
}

func (s *publishScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case publishEventMsg:
		if msg.run != s.run {
			return nil
		}
		s.event(msg.ev)
		cmds := []tea.Cmd{s.wait(), rateLimit(msg.ev.Rate)}
		if msg.ev.Kind == EventWaiting || msg.ev.Kind == EventPacing {
			cmds = append(cmds, s.tick())
		}
		return tea.Batch(cmds...)
	case publishDoneMsg:
		if msg.run != s.run {
			return nil
		}
		rate := s.drain()
		return tea.Batch(s.finished(msg.err), rateLimit(rate))
	case publishTickMsg:
		if msg.run == s.run && s.stage == publishRunning && s.now().Before(s.waitTill) {
			return s.tick()
		}
		return nil
	case undoTickMsg:
		if msg.run != s.run || s.stage != publishCountdown {
			return nil
		}
		if s.undoLeft--; s.undoLeft > 0 {
			return s.undoTick()
		}
		return s.start()
	case publishPlanMsg:
		s.plan, s.planErr = msg.plan, msg.err
		return nil
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

// go_ publishes from the confirmation: after the undo window when
// there is one, else at once.
func (s *publishScreen) go_() tea.Cmd {
	if secs := int((s.env.undo + time.Second - 1) / time.Second); secs > 0 {
		s.run++
		s.stage, s.undoLeft = publishCountdown, secs
		return s.undoTick()
	}
	return s.start()
}

func (s *publishScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	if s.askingAlt {
		return s.altKey(msg)
	}
	k := s.keys
	switch {
	case key.Matches(msg, k.Undo):
		// Nothing was sent: the confirmation comes back, and the run
		// number moves on so the pending tick is dropped.
		s.run++
		s.stage, s.undoLeft = publishConfirm, 0
		return status("Not sent: the draft stays as it was.", levelInfo)
	case key.Matches(msg, k.Publish):
		if s.askAlt() {
			return nil
		}
		return s.go_()
	case key.Matches(msg, k.Retry):
		return s.start()
	case key.Matches(msg, k.Cancel):
		s.stop()
		s.stage = publishStopped
		s.err = context.Canceled
		return nil
	case key.Matches(msg, k.Done):
		return emit(draftPublishedMsg{ID: s.d.ID})
	case key.Matches(msg, k.Copy), key.Matches(msg, k.Open):
		first, ok := s.d.Posted(0)
		if !ok {
			return nil
		}
		if key.Matches(msg, k.Copy) {
			return copyLink(PostLink(first))
		}
		return openLink(s.env, PostLink(first))
	case key.Matches(msg, k.Back):
		return s.leave()
	case key.Matches(msg, k.Up):
		s.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		s.vp.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		s.vp.PageUp()
	case key.Matches(msg, k.PageDown):
		s.vp.PageDown()
	case key.Matches(msg, k.Top):
		s.vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		s.vp.GotoBottom()
	}
	return nil
}

// leave goes back to the composer. After a run, the composer's copy of the
// draft takes the journal, so its next save keeps what X already has.
func (s *publishScreen) leave() tea.Cmd {
	if s.journal == nil {
		return goBack
	}
	j := s.journal.Journal()
	return emit(editDraftMsg{
		Status: "Draft kept: " + human.Share(len(s.d.Posts)-s.d.Remaining(), len(s.d.Posts), "post", "posts") + " on X; publishing again resumes.",
		Apply: func(d *draft.Draft) error {
			d.Journal = j
			return nil
		},
	})
}

// start runs Services.Publish in a command. Its events come through a
// channel that a second command reads one at a time, re-armed after each.
func (s *publishScreen) start() tea.Cmd {
	if s.stage == publishRunning {
		return nil
	}
	s.stop()
	s.run++
	s.stage = publishRunning
	s.err, s.note, s.waitTill = nil, "", time.Time{}
	s.uploads = nil
	for i, p := range s.d.Posts {
		for _, m := range p.Media {
			s.uploads = append(s.uploads, &upload{post: i, path: m.Path, total: m.Size})
		}
	}
	s.posting = -1
	ctx, cancel := context.WithCancel(s.env.ctx)
	s.cancel = cancel
	s.runDone = ctx.Done()
	events := make(chan tea.Msg, 256)
	s.events = events
	store, flush, svc, run := s.store, s.flush, s.env.svc, s.run
	if s.journal == nil {
		// The journal keeps its own copy: Publish writes it from another
		// goroutine while this screen updates s.d from the events.
		s.journal = draft.NewSavingJournal(s.d.Clone(), func(d *draft.Draft) error {
			if store == nil {
				// Drafts are not kept (demo): the journal lives in memory
				// and resumes within this session only.
				return nil
			}
			return store.Save(d)
		})
	}
	j := s.journal
	d := s.d.Clone()
	publish := func() tea.Msg {
		if flush != nil {
			if err := flush(); err != nil {
				return publishDoneMsg{run: run, err: fmt.Errorf("the draft could not be saved before publishing (%w): nothing was sent", err)}
			}
		}
		// The journal is on disk before the first request.
		if err := j.SaveNow(); err != nil {
			return publishDoneMsg{run: run, err: fmt.Errorf("the draft could not be saved before publishing (%w): nothing was sent", err)}
		}
		err := svc.Publish(ctx, *d, j, func(ev PublishEvent) {
			select {
			case events <- publishEventMsg{run: run, ev: ev}:
			case <-ctx.Done():
			}
		})
		return publishDoneMsg{run: run, err: err}
	}
	return tea.Batch(publish, s.wait())
}

// wait delivers the next event of the current run.
func (s *publishScreen) wait() tea.Cmd {
	ch, ctxDone := s.events, s.doneChan()
	return func() tea.Msg {
		select {
		case m := <-ch:
			return m
		case <-ctxDone:
			return nil
		}
	}
}

// doneChan is closed when the current run is over, so a waiting command
// does not outlive it.
func (s *publishScreen) doneChan() <-chan struct{} {
	if s.runDone == nil {
		c := make(chan struct{})
		close(c)
		return c
	}
	return s.runDone
}

// drain takes the events still buffered when the run ended, and returns
// the last rate limit they reported.
func (s *publishScreen) drain() Rate {
	var rate Rate
	for {
		select {
		case m := <-s.events:
			if e, ok := m.(publishEventMsg); ok && e.run == s.run {
				s.event(e.ev)
				if e.ev.Rate.Known() {
					rate = e.ev.Rate
				}
			}
		default:
			return rate
		}
	}
}

func (s *publishScreen) tick() tea.Cmd {
	run := s.run
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return publishTickMsg{run: run} })
}

// undoTick ends one second of the undo window.
func (s *publishScreen) undoTick() tea.Cmd {
	run := s.run
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return undoTickMsg{run: run} })
}

func (s *publishScreen) stop() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
}

func (s *publishScreen) uploadOf(post int, path string) *upload {
	for _, u := range s.uploads {
		if u.post == post && u.path == path {
			return u
		}
	}
	u := &upload{post: post, path: path}
	s.uploads = append(s.uploads, u)
	return u
}

func (s *publishScreen) event(ev PublishEvent) {
	switch ev.Kind {
	case EventUploadProgress:
		u := s.uploadOf(ev.Index, ev.Path)
		u.sent, u.total = ev.Sent, ev.Total
		s.note = ""
	case EventUploaded:
		u := s.uploadOf(ev.Index, ev.Path)
		u.done = true
		u.sent = u.total
	case EventPosted:
		// A post is out with its media: an upload it shares with an
		// earlier part (same file and description) was reported there.
		for _, u := range s.uploads {
			if u.post == ev.Index {
				u.done, u.sent = true, u.total
			}
		}
		s.d.RecordPost(ev.Index, ev.ID)
		s.posting = ev.Index + 1
		s.note, s.waitTill = "", time.Time{}
	case EventRetrying:
		s.note = "X had a hiccup; trying again"
		if ev.Err != nil {
			s.note += ": " + userMessage(ev.Err)
		}
	case EventWaiting, EventPacing:
		s.waitTill, s.pacing = ev.Until, ev.Kind == EventPacing
		s.note = ""
	}
}

func (s *publishScreen) finished(err error) tea.Cmd {
	s.stop()
	s.waitTill = time.Time{}
	if s.journal != nil {
		s.d.Journal = s.journal.Journal()
	}
	// The run's last progress events and its end travel on different
	// goroutines, so the end may come first: what the journal holds is the
	// truth, and a posted post's uploads are done whatever arrived.
	for _, u := range s.uploads {
		if _, ok := s.d.Posted(u.post); ok {
			u.done, u.sent = true, u.total
		}
	}
	if err == nil && s.d.Published() {
		s.stage = publishDone
		for _, u := range s.uploads {
			u.done = true
		}
		first, _ := s.d.Posted(0)
		return status("Published. First post: "+first, levelInfo)
	}
	if err == nil {
		err = errors.New("publishing ended before every post was sent: publish again to send the rest")
	}
	s.stage = publishStopped
	s.err = err
	if errors.Is(err, ErrNotLoggedIn) {
		return navigate(screenLogin, openRequest{})
	}
	return nil
}
