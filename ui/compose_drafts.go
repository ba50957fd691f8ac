package ui

// The compose screen's draft on disk: saving, closing, switching to
// another draft, starting a new one, continuing an unfinished one.

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/ui/draft"
)

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
	if c.saver == nil || !c.stored {
		return nil // nothing is written, so the bar must not say saved
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
	return tea.Batch(c.release(old), status("Published; a new draft is ready.", levelInfo))
}
