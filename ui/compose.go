package ui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/textcount"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/ui/internal/framememo"
	"github.com/xpostdev/xpost/ui/internal/textedit"
)

// composeScreen is the thread being written: every post as a card with its
// own counter, the focused one in the editor. It is the bottom of the
// screen stack and the product.
//
// A keystroke touches only the focused post: its text is counted again and
// its card drawn again; every other card comes from a cache that is
// dropped when that post, the width, the styles or the limit change.
type composeScreen struct {
	env *env
	d   *draft.Draft

	focus int
	ed    *textedit.Editor
	cards []card
	// thumbs is the focused post's pictures on screen (compose_thumb.go).
	thumbs composeThumbs
	// mapMemo is the thread map last drawn for the header (minimap.go).
	mapMemo threadMapMemo
	// openNote is the status to show once the draft being loaded is
	// open, as the screen that asked for it wants it told.
	openNote string

	saver  *draft.Autosaver
	store  *draft.Store
	loadID string // a stored draft to open at start
	// resume is set when the composer starts on a fresh draft and should
	// continue the last unfinished one instead, if there is one.
	resume bool
	// stored is set once the draft has a file in the store: it was opened
	// from there, or saved once it had content. A draft that never had
	// any is not saved, so empty drafts do not pile up in the list.
	stored bool
	// readOnly is set while the draft shown is open in another window
	// (whose lock that window holds): it is not saved, and the first
	// change makes it a copy of its own.
	readOnly bool
	// now is the clock "continuing your draft from 5m ago" is told by.
	now func() time.Time

	// offset is the first line of the thread on screen.
	offset int
	// focusH is how many lines the focused card took when last drawn
	// (the thread map counts the posts off screen with it).
	focusH int
	// width and height are the size View last drew at; the cards' caches
	// are for width.
	width, height int

	cfg      textcount.Config
	cfgLimit int
	cfgSet   bool
	// live is the focused post's count, kept up to date edit by edit;
	// liveTrim is how much trailing white space its text had that
	// numbering leaves out of the count.
	live     liveCount
	liveTrim int

	// caret is where the focused post's cursor is in the last View.
	caret caret

	// padded holds the focused card's text lines with their borders,
	// from the frames before (compose_view.go).
	padded framememo.Memo[string, string]

	// edges are the borders of an unfocused and a focused card, drawn.
	edges [2]cardEdges

	// hist is the draft's undo and redo history (compose_undo.go);
	// recorded is the editor's count of edits it holds.
	hist     history
	recorded int
	// editorKept is the thread file the editor left that did not read
	// back; the editor key opens it again instead of a fresh copy.
	editorKept string
}

// card caches what a post looks like while it is not focused.
type card struct {
	// count is valid while text and suffix are what was counted and the
	// limit is unchanged (the compose screen drops it otherwise).
	counted bool
	text    string
	suffix  string
	res     textcount.Result
	// lines is the rendered card; nil when stale.
	lines []string
}

func newComposeScreen(e *env, opts Options) *composeScreen {
	c := &composeScreen{env: e, store: e.store, loadID: opts.DraftID, now: time.Now}
	c.resume = e.store != nil && !e.demo && opts.DraftID == "" && opts.Draft == nil
	if e.store != nil {
		c.saver = draft.NewAutosaver(e.store, 0)
	}
	d := opts.Draft
	if d == nil {
		d = draft.New()
	} else {
		d = d.Clone()
	}
	if len(d.Posts) == 0 {
		d.Posts = []draft.Post{{}}
	}
	c.setDraft(d, false)
	return c
}

// Init starts listening to the autosaver and loads the draft to open.
func (c *composeScreen) Init() tea.Cmd {
	var cmds []tea.Cmd
	if c.saver != nil {
		cmds = append(cmds, c.waitSave())
	}
	if c.loadID != "" {
		cmds = append(cmds, c.load(c.loadID))
	}
	if c.resume {
		cmds = append(cmds, c.findUnfinished())
	}
	return tea.Batch(cmds...)
}

// setDraft replaces the whole draft and focuses its first post; stored
// says whether the draft has a file in the store already.
func (c *composeScreen) setDraft(d *draft.Draft, stored bool) {
	if d.Account == "" && c.env.account != nil {
		d.Account = c.env.account.Login
	}
	c.d = d
	c.stored = stored
	c.readOnly = false
	c.hist = history{}
	c.offset = 0
	c.resetCards()
	c.focusPost(0, false)
}

func (c *composeScreen) resetCards() {
	c.cards = make([]card, len(c.d.Posts))
}

// invalidate drops the caches of every card, after a change that moves
// posts around or changes how all of them look.
func (c *composeScreen) invalidate() {
	c.resetCards()
}

// stylesChanged is called by the root when the background is known.
func (c *composeScreen) stylesChanged() {
	for i := range c.cards {
		c.cards[i].lines = nil
	}
	c.edges = [2]cardEdges{}
	c.padded.Forget()
	c.forgetThreadMap()
	if c.ed != nil {
		c.ed.Invalidate()
	}
}

// widthMethodChanged is called when the terminal's way of counting cells
// is known: the text wraps again and every card is drawn again.
func (c *composeScreen) widthMethodChanged() {
	c.stylesChanged()
	if c.ed != nil {
		c.ed.SetMethod(c.env.method)
	}
}

// limitChanged is called when the account (and so the limit) is known.
func (c *composeScreen) limitChanged() {
	c.invalidate()
}

// config returns the counting rules for the current limit, built once per
// limit.
func (c *composeScreen) config() textcount.Config {
	if limit := c.env.Limit(); limit != c.cfgLimit || !c.cfgSet {
		c.cfg = draft.LimitConfig(limit)
		c.cfgLimit, c.cfgSet = limit, true
		c.live.setConfig(c.cfg)
	}
	return c.cfg
}

// count returns post i's count, from the cache when the text is unchanged.
// The focused post's is kept up to date edit by edit (compose_count.go).
func (c *composeScreen) count(i int) textcount.Result {
	cfg := c.config()
	cd := &c.cards[i]
	text, suffix := c.d.Posts[i].Text, c.d.NumberSuffix(i)
	if i == c.focus && c.ed != nil {
		head, tail, changed := c.ed.TakeChange()
		if changed || !cd.counted || cd.suffix != suffix {
			if !cd.counted {
				// The thread changed around the post: count it whole.
				c.live.reset()
			}
			cd.res = c.countLive(text, suffix, head, tail)
			cd.text, cd.suffix, cd.counted = text, suffix, true
			cd.lines = nil
		}
		return cd.res
	}
	if !cd.counted || cd.text != text || cd.suffix != suffix {
		cd.res = textcount.ParseWith(c.d.TextForPublish(i), cfg)
		cd.text, cd.suffix, cd.counted = text, suffix, true
		cd.lines = nil
	}
	return cd.res
}

// focusPost moves the editor to post i; atEnd puts the cursor at the end
// (moving down into a post puts it at the start).
func (c *composeScreen) focusPost(i int, atEnd bool) {
	i = max(0, min(i, len(c.d.Posts)-1))
	if c.focus < len(c.cards) {
		c.cards[c.focus].lines = nil
	}
	c.focus = i
	c.cards[i].lines = nil
	c.cards[i].counted = false // counted again, as the live count
	w := c.editorWidth()
	if c.ed == nil {
		c.ed = textedit.New(c.d.Posts[i].Text, w)
		c.ed.SetMethod(c.env.method)
	} else {
		c.ed.SetText(c.d.Posts[i].Text)
		c.ed.SetWidth(w)
		c.ed.ScrollToTop()
	}
	if atEnd {
		c.ed.DocEnd()
	} else {
		c.ed.DocStart()
	}
	c.syncKeys()
}

// edited stores the editor's text in the draft after a keystroke changed
// it, and tells the autosaver.
func (c *composeScreen) edited() tea.Cmd {
	c.d.Posts[c.focus].Text = c.ed.Text()
	return c.changed()
}

// stampAccount records login as the account of a draft that names none
// yet (begun before the account was known); it is saved with the next
// change, as a draft without content is not saved.
func (c *composeScreen) stampAccount(login string) tea.Cmd {
	if c.d.Account != "" || login == "" {
		return nil
	}
	c.d.Account = login
	if !c.stored {
		return nil
	}
	return c.changed()
}

// setAccount makes the draft one for account name (the accounts screen's
// choice) and saves it.
func (c *composeScreen) setAccount(name string) tea.Cmd {
	if c.d.Account == name {
		return nil
	}
	c.d.Account = name
	return c.changed()
}

// changed reports any change of the draft to the autosaver; the status bar
// shows it as unsaved until the save lands.
func (c *composeScreen) changed() tea.Cmd {
	c.syncKeys()
	if c.saver == nil {
		return nil
	}
	if c.readOnly {
		return c.forkCopy()
	}
	if !c.stored && emptyDraft(c.d) {
		return nil // nothing worth a file yet
	}
	c.stored = true
	c.saver.Changed(*c.d)
	return emit(saveStateMsg{State: saveDirty})
}

// forkCopy turns the read-only draft, just changed, into a copy of its
// own, which is saved as any draft; the original stays as the other window
// has it.
func (c *composeScreen) forkCopy() tea.Cmd {
	c.readOnly = false
	c.d = c.d.Copy(c.now())
	c.stored = false
	return tea.Batch(c.changed(), status("Editing a copy: the original stays open in the other window · "+c.env.keys.Drafts.Help().Key+" lists both", levelWarn))
}

// request is what a screen opened from here works on.
func (c *composeScreen) request() openRequest {
	return openRequest{Draft: c.d.Clone(), Post: c.focus}
}

// Keys lists the compose bindings for the help, most used first.
func (c *composeScreen) Keys() []key.Binding {
	k := &c.env.keys
	return []key.Binding{k.Publish, k.AddPost, k.Split, k.NextPost, k.Editor, k.Media, k.Poll, k.Threadify}
}

// HelpGroups groups every compose binding for the full help: what
// shapes the thread, moving, editing the text, and the other screens.
func (c *composeScreen) HelpGroups() []helpGroup {
	k := &c.env.keys
	return []helpGroup{
		{"thread", []key.Binding{k.AddPost, k.Split, k.Threadify, k.Join, k.MoveUp, k.MoveDown, k.Delete, k.Undo, k.Redo, k.Numbering, k.Editor}},
		{"move", []key.Binding{k.NextPost, k.PrevPost, k.Left, k.Right, k.LineUp, k.LineDown, k.WordLeft, k.WordRight,
			k.Home, k.End, k.DocStart, k.DocEnd, k.PageUp, k.PageDown}},
		{"edit text", []key.Binding{k.Newline, k.Backspace, k.DeleteFwd, k.DeleteWordBack, k.DeleteWordFwd, k.KillToEnd, k.KillToStart}},
		{"screens", []key.Binding{k.Publish, k.Media, k.Poll, k.Settings, k.Recent, k.Drafts, k.Queue, k.Later, k.NewDraft, k.Accounts}},
	}
}

// Typing is always true: the focused post takes every printable key.
func (c *composeScreen) Typing() bool { return true }

// Title names the draft in the header.
func (c *composeScreen) Title() string {
	n := len(c.d.Posts)
	if n == 1 {
		return "new post"
	}
	return fmt.Sprintf("thread of %d posts", n)
}

// syncKeys switches bindings on and off to match the thread.
func (c *composeScreen) syncKeys() {
	k := &c.env.keys
	n := len(c.d.Posts)
	p := c.d.Posts[c.focus]
	k.Join.SetEnabled(c.focus < n-1)
	k.MoveUp.SetEnabled(c.focus > 0)
	k.MoveDown.SetEnabled(c.focus < n-1)
	k.NextPost.SetEnabled(n > 1)
	k.PrevPost.SetEnabled(n > 1)
	k.Delete.SetEnabled(n > 1 || p.Text != "" || len(p.Media) > 0 || p.Poll != nil)
	k.Undo.SetEnabled(len(c.hist.undo) > 0)
	k.Redo.SetEnabled(len(c.hist.redo) > 0)
	k.Editor.SetEnabled(len(c.env.editor) > 0)
	k.Numbering.SetEnabled(n > 1 || c.d.Numbering)
	k.Media.SetEnabled(p.Poll == nil)
	k.Poll.SetEnabled(len(p.Media) == 0)
	k.Publish.SetEnabled(c.hasContent())
}

func (c *composeScreen) hasContent() bool {
	for _, p := range c.d.Posts {
		if p.Text != "" || len(p.Media) > 0 {
			return true
		}
	}
	return false
}

// Update handles keys and the results of the compose screen's commands.
func (c *composeScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case composeThumbFilesMsg:
		c.thumbFiles(msg)
		return c, nil
	case thumbEncodedMsg:
		c.thumbs.sync.encoded(c.env, msg)
		return c, nil
	case tea.KeyPressMsg:
		return c, c.handleKey(msg)
	case tea.PasteMsg:
		if cmd := c.refusePublished(); cmd != nil {
			return c, cmd
		}
		c.hist.seal()
		c.ed.Insert(msg.Content)
		c.recordEdit(editAlone)
		cmd := c.edited()
		if c.overLimit(c.focus) {
			return c, tea.Batch(cmd, status("Too long for one post: "+c.env.keys.Threadify.Help().Key+" splits it into a thread", levelInfo))
		}
		return c, cmd
	case draftSavedMsg:
		cmds := []tea.Cmd{emit(saveStateMsg{State: msg.state, Err: msg.err}), c.waitSave()}
		if to := c.saver.SavedAs(c.d.ID); to != c.d.ID {
			// Another window changed or holds this draft: the text is
			// in a copy now, which this window goes on with.
			c.d.ID = to
			cmds = append(cmds, status("This draft was changed in another xpost window: what you typed is kept as a copy, which you are now editing · "+c.env.keys.Drafts.Help().Key+" lists both", levelWarn))
		}
		return c, tea.Batch(cmds...)
	case draftLoadedMsg:
		if msg.err != nil {
			return c, status(msg.err.Error(), levelError)
		}
		c.setDraft(msg.d, true)
		c.readOnly = msg.readOnly
		if msg.readOnly {
			c.openNote = ""
			title := ""
			if len(msg.d.Posts) > 0 {
				title = firstLine(msg.d.Posts[0].Text)
			}
			return c, tea.Batch(emit(saveStateMsg{State: saveReadOnly}),
				status("“"+truncate(titleOr(title), 30, "…", c.env.method)+"” is open in another xpost window: read-only here · typing makes a copy", levelWarn))
		}
		note := c.openNote
		c.openNote = ""
		if note == "" {
			title := ""
			if len(msg.d.Posts) > 0 {
				title = firstLine(msg.d.Posts[0].Text)
			}
			note = "Opened the draft “" + truncate(titleOr(title), 40, "…", c.env.method) + "”."
		}
		return c, status(note, levelInfo)
	case editorReadyMsg:
		return c, c.runEditor(msg)
	case editorDoneMsg:
		return c, c.editorDone(msg)
	case editDraftMsg:
		return c, c.applyEdit(msg)
	case openDraftMsg:
		c.openNote = msg.Note
		return c, c.switchTo(msg.ID)
	case draftPublishedMsg:
		return c, c.published(msg.ID)
	case newDraftMsg:
		return c, c.newDraft(msg.Note)
	case draftScheduledMsg:
		return c, c.scheduled(msg)
	case unfinishedDraftMsg:
		return c, c.continueDraft(msg.d)
	}
	return c, nil
}

// handleKey runs one key. Thread keys come first; what is left edits the
// focused post.
func (c *composeScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &c.env.keys
	ks := keyString(msg.String())
	if !c.editsText(msg, ks) {
		c.hist.seal() // a key between two edits ends the group typed
	}
	switch {
	case key.Matches(ks, k.AddPost):
		return c.addPost()
	case key.Matches(ks, k.Split):
		return c.split()
	case key.Matches(ks, k.Join):
		return c.join()
	case key.Matches(ks, k.MoveUp):
		return c.move(-1)
	case key.Matches(ks, k.MoveDown):
		return c.move(1)
	case key.Matches(ks, k.Delete):
		return c.deletePost()
	case key.Matches(ks, k.Undo):
		return c.undo()
	case key.Matches(ks, k.Redo):
		return c.redo()
	case key.Matches(ks, k.Threadify):
		return c.threadify()
	case key.Matches(ks, k.NextPost):
		c.focusPost((c.focus+1)%len(c.d.Posts), false)
		return nil
	case key.Matches(ks, k.PrevPost):
		c.focusPost((c.focus+len(c.d.Posts)-1)%len(c.d.Posts), false)
		return nil
	case key.Matches(ks, k.Editor):
		return c.openEditor()
	case key.Matches(ks, k.Numbering):
		return c.toggleNumbering()
	case key.Matches(ks, k.Publish):
		if c.readOnly {
			return status("This draft is open in another xpost window: publish it there, or type here to make a copy", levelWarn)
		}
		return c.open(screenPublish)
	case key.Matches(ks, k.Media), key.Matches(ks, k.Poll):
		if cmd := c.refusePublished(); cmd != nil {
			return cmd
		}
		if key.Matches(ks, k.Media) {
			return c.open(screenMedia)
		}
		return c.open(screenPoll)
	case key.Matches(ks, k.Settings):
		return c.open(screenSettings)
	case key.Matches(ks, k.Accounts):
		return c.open(screenAccounts)
	case key.Matches(ks, k.Recent):
		return c.open(screenRecent)
	case key.Matches(ks, k.Drafts):
		return c.open(screenDrafts)
	case key.Matches(ks, k.Queue):
		return c.open(screenQueue)
	case key.Matches(ks, k.Later):
		if c.readOnly {
			return status("This draft is open in another xpost window: queue it there, or type here to make a copy", levelWarn)
		}
		return c.open(screenSchedule)
	case key.Matches(ks, k.NewDraft):
		return c.newDraft("New draft. The one you left is in " + c.env.keys.Drafts.Help().Key + " drafts.")
	case pressed(ks, k.Undo):
		return status("nothing to undo", levelInfo)
	case pressed(ks, k.Redo):
		return status("nothing to redo", levelInfo)
	case pressed(ks, k.Media):
		return status(fmt.Sprintf("post %d has a poll, and X takes media or a poll on a post, not both: remove the poll (%s) to attach media, or add a post (%s) for them", c.focus+1, k.Poll.Help().Key, k.AddPost.Help().Key), levelWarn)
	case pressed(ks, k.Poll):
		return status(fmt.Sprintf("post %d has media, and X takes media or a poll on a post, not both: remove the media (%s) to add a poll, or add a post (%s) for it", c.focus+1, k.Media.Help().Key, k.AddPost.Help().Key), levelWarn)
	}
	return c.editKey(msg, ks)
}

// open asks the root for another screen, flushing first so screens that
// read the store (drafts, publish) see this draft as it is.
func (c *composeScreen) open(id screenID) tea.Cmd {
	return tea.Sequence(c.flush(), navigate(id, c.request()))
}

// pressed reports whether ks is one of b's keys, even while b is switched
// off: a key that cannot act now still gets an answer saying why.
func pressed(ks keyString, b key.Binding) bool {
	b.SetEnabled(true)
	return key.Matches(ks, b)
}
