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
