package draft

import (
	"strconv"
	"strings"
	"unicode"
)

// Numbering appends " i/n" to each post of a thread of two or more posts,
// as thread tools such as Typefully and Chirr do: the count at the end
// leaves the opening words, which timelines show first, to the text. The
// suffix counts against the length limit, so the composer's counter and
// Validate both measure TextForPublish. A single post is never numbered:
// "1/1" tells the reader nothing.

// NumberSuffix returns what numbering adds to post i (" 2/5", or "2/5" for
// a post with no text), or "" when the draft is not numbered. The composer
// can show it after the text so the user sees what will be sent.
func (d *Draft) NumberSuffix(i int) string {
	if !d.Numbering || len(d.Posts) < 2 || i < 0 || i >= len(d.Posts) {
		return ""
	}
	label := strconv.Itoa(i+1) + "/" + strconv.Itoa(len(d.Posts))
	if strings.TrimRightFunc(d.Posts[i].Text, unicode.IsSpace) == "" {
		return label
	}
	return " " + label
}

// TextForPublish returns the text that is sent to X for post i: the text
// as typed, or, when numbering is on, the text without trailing whitespace
// followed by its number.
func (d *Draft) TextForPublish(i int) string {
	if i < 0 || i >= len(d.Posts) {
		return ""
	}
	text := d.Posts[i].Text
	suffix := d.NumberSuffix(i)
	if suffix == "" {
		return text
	}
	return strings.TrimRightFunc(text, unicode.IsSpace) + suffix
}

// StripNumbering removes the " i/n" that numbering appended to a post's
// text (or the "i/n" that is all of a post with no text), and a leading
// "i/n " as other thread tools write it, so that a published post
// reopened in the composer does not carry a stale number into a new
// thread. Only a well-formed count is removed: 1 ≤ i ≤ n, n ≥ 2.
func StripNumbering(text string) string {
	t := strings.TrimRightFunc(text, unicode.IsSpace)
	if i := strings.LastIndexAny(t, " \n\t"); isCount(t[i+1:]) {
		return strings.TrimRightFunc(t[:i+1], unicode.IsSpace)
	}
	if first, rest, ok := strings.Cut(t, " "); ok && isCount(first) {
		return strings.TrimLeftFunc(rest, unicode.IsSpace)
	}
	return text
}

// isCount reports whether s is "i/n" with 1 ≤ i ≤ n and n ≥ 2 (a
// single post is never numbered), both decimal.
func isCount(s string) bool {
	a, b, ok := strings.Cut(s, "/")
	if !ok {
		return false
	}
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	return err1 == nil && err2 == nil && a[0] != '+' && b[0] != '+' && a[0] != '-' && b[0] != '-' && i >= 1 && i <= n && n >= 2
}
