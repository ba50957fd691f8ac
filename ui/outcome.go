package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/internal/when"
)

// Outcome is what a session of the composer did, for the one line the
// program prints once the terminal is given back: what was posted, what
// was queued, and the draft left to come back to. The zero Outcome did
// nothing and prints nothing.
type Outcome struct {
	// Published are the publishes that finished, in order.
	Published []Published
	// Scheduled are the times drafts were queued for, in order.
	Scheduled []time.Time
	// Draft is the id of the draft the composer held at the end, when it
	// holds something still to post and is kept on disk; "" otherwise.
	Draft string
	// Demo is set for the demo (xpost --demo): its drafts go with its
	// temporary directory and its posts went to an in-process fake X, so
	// the line says that instead of naming links and drafts that are gone.
	Demo bool
}

// Published is one finished publish: a thread of Posts posts whose first
// is at Link, or an edit of the post at Link.
type Published struct {
	Posts int
	Link  string
	Edit  bool
}

// String is the line to print: "posted 5 posts: LINK", "scheduled for
// Fri 2026-12-04 18:30 CET (+01:00)", "draft saved as ID", joined with
// "; " when the session did more than one; "" when it did nothing. The
// demo always says it ended and that nothing was kept or sent to X.
func (o Outcome) String() string {
	if o.Demo {
		return o.demoString()
	}
	var parts []string
	switch n := len(o.Published); {
	case n == 1:
		parts = append(parts, o.Published[0].String())
	case n > 1:
		posts := 0
		for _, p := range o.Published {
			posts += p.Posts
		}
		parts = append(parts, fmt.Sprintf("published %d times (%s); the last: %s", n,
			human.Count(posts, "post", "posts"), o.Published[n-1].Link))
	}
	switch n := len(o.Scheduled); {
	case n == 1:
		parts = append(parts, "scheduled for "+when.Format(o.Scheduled[0]))
	case n > 1:
		parts = append(parts, fmt.Sprintf("scheduled %d drafts, the last for %s", n, when.Format(o.Scheduled[n-1])))
	}
	if o.Draft != "" {
		parts = append(parts, "draft saved as "+o.Draft)
	}
	return strings.Join(parts, "; ")
}

// demoString is the demo's line: "demo ended: nothing was kept and
// nothing was sent to X", with what went to the demo's fake X.
func (o Outcome) demoString() string {
	line := "demo ended: nothing was kept and nothing was sent to X"
	if len(o.Published) > 0 {
		posts := 0
		for _, p := range o.Published {
			posts += p.Posts
		}
		line += "; posted " + human.Count(posts, "post", "posts") + " to the demo's fake X"
	}
	if n := len(o.Scheduled); n > 0 {
		line += "; queued " + human.Count(n, "draft", "drafts") + " in the demo's queue"
	}
	return line
}

// String is "posted 5 posts: LINK", "posted 1 post: LINK" or "edited
// the post: LINK".
func (p Published) String() string {
	if p.Edit {
		return "edited the post: " + p.Link
	}
	return "posted " + human.Count(p.Posts, "post", "posts") + ": " + p.Link
}

// Outcome is what the session did, once the program has ended: the
// model Run returns holds it.
func (m Model) Outcome() Outcome {
	o := *m.outcome
	o.Draft = m.compose.keptDraft()
	if m.env.demo {
		// The demo's drafts go with its temporary directory.
		o.Draft, o.Demo = "", true
	}
	return o
}

// noteOutcome records what msg tells of the session's outcome; Update
// calls it with every message before routing it.
func (m Model) noteOutcome(msg any) {
	switch msg := msg.(type) {
	case publishDoneMsg:
		s, ok := m.top().(*publishScreen)
		if !ok || msg.err != nil || msg.run != s.run || s.stage != publishDone {
			return
		}
		first, _ := s.d.Posted(0)
		m.outcome.Published = append(m.outcome.Published, Published{Posts: len(s.d.Posts), Link: PostLink(first), Edit: s.d.Edit != nil})
	case draftScheduledMsg:
		m.outcome.Scheduled = append(m.outcome.Scheduled, msg.Schedule.At)
	}
}

// keptDraft is the id of the draft the composer holds, when it is kept
// on disk and holds something still to post; "".
func (c *composeScreen) keptDraft() string {
	if c.store == nil || c.readOnly || emptyDraft(c.d) || c.d.Schedule != nil || c.d.Remaining() == 0 {
		return ""
	}
	return c.d.ID
}
