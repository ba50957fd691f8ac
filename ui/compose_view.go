package ui

import (
	"path/filepath"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/xpostdev/xpost/internal/grapheme"
	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/textcount"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/ui/internal/textedit"
)

// maxCardWidth keeps lines readable on wide terminals, as X's own column
// does.
const maxCardWidth = 100

// warnWithin is how close to the limit the counter turns to a warning.
const warnWithin = 20

// View draws the thread: the cards around the focused one, scrolled so that
// the focused card (and in it the cursor) is on screen.
func (c *composeScreen) View(width, height int) string {
	if height <= 0 || width <= 0 {
		return ""
	}
	cw := min(width, maxCardWidth)
	if cw != c.width {
		c.width = cw
		c.stylesChanged()
		c.ed.SetWidth(c.editorWidth())
	}
	c.height = height

	focused := c.renderCard(c.focus, true, height)
	pictures := c.thumbPictures(cw - 4)
	focused, band := c.withThumbBand(focused, height, pictures)
	c.focusH = len(focused)
	top, total := 0, 0
	for i := range c.d.Posts {
		if i == c.focus {
			top = total
			total += len(focused)
			continue
		}
		total += len(c.cachedCard(i))
	}
	// Keep the focused card in view, and no empty space under the thread
	// while there is thread above.
	if top < c.offset {
		c.offset = top
	}
	if bottom := top + len(focused); bottom > c.offset+height {
		c.offset = bottom - height
	}
	c.offset = max(0, min(c.offset, total-height))
	c.caret.y += top - c.offset
	if y := top - c.offset + band; band >= 0 && y >= 0 && y+composeThumbRows <= height {
		c.placeThumbBand(pictures, y)
	}

	out := make([]string, 0, height)
	line := 0
	for i := range c.d.Posts {
		lines := focused
		if i != c.focus {
			lines = c.cachedCard(i)
		}
		if line+len(lines) <= c.offset {
			line += len(lines)
			continue
		}
		for _, l := range lines {
			if line >= c.offset && len(out) < height {
				out = append(out, l)
			}
			line++
		}
		if len(out) >= height {
			break
		}
	}
	return strings.Join(out, "\n")
}

// Cursor is the insertion point of the focused post, as View drew it.
func (c *composeScreen) Cursor() (x, y int, ok bool) {
	return c.caret.x, c.caret.y, c.caret.ok && c.caret.y >= 0 && c.caret.y < c.height
}

// editorWidth is the width the text of a card wraps at: the card minus its
// border and padding, minus one cell where the cursor can sit after the
// last character of a full line.
func (c *composeScreen) editorWidth() int {
	w := c.width
	if w == 0 {
		w = 80
	}
	return max(1, w-5)
}

// cachedCard returns post i's card as it looks unfocused.
func (c *composeScreen) cachedCard(i int) []string {
	c.count(i) // drops the lines if the text changed
	if c.cards[i].lines == nil {
		c.cards[i].lines = c.renderCard(i, false, 0)
	}
	return c.cards[i].lines
}

// renderCard draws post i. A focused card shows the editor, at most
// maxHeight lines tall; an unfocused one shows all of its text.
func (c *composeScreen) renderCard(i int, focused bool, maxHeight int) []string {
	st := &c.env.styles
	p := c.d.Posts[i]
	res := c.count(i)
	inner := c.width - 4

	edge := c.edgesFor(focused)
	left, right := edge.left, edge.right

	var meta []string
	if i == 0 {
		meta = append(meta, c.referenceLines()...)
	}
	var attach []string
	for _, m := range p.Media {
		attach = append(attach, mediaLine(m))
	}
	if p.Poll != nil {
		attach = append(attach, pollLine(p.Poll))
	}

	overflowAt := -1
	if !res.Valid {
		overflowAt = overflowOffset(c.d, i, res)
	}
	suffix := c.d.NumberSuffix(i)

	var body []string
	if focused {
		textH := c.ed.LineCount()
		if maxHeight > 0 {
			textH = max(1, min(textH, maxHeight-2-len(meta)-len(attach)))
		}
		body = c.ed.Render(st.textField(), textH, overflowAt, suffix, true)
		row, col := c.ed.CursorCell()
		c.caret = caret{x: 2 + min(col, inner), y: 1 + len(meta) + row, ok: true}
	} else {
		body = textedit.Draw(st.textField(), p.Text, c.editorWidth(), c.env.method, overflowAt, suffix)
	}
	if p.Text == "" && len(body) == 1 && suffix == "" {
		hint := "empty post"
		if focused {
			hint = "What's happening?"
			if i > 0 {
				hint = "Add another post"
			}
			body[0] = st.Placeholder.Render(hint)
		} else {
			body[0] = st.Placeholder.Render(hint)
		}
	}

	lines := make([]string, 0, len(meta)+len(body)+len(attach)+2)
	lines = append(lines, c.topBorder(i, res, edge))
	pad := func(s string) string {
		w := cellWidth(s, c.env.method)
		if w > inner {
			s = truncate(s, inner, "…", c.env.method)
			w = cellWidth(s, c.env.method)
		}
		return left + s + strings.Repeat(" ", max(0, inner-w)) + right
	}
	for _, l := range meta {
		lines = append(lines, pad(st.Attachment.Render(l)))
	}
	for _, l := range body {
		if !focused {
			lines = append(lines, pad(l))
			continue
		}
		// The focused card is drawn on every keystroke, and most of its
		// lines are those of the frame before: measuring them again
		// cost more than the edit.
		p, ok := c.padded.Get(l)
		if !ok {
			p = pad(l)
			c.padded.Put(l, p)
		}
		lines = append(lines, p)
	}
	if focused {
		c.padded.NextFrame()
	}
	for _, l := range attach {
		lines = append(lines, pad(st.Attachment.Render(truncate(l, inner, "…", c.env.method))))
	}
	lines = append(lines, edge.bottom)
	return lines
}

// cardEdges are a card's border drawn, which keystrokes do not change:
// drawing them with Lip Gloss on every one cost more than the text.
// stylesChanged drops them, as a change of width does.
type cardEdges struct {
	valid               bool
	style               lipgloss.Style
	left, right, bottom string
	open, close         string // the top edge's corners
	// fillLine is the top edge's line between title and counter, fill
	// cells long; it changes with the counter's width.
	fill     int
	fillLine string
}

// edgesFor returns the edges of a focused or unfocused card.
func (c *composeScreen) edgesFor(focused bool) *cardEdges {
	e := &c.edges[0]
	if focused {
		e = &c.edges[1]
	}
	if e.valid {
		return e
	}
	st := &c.env.styles
	border := st.Card
	if focused {
		border = st.CardFocused
	}
	edge := st.Faint.Foreground(border.GetBorderTopForeground())
	if c.env.accessible {
		// No lines drawn: the text is indented as it would be inside
		// the border, and the top edge is a heading (topBorder).
		*e = cardEdges{valid: true, style: edge, left: "  ", right: "  ", fill: -1}
		return e
	}
	*e = cardEdges{
		valid:  true,
		style:  edge,
		left:   edge.Render("│") + " ",
		right:  " " + edge.Render("│"),
		bottom: edge.Render("╰" + strings.Repeat("─", max(0, c.width-2)) + "╯"),
		open:   edge.Render("╭─"),
		close:  edge.Render("─╮"),
		fill:   -1,
	}
	return e
}

// fillOf returns the top edge's line of fill cells.
func (e *cardEdges) fillOf(fill int) string {
	if fill != e.fill {
		e.fill, e.fillLine = fill, e.style.Render(strings.Repeat("─", fill))
	}
	return e.fillLine
}

// topBorder is the card's top edge with the post's place in the thread on
// the left and its counter on the right.
func (c *composeScreen) topBorder(i int, res textcount.Result, edge *cardEdges) string {
	st := &c.env.styles
	limit := c.env.Limit()
	counter := strconv.Itoa(res.WeightedLength) + "/" + strconv.Itoa(limit)
	cs := st.Counter
	switch counterLevel(res, limit, c.d.Posts[i].Text) {
	case levelError:
		cs = st.CounterBad
		if res.WeightedLength > limit {
			counter += " · " + strconv.Itoa(res.WeightedLength-limit) + " over"
		} else {
			counter += " · invalid character"
		}
	case levelWarn:
		cs = st.CounterWarn
	}
	if c.env.accessible {
		return c.heading(i, res, cs, edge == &c.edges[1])
	}
	title := ""
	if n := len(c.d.Posts); n > 1 {
		title = strconv.Itoa(i+1) + "/" + strconv.Itoa(n)
	}
	if id, ok := c.d.Posted(i); ok {
		title += " · published " + id
	}
	// ╭─ title ───── counter ─╮
	used := 2 + 2 + cellWidth(counter, c.env.method) + 2
	if title != "" {
		used += cellWidth(title, c.env.method) + 2
	}
	fill := max(1, c.width-used)
	var b strings.Builder
	b.WriteString(edge.open)
	if title != "" {
		ts := st.CardTitle
		if edge == &c.edges[1] {
			ts = st.CardTitleFocused
		}
		b.WriteString(" " + ts.Render(title) + " ")
	}
	b.WriteString(edge.fillOf(fill))
	b.WriteString(" " + cs.Render(counter) + " ")
	b.WriteString(edge.close)
	return b.String()
}

// heading is a card's top line in accessible mode, in words: "Post 2 of
// 5, editing, 140 of 280 characters".
func (c *composeScreen) heading(i int, res textcount.Result, cs lipgloss.Style, focused bool) string {
	limit := c.env.Limit()
	head := capitalized(postOf(i, len(c.d.Posts)))
	if focused {
		head += ", editing"
	}
	if id, ok := c.d.Posted(i); ok {
		head += ", published as " + id
	}
	count := charactersOf(res.WeightedLength, limit)
	if counterLevel(res, limit, c.d.Posts[i].Text) == levelError && res.WeightedLength <= limit {
		count += ", with a character X refuses"
	}
	return c.env.styles.CardTitle.Render(head+", ") + cs.Render(count)
}

// counterLevel is how a post's counter is drawn: calm, a warning within
// warnWithin of the limit, an error past it or with a character X refuses.
func counterLevel(res textcount.Result, limit int, text string) statusLevel {
	switch {
	case !res.Valid && (res.WeightedLength > limit || text != ""):
		return levelError
	case limit-res.WeightedLength <= warnWithin:
		return levelWarn
	}
	return levelInfo
}

// overflowOffset maps the count's ValidBytes, an offset into the text as
// published (with its number), to an offset into the typed text; the
// number's own overflow is the end of the text.
func overflowOffset(d *draft.Draft, i int, res textcount.Result) int {
	text := d.Posts[i].Text
	if res.ValidBytes < len(text) {
		return grapheme.Snap(text, res.ValidBytes)
	}
	return len(text)
}

// referenceLines say what the thread replies to or quotes.
func (c *composeScreen) referenceLines() []string {
	var out []string
	if e := c.d.Edit; e != nil {
		line := iconEdit + " editing " + e.ID + " · " + editLeft(e.EditsLeft, e.Until, c.now())
		if n := len(c.d.Posts[0].Media); e.Media > n {
			line += " · had " + human.Count(e.Media, "attachment", "attachments") + ": attach again or the edit drops them"
		}
		out = append(out, line)
	}
	if c.d.ReplyTo != "" {
		out = append(out, iconReply+" replying to "+c.env.refLabel(c.d.ReplyTo))
	}
	if c.d.Quote != "" {
		out = append(out, iconQuote+" quoting "+c.env.refLabel(c.d.Quote))
	}
	if c.d.ReplySettings != "" {
		out = append(out, "who can reply: "+c.d.ReplySettings)
	}
	if c.d.PaidPartnership {
		out = append(out, "paid partnership")
	}
	return out
}

// mediaLine summarizes an attached file.
func mediaLine(m draft.Media) string {
	kind := string(m.Kind)
	if kind == "" {
		kind = "file"
	}
	s := mediaIcon(string(m.Kind)) + " " + kind + " " + filepath.Base(m.Path)
	if m.Alt != "" {
		return s + " · alt: " + m.Alt
	}
	if m.Kind == draft.KindVideo {
		return s
	}
	return s + " · no alt text"
}

// pollLine summarizes a poll.
func pollLine(p *draft.Poll) string {
	return iconPoll + " poll: " + strings.Join(p.Options, " / ") + " · " + pollDurationText(p.Duration.Minutes())
}

func pollDurationText(minutes float64) string {
	m := int(minutes)
	switch {
	case m%(24*60) == 0 && m > 0:
		return strconv.Itoa(m/(24*60)) + "d"
	case m%60 == 0 && m > 0:
		return strconv.Itoa(m/60) + "h"
	}
	return strconv.Itoa(m) + "m"
}
