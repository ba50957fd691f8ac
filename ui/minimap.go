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
	"slices"
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

// marks are the states of the thread's posts, in a slice the screen
// reuses from frame to frame.
func (c *composeScreen) marks() []postMark {
	limit := c.env.Limit()
	out := c.mapMemo.marksBuf[:0]
	for i, p := range c.d.Posts {
		_, posted := c.d.Posted(i)
		empty := strings.TrimSpace(p.Text) == "" && len(p.Media) == 0 && p.Poll == nil
		out = append(out, postMark{
			focus:     i == c.focus,
			published: posted,
			problem: !posted && (counterLevel(c.count(i), limit, p.Text) == levelError ||
				empty || (p.Poll != nil && len(p.Media) > 0)),
		})
	}
	c.mapMemo.marksBuf = out
	return out
}

// threadMapMemo keeps the last map drawn and what it was drawn from: the
// header asks for the map on every frame, and on most keystrokes nothing
// it shows has changed. Drawing it styles a mark a post, which in a long
// thread cost more than the rest of the keystroke.
type threadMapMemo struct {
	marksBuf []postMark // the slice marks fills
	marks    []postMark // the marks the map was drawn from
	above    int
	below    int
	room     int
	words    bool // drawn in words, for the accessible mode
	ok       bool
	out      string
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
	marks := c.marks()
	mm := &c.mapMemo
	if mm.ok && mm.above == above && mm.below == below && mm.room == room && mm.words == c.env.accessible && slices.Equal(mm.marks, marks) {
		return mm.out
	}
	var out string
	if c.env.accessible {
		out = c.threadWords(marks, above, below, room)
	} else {
		out = c.drawThreadMap(marks, above, below, room)
	}
	mm.marks = append(mm.marks[:0], marks...)
	mm.above, mm.below, mm.room, mm.words, mm.ok, mm.out = above, below, room, c.env.accessible, true, out
	return out
}

// forgetThreadMap makes the next frame draw the map anew after a change
// of styles or of the width rule, which the memo's key does not hold.
func (c *composeScreen) forgetThreadMap() { c.mapMemo.ok = false }

// drawThreadMap draws the map from the posts' marks: the window of posts
// shown grows around the focus, a post at a time on each side, while it
// fits in room. Each mark is styled and measured once.
func (c *composeScreen) drawThreadMap(marks []postMark, above, below, room int) string {
	st := &c.env.styles
	m := c.env.method
	n := len(marks)
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
	items := make([]string, n)
	widths := make([]int, n)
	for i, mk := range marks {
		s := strconv.Itoa(i + 1)
		switch {
		case mk.problem:
			s = st.Error.Render(s + "!")
		case mk.published:
			s = st.Subtle.Render(s + iconDone)
		}
		if mk.focus {
			s = st.Accent.Render("[") + s + st.Accent.Render("]")
		}
		items[i] = " " + s
		widths[i] = cellWidth(items[i], m)
	}
	head := st.Subtle.Render("posts")
	const more = " …"
	tail := ""
	if scroll != "" {
		tail = "  " + st.Subtle.Render(scroll)
	}
	headW, moreW, tailW := cellWidth(head, m), cellWidth(more, m), cellWidth(tail, m)
	width := func(lo, hi, sum int) int {
		w := headW + sum + tailW
		if lo > 0 {
			w += moreW
		}
		if hi < n-1 {
			w += moreW
		}
		return w
	}
	lo, hi := c.focus, c.focus
	sum := widths[c.focus]
	if width(lo, hi, sum) > room {
		if cellWidth(scroll, m) <= room {
			return st.Subtle.Render(scroll)
		}
		return ""
	}
	for grew := true; grew; {
		grew = false
		if hi < n-1 && width(lo, hi+1, sum+widths[hi+1]) <= room {
			hi, sum, grew = hi+1, sum+widths[hi+1], true
		}
		if lo > 0 && width(lo-1, hi, sum+widths[lo-1]) <= room {
			lo, sum, grew = lo-1, sum+widths[lo-1], true
		}
	}
	var b strings.Builder
	b.WriteString(head)
	if lo > 0 {
		b.WriteString(more)
	}
	for i := lo; i <= hi; i++ {
		b.WriteString(items[i])
	}
	if hi < n-1 {
		b.WriteString(more)
	}
	b.WriteString(tail)
	return b.String()
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
