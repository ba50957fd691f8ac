package ui

// The thread map in the header of the composer: one mark a post, so that
// in a long thread the user sees which post they are in, which ones are
// past the limit or have another problem, which are published, and how
// many posts are above and below the screen. Every state has a mark that
// is not a colour, so NO_COLOR and monochrome terminals show it too:
//
//	posts 1 2 [3] 4! 5 6✓  ↑2 ↓3
//
// [3] is the post being edited, 4! has a problem (past the limit, a
// character X refuses, empty, a poll with media), 6✓ is published; ↑2
// and ↓3 are the posts (wholly or partly) above and below the screen.

import (
	"strconv"
	"strings"
)

// minimapFrom is the length from which a thread shows its map: shorter
// threads fit on the screen, and their cards say as much.
const minimapFrom = 3

// postMark is what the map shows of one post.
type postMark struct {
	focus, problem, published bool
}

// marks are the states of the thread's posts.
func (c *composeScreen) marks() []postMark {
	limit := c.env.Limit()
	out := make([]postMark, len(c.d.Posts))
	for i, p := range c.d.Posts {
		_, posted := c.d.Posted(i)
		empty := strings.TrimSpace(p.Text) == "" && len(p.Media) == 0 && p.Poll == nil
		out[i] = postMark{
			focus:     i == c.focus,
			published: posted,
			problem: !posted && (counterLevel(c.count(i), limit, p.Text) == levelError ||
				empty || (p.Poll != nil && len(p.Media) > 0)),
		}
	}
	return out
}

// offScreen counts the posts above and below the lines View last showed,
// wholly or in part, the focused one left out.
func (c *composeScreen) offScreen() (above, below int) {
	if c.height <= 0 {
		return 0, 0
	}
	line := 0
	for i := range c.d.Posts {
		h := c.focusH
		if i != c.focus {
			h = len(c.cachedCard(i))
		}
		if i != c.focus {
			if line < c.offset {
				above++
			} else if line+h > c.offset+c.height {
				below++
			}
		}
		line += h
	}
	return above, below
}

// threadMap is the map for the header in at most room cells, "" when the
// thread is short and all of it is on screen, or when nothing fits. When
// every post cannot have its number, those far from the focus give way
// to "…".
func (c *composeScreen) threadMap(room int) string {
	above, below := c.offScreen()
	n := len(c.d.Posts)
	if n < minimapFrom && above == 0 && below == 0 {
		return ""
	}
	st := &c.env.styles
	m := c.env.method
	scroll := ""
	if above > 0 {
		scroll += "↑" + strconv.Itoa(above)
	}
	if below > 0 {
		if scroll != "" {
			scroll += " "
		}
		scroll += "↓" + strconv.Itoa(below)
	}
	marks := c.marks()
	if c.env.accessible {
		return c.threadWords(marks, above, below, room)
	}
	item := func(i int) string {
		s := strconv.Itoa(i + 1)
		switch mk := marks[i]; {
		case mk.problem:
			s = st.Error.Render(s + "!")
		case mk.published:
			s = st.Subtle.Render(s + iconDone)
		}
		if marks[i].focus {
			s = st.Accent.Render("[") + s + st.Accent.Render("]")
		}
		return s
	}
	// The window of posts shown grows around the focus while it fits.
	lo, hi := c.focus, c.focus
	draw := func(lo, hi int) string {
		var b strings.Builder
		b.WriteString(st.Subtle.Render("posts"))
		if lo > 0 {
			b.WriteString(" …")
		}
		for i := lo; i <= hi; i++ {
			b.WriteString(" " + item(i))
		}
		if hi < n-1 {
			b.WriteString(" …")
		}
		if scroll != "" {
			b.WriteString("  " + st.Subtle.Render(scroll))
		}
		return b.String()
	}
	best := draw(lo, hi)
	if cellWidth(best, m) > room {
		if cellWidth(scroll, m) <= room {
			return st.Subtle.Render(scroll)
		}
		return ""
	}
	for grew := true; grew; {
		grew = false
		if hi < n-1 {
			if s := draw(lo, hi+1); cellWidth(s, m) <= room {
				hi, best, grew = hi+1, s, true
			}
		}
		if lo > 0 {
			if s := draw(lo-1, hi); cellWidth(s, m) <= room {
				lo, best, grew = lo-1, s, true
			}
		}
	}
	return best
}

// threadWords is the map in words, for the accessible mode: "post 6 of
// 10 · problems in 4, 7, 9 · 1 above, 4 below", shortened from the end to
// fit room.
func (c *composeScreen) threadWords(marks []postMark, above, below, room int) string {
	var problems []string
	for i, mk := range marks {
		if mk.problem {
			problems = append(problems, strconv.Itoa(i+1))
		}
	}
	parts := []string{"post " + strconv.Itoa(c.focus+1) + " of " + strconv.Itoa(len(marks))}
	if len(problems) > 0 {
		parts = append(parts, "problems in "+strings.Join(problems, ", "))
	}
	if above > 0 || below > 0 {
		parts = append(parts, strconv.Itoa(above)+" above, "+strconv.Itoa(below)+" below")
	}
	for n := len(parts); n > 0; n-- {
		if s := strings.Join(parts[:n], " · "); cellWidth(s, c.env.method) <= room {
			return c.env.styles.Subtle.Render(s)
		}
	}
	return ""
}
