package ui

// The root model.
//
// The composer is a stack of screens over the compose screen, which is
// always at the bottom. The root model owns what every screen shares (the
// Services, the Styles, the KeyMap, the account, the status bar and help)
// and hands each message to the screen on top. Screens and how to add one:
// screens.go.

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"

	"github.com/xpostdev/xpost/internal/termimg"
	"github.com/xpostdev/xpost/ui/draft"
)

// env is what every screen shares. It lives as long as the program; the
// root updates it (styles on a background change, the account on login).
type env struct {
	svc     Services
	store   *draft.Store // nil when drafts are not kept (demo)
	styles  Styles
	keys    KeyMap
	account *Account // nil until known
	limit   int      // Options.Limit, or 0 to follow the account
	// undo is Options.UndoWindow: how long a publish waits to be taken
	// back (0: not at all).
	undo   time.Duration
	editor []string // command line of the external editor
	demo   bool
	// mediaDir is where the media picker starts browsing: the folder of
	// the last file attached, once there is one.
	mediaDir string
	// rememberMediaDir is Options.RememberMediaDir, or nil.
	rememberMediaDir func(dir string) error
	// thumbs and thumbPassthrough are Options.Thumbnails and
	// Options.ThumbnailPassthrough.
	thumbs           termimg.Protocol
	thumbPassthrough bool
	// thumbCache keeps encoded thumbnails (thumbs.go).
	thumbCache thumbCache
	// askSixel is true while the answer to the DA1 asked at start may
	// still turn sixel thumbnails on.
	askSixel bool
	// method is how the terminal counts cells, and so how every line
	// holding user text must be measured, wrapped and cut: ansi.WcWidth
	// (code point by code point, Bubble Tea's default) unless the terminal
	// reports grapheme segmentation (mode 2027) or the probe finds it
	// segments graphemes, then ansi.GraphemeWidth.
	method ansi.Method
	// rule is the whole rule the frame follows (method is rule.method),
	// learnt from mode 2027 or from the probe (see termwidth.go).
	rule widthRule
	// measure asks for the probe at start; probe is its state.
	measure bool
	probe   widthProbe
	// crashed holds the panic the composer stopped on (crash.go).
	crashed crashState
	// help is the help line last drawn, shared by the copies of Model.
	help helpCache
	// widths are the widths of the lines of the last frames.
	widths widthMemo
	// ctx is cancelled when the program ends; Cmds that call Services use
	// it so nothing outlives the program.
	ctx context.Context
	// refs are posts a draft may reply to or quote, by id, as the recent
	// list last showed them: the composer and the confirmation name
	// them by author and text (see refLabel).
	refs map[string]RefPost
	// accessible is Options.Accessible: plain text for screen readers.
	accessible bool
	// altText is Options.AltText: what publishing does with an image
	// without alt text ("": ask).
	altText draft.AltPolicy
	// reading holds the ids of posts replied to or quoted that were asked
	// of PostReader, so each is read once.
	reading map[string]bool
	// vocab is the handles and hashtags completion offers (complete.go);
	// noCompletion is Options.NoCompletion.
	vocab        *vocabulary
	noCompletion bool
	// switching is the account a switch was last asked for (to follow
	// the draft's account), so that a switch that failed is not asked
	// again until the draft's account changes.
	switching string
}

// Limit is the weighted length a post may have: the override, else the
// account's, else X's default of 280.
func (e *env) Limit() int {
	switch {
	case e.limit > 0:
		return e.limit
	case e.account != nil && e.account.Limit > 0:
		return e.account.Limit
	}
	return defaultLimit
}

// draftStore is where drafts are kept, or nil in a session that keeps
// none.
func draftStore(e *env) *draft.Store { return e.store }

// defaultLimit is X's limit for accounts without Premium.
const defaultLimit = 280

// Options configure the composer.
type Options struct {
	// DraftDir is where drafts are stored, one JSON file each; empty
	// keeps no drafts (as in the demo).
	DraftDir string
	// Draft is the draft to open; nil starts a new one (or reopens the one
	// named by DraftID).
	Draft *draft.Draft
	// DraftID names a stored draft to open.
	DraftID string
	// Editor is the external editor's command line, such as
	// []string{"vim"} or []string{"code", "--wait"}; empty disables alt+e.
	Editor []string
	// Dark forces dark (true) or light (false) styles; nil follows the
	// terminal's background.
	Dark *bool
	// Demo shows a "demo" badge: nothing leaves the machine.
	Demo bool
	// Limit overrides the weighted length limit; 0 follows the account.
	Limit int
	// MediaDir is where the media picker starts browsing; empty is the
	// current directory. The program passes the folder last used; the
	// demo points it at its sample pictures.
	MediaDir string
	// RememberMediaDir, if set, keeps the folder of a file just attached
	// for the next run (the picker starts there meanwhile). It is called
	// from a Cmd, so it may write a file.
	RememberMediaDir func(dir string) error
	// Thumbnails is the image protocol of the terminal (termimg.Detect),
	// with which the media screen draws a thumbnail of the picture being
	// described; termimg.None draws none. The file's type, dimensions and
	// size are said in words either way.
	Thumbnails termimg.Protocol
	// ThumbnailPassthrough wraps the pictures for tmux's passthrough.
	ThumbnailPassthrough bool
	// AskSixel, with Thumbnails at termimg.None, asks the terminal for
	// its primary device attributes at start (DA1) and draws thumbnails
	// in sixel if it lists them (termimg.MayAsk says when to).
	AskSixel bool
	// Context, if set, bounds every call to Services; the program's end
	// should cancel it.
	Context context.Context
	// MeasureWidth draws a few emoji at start, out of sight, and asks the
	// terminal where each left the cursor, to learn how it counts cells
	// (see termwidth.go). Only for a real terminal that answers.
	MeasureWidth bool
	// Stop, if set, ends the program (tea.Program.Quit): the composer
	// calls it when a bug stopped it while drawing, where it cannot
	// return tea.Quit. It is called on its own goroutine.
	Stop func()
	// NoCompletion turns off the completion of mentions and hashtags
	// in the composer (complete.go).
	NoCompletion bool
	// AltText is what publishing does with an image or GIF without alt
	// text: ask once (the default, also for ""), require it (a problem
	// that stops the publish) or say nothing (draft.AltOff).
	AltText draft.AltPolicy
	// UndoWindow, when positive, holds a publish from the confirmation
	// for this long with a countdown and a cancel key, for second
	// thoughts; 0 publishes at once.
	UndoWindow time.Duration
	// Accessible draws for screen readers and braille displays: no
	// animation, no box drawing, words instead of icons, confirmations
	// as plain questions and counts in words (see accessible.go).
	Accessible bool
}

// Model is the composer's root model.
type Model struct {
	env    *env
	stack  []screen // stack[0] is the compose screen
	status *statusBar
	help   *help.Model // a pointer: the styles inside make it kilobytes, and
	// Model is copied into a tea.Model on every message

	compose  *composeScreen
	width    int
	height   int
	fullHelp bool
	hs       *helpScroll // the full help's scroll (help_screen.go)
	// outcome is what the session did so far (outcome.go), shared by
	// the copies of Model.
	outcome *Outcome
	// comp is the completion on offer (complete.go), shared likewise.
	comp      *completion
	forceDark *bool
	quitting  bool
	// quitAnyway is set once a quit failed to save: the next one leaves.
	quitAnyway bool
}

// New returns the composer's root model, ready for tea.NewProgram.
func New(svc Services, opts Options) Model {
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	dark := true
	if opts.Dark != nil {
		dark = *opts.Dark
	}
	e := &env{
		svc:              svc,
		store:            storeFor(opts.DraftDir),
		styles:           NewStyles(dark),
		keys:             DefaultKeyMap(),
		limit:            opts.Limit,
		undo:             opts.UndoWindow,
		editor:           opts.Editor,
		demo:             opts.Demo,
		mediaDir:         opts.MediaDir,
		rememberMediaDir: opts.RememberMediaDir,
		thumbs:           opts.Thumbnails,
		thumbPassthrough: opts.ThumbnailPassthrough,
		askSixel:         opts.AskSixel && opts.Thumbnails == termimg.None,
		measure:          opts.MeasureWidth,
		crashed:          crashState{stop: opts.Stop},
		ctx:              ctx,

		accessible:   opts.Accessible,
		altText:      opts.AltText,
		vocab:        newVocabulary(),
		noCompletion: opts.NoCompletion,
	}
	m := Model{
		env:       e,
		status:    newStatusBar(),
		help:      new(help.New()),
		hs:        &helpScroll{},
		outcome:   &Outcome{},
		comp:      &completion{},
		width:     80,
		height:    24,
		forceDark: opts.Dark,
	}
	m.help.Styles = e.styles.Help
	m.comp.keys = newCompleteKeys(e.keys)
	m.status.words = opts.Accessible
	if opts.Accessible {
		// Keys read as a list: "ctrl+p publish, ctrl+n new post", not
		// "bullet" between them.
		m.help.ShortSeparator = ", "
	}
	m.compose = newComposeScreen(e, opts)
	m.stack = []screen{m.compose}
	return m
}

func storeFor(dir string) *draft.Store {
	if dir == "" {
		return nil
	}
	return &draft.Store{Dir: dir}
}

// Init asks for the account and the terminal's background color.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.fetchAccount(), m.compose.Init(), m.env.loadVocabulary()}
	if m.forceDark == nil {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	if m.env.measure {
		cmds = append(cmds, m.env.probe.start())
	}
	if m.env.askSixel {
		cmds = append(cmds, tea.Raw(ansi.RequestPrimaryDeviceAttributes))
	}
	if m.env.demo {
		// A newcomer's first question: what is safe to try, and where.
		k := &m.env.keys
		welcome := "Demo: nothing is sent to X. " + k.Help.Help().Key + " shows every key."
		if m.env.mediaDir != "" {
			welcome = "Demo: nothing is sent to X. " + k.Media.Help().Key + " has sample pictures."
		}
		cmds = append(cmds, status(welcome, levelInfo))
	}
	return tea.Batch(cmds...)
}

func (m Model) fetchAccount() tea.Cmd {
	svc, ctx := m.env.svc, m.env.ctx
	return func() tea.Msg {
		a, err := svc.Account(ctx)
		return accountMsg{Account: a, Err: err}
	}
}

// top is the screen that gets the keys.
func (m Model) top() screen { return m.stack[len(m.stack)-1] }

// Update routes msg: first what the root handles for every screen, then
// the screen on top. A panic on the way ends the program with the draft
// saved (crash.go).
func (m Model) Update(msg tea.Msg) (next tea.Model, cmd tea.Cmd) {
	if m.crashedNow() {
		return m, tea.Quit
	}
	defer func() {
		if r := recover(); r != nil {
			m.rescue(r)
			next, cmd = m, tea.Quit
		}
	}()
	next, cmd = m.update(msg)
	if mm, ok := next.(Model); ok {
		// The focused post's thumbnails, while the composer is shown.
		if th := mm.compose.syncThumbs(mm.top() == screen(mm.compose) && !mm.fullHelp && !mm.quitting); th != nil {
			cmd = tea.Batch(cmd, th)
		} else if mm.compose.thumbsInPlay() && isEdit(msg) {
			// A key may move the card's bottom, which the next View
			// tells: look again once it is drawn, not at the next save.
			cmd = tea.Batch(cmd, emit(thumbCheckMsg{}))
		}
		if sw := mm.followDraftAccount(); sw != nil {
			cmd = tea.Batch(cmd, sw)
		}
		if rd := mm.readReplyTarget(); rd != nil {
			cmd = tea.Batch(cmd, rd)
		}
	}
	return next, cmd
}

// refReadMsg is PostReader's answer about a post a draft replies to or
// quotes.
type refReadMsg struct {
	Ref RefPost
	Err error
}

// readReplyTarget asks PostReader for the posts the draft replies to and
// quotes, when they were typed by id and are not known yet: the reply
// header, the quote line and the confirmation then name their author and
// text. Each id is asked once, and only once the account is known; the
// reader itself declines a quote the account's plan refuses anyway.
func (m Model) readReplyTarget() tea.Cmd {
	d := m.compose.d
	if d.Edit != nil || m.env.account == nil {
		return nil
	}
	pr, ok := m.env.svc.(PostReader)
	if !ok {
		return nil
	}
	var cmds []tea.Cmd
	for _, ref := range []struct{ id, kind string }{{d.ReplyTo, "replied_to"}, {d.Quote, "quoted"}} {
		if ref.id == "" || m.env.reading[ref.id] {
			continue
		}
		if _, known := m.env.refs[ref.id]; known {
			continue
		}
		if m.env.reading == nil {
			m.env.reading = map[string]bool{}
		}
		m.env.reading[ref.id] = true
		ctx, id, kind := m.env.ctx, ref.id, ref.kind
		cmds = append(cmds, func() tea.Msg {
			r, err := pr.ReadPost(ctx, id, kind)
			if err == nil {
				r.ID, r.Kind = id, kind
			}
			return refReadMsg{Ref: r, Err: err}
		})
	}
	return tea.Batch(cmds...)
}

// followDraftAccount switches the composer to the account the open draft
// was written for, when that is not the one in use: a draft is published
// as its own account, and the status line says which. It asks once per
// account the draft names.
func (m Model) followDraftAccount() tea.Cmd {
	want := m.compose.d.Account
	if want == "" || m.env.account == nil || m.env.account.Login == "" || want == m.env.account.Login || want == m.env.switching {
		return nil
	}
	return m.switchAccount(want)
}

// switchAccount asks Services to use account name; the answer arrives as
// an accountMsg.
func (m Model) switchAccount(name string) tea.Cmd {
	sw, ok := m.env.svc.(Switcher)
	if !ok {
		return nil
	}
	m.env.switching = name
	ctx := m.env.ctx
	return func() tea.Msg {
		a, err := sw.SwitchAccount(ctx, name)
		return accountMsg{Account: a, Err: err}
	}
}

func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		return m, nil
	case tea.BackgroundColorMsg:
		if m.forceDark == nil {
			m.setStyles(NewStyles(msg.IsDark()))
		}
		return m, nil
	case tea.ModeReportMsg:
		// Bubble Tea asks the terminal whether it segments graphemes
		// (mode 2027) and, if it does, renders by grapheme width; else it
		// renders code point by code point. Lines must be measured as they
		// will be rendered, or a 🧑‍💻 pushes a card's edge off its column.
		if msg.Mode == ansi.ModeUnicodeCore {
			switch msg.Value {
			case ansi.ModeReset, ansi.ModeSet, ansi.ModePermanentlySet:
				m.env.probe.announced = true
				m.setWidthRule(widthRule{method: ansi.GraphemeWidth})
			}
		}
		return m, nil
	case uv.PrimaryDeviceAttributesEvent:
		// The answer to the DA1 asked at start: 4 is sixel graphics.
		if m.env.askSixel {
			m.env.askSixel = false
			if termimg.SixelInDA1(msg) {
				m.env.thumbs = termimg.Sixel
			}
		}
		return m, nil
	case thumbCheckMsg:
		return m, nil
	case thumbEncodedMsg:
		// Kept for whichever screen asked; the one on top hears of it.
		m.env.thumbCache.put(msg.key, msg.seq)
	case tea.CursorPositionMsg:
		if m.env.probe.answer(msg) {
			return m, m.probeDone()
		}
		return m, nil
	case probeDoneMsg:
		return m, m.probeDone()
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case statusMsg, clearStatusMsg, saveStateMsg, rateLimitMsg, rateResetMsg, spendMsg:
		return m, m.status.update(msg)
	case accountMsg:
		return m.handleAccount(msg)
	case refReadMsg:
		if msg.Err == nil {
			m.env.noteRef(msg.Ref)
			m.compose.invalidate()
		}
		return m, nil
	case vocabMsg:
		for _, t := range msg.texts {
			m.env.vocab.addText(t)
		}
		return m, nil
	case accountChosenMsg:
		m = m.pop()
		return m, tea.Batch(m.compose.setAccount(msg.Name), m.switchAccount(msg.Name),
			status("This draft is now for "+msg.Name+": it is published as that account", levelInfo))
	case navigateMsg:
		return m.open(msg.To, msg.Req)
	case backMsg:
		return m.pop(), nil
	case quitMsg:
		if msg.err != nil && !m.quitAnyway {
			// Stay, so the text can still be copied out; a second quit
			// leaves for good.
			m.quitAnyway = true
			return m, status("could not save the draft: "+msg.err.Error()+"; press quit again to leave without saving", levelError)
		}
		m.quitting = true
		return m, tea.Quit
	case publishDoneMsg:
		// What the publish spent shows in the status line.
		next, cmd := m.route(msg)
		next.(Model).noteOutcome(msg)
		return next, tea.Batch(cmd, m.spendCmd())
	case draftScheduledMsg:
		m.noteOutcome(msg)
	}
	return m.route(msg)
}

// route gives msg to the screen it answers: the compose screen for its
// own results, else the top one.
func (m Model) route(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.routeResult(msg) {
		m = m.pop()
		return m.updateScreen(m.compose, msg)
	}
	if forCompose(msg) {
		return m.updateScreen(m.compose, msg)
	}
	return m.updateScreen(m.top(), msg)
}

// forCompose reports whether msg answers the compose screen's own
// commands, which may come back while another screen is on top (the
// login screen opens before the draft to continue is found; a save lands
// after the media picker opened): they go to the compose screen, which
// stays under the top one.
func forCompose(msg tea.Msg) bool {
	switch msg.(type) {
	case draftSavedMsg, draftLoadedMsg, unfinishedDraftMsg, composeThumbFilesMsg:
		return true
	}
	return false
}

// routeResult reports whether msg is a screen's result for the compose
// screen. Screens with results of their own add a case here.
func (m Model) routeResult(msg tea.Msg) bool {
	switch msg.(type) {
	case editDraftMsg, openDraftMsg, draftPublishedMsg, newDraftMsg, draftScheduledMsg:
		return true
	}
	return false
}

// updateScreen hands msg to s, which must be on the stack, and stores the
// screen it returns in its place.
func (m Model) updateScreen(s screen, msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := s.Update(msg)
	for i := range m.stack {
		if m.stack[i] == s {
			m.stack[i] = next
		}
	}
	if c, ok := next.(*composeScreen); ok {
		m.compose = c
	}
	return m, cmd
}

func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := &m.env.keys
	if m.status.level == levelInfo {
		// A note has been read once the user acts again; warnings and
		// errors say what to do, and stay their time.
		m.status.text = ""
	}
	typing := false
	if t, ok := m.top().(typer); ok {
		typing = t.Typing()
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m, m.quit()
	case m.fullHelp:
		return m.helpKey(msg)
	case m.comp.active() && m.top() == screen(m.compose) && m.isCompleteKey(msg):
		return m, m.completeKey(msg)
	case key.Matches(msg, k.Help), !typing && key.Matches(msg, k.HelpChar):
		m.fullHelp, m.hs.top = true, 0
		return m, nil
	}
	top := m.top()
	unbound := !typing && top != screen(m.compose) && printableKey(msg) && !boundKey(m.screenBindings(top), msg)
	next, cmd := m.updateScreen(top, msg)
	next.(Model).refreshCompletion()
	if unbound && cmd == nil && len(next.(Model).stack) == len(m.stack) {
		// Every key acts or says why it cannot (unbound.go).
		cmd = m.unboundNote(msg.String())
	}
	return next, cmd
}

// quitMsg ends the program once the draft is on disk, or says why it is
// not.
type quitMsg struct{ err error }

// quit saves the draft and stops the autosaver, then ends the program.
// The draft is on disk before the program returns.
func (m Model) quit() tea.Cmd {
	closeDraft := m.compose.closer()
	return func() tea.Msg {
		if err := closeDraft(); err != nil {
			return quitMsg{err: err}
		}
		return quitMsg{}
	}
}

func (m Model) handleAccount(msg accountMsg) (tea.Model, tea.Cmd) {
	if msg.Err == nil {
		a := msg.Account
		m.env.account = &a
		m.env.switching = a.Login
		m.status.account = a.Username
		m.status.login = ""
		if a.Several {
			m.status.login = a.Login
		}
		m.compose.limitChanged()
		// A draft begun before the account was known is for this one.
		return m, tea.Batch(m.spendCmd(), m.compose.stampAccount(a.Login))
	}
	if errors.Is(msg.Err, ErrNotLoggedIn) {
		return m.open(screenLogin, m.compose.request())
	}
	return m, status("could not reach X: "+msg.Err.Error(), levelError)
}

// spendCmd reads today's spending for the status line, when Services
// can tell it. A failure to read it leaves the line as it was: the
// spending is a help, not something to stop for.
func (m Model) spendCmd() tea.Cmd {
	sp, ok := m.env.svc.(Spender)
	if !ok {
		return nil
	}
	return func() tea.Msg {
		s, err := sp.SpentToday()
		if err != nil {
			return nil
		}
		return spendMsg{Spend: s}
	}
}

// open pushes a new screen built by newScreen.
func (m Model) open(id screenID, req openRequest) (tea.Model, tea.Cmd) {
	s, cmd := newScreen(m.env, id, req)
	if s == nil {
		return m, status("the "+id.String()+" cannot be opened from here", levelWarn)
	}
	m.stack = append(m.stack[:len(m.stack):len(m.stack)], s)
	m.fullHelp = false
	return m, cmd
}

// pop closes the top screen; the compose screen is never closed.
func (m Model) pop() Model {
	if len(m.stack) > 1 {
		m.stack = m.stack[:len(m.stack)-1]
	}
	m.fullHelp = false
	return m
}

// probeDone ends the probe: with every answer in (and no mode 2027
// report, which outranks it) the rule it shows is followed from now on;
// without, the default stays. The probe drew on the screen, so the
// screen is drawn anew either way.
func (m *Model) probeDone() tea.Cmd {
	p := &m.env.probe
	if !p.running {
		return nil
	}
	p.running = false
	if p.announced || len(p.widths) < len(probeStrings()) {
		return tea.ClearScreen
	}
	r := deriveRule(p.widths)
	if r.method == ansi.GraphemeWidth {
		// The renderer follows grapheme widths only once the terminal
		// reports mode 2027; the report is given to it, and to Update.
		return tea.Sequence(emit(tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeSet}), tea.ClearScreen)
	}
	m.setWidthRule(r)
	return tea.ClearScreen
}

// setWidthRule measures cells with r from now on, as the renderer does.
func (m *Model) setWidthRule(r widthRule) {
	if m.env.rule == r {
		return
	}
	changed := m.env.method != r.method
	m.env.rule, m.env.method = r, r.method
	m.env.widths.setRule(r)
	m.status.method = r.method
	if changed {
		m.compose.widthMethodChanged()
	}
}

func (m *Model) setStyles(s Styles) {
	m.env.styles = s
	m.help.Styles = s.Help
	m.env.help = helpCache{}
	m.compose.stylesChanged()
}
