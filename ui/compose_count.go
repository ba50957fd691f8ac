package ui

// Counting the focused post as it is typed. Every keystroke used to count
// the whole post again (textcount.ParseWith), which in a 25,000-character
// post cost more than everything else a keystroke does together. The
// count is a sum over the text's units, and the text can be cut into
// segments that count the same alone as in the whole; an edit then counts
// again only the segments it touched.
//
// Where the text may be cut: before a space (U+0020) or a line feed, the
// segment keeping that character as its first. Against docs/counting.md:
//
//   - Normalization (§4.1): both are starters that compose with nothing,
//     before or after, so NFC(a+" "+b) = NFC(a)+" "+NFC(b).
//   - Emoji (§7): no sequence of the set holds either, so the longest-match
//     pass is at the separator, not inside a match, in the whole text as in
//     the segment, and matches the same after it.
//   - URLs (§6): neither is a domain, path or query character, so no
//     candidate, accepted or rejected, holds one or reaches past one, and
//     the search reaches the separator in the whole text as at the start of
//     the segment. What precedes a URL matters (§6.2): a URL right after
//     the separator sees the separator as its preceding character (P) in
//     both, since the segment starts with it. A segment cut after the
//     separator would differ: at the start of a text, a first "é" is eaten
//     as P ("éxample.com" is 1 + 23), after a space it belongs to the URL
//     (23). What follows a URL (the TLD rule) treats a separator as the end
//     of the text does, but the separator is there in both anyway, since a
//     segment ends before the next one starts.
//   - Weights (§5) and invalid characters (§8) are per unit.
//
// So the weighted length is the segments' sum, the text is valid when
// every segment is and the sum is within the limit, and the valid prefix
// ends in the first segment that crosses the limit or holds an invalid
// character, where that one segment is counted again against what is left
// of the limit. This needs every weight to be a whole number of characters
// and above zero, as in every configuration X uses; for any other
// configuration, and for a text without separators, it is the one full
// count it was before. FuzzLiveCount checks the sum against the full count
// for random edits.

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/xpostdev/xpost/textcount"
)

// segTarget is the length in bytes past which a segment ends at the next
// separator: long enough that a post of short lines is a few segments,
// short enough that counting one again costs little.
const segTarget = 256

// liveCount is the count of one text kept up to date edit by edit.
type liveCount struct {
	cfg textcount.Config
	// each is cfg with no limit, for counting a segment alone.
	each textcount.Config
	// split is set when cfg allows counting by segment.
	split bool
	// target is the segments' length (segTarget unless a test sets it).
	target int

	ready  bool
	text   string // the text counted, without the suffix
	suffix string // what follows it in the post as published
	segs   []segment
	spare  []segment // the other buffer of segments, for the next update
	res    textcount.Result
}

// segment is text[start:end] and its count alone; the last one is counted
// with the suffix after it.
type segment struct {
	start, end int
	weight     int  // weighted length, in characters
	units16    int  // length in UTF-16 units
	bad        bool // holds a character X refuses
}

// setConfig sets the counting rules; a change counts everything again.
func (l *liveCount) setConfig(cfg textcount.Config) {
	l.cfg = cfg
	l.each = cfg
	l.each.MaxWeightedTweetLength = math.MaxInt32 / max(cfg.Scale, 1)
	l.split = splittable(cfg)
	l.ready = false
}

// splittable reports whether cfg weighs every unit a whole number of
// characters above zero, so that the sum of the segments' weighted
// lengths is the text's.
func splittable(cfg textcount.Config) bool {
	s := cfg.Scale
	if s < 1 || cfg.MaxWeightedTweetLength < 1 || cfg.DefaultWeight <= 0 || cfg.DefaultWeight%s != 0 || cfg.TransformedURLLength <= 0 {
		return false
	}
	for _, r := range cfg.Ranges {
		if r.Weight <= 0 || r.Weight%s != 0 {
			return false
		}
	}
	return true
}

// reset forgets the text, so the next update counts it all.
func (l *liveCount) reset() { l.ready = false }

// update counts text followed by suffix. head and tail say what is known
// of the change since the last update: text begins with the same head
// bytes and ends with the same tail bytes as the text counted then (0, 0
// when nothing is known). It returns the count.
func (l *liveCount) update(text, suffix string, head, tail int) textcount.Result {
	if !l.split {
		if !l.ready || text != l.text || suffix != l.suffix {
			l.res = textcount.ParseWith(text+suffix, l.cfg)
			l.text, l.suffix, l.ready = text, suffix, true
		}
		return l.res
	}
	if !l.ready {
		l.segs = splitSegments(l.segs[:0], text, 0, len(text), l.segLen())
		l.text, l.suffix, l.ready = text, suffix, true
		for i := range l.segs {
			l.countSegment(i)
		}
		l.res = l.total()
		return l.res
	}
	oldLen := len(l.text)
	head = max(0, min(head, oldLen, len(text)))
	tail = max(0, min(tail, oldLen-head, len(text)-head))
	if head == oldLen && head == len(text) && suffix == l.suffix {
		l.text = text
		return l.res // nothing changed
	}
	oldTo, delta := oldLen-tail, len(text)-oldLen
	segs := l.segs
	// The segments from the one before the change (whose start it keeps)
	// to the one that holds its end are cut and counted again; the rest
	// move by delta.
	a := max(0, sort.Search(len(segs), func(i int) bool { return segs[i].start >= head })-1)
	b := sort.Search(len(segs), func(i int) bool { return segs[i].end >= oldTo })
	b = max(a, min(b, len(segs)-1))
	out := append(l.spare[:0], segs[:a]...)
	out = splitSegments(out, text, segs[a].start, segs[b].end+delta, l.segLen())
	fresh := len(out)
	for _, s := range segs[b+1:] {
		s.start += delta
		s.end += delta
		out = append(out, s)
	}
	l.spare, l.segs, l.text = segs, out, text
	suffixChanged := suffix != l.suffix
	l.suffix = suffix
	for i := a; i < fresh; i++ {
		l.countSegment(i)
	}
	if last := len(out) - 1; suffixChanged && last >= fresh {
		l.countSegment(last)
	}
	l.res = l.total()
	return l.res
}

func (l *liveCount) segLen() int {
	if l.target > 0 {
		return l.target
	}
	return segTarget
}

// splitSegments appends the segments of text[from:to], where from is 0 or
// a separator: each ends where the next separator at least target bytes
// after its start begins.
func splitSegments(dst []segment, text string, from, to, target int) []segment {
	start := from
	for {
		cut := -1
		for p := start + target; p < to; p++ {
			if c := text[p]; c == ' ' || c == '\n' {
				cut = p
				break
			}
		}
		if cut < 0 {
			return append(dst, segment{start: start, end: to})
		}
		dst = append(dst, segment{start: start, end: cut})
		start = cut
	}
}

// segmentText is segment i's text as it is counted.
func (l *liveCount) segmentText(i int) string {
	s := l.segs[i]
	if i == len(l.segs)-1 && l.suffix != "" {
		return l.text[s.start:s.end] + l.suffix
	}
	return l.text[s.start:s.end]
}

func (l *liveCount) countSegment(i int) {
	t := l.segmentText(i)
	r := textcount.ParseWith(t, l.each)
	s := &l.segs[i]
	s.weight = r.WeightedLength
	s.bad = !r.Valid && t != ""
	s.units16 = 0
	if t != "" {
		s.units16 = r.DisplayRangeEnd + 1
	}
}

// total sums the segments into the text's count. ValidRangeEnd, the
// reference's UTF-16 figure that nothing in the composer shows, is left
// at DisplayRangeEnd; every other field is what textcount.ParseWith says
// of the whole text.
func (l *liveCount) total() textcount.Result {
	limit := l.cfg.MaxWeightedTweetLength
	w, units, bad := 0, 0, false
	for _, s := range l.segs {
		w += s.weight
		units += s.units16
		bad = bad || s.bad
	}
	r := textcount.Result{
		WeightedLength:  w,
		Valid:           !bad && w > 0 && w <= limit,
		Permillage:      int(math.Floor(float64(w) / float64(limit) * 1000)),
		DisplayRangeEnd: max(units-1, 0),
		ValidBytes:      len(l.text) + len(l.suffix),
	}
	r.ValidRangeEnd = r.DisplayRangeEnd
	if r.Valid || w == 0 {
		return r
	}
	before := 0
	for i, s := range l.segs {
		if !s.bad && before+s.weight <= limit {
			before += s.weight
			continue
		}
		if before == limit {
			// The segment's first unit, its separator, is over.
			r.ValidBytes = s.start
			break
		}
		c := l.cfg
		c.MaxWeightedTweetLength = limit - before
		r.ValidBytes = s.start + textcount.ParseWith(l.segmentText(i), c).ValidBytes
		break
	}
	return r
}

// countLive counts the focused post, text as typed and suffix its number,
// given what TakeChange said changed. Numbering leaves the text's
// trailing white space out of the count (draft.TextForPublish).
func (c *composeScreen) countLive(text, suffix string, head, tail int) textcount.Result {
	body := text
	if suffix != "" {
		body = strings.TrimRightFunc(text, unicode.IsSpace)
	}
	trim := len(text) - len(body)
	if trim != c.liveTrim {
		tail = 0 // the end moved: count from the change on
	}
	c.liveTrim = trim
	return c.live.update(body, suffix, head, max(0, tail-trim))
}
