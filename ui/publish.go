package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/textcount"
	"github.com/xpostdev/xpost/ui/draft"
)

// publishStage is where publishing stands.
type publishStage int

const (
	publishConfirm publishStage = iota // showing the thread, asking to go
	publishRunning                     // Services.Publish is at work
	publishStopped                     // failed or cancelled; the draft stays
	publishDone                        // every post is on X
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
)

// publishKeys are the publish screen's bindings.
type publishKeys struct {
	Publish, Retry, Cancel, Done, Back, Up, Down key.Binding
}

func newPublishKeys(km KeyMap) publishKeys {
	retry := km.Retry
	retry.SetKeys("r", "enter")
	retry.SetHelp("r", "publish again (resumes)")
	cancel := withDesc(km.Back, "stop")
	done := km.Select
	done.SetKeys("enter", "esc")
	done.SetHelp("enter", "new draft")
	return publishKeys{
		Publish: key.NewBinding(key.WithKeys("enter", "y"), key.WithHelp("enter", "publish")),
		Retry:   retry,
		Cancel:  cancel,
		Done:    done,
		Back:    km.Back,
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "scroll")),
		Down:    key.NewBinding(key.WithKeys("down", "j")),
	}
}

// upload is one file's progress.
type upload struct {
	post        int // the part it is attached to
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
	err      error
	// now and loc are the clock and the zone times are shown in; tests
	// fix both.
	now func() time.Time
	loc *time.Location
	// flush writes the composer's pending edits to disk before anything
	// is sent, so a late autosave cannot overwrite the journal.
	flush func() error
	store *draft.Store
	// plan is what publishing sends, one line per request, as Services
	// (a Planner) worked it out; planErr is why it could not.
	plan    []string
	planErr error
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
	lines []string
	err   error
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
		lines, err := p.PlanPublish(*d, j, limit)
		return publishPlanMsg{lines: lines, err: err}
	}
}

func newPublishScreen(e *env, d *draft.Draft, store *draft.Store, flush func() error) *publishScreen {
	s := &publishScreen{
		env:     e,
		keys:    newPublishKeys(e.keys),
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
	s.problems = s.d.Validate(draft.LimitConfig(e.Limit()))
	s.syncKeys()
	return s
}

func (s *publishScreen) syncKeys() {
	k := &s.keys
	k.Publish.SetEnabled(s.stage == publishConfirm && len(s.problems) == 0)
	k.Back.SetEnabled(s.stage == publishConfirm || s.stage == publishStopped)
	k.Retry.SetEnabled(s.stage == publishStopped)
	k.Cancel.SetEnabled(s.stage == publishRunning)
	k.Done.SetEnabled(s.stage == publishDone)
	k.Up.SetEnabled(s.stage == publishConfirm)
	k.Down.SetEnabled(s.stage == publishConfirm)
}

// Title names the screen in the header.
func (s *publishScreen) Title() string { return "publish" }

// Keys lists the bindings that apply now.
func (s *publishScreen) Keys() []key.Binding {
	k := s.keys
	return []key.Binding{k.Publish, k.Retry, k.Done, k.Cancel, k.Up}
}

// Update handles one message.
func (s *publishScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
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
		if msg.ev.Kind == EventWaiting {
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
	case publishPlanMsg:
		s.plan, s.planErr = msg.lines, msg.err
		return nil
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *publishScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Publish), key.Matches(msg, k.Retry):
		return s.start()
	case key.Matches(msg, k.Cancel):
		s.stop()
		s.stage = publishStopped
		s.err = context.Canceled
		return nil
	case key.Matches(msg, k.Done):
		return emit(draftPublishedMsg{ID: s.d.ID})
	case key.Matches(msg, k.Back):
		return s.leave()
	case key.Matches(msg, k.Up):
		s.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		s.vp.ScrollDown(1)
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
		Status: fmt.Sprintf("Draft kept: %d of %d posts are on X; publishing again resumes.", len(s.d.Posts)-s.d.Remaining(), len(s.d.Posts)),
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
	case EventWaiting:
		s.waitTill = ev.Until
		s.note = ""
	}
}

func (s *publishScreen) finished(err error) tea.Cmd {
	s.stop()
	s.waitTill = time.Time{}
	if s.journal != nil {
		s.d.Journal = s.journal.Journal()
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

// View draws the confirmation, the progress, or the outcome.
func (s *publishScreen) View(width, height int) string {
	st := &s.env.styles
	if s.stage == publishConfirm {
		head := fitWidth(s.confirmHead(width), width, s.env.method)
		body := s.threadView(width)
		vh := max(1, height-lipgloss.Height(head))
		s.vp.SetWidth(width)
		s.vp.SetHeight(vh)
		s.vp.SetContent(fitWidth(body, width, s.env.method))
		return head + "\n" + fitView(s.vp.View(), s.env.method)
	}
	var b strings.Builder
	switch s.stage {
	case publishRunning:
		b.WriteString(st.Accent.Render("Publishing…") + "  " + st.Subtle.Render(s.keys.Cancel.Help().Key+" stops; the draft stays") + "\n\n")
	case publishDone:
		first, _ := s.d.Posted(0)
		b.WriteString(st.Success.Render(fmt.Sprintf("✓ Published %s.", human.Count(len(s.d.Posts), "post", "posts"))) + "\n")
		b.WriteString("First post: " + st.Accent.Render(first) + "\n")
		b.WriteString(st.Subtle.Render("The draft is kept among your drafts, marked published.") + "\n\n")
	case publishStopped:
		b.WriteString(s.failureView(width) + "\n\n")
	}
	for _, u := range s.uploads {
		name := truncate(filepath.Base(u.path), 24, "…", s.env.method)
		pct := 0.0
		if u.total > 0 {
			pct = float64(u.sent) / float64(u.total)
		}
		state := fmt.Sprintf("%3.0f%%", pct*100)
		switch {
		case u.done:
			pct, state = 1, st.Success.Render("✓")
		case u.sent == 0:
			state = st.Subtle.Render("queued")
		}
		s.bar.SetWidth(max(10, min(30, width-36)))
		b.WriteString(fmt.Sprintf("  %-24s %s %s\n", name, s.bar.ViewAs(pct), state))
	}
	if len(s.uploads) > 0 {
		b.WriteString("\n")
	}
	for i, p := range s.d.Posts {
		text := truncate(firstLine(p.Text), max(1, width-24), "…", s.env.method)
		var mark string
		if id, ok := s.d.Posted(i); ok {
			mark = st.Success.Render("✓ " + id)
		} else if s.stage == publishRunning && i == s.nextUnposted() {
			mark = st.Accent.Render("posting…")
		} else {
			mark = st.Subtle.Render("pending")
		}
		b.WriteString(fmt.Sprintf("  %d/%d %s  %s\n", i+1, len(s.d.Posts), text, mark))
	}
	if s.stage == publishRunning {
		if !s.waitTill.IsZero() {
			left := s.waitTill.Sub(s.now()).Round(time.Second)
			b.WriteString("\n" + st.Warning.Render(fmt.Sprintf("X's rate limit: waiting %s (until %s)", max(left, 0), s.waitTill.In(s.loc).Format("15:04:05"))) + "\n")
		} else if s.note != "" {
			b.WriteString("\n" + st.Warning.Render(truncate(s.note, max(1, width), "…", s.env.method)) + "\n")
		}
	}
	return fitWidth(b.String(), width, s.env.method)
}

func (s *publishScreen) nextUnposted() int {
	for i := range s.d.Posts {
		if _, ok := s.d.Posted(i); !ok {
			return i
		}
	}
	return -1
}

// failureView says what went wrong and what to do, asking the error for
// its behaviour: a message for people, a time to retry at.
func (s *publishScreen) failureView(width int) string {
	st := &s.env.styles
	wrap := lipgloss.NewStyle().Width(max(20, width))
	posted := len(s.d.Posts) - s.d.Remaining()
	var b strings.Builder
	if errors.Is(s.err, context.Canceled) {
		b.WriteString(st.Warning.Render("Stopped.") + " ")
	} else {
		b.WriteString(st.Error.Render(wrap.Render("Publishing failed: "+userMessage(s.err))) + "\n")
	}
	var ra interface{ RetryAt() time.Time }
	if errors.As(s.err, &ra) && !ra.RetryAt().IsZero() {
		at := ra.RetryAt()
		b.WriteString(st.Warning.Render(fmt.Sprintf("X asks to wait until %s (%s from now).", at.In(s.loc).Format("15:04"), max(at.Sub(s.now()).Round(time.Second), 0))) + "\n")
	}
	b.WriteString(wrap.Render(fmt.Sprintf("The draft is kept; %d of %d posts are on X. %s publishes again and resumes at post %d; %s goes back to edit.",
		posted, len(s.d.Posts), s.keys.Retry.Help().Key, max(1, s.nextUnposted()+1), s.keys.Back.Help().Key)))
	return b.String()
}

// confirmHead is the question above the thread, or the problems to fix.
func (s *publishScreen) confirmHead(width int) string {
	st := &s.env.styles
	wrap := lipgloss.NewStyle().Width(max(20, width))
	if len(s.problems) > 0 {
		var b strings.Builder
		b.WriteString(st.Error.Render(fmt.Sprintf("%s to fix before publishing (%s goes back):", human.Count(len(s.problems), "problem", "problems"), s.keys.Back.Help().Key)))
		for _, p := range s.problems {
			b.WriteString("\n" + st.Error.Render(wrap.Render("• "+p.String())))
		}
		return b.String()
	}
	n := len(s.d.Posts)
	q := fmt.Sprintf("Publish this thread of %s?", human.Count(n, "post", "posts"))
	if n == 1 {
		q = "Publish this post?"
	}
	if done := n - s.d.Remaining(); done > 0 {
		q = fmt.Sprintf("%d of %d posts are already on X. Publish the rest?", done, n)
	}
	return wrapText(st.Accent.Render(q)+"  "+st.Subtle.Render(s.keys.Publish.Help().Key+" publishes · "+s.keys.Back.Help().Key+" goes back"), width, s.env.method)
}

// threadView is the whole thread as it will go out.
func (s *publishScreen) threadView(width int) string {
	st := &s.env.styles
	d := s.d
	cfg := draft.LimitConfig(s.env.Limit())
	var b strings.Builder
	var facts []string
	if d.ReplyTo != "" {
		facts = append(facts, "replying to "+d.ReplyTo)
	}
	if d.Quote != "" {
		facts = append(facts, "quoting "+d.Quote)
	}
	facts = append(facts, "replies: "+replyLabels[d.ReplySettings])
	if d.PaidPartnership {
		facts = append(facts, "paid partnership")
	}
	b.WriteString(st.Subtle.Render(wrapText(strings.Join(facts, " · "), width, s.env.method)) + "\n")
	// Posts are indented, not padded by Lip Gloss, whose grapheme widths
	// would push lines past the screen in a terminal that counts code
	// points; the text is wrapped with the terminal's method instead.
	m := s.env.method
	inner := max(8, width-4)
	card := func(block string) string { return "  " + strings.ReplaceAll(block, "\n", "\n  ") }
	for i := range d.Posts {
		p := d.Posts[i]
		text := d.TextForPublish(i)
		n := textcount.ParseWith(text, cfg).WeightedLength
		counter := fmt.Sprintf("%d/%d", n, cfg.MaxWeightedTweetLength)
		if n > cfg.MaxWeightedTweetLength {
			counter = st.CounterBad.Render(counter)
		} else {
			counter = st.Counter.Render(counter)
		}
		head := fmt.Sprintf("%d/%d  %s", i+1, len(d.Posts), counter)
		if id, ok := d.Posted(i); ok {
			head += "  " + st.Success.Render("✓ on X as "+id)
		}
		b.WriteString("\n" + st.CardTitle.Render(head) + "\n")
		if strings.TrimSpace(text) == "" {
			b.WriteString(card(st.Placeholder.Render("(no text)")) + "\n")
		} else {
			b.WriteString(card(m.Wrap(printable(text), inner, "")) + "\n")
		}
		for _, md := range p.Media {
			alt := "no description"
			if md.Alt != "" {
				alt = "“" + md.Alt + "”"
			}
			line := fmt.Sprintf("▣ %s (%s, %s) %s", filepath.Base(md.Path), md.Kind, human.Size(md.Size), alt)
			b.WriteString(card(st.Attachment.Render(truncate(line, inner, "…", m))) + "\n")
		}
		if p.Poll != nil {
			line := fmt.Sprintf("▤ poll, %s: %s", human.Duration(p.Poll.Duration), strings.Join(p.Poll.Options, " / "))
			b.WriteString(card(st.Attachment.Render(truncate(line, inner, "…", m))) + "\n")
		}
		for _, pr := range s.problems {
			if pr.Post == i {
				for _, l := range strings.Split(m.Wrap("⚠ "+pr.Message, inner, ""), "\n") {
					b.WriteString(card(st.Error.Render(l)) + "\n")
				}
			}
		}
	}
	switch {
	case s.planErr != nil:
		b.WriteString("\n" + st.Error.Render(m.Wrap("⚠ "+userMessage(s.planErr), width, "")) + "\n")
	case len(s.plan) > 0:
		b.WriteString("\n" + st.CardTitle.Render("What X receives") + "\n")
		for _, l := range s.plan {
			b.WriteString(card(st.Subtle.Render(m.Wrap(printable(l), inner, ""))) + "\n")
		}
	}
	return b.String()
}
