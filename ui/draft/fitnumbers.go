package draft

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/xpostdev/xpost/textcount"
)

// Over is a post that numbering pushes past the limit and that could not
// be cut again: which post (0-based) and by how many weighted characters.
type Over struct {
	Post, By int
}

// FitNumbering cuts again the posts that numbering's " i/n" pushes past
// the limit under cfg, so that every such post fits with its number: the
// text that no longer fits moves to the start of the next post (which may
// then be cut in turn), followed by the white space that was at the cut,
// so a paragraph or line break there stays one, and past the last post it becomes new posts. This
// is what a thread cut by SplitText before numbering was on needs: its
// posts were filled to the limit. It returns whether anything changed and
// the posts it could not cut (published ones, or text with no place to
// cut, such as one long link). Posts already too long without the number
// are left as they are: the counter shows them as before. It does nothing
// while numbering is off.
func (d *Draft) FitNumbering(cfg textcount.Config) (changed bool, over []Over) {
	if cfg.MaxWeightedTweetLength == 0 && cfg.Scale == 0 {
		cfg = textcount.DefaultConfig
	}
	limit := cfg.MaxWeightedTweetLength
	weight := func(s string) int { return textcount.ParseWith(s, cfg).WeightedLength }
	// skip: posts that cannot be cut; got: posts that took text moved
	// from the post before, which may now be over even without a number.
	skip, got := map[int]bool{}, map[int]bool{}
	// Each round moves text forward or adds a post at the end; the bound
	// only guards against a text that never settles.
	for range 8*len(d.Posts) + 16 {
		if !d.Numbering || len(d.Posts) < 2 {
			break
		}
		i := -1
		for k := range d.Posts {
			if !skip[k] && weight(d.TextForPublish(k)) > limit && (got[k] || weight(strings.TrimRightFunc(d.Posts[k].Text, unicode.IsSpace)) <= limit) {
				i = k
				break
			}
		}
		if i < 0 {
			break
		}
		head, sep, rest, ok := d.cutForNumber(i, cfg)
		if i+1 < len(d.Posts) && d.checkUnposted(i+1) != nil {
			// Nothing goes in before a published post.
			ok = false
		}
		if !ok {
			skip[i] = true
			continue
		}
		changed = true
		d.Posts[i].Text = head
		if i+1 < len(d.Posts) {
			// The separator at the cut goes between the moved text and
			// the next post's: a paragraph break or a line break stays one.
			d.Posts[i+1].Text = strings.TrimSpace(rest + sep + strings.TrimLeftFunc(d.Posts[i+1].Text, unicode.IsSpace))
			got[i+1] = true
			continue
		}
		d.Posts = slices.Insert(d.Posts, i+1, Post{Text: rest})
		d.journalInsert(i + 1)
		// The marks of the posts after i move one place down.
		skip, got = shiftMarks(skip, i+1), shiftMarks(got, i+1)
		got[i+1] = true
	}
	for k := range d.Posts {
		if by := weight(d.TextForPublish(k)) - limit; skip[k] && by > 0 {
			over = append(over, Over{Post: k, By: by})
		}
	}
	return changed, over
}

// cutForNumber cuts post i's text where SplitText would, leaving room
// for the widest number the thread may take, and returns the part that
// stays and the rest, both without the white space around them, and the
// white space that was between them (sep, " " when there was none).
func (d *Draft) cutForNumber(i int, cfg textcount.Config) (head, sep, rest string, ok bool) {
	if d.checkUnposted(i) != nil {
		return "", "", "", false
	}
	text := strings.TrimSpace(d.Posts[i].Text)
	n := strconv.Itoa(len(d.Posts) + 1)
	s := splitter{text: text, cfg: cfg, limit: cfg.MaxWeightedTweetLength}
	s.cuts = cutPoints(text)
	s.protected = protectedRe().FindAllStringIndex(text, -1)
	reserve := " " + strings.Repeat("9", len(n)) + "/" + strings.Repeat("9", len(n))
	end := s.bestCut(0, reserve)
	if end <= 0 {
		end = s.wordCut(0, reserve)
	}
	if end <= 0 || end >= len(text) {
		return "", "", "", false
	}
	head, rest = strings.TrimSpace(text[:end]), strings.TrimSpace(text[end:])
	if head == "" || rest == "" {
		return "", "", "", false
	}
	sep = text[len(head) : len(text)-len(rest)]
	if sep == "" {
		sep = " "
	}
	return head, sep, rest, true
}

// shiftMarks is marks with every post from i on one place further down,
// after a post was inserted at i.
func shiftMarks(marks map[int]bool, i int) map[int]bool {
	out := make(map[int]bool, len(marks))
	for k, v := range marks {
		if k >= i {
			k++
		}
		out[k] = v
	}
	return out
}
