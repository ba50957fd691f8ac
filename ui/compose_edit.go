package ui

// Editing the thread from the compose screen: the keys that edit the
// focused post's text, and splitting, joining, moving and deleting posts.

import (
	"fmt"
	"reflect"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/textcount"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

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
	if c.editsText(msg, ks) {
		if cmd := c.refusePublished(); cmd != nil {
			return cmd
		}
	}
	changed, kind := false, editAlone
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
		changed, kind = e.Backspace(), editBackspace
	case key.Matches(ks, k.DeleteFwd):
		changed, kind = e.DeleteForward(), editDelete
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
		changed, kind = true, editType
	default:
		if msg.Text == "" || msg.Mod&(tea.ModCtrl|tea.ModAlt) != 0 {
			return nil
		}
		e.Insert(msg.Text)
		changed, kind = true, editType
	}
	if changed {
		c.recordEdit(kind)
		return c.edited()
	}
	return nil
}

// removeEmpty deletes the focused post, which is empty, and moves to the
// end of the one before.
func (c *composeScreen) removeEmpty() tea.Cmd {
	mark := c.markThread()
	if err := c.d.DeletePost(c.focus); err != nil {
		return status(err.Error(), levelError)
	}
	c.invalidate()
	c.focusPost(c.focus-1, true)
	c.recordThread(mark, fmt.Sprintf("empty post %d removed", mark.focus+1))
	return c.changed()
}

func (c *composeScreen) addPost() tea.Cmd {
	mark := c.markThread()
	at, err := c.d.AddPost(c.focus)
	if err != nil {
		return status(err.Error(), levelError)
	}
	c.invalidate()
	c.focusPost(at, false)
	c.recordThread(mark, fmt.Sprintf("new post %d", at+1))
	return c.changed()
}

// split cuts the focused post at the cursor.
func (c *composeScreen) split() tea.Cmd {
	mark := c.markThread()
	if err := c.d.SplitPost(c.focus, c.ed.Cursor()); err != nil {
		return status(err.Error(), levelError)
	}
	c.invalidate()
	c.focusPost(c.focus+1, false)
	c.recordThread(mark, fmt.Sprintf("post %d split in two", mark.focus+1))
	return c.changed()
}

// join appends the next post to the focused one; the cursor goes where the
// two meet.
func (c *composeScreen) join() tea.Cmd {
	mark := c.markThread()
	at, err := c.d.JoinWithNext(c.focus)
	if err != nil {
		return status(err.Error(), levelError)
	}
	c.invalidate()
	c.focusPost(c.focus, false)
	c.ed.SetCursor(at)
	c.recordThread(mark, fmt.Sprintf("posts %d and %d joined", c.focus+1, c.focus+2))
	return c.changed()
}

func (c *composeScreen) move(delta int) tea.Cmd {
	mark := c.markThread()
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
	c.recordThread(mark, fmt.Sprintf("post %d moved to %d", mark.focus+1, to+1))
	return c.changed()
}

// deletePost removes the focused post; ctrl+z brings it back.
func (c *composeScreen) deletePost() tea.Cmd {
	i := c.focus
	mark := c.markThread()
	if err := c.d.DeletePost(i); err != nil {
		return status(err.Error(), levelError)
	}
	c.invalidate()
	c.focusPost(min(i, len(c.d.Posts)-1), false)
	c.recordThread(mark, fmt.Sprintf("post %d deleted", i+1))
	undo := c.env.keys.Undo.Help().Key
	return tea.Batch(c.changed(), status(fmt.Sprintf("post %d deleted · %s brings it back", i+1, undo), levelInfo))
}

// threadify splits the focused post into as many posts as its text needs,
// at paragraph, sentence or word ends; ctrl+z puts it back as one.
func (c *composeScreen) threadify() tea.Cmd {
	if !c.overLimit(c.focus) {
		return status(fmt.Sprintf("post %d fits in one post: nothing to split", c.focus+1), levelInfo)
	}
	mark := c.markThread()
	n, err := c.d.SplitLongPost(c.focus, c.config())
	if err != nil {
		return status(err.Error(), levelError)
	}
	c.invalidate()
	c.focusPost(c.focus, false)
	c.recordThread(mark, fmt.Sprintf("post %d split into %d posts", c.focus+1, n))
	undo := c.env.keys.Undo.Help().Key
	return tea.Batch(c.changed(), status(fmt.Sprintf("post %d split into %d posts · %s puts it back as one", c.focus+1, n, undo), levelInfo))
}

// toggleNumbering turns 1/n numbering on or off, as one step of the
// history when turning it on cut posts again (fitNumbering).
func (c *composeScreen) toggleNumbering() tea.Cmd {
	mark := c.markThread()
	c.d.Numbering = !c.d.Numbering
	c.invalidate()
	if !c.d.Numbering {
		return tea.Batch(c.changed(), status("numbering off", levelInfo))
	}
	msg, level, changed := c.fitNumbering()
	if changed {
		c.recordThread(mark, "posts cut again for their numbers")
	}
	return tea.Batch(c.changed(), status(msg, level))
}

// fitNumbering follows numbering being turned on: the posts its " i/n"
// would push past the limit (a thread just cut to fill its posts) are cut
// again so that each fits with its number (draft.FitNumbering). It
// returns the note to show, its level, and whether the posts changed (the
// caller records the step); a post that cannot be cut is named with how
// far over it is.
func (c *composeScreen) fitNumbering() (string, statusLevel, bool) {
	changed, over := c.d.FitNumbering(c.config())
	msg, level := "numbering on: each post ends with 1/n, which counts against the limit", levelInfo
	if changed {
		c.invalidate()
		c.focusPost(min(c.focus, len(c.d.Posts)-1), false)
		msg = fmt.Sprintf("numbering on: posts cut again so each fits with its number, now %s · %s puts them back",
			human.Count(len(c.d.Posts), "post", "posts"), c.env.keys.Undo.Help().Key)
	}
	if len(over) > 0 {
		parts := make([]string, 0, len(over))
		for _, o := range over {
			parts = append(parts, fmt.Sprintf("post %d by %s", o.Post+1, human.Count(o.By, "character", "characters")))
		}
		msg = "numbering on, but its number puts " + human.And(parts) + " over the limit, with nowhere to cut: shorten it"
		if len(over) > 1 {
			msg = "numbering on, but their numbers put " + human.And(parts) + " over the limit, with nowhere to cut: shorten them"
		}
		level = levelWarn
	}
	return msg, level, changed
}

// overLimit reports whether post i's text, as it would be sent, is longer
// than the account's limit.
func (c *composeScreen) overLimit(i int) bool {
	cfg := c.config()
	return textcount.ParseWith(c.d.TextForPublish(i), cfg).WeightedLength > cfg.MaxWeightedTweetLength
}

// applyEdit applies another screen's change to the draft.
func (c *composeScreen) applyEdit(msg editDraftMsg) tea.Cmd {
	if msg.Apply == nil {
		return nil
	}
	mark := c.markThread()
	numbered := c.d.Numbering
	if err := msg.Apply(c.d); err != nil {
		return status(err.Error(), levelError)
	}
	c.invalidate()
	cur := c.ed.Cursor()
	c.focusPost(min(c.focus, len(c.d.Posts)-1), false)
	c.ed.SetCursor(cur)
	var fit tea.Cmd
	if !numbered && c.d.Numbering {
		// Numbering turned on elsewhere (the settings): as alt+n does.
		note, level, _ := c.fitNumbering()
		fit = status(note, level)
	}
	if !reflect.DeepEqual(mark.posts, c.d.Posts) {
		// Media, a poll or alt text changed: a step of the history.
		// Changes outside the posts (the journal of a publish) are not.
		what := msg.Status
		if what == "" {
			what = "change of the thread"
		}
		c.recordThread(mark, what)
	}
	cmds := []tea.Cmd{c.changed()}
	switch {
	case fit != nil:
		// The note about numbering says more than "saved".
		cmds = append(cmds, fit)
	case msg.Status != "":
		cmds = append(cmds, status(msg.Status, levelInfo))
	}
	return tea.Batch(cmds...)
}

// editsText reports whether msg would change the focused post's text.
func (c *composeScreen) editsText(msg tea.KeyPressMsg, ks keyString) bool {
	k := &c.env.keys
	for _, b := range []key.Binding{k.Backspace, k.DeleteFwd, k.DeleteWordBack, k.DeleteWordFwd, k.KillToEnd, k.KillToStart, k.Newline} {
		if key.Matches(ks, b) {
			return true
		}
	}
	for _, b := range []key.Binding{k.Left, k.Right, k.LineUp, k.LineDown, k.WordLeft, k.WordRight, k.Home, k.End, k.DocStart, k.DocEnd, k.PageUp, k.PageDown} {
		if key.Matches(ks, b) {
			return false
		}
	}
	return msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0
}

// refusePublished says why the focused post cannot change when X has it
// already, or returns nil. An edit here would never reach X, and the
// publish that followed would only report the post as published.
func (c *composeScreen) refusePublished() tea.Cmd {
	return c.refusePublishedPost(c.focus)
}

// refusePublishedPost is refusePublished for post i.
func (c *composeScreen) refusePublishedPost(i int) tea.Cmd {
	id, ok := c.d.Posted(i)
	if !ok {
		return nil
	}
	k := &c.env.keys
	return status(fmt.Sprintf("post %d is already published (%s) and X does not let a post be edited: edit the posts after it, or delete it in recent posts (%s) and post it again", i+1, id, k.Recent.Help().Key), levelWarn)
}
