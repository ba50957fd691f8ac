package draft

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/xpostdev/xpost/internal/grapheme"
	"github.com/xpostdev/xpost/textcount"
)

// Splitting a long text into a thread, as web thread composers do: the
// text is cut where a reader expects a break, at the end of a paragraph if
// one falls late enough in the post, else at the end of a sentence, else
// between words. A cut always falls after a run of white space, so the
// pieces, put back together, are the text exactly; the white space stays
// at the end of the piece before the cut and the post's text drops it.
// Words are never cut unless a single word is longer than a post; even
// then a URL, a mention, a hashtag and a grapheme cluster stay whole.

// ErrUnsplittable is returned when a URL, mention or hashtag alone does
// not fit in a post, so no cut can make the text fit.
var ErrUnsplittable = errors.New("a link, mention or hashtag is longer than a post allows: shorten it")

// cut kinds, from the weakest break to the strongest.
const (
	cutWord = iota
	cutSentence
	cutParagraph
)

// cutPoint is a place where a post may end: the byte offset at which the
// next post starts, and how strong a break it is.
type cutPoint struct {
	off  int
	kind int
}

// protectedRe matches what may never be cut, even inside an over-long
// word: URLs (with a scheme, www., or a dotted host), mentions, hashtags.
var protectedRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:https?://|www\.)\S+|[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,}(?:/\S*)?|[@＠]\w+|[#＃][\p{L}\p{N}_]+`)
})

// SplitText cuts text into pieces that each fit one post under cfg (the
// zero Config is X's default), counting the piece without its surrounding
// white space. With numbered, each piece leaves room for the " i/n" that
// numbering adds (see NumberSuffix). Joining the pieces gives back text
// exactly; use PostTexts for the posts' texts. A text that fits, or holds
// nothing but white space, comes back as one piece.
func SplitText(text string, cfg textcount.Config, numbered bool) ([]string, error) {
	if cfg.MaxWeightedTweetLength == 0 && cfg.Scale == 0 {
		cfg = textcount.DefaultConfig
	}
	s := splitter{text: text, cfg: cfg, limit: cfg.MaxWeightedTweetLength}
	if s.weight(text, "") <= s.limit {
		return []string{text}, nil
	}
	s.cuts = cutPoints(text)
	s.protected = protectedRe().FindAllStringIndex(text, -1)
	digits := 1
	for {
		reserve := ""
		if numbered {
			n := strings.Repeat("9", digits)
			reserve = " " + n + "/" + n
		}
		pieces, err := s.split(reserve)
		if err != nil {
			return nil, err
		}
		if !numbered || len(strconv.Itoa(len(pieces))) <= digits {
			return pieces, nil
		}
		digits++
	}
}

// PostTexts returns the posts' texts for pieces from SplitText: each
// without the white space around it.
func PostTexts(pieces []string) []string {
	out := make([]string, len(pieces))
	for i, p := range pieces {
		out[i] = strings.TrimSpace(p)
	}
	return out
}

// splitter holds what one SplitText call measures against.
type splitter struct {
	text      string
	cfg       textcount.Config
	limit     int
	cuts      []cutPoint
	protected [][]int
}

// weight is the weighted length of piece as posted, with suffix after it.
func (s *splitter) weight(piece, suffix string) int {
	return textcount.ParseWith(strings.TrimSpace(piece)+suffix, s.cfg).WeightedLength
}

// split cuts the whole text, each piece leaving room for reserve.
func (s *splitter) split(reserve string) ([]string, error) {
	var pieces []string
	start := 0
	for start < len(s.text) {
		rest := s.text[start:]
		if s.weight(rest, reserve) <= s.limit {
			pieces = append(pieces, rest)
			break
		}
		end := s.bestCut(start, reserve)
		if end <= start {
			end = s.wordCut(start, reserve)
		}
		if end <= start {
			return nil, ErrUnsplittable
		}
		pieces = append(pieces, s.text[start:end])
		start = end
	}
	return pieces, nil
}

// bestCut returns where the post starting at start should end: the last
// paragraph end that fills at least half a post, else the last sentence
// end that does, else the last word end; start when no cut fits.
func (s *splitter) bestCut(start int, reserve string) int {
	i := sort.Search(len(s.cuts), func(i int) bool { return s.cuts[i].off > start })
	var last [3]int
	var fill [3]int
	for ; i < len(s.cuts); i++ {
		c := s.cuts[i]
		piece := s.text[start:c.off]
		if strings.TrimSpace(piece) == "" {
			continue
		}
		w := s.weight(piece, reserve)
		if w > s.limit {
			break
		}
		for k := cutWord; k <= c.kind; k++ {
			last[k], fill[k] = c.off, w
		}
	}
	for k := cutParagraph; k > cutWord; k-- {
		if last[k] > 0 && fill[k]*2 >= s.limit {
			return last[k]
		}
	}
	if last[cutWord] > 0 {
		return last[cutWord]
	}
	return start
}

// wordCut cuts inside an over-long word: at the last grapheme boundary
// that fits and lies outside every protected span.
func (s *splitter) wordCut(start int, reserve string) int {
	best := start
	for off := grapheme.Next(s.text, start); off <= len(s.text); off = grapheme.Next(s.text, off) {
		if s.weight(s.text[start:off], reserve) > s.limit {
			break
		}
		if !s.inProtected(off) {
			best = off
		}
		if off == len(s.text) {
			break
		}
	}
	return best
}

// inProtected reports whether a cut at off would fall inside a URL,
// mention or hashtag.
func (s *splitter) inProtected(off int) bool {
	for _, p := range s.protected {
		if p[0] < off && off < p[1] {
			return true
		}
	}
	return false
}

// cutPoints lists where posts may end: after every run of white space, and
// after a full-width sentence end (as in Chinese or Japanese text, which
// puts no space after it).
func cutPoints(text string) []cutPoint {
	var cuts []cutPoint
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			j := i
			newlines := 0
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				if r2 == '\n' {
					newlines++
				}
				j += n2
			}
			if j < len(text) {
				kind := cutWord
				switch {
				case newlines >= 2:
					kind = cutParagraph
				case newlines == 1 || endsSentence(text[:i]):
					kind = cutSentence
				}
				cuts = append(cuts, cutPoint{off: j, kind: kind})
			}
			i = j
			continue
		}
		i += n
		if strings.ContainsRune("。！？", r) && i < len(text) {
			next, _ := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsSpace(next) && !strings.ContainsRune("」』）】", next) {
				cuts = append(cuts, cutPoint{off: i, kind: cutSentence})
			}
		}
	}
	return cuts
}

// endsSentence reports whether text ends a sentence: a full stop,
// question or exclamation mark, or ellipsis, maybe followed by closing
// quotes or brackets.
func endsSentence(text string) bool {
	text = strings.TrimRightFunc(text, func(r rune) bool { return strings.ContainsRune(`"')]}”’»」』）`, r) })
	r, _ := utf8.DecodeLastRuneInString(text)
	return strings.ContainsRune(".!?…。！？", r)
}

// SplitLongPost cuts post i's text into as many posts as it needs under
// cfg (see SplitText), numbered posts leaving room for their number, and
// returns how many posts it became (1 when the text fits, which changes
// nothing). Media and poll stay with the first post, where the text they
// went with begins.
func (d *Draft) SplitLongPost(i int, cfg textcount.Config) (int, error) {
	if err := d.checkIndex(i); err != nil {
		return 0, err
	}
	if err := d.checkUnposted(i); err != nil {
		return 0, err
	}
	if i+1 < len(d.Posts) {
		if err := d.checkUnposted(i + 1); err != nil {
			return 0, fmt.Errorf("cannot split post %d: post %d after it is already published", i+1, i+2)
		}
	}
	pieces, err := SplitText(d.Posts[i].Text, cfg, d.Numbering)
	if err != nil {
		return 0, err
	}
	if len(pieces) == 1 {
		return 1, nil
	}
	texts := PostTexts(pieces)
	d.Posts[i].Text = texts[0]
	for k, t := range texts[1:] {
		d.Posts = slices.Insert(d.Posts, i+1+k, Post{Text: t})
		d.journalInsert(i + 1 + k)
	}
	return len(texts), nil
}

// RestorePosts puts back posts as the whole thread, as undo does after a
// split. It refuses once any post is published: the thread on X could no
// longer match.
func (d *Draft) RestorePosts(posts []Post) error {
	for i := range d.Posts {
		if _, ok := d.Posted(i); ok {
			return fmt.Errorf("post %d is already published: the thread can no longer be put back as it was", i+1)
		}
	}
	d.Posts = make([]Post, len(posts))
	for i, p := range posts {
		d.Posts[i] = p.Clone()
	}
	if len(d.Journal.PostIDs) > len(posts) {
		d.Journal.PostIDs = d.Journal.PostIDs[:len(posts)]
	}
	return nil
}
