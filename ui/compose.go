package ui

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/textcount"
	"github.com/xpostdev/xpost/ui/draft"
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
	// width and height are the size View last drew at; the cards' caches
	// are for width.
	width, height int

	cfg      textcount.Config
	cfgLimit int

	// edges are the borders of an unfocused and a focused card, drawn.
	edges [2]cardEdges

	// undo holds deleted posts, newest last, so ctrl+z brings them back.
	undo []deletedPost
}

// deletedPost is a post removed by ctrl+x and where it was.
type deletedPost struct {
	index int
	post  draft.Post
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
	c.d = d
	c.stored = stored
	c.readOnly = false
	c.undo = nil
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
	if limit := c.env.Limit(); limit != c.cfgLimit {
		c.cfg = draft.LimitConfig(limit)
		c.cfgLimit = limit
	}
	return c.cfg
}

// count returns post i's count, from the cache when the text is unchanged.
func (c *composeScreen) count(i int) textcount.Result {
	cfg := c.config()
	cd := &c.cards[i]
	text, suffix := c.d.Posts[i].Text, c.d.NumberSuffix(i)
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
	return []key.Binding{k.Publish, k.AddPost, k.Split, k.NextPost, k.Editor, k.Media, k.Poll}
}

// FullKeys groups every compose binding for the full help.
func (c *composeScreen) FullKeys() [][]key.Binding {
	k := &c.env.keys
	return [][]key.Binding{
		{k.AddPost, k.Split, k.Join, k.MoveUp, k.MoveDown, k.Delete, k.Undo},
		{k.NextPost, k.PrevPost, k.Editor, k.Numbering, k.WordLeft, k.DeleteWordBack},
		{k.Publish, k.Media, k.Poll, k.Settings, k.Recent, k.Drafts, k.NewDraft},
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
	k.Undo.SetEnabled(len(c.undo) > 0)
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
	case tea.KeyPressMsg:
		return c, c.handleKey(msg)
	case tea.PasteMsg:
		c.ed.Insert(msg.Content)
		return c, c.edited()
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
		return c.undoDelete()
	case key.Matches(ks, k.NextPost):
		c.focusPost((c.focus+1)%len(c.d.Posts), false)
		return nil
	case key.Matches(ks, k.PrevPost):
		c.focusPost((c.focus+len(c.d.Posts)-1)%len(c.d.Posts), false)
		return nil
	case key.Matches(ks, k.Editor):
		return c.openEditor()
	case key.Matches(ks, k.Numbering):
		c.d.Numbering = !c.d.Numbering
		c.invalidate()
		state := "off"
		if c.d.Numbering {
			state = "on: each post ends with 1/n, which counts against the limit"
		}
		return tea.Batch(c.changed(), status("numbering "+state, levelInfo))
	case key.Matches(ks, k.Publish):
		if c.readOnly {
			return status("This draft is open in another xpost window: publish it there, or type here to make a copy", levelWarn)
		}
		return c.open(screenPublish)
	case key.Matches(ks, k.Media):
		return c.open(screenMedia)
	case key.Matches(ks, k.Poll):
		return c.open(screenPoll)
	case key.Matches(ks, k.Settings):
		return c.open(screenSettings)
	case key.Matches(ks, k.Recent):
		return c.open(screenRecent)
	case key.Matches(ks, k.Drafts):
		return c.open(screenDrafts)
	case key.Matches(ks, k.NewDraft):
		return c.newDraft("New draft. The one you left is in alt+d drafts.")
	}
	return c.editKey(msg, ks)
}

// open asks the root for another screen, flushing first so screens that
// read the store (drafts, publish) see this draft as it is.
func (c *composeScreen) open(id screenID) tea.Cmd {
	return tea.Sequence(c.flush(), navigate(id, c.request()))
}

// keyString is a key as key.Matches names it, worked out once per key
// press: key.Matches names the key again for each binding it is given,
// which, over the forty bindings a key can go through here, cost more
// than the edit.
type keyString string

// String is the key's name.
func (k keyString) String() string { return string(k) }

// editKey edits the focused post. Moves and deletions go by grapheme
// cluster, so no emoji, flag or accented letter is ever cut in two.
func (c *composeScreen) editKey(msg tea.KeyPressMsg, ks keyString) tea.Cmd {
	k := &c.env.keys
	e := c.ed
	changed := false
	switch {
	case key.Matches(ks, k.Left):
		if e.Cursor() == 0 && c.focus > 0 {
			c.focusPost(c.focus-1, true)
			return nil
		}
		e.Left()
	case key.Matches(ks, k.Right):
		if e.Cursor() == len(e.Text()) && c.focus < len(c.d.Posts)-1 {
			c.focusPost(c.focus+1, false)
			return nil
		}
		e.Right()
	case key.Matches(ks, k.LineUp):
		if !e.Up() && c.focus > 0 {
			c.focusPost(c.focus-1, true)
		}
	case key.Matches(ks, k.LineDown):
		if !e.Down() && c.focus < len(c.d.Posts)-1 {
			c.focusPost(c.focus+1, false)
		}
	case key.Matches(ks, k.WordLeft):
		e.WordLeft()
	case key.Matches(ks, k.WordRight):
		e.WordRight()
	case key.Matches(ks, k.Home):
		e.Home()
	case key.Matches(ks, k.End):
		e.End()
	case key.Matches(ks, k.DocStart):
		e.DocStart()
	case key.Matches(ks, k.DocEnd):
		e.DocEnd()
	case key.Matches(ks, k.PageUp):
		e.Page(-max(1, c.height-4))
	case key.Matches(ks, k.PageDown):
		e.Page(max(1, c.height-4))
	case key.Matches(ks, k.Backspace):
		if e.Cursor() == 0 && c.focus > 0 && e.Text() == "" {
			// Backspace in an empty post removes it, as in a list.
			return c.removeEmpty()
		}
		changed = e.Backspace()
	case key.Matches(ks, k.DeleteFwd):
		changed = e.DeleteForward()
	case key.Matches(ks, k.DeleteWordBack):
		changed = e.DeleteWordBackward()
	case key.Matches(ks, k.DeleteWordFwd):
		changed = e.DeleteWordForward()
	case key.Matches(ks, k.KillToEnd):
		changed = e.DeleteToLineEnd()
	case key.Matches(ks, k.KillToStart):
		changed = e.DeleteToLineStart()
	case key.Matches(ks, k.Newline):
		e.Insert("\n")
		changed = true
	default:
		if msg.Text == "" || msg.Mod&(tea.ModCtrl|tea.ModAlt) != 0 {
			return nil
		}
		e.Insert(msg.Text)
		changed = true
	}
	if changed {
		return c.edited()
	}
	return nil
}

// removeEmpty deletes the focused post, which is empty, and moves to the
// end of the one before.
func (c *composeScreen) removeEmpty() tea.Cmd {
	if err := c.d.DeletePost(c.focus); err != nil {
		return status(err.Error(), levelError)
	}
	c.invalidate()
	c.focusPost(c.focus-1, true)
	return c.changed()
}

func (c *composeScreen) addPost() tea.Cmd {
	at, err := c.d.AddPost(c.focus)
	if err != nil {
		return status(err.Error(), levelError)
	}
	c.invalidate()
	c.focusPost(at, false)
	return c.changed()
}

// split cuts the focused post at the cursor.
func (c *composeScreen) split() tea.Cmd {
	if err := c.d.SplitPost(c.focus, c.ed.Cursor()); err != nil {
		return status(err.Error(), levelError)
	}
	c.invalidate()
	c.focusPost(c.focus+1, false)
	return c.changed()
}

// join appends the next post to the focused one; the cursor goes where the
// two meet.
func (c *composeScreen) join() tea.Cmd {
	at, err := c.d.JoinWithNext(c.focus)
	if err != nil {
		return status(err.Error(), levelError)
	}
	c.invalidate()
	c.focusPost(c.focus, false)
	c.ed.SetCursor(at)
	return c.changed()
}

func (c *composeScreen) move(delta int) tea.Cmd {
	to, err := c.d.MovePost(c.focus, delta)
	if err != nil {
		return status(err.Error(), levelError)
	}
	if to == c.focus {
		return nil
	}
	cur := c.ed.Cursor()
	c.invalidate()
	c.focusPost(to, false)
	c.ed.SetCursor(cur)
	return c.changed()
}

// deletePost removes the focused post; ctrl+z brings it back.
func (c *composeScreen) deletePost() tea.Cmd {
	i := c.focus
	p := c.d.Posts[i].Clone()
	if err := c.d.DeletePost(i); err != nil {
		return status(err.Error(), levelError)
	}
	c.undo = append(c.undo, deletedPost{index: i, post: p})
	c.invalidate()
	c.focusPost(min(i, len(c.d.Posts)-1), false)
	undo := c.env.keys.Undo.Help().Key
	return tea.Batch(c.changed(), status(fmt.Sprintf("post %d deleted · %s brings it back", i+1, undo), levelInfo))
}

func (c *composeScreen) undoDelete() tea.Cmd {
	if len(c.undo) == 0 {
		return nil
	}
	u := c.undo[len(c.undo)-1]
	c.undo = c.undo[:len(c.undo)-1]
	// A deleted only post left an empty one behind; fill it again.
	if len(c.d.Posts) == 1 && c.d.Posts[0].Text == "" && len(c.d.Posts[0].Media) == 0 && c.d.Posts[0].Poll == nil {
		c.d.Posts[0] = u.post
		c.invalidate()
		c.focusPost(0, true)
		return c.changed()
	}
	at, err := c.d.AddPost(min(u.index, len(c.d.Posts)) - 1)
	if err != nil {
		return status(err.Error(), levelError)
	}
	c.d.Posts[at] = u.post
	c.invalidate()
	c.focusPost(at, true)
	return c.changed()
}

// applyEdit applies another screen's change to the draft.
func (c *composeScreen) applyEdit(msg editDraftMsg) tea.Cmd {
	if msg.Apply == nil {
		return nil
	}
	if err := msg.Apply(c.d); err != nil {
		return status(err.Error(), levelError)
	}
	c.invalidate()
	cur := c.ed.Cursor()
	c.focusPost(min(c.focus, len(c.d.Posts)-1), false)
	c.ed.SetCursor(cur)
	cmds := []tea.Cmd{c.changed()}
	if msg.Status != "" {
		cmds = append(cmds, status(msg.Status, levelInfo))
	}
	return tea.Batch(cmds...)
}

// Messages of the compose screen's own commands.
type (
	draftSavedMsg struct {
		state saveState
		err   error
	}
	draftLoadedMsg struct {
		d *draft.Draft
		// readOnly: another window has the draft open.
		readOnly bool
		err      error
	}
)

// waitSave delivers the autosaver's next report.
func (c *composeScreen) waitSave() tea.Cmd {
	ch := c.saver.Events()
	return func() tea.Msg {
		st, ok := <-ch
		if !ok {
			return nil
		}
		switch {
		case st.Err != nil:
			return draftSavedMsg{state: saveFailed, err: st.Err}
		case st.Pending:
			return draftSavedMsg{state: saveSaving}
		}
		return draftSavedMsg{state: saveSaved}
	}
}

// flush returns a Cmd that puts every pending change on disk.
func (c *composeScreen) flush() tea.Cmd {
	if c.saver == nil {
		return nil
	}
	saver := c.saver
	return func() tea.Msg {
		if err := saver.Flush(); err != nil {
			return saveStateMsg{State: saveFailed, Err: err}
		}
		return saveStateMsg{State: saveSaved}
	}
}

// closer returns what to do at exit: save what is pending and stop the
// autosaver, then remove the draft's file if the user emptied it. It is
// called in Update, and what it returns runs in a Cmd.
func (c *composeScreen) closer() func() error {
	saver, store, discard := c.saver, c.store, c.discardable()
	return func() error {
		if saver == nil {
			return nil
		}
		if err := saver.Close(); err != nil {
			return err
		}
		if discard != "" {
			if err := store.Delete(discard); err != nil && !errors.Is(err, draft.ErrNotFound) {
				return err
			}
		}
		return store.ReleaseAll()
	}
}

// load reads a stored draft.
func (c *composeScreen) load(id string) tea.Cmd {
	store := c.store
	return func() tea.Msg {
		if store == nil {
			return draftLoadedMsg{err: errors.New("drafts are not kept in this session: start xpost without --demo to keep them")}
		}
		d, readOnly, err := store.Open(id)
		if err != nil {
			return draftLoadedMsg{err: fmt.Errorf("could not open draft %s: %w", id, err)}
		}
		return draftLoadedMsg{d: d, readOnly: readOnly}
	}
}

// switchTo saves the current draft and opens another.
func (c *composeScreen) switchTo(id string) tea.Cmd {
	if id == c.d.ID {
		return nil
	}
	return tea.Sequence(c.leave(), c.load(id))
}

// leave returns a Cmd that puts the draft being left on disk, or removes
// its file when the user emptied it: an empty draft is not worth a line
// in the drafts list.
func (c *composeScreen) leave() tea.Cmd {
	discard := c.discardable()
	if discard == "" {
		// Once on disk, the draft is let go for other windows.
		return tea.Sequence(c.flush(), c.release(c.d.ID))
	}
	store := c.store
	return tea.Sequence(c.flush(), func() tea.Msg {
		if err := store.Delete(discard); err != nil && !errors.Is(err, draft.ErrNotFound) {
			return statusMsg{Text: "could not remove the empty draft: " + err.Error(), Level: levelWarn}
		}
		return nil
	})
}

// release returns a Cmd that lets go of draft id's lock, so that another
// window may open it; nil when drafts are not kept.
func (c *composeScreen) release(id string) tea.Cmd {
	store := c.store
	if store == nil || id == "" {
		return nil
	}
	return func() tea.Msg {
		// A lock file that cannot be removed is harmless: the lock on
		// it is released all the same.
		store.Release(id)
		return nil
	}
}

// discardable is the id of the draft's file when the draft is empty now
// and so should not be kept, else "".
func (c *composeScreen) discardable() string {
	if c.store == nil || !c.stored || c.readOnly || !emptyDraft(c.d) {
		return ""
	}
	return c.d.ID
}

// emptyDraft reports whether d holds nothing a user would miss: no text,
// media or poll, no reply or quote, nothing published.
func emptyDraft(d *draft.Draft) bool {
	if d.ReplyTo != "" || d.Quote != "" || d.Remaining() < len(d.Posts) {
		return false
	}
	for _, p := range d.Posts {
		if strings.TrimSpace(p.Text) != "" || len(p.Media) > 0 || p.Poll != nil {
			return false
		}
	}
	return true
}

// newDraftMsg asks the compose screen for a fresh draft, leaving the one
// open among the drafts (unless it is empty). Note is the status to show.
type newDraftMsg struct{ Note string }

// newDraft starts a fresh draft. It gets a file once it has content.
func (c *composeScreen) newDraft(note string) tea.Cmd {
	if emptyDraft(c.d) && !c.stored {
		return status("This is a new draft already.", levelInfo)
	}
	leave := c.leave()
	c.setDraft(draft.New(), false)
	return tea.Sequence(leave, status(note, levelInfo))
}

// unfinishedDraftMsg carries the draft the composer continues at start.
type unfinishedDraftMsg struct{ d *draft.Draft }

// findUnfinished looks at the draft edited last: if it holds something
// and is not all on X, the composer continues it rather than start empty,
// since that is where the user left off.
func (c *composeScreen) findUnfinished() tea.Cmd {
	store := c.store
	drafts := c.env.keys.Drafts.Help().Key
	return func() tea.Msg {
		list, _ := store.List() // a damaged file is the drafts screen's to report
		if len(list) == 0 || list[0].Posted >= list[0].Posts || list[0].Schedule != nil {
			// A scheduled draft is the runner's to post: holding it open
			// would keep the runner from it.
			return nil
		}
		d, readOnly, err := store.Open(list[0].ID)
		switch {
		case err != nil:
			return nil
		case readOnly:
			// Two windows do not continue the same draft.
			return statusMsg{Text: "Your last draft is open in another xpost window, so this is a new one · " + drafts + " all drafts", Level: levelInfo}
		case emptyDraft(d) || d.Published():
			store.Release(d.ID)
			return nil
		}
		return unfinishedDraftMsg{d: d}
	}
}

// continueDraft opens d, found at start, unless the user has begun
// something else meanwhile.
func (c *composeScreen) continueDraft(d *draft.Draft) tea.Cmd {
	if c.stored || !emptyDraft(c.d) {
		return c.release(d.ID)
	}
	c.setDraft(d, true)
	c.ed.DocEnd()
	when := relativeTime(d.Updated, c.now())
	switch {
	case when == "now":
		when = "just now"
	case strings.HasSuffix(when, "m"), strings.HasSuffix(when, "h"), strings.HasSuffix(when, "d"):
		when += " ago"
	}
	k := &c.env.keys
	return status(fmt.Sprintf("Continuing your draft from %s · %s new draft · %s all drafts",
		when, k.NewDraft.Help().Key, k.Drafts.Help().Key), levelInfo)
}

// published starts a new draft once the old one is fully on X; the old one
// stays in the store with its journal.
func (c *composeScreen) published(id string) tea.Cmd {
	if id != "" && id != c.d.ID {
		return nil
	}
	old := c.d.ID
	c.setDraft(draft.New(), false)
	return tea.Batch(c.release(old), status("published · a new draft is ready", levelInfo))
}

// editorReadyMsg carries the temp file the external editor opens.
type editorReadyMsg struct {
	post int
	path string
	err  error
}

// editorDoneMsg carries what the external editor left in the file.
type editorDoneMsg struct {
	post int
	text string
	err  error
}

// openEditor writes the focused post to a temp file for $EDITOR.
func (c *composeScreen) openEditor() tea.Cmd {
	if len(c.env.editor) == 0 {
		return status("no editor: set $VISUAL or $EDITOR", levelWarn)
	}
	post, text := c.focus, c.ed.Text()
	return func() tea.Msg {
		f, err := os.CreateTemp("", "xpost-*.txt")
		if err != nil {
			return editorReadyMsg{err: err}
		}
		_, err = f.WriteString(text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(f.Name())
			return editorReadyMsg{err: err}
		}
		return editorReadyMsg{post: post, path: f.Name()}
	}
}

// runEditor hands the terminal to the editor.
func (c *composeScreen) runEditor(msg editorReadyMsg) tea.Cmd {
	if msg.err != nil {
		return status("could not prepare the post for the editor: "+msg.err.Error(), levelError)
	}
	return tea.ExecProcess(editorCommand(c.env.editor, msg.path), func(err error) tea.Msg {
		defer os.Remove(msg.path)
		if err != nil {
			return editorDoneMsg{post: msg.post, err: err}
		}
		// The editor may have left anything there: read it only if it
		// is still a file, and not past what a thread file may hold.
		b, rerr := fsx.ReadFile(msg.path, draft.MaxThreadFile)
		return editorDoneMsg{post: msg.post, text: trimOneNewline(string(b)), err: rerr}
	})
}

// trimOneNewline drops the line feed editors add at the end of a file.
func trimOneNewline(s string) string {
	if n := len(s); n > 0 && s[n-1] == '\n' {
		s = s[:n-1]
		if n := len(s); n > 0 && s[n-1] == '\r' {
			s = s[:n-1]
		}
	}
	return s
}

// editorDone puts the edited text back into its post.
func (c *composeScreen) editorDone(msg editorDoneMsg) tea.Cmd {
	if msg.err != nil {
		return status("the editor failed, the post is unchanged: "+msg.err.Error(), levelError)
	}
	if msg.post >= len(c.d.Posts) {
		return status("the post edited outside is gone; its text was not kept", levelError)
	}
	c.d.Posts[msg.post].Text = textedit.Sanitize(msg.text)
	c.cards[msg.post] = card{}
	if msg.post == c.focus {
		c.ed.SetText(c.d.Posts[msg.post].Text)
		c.ed.DocEnd()
	}
	return c.changed()
}
