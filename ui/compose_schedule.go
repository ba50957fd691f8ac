package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/internal/when"
)

// scheduled gives the draft the schedule the schedule screen chose, with
// its media pointed at the queue's copies, saves it and starts a new
// draft: the queued one is let go (its lock released), so a runner can
// post it at its time. It stays among the drafts, editable.
func (c *composeScreen) scheduled(msg draftScheduledMsg) tea.Cmd {
	if c.readOnly || c.saver == nil {
		return status("This draft cannot be queued here: it is not saved in this window", levelError)
	}
	s := msg.Schedule
	c.d.Schedule = &s
	for i := range c.d.Posts {
		for k := range c.d.Posts[i].Media {
			m := &c.d.Posts[i].Media[k]
			if p, ok := msg.Media[m.Path]; ok {
				m.Path = p
			}
		}
	}
	save := c.changed()
	note := "Queued for " + when.Format(s.At) + " · " + c.env.keys.Queue.Help().Key + " lists the queue"
	return tea.Sequence(save, c.newDraft(note))
}
