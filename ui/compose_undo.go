package ui

// Undo and redo: one history per open draft holding every change of it,
// text and thread alike, in the order they were made. Typing is grouped
// by word, as editors do: a run of typed characters is one step until a
// word starts after a space or punctuation, the cursor moves, or another
// kind of edit comes; backspaces and forward deletes group the same way.
// A paste, a word or line deletion and every change of the thread (new,
// split, joined, moved, deleted post, the split into a thread, the thread
// read back from $EDITOR, a change made on another screen) is a step of
// its own. The history is bounded by steps and by bytes; the oldest steps
// go first.

import (
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/ui/draft"
)

const (
	// maxUndoSteps and maxUndoBytes bound the history of one draft.
	maxUndoSteps = 1000
	maxUndoBytes = 4 << 20
	// maxGroupBytes ends a group of typing that runs on without a word
	// boundary, so that merging into it stays cheap.
	maxGroupBytes = 1 << 10
	// stepOverhead is what a step costs beyond its text, roughly.
	stepOverhead = 96
)

// editKind is what made a text edit, which decides what it groups with.
type editKind uint8

const (
	editAlone     editKind = iota // a step of its own
	editType                      // typed characters
	editBackspace                 // characters deleted backwards
	editDelete                    // characters deleted forwards
)

// undoStep is one step of the history: a text edit of one post or, when
// before is set, a change of the thread.
type undoStep struct {
	// The text edit: in post, removed at at became inserted.
	post              int
	at                int
	removed, inserted string
	kind              editKind

	// The thread change: the posts before and after it, and what it was
	// ("post 2 deleted"), for the message.
	before, after []draft.Post
	what          string

	// Where the focus and the cursor were before and after the step.
	focusBefore, focusAfter int
	curBefore, curAfter     int

	// sealed steps take no more edits into their group.
	sealed bool
}

// size is about how much memory the step holds.
func (s *undoStep) size() int {
	n := stepOverhead + len(s.removed) + len(s.inserted)
	for _, ps := range [][]draft.Post{s.before, s.after} {
		for _, p := range ps {
			n += stepOverhead + len(p.Text)
		}
	}
	return n
}

// history is a draft's undo and redo stacks.
type history struct {
	undo, redo []undoStep
	bytes      int
}

// push records a step; it clears what could be redone.
func (h *history) push(s undoStep) {
	for i := range h.redo {
		h.bytes -= h.redo[i].size()
	}
	clear(h.redo)
	h.redo = h.redo[:0]
	if n := len(h.undo); n > 0 && h.merge(&h.undo[n-1], s) {
		return
	}
	h.undo = append(h.undo, s)
	h.bytes += s.size()
	for len(h.undo) > 1 && (len(h.undo) > maxUndoSteps || h.bytes > maxUndoBytes) {
		h.bytes -= h.undo[0].size()
		h.undo[0] = undoStep{}
		h.undo = h.undo[1:]
	}
}

// merge adds s to last when both belong to one group, and reports
// whether it did.
func (h *history) merge(last *undoStep, s undoStep) bool {
	if last.sealed || last.before != nil || s.kind == editAlone || last.kind != s.kind ||
		last.post != s.post || last.curAfter != s.curBefore ||
		len(last.inserted)+len(last.removed) >= maxGroupBytes {
		return false
	}
	old := last.size()
	switch s.kind {
	case editType:
		if s.removed != "" || last.removed != "" || s.at != last.at+len(last.inserted) ||
			wordStarts(lastRune(last.inserted), firstRune(s.inserted)) {
			return false
		}
		last.inserted += s.inserted
	case editBackspace:
		if s.inserted != "" || s.at+len(s.removed) != last.at ||
			wordStarts(firstRune(last.removed), firstRune(s.removed)) {
			return false
		}
		last.removed = s.removed + last.removed
		last.at = s.at
	case editDelete:
		if s.inserted != "" || s.at != last.at ||
			wordStarts(lastRune(last.removed), firstRune(s.removed)) {
			return false
		}
		last.removed += s.removed
	}
	last.curAfter, last.focusAfter = s.curAfter, s.focusAfter
	h.bytes += last.size() - old
	return true
}

// seal ends the group being typed: the next edit is a new step.
func (h *history) seal() {
	if n := len(h.undo); n > 0 {
		h.undo[n-1].sealed = true
	}
}

// wordStarts reports whether next, coming after prev in the order the
// group was made, starts a new word: a group is a word and the spaces
// and punctuation after it ("hello, " then "world").
func wordStarts(prev, next rune) bool { return !isWordRune(prev) && isWordRune(next) }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_'
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// recordEdit records the edit the editor just made in the focused post.
func (c *composeScreen) recordEdit(kind editKind) {
	if c.ed.Edits() == c.recorded {
		return // nothing changed
	}
	c.recorded = c.ed.Edits()
	e := c.ed.LastEdit()
	c.hist.push(undoStep{
		post: c.focus, at: e.At, removed: e.Removed, inserted: e.Inserted, kind: kind,
		focusBefore: c.focus, focusAfter: c.focus,
		curBefore: e.CursorBefore, curAfter: c.ed.Cursor(),
		sealed: kind == editAlone,
	})
}

// threadMark is the thread as it was before a change of it, taken by
// markThread and recorded by recordThread once the change is made.
type threadMark struct {
	posts      []draft.Post
	focus, cur int
}

// markThread takes the thread as it is, before a change of it.
func (c *composeScreen) markThread() threadMark {
	return threadMark{posts: clonePosts(c.d.Posts), focus: c.focus, cur: c.ed.Cursor()}
}

// recordThread records the change of the thread made since m was taken;
// what names it in the messages of undo and redo.
func (c *composeScreen) recordThread(m threadMark, what string) {
	c.hist.push(undoStep{
		before: m.posts, after: clonePosts(c.d.Posts), what: what,
		focusBefore: m.focus, focusAfter: c.focus,
		curBefore: m.cur, curAfter: c.ed.Cursor(),
		sealed: true,
	})
}

func clonePosts(posts []draft.Post) []draft.Post {
	out := make([]draft.Post, len(posts))
	for i, p := range posts {
		out[i] = p.Clone()
	}
	return out
}

// undo takes back the last step.
func (c *composeScreen) undo() tea.Cmd {
	h := &c.hist
	if len(h.undo) == 0 {
		return status("nothing to undo", levelInfo)
	}
	s := h.undo[len(h.undo)-1]
	if cmd := c.apply(s, true); cmd != nil {
		return cmd
	}
	h.undo = h.undo[:len(h.undo)-1]
	h.seal() // typing after an undo starts a step of its own
	s.sealed = true
	h.redo = append(h.redo, s)
	return c.stepDone(s, "undone: ")
}

// redo makes again the last step undone.
func (c *composeScreen) redo() tea.Cmd {
	h := &c.hist
	if len(h.redo) == 0 {
		return status("nothing to redo", levelInfo)
	}
	s := h.redo[len(h.redo)-1]
	if cmd := c.apply(s, false); cmd != nil {
		return cmd
	}
	h.redo = h.redo[:len(h.redo)-1]
	s.sealed = true
	h.undo = append(h.undo, s)
	return c.stepDone(s, "redone: ")
}

// stepDone reports a step undone or redone: the draft changed, and a
// change of the thread says what it was.
func (c *composeScreen) stepDone(s undoStep, verb string) tea.Cmd {
	if s.before == nil {
		return c.edited()
	}
	return tea.Batch(c.changed(), status(verb+s.what, levelInfo))
}

// apply puts the draft as it was before step s (back) or after it, or
// says why it cannot, leaving the draft as it is.
func (c *composeScreen) apply(s undoStep, back bool) tea.Cmd {
	focus, cur := s.focusAfter, s.curAfter
	if back {
		focus, cur = s.focusBefore, s.curBefore
	}
	if s.before != nil {
		posts := s.after
		if back {
			posts = s.before
		}
		if err := c.d.RestorePosts(posts); err != nil {
			return status(err.Error(), levelWarn)
		}
		c.invalidate()
		c.focusPost(min(focus, len(c.d.Posts)-1), false)
		c.ed.SetCursor(cur)
		return nil
	}
	// A text edit: what is there now must be what the step left.
	from, now, then := s.at, s.inserted, s.removed
	if !back {
		now, then = then, now
	}
	if s.post >= len(c.d.Posts) {
		c.hist = history{}
		return status("the thread changed since: nothing more to undo", levelWarn)
	}
	text := c.d.Posts[s.post].Text
	if from+len(now) > len(text) || text[from:from+len(now)] != now {
		c.hist = history{}
		return status("the post changed since: nothing more to undo", levelWarn)
	}
	if _, ok := c.d.Posted(s.post); ok {
		return c.refusePublishedPost(s.post)
	}
	if c.focus != s.post {
		c.focusPost(s.post, false)
	}
	c.ed.Replace(from, from+len(now), then)
	c.ed.SetCursor(cur)
	return nil
}
