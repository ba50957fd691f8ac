package draft

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/xpostdev/xpost/internal/grapheme"
	"github.com/xpostdev/xpost/xapi/rules"
)

// JoinSeparator goes between the texts of two joined posts: a blank line
// keeps the two thoughts apart, as they were when they were separate posts.
const JoinSeparator = "\n\n"

// ErrIndex is returned by an editing operation given a post that does not
// exist; it means a bug in the caller, not something the user did.
var ErrIndex = errors.New("no such post")

// New returns an empty draft with a fresh id and one empty post, ready for
// the composer.
func New() *Draft {
	now := time.Now()
	return &Draft{
		ID:      NewID(now),
		Posts:   []Post{{}},
		Created: now,
		Updated: now,
	}
}

// Clone returns a deep copy of d: editing the copy, its posts, media, polls
// or journal never changes d. The autosaver and undo rely on this.
func (d *Draft) Clone() *Draft {
	c := *d
	c.Posts = make([]Post, len(d.Posts))
	for i, p := range d.Posts {
		c.Posts[i] = p.Clone()
	}
	if d.Posts == nil {
		c.Posts = nil
	}
	c.Journal.PostIDs = slices.Clone(d.Journal.PostIDs)
	c.Journal.MediaIDs = maps.Clone(d.Journal.MediaIDs)
	c.Schedule = d.Schedule.Clone()
	if d.Edit != nil {
		e := *d.Edit
		c.Edit = &e
	}
	return &c
}

// Clone returns a deep copy of p.
func (p Post) Clone() Post {
	p.Media = slices.Clone(p.Media)
	if p.Poll != nil {
		poll := *p.Poll
		poll.Options = slices.Clone(p.Poll.Options)
		p.Poll = &poll
	}
	return p
}

// checkIndex reports whether i names a post of d.
func (d *Draft) checkIndex(i int) error {
	if i < 0 || i >= len(d.Posts) {
		return fmt.Errorf("post %d: %w (the draft has %d)", i, ErrIndex, len(d.Posts))
	}
	return nil
}

// checkUnposted refuses to change a post X already has: the change could
// not reach X, and the journal would stop matching the thread.
func (d *Draft) checkUnposted(indices ...int) error {
	for _, i := range indices {
		if _, ok := d.Posted(i); ok {
			return fmt.Errorf("post %d is already published and can no longer be changed; "+
				"edit the posts after it, or start a new draft", i+1)
		}
	}
	return nil
}

// AddPost inserts an empty post after post `after` (-1 inserts at the
// start) and returns the new post's index.
func (d *Draft) AddPost(after int) (int, error) {
	if after < -1 || after >= len(d.Posts) {
		return 0, fmt.Errorf("insert after post %d: %w (the draft has %d)", after, ErrIndex, len(d.Posts))
	}
	at := after + 1
	if at < len(d.Posts) {
		if err := d.checkUnposted(at); err != nil {
			return 0, fmt.Errorf("cannot insert a post before post %d: it is already published", at+1)
		}
	}
	d.Posts = slices.Insert(d.Posts, at, Post{})
	d.journalInsert(at)
	return at, nil
}

// DeletePost removes post i. The last remaining post is emptied rather
// than removed, since a draft always has a post to type into.
func (d *Draft) DeletePost(i int) error {
	if err := d.checkIndex(i); err != nil {
		return err
	}
	if err := d.checkUnposted(i); err != nil {
		return err
	}
	if len(d.Posts) == 1 {
		d.Posts[0] = Post{}
		return nil
	}
	d.Posts = slices.Delete(d.Posts, i, i+1)
	d.journalDelete(i)
	return nil
}

// SplitPost splits post i at byte offset off, as the cursor does: the text
// before the cursor stays in post i, the text after it becomes a new post
// i+1. The offset is first snapped back to a grapheme-cluster boundary.
// Whitespace at the cut is dropped (trailing on the first half, leading on
// the second), since a post that starts or ends with the space or line
// break the user split at is never what was meant. Media and poll stay
// with the first half.
func (d *Draft) SplitPost(i, off int) error {
	if err := d.checkIndex(i); err != nil {
		return err
	}
	if err := d.checkUnposted(i); err != nil {
		return err
	}
	if i+1 < len(d.Posts) {
		if err := d.checkUnposted(i + 1); err != nil {
			return fmt.Errorf("cannot split post %d: post %d after it is already published", i+1, i+2)
		}
	}
	text := d.Posts[i].Text
	off = grapheme.Snap(text, off)
	before := strings.TrimRightFunc(text[:off], unicode.IsSpace)
	after := strings.TrimLeftFunc(text[off:], unicode.IsSpace)
	d.Posts[i].Text = before
	d.Posts = slices.Insert(d.Posts, i+1, Post{Text: after})
	d.journalInsert(i + 1)
	return nil
}

// JoinWithNext appends post i+1 to post i, separated by JoinSeparator, and
// returns the byte offset in the joined text where the second text starts,
// where the cursor belongs. Media are combined when the result is allowed
// on one post; otherwise, or when both posts have a poll, or one has a poll
// and the other media, it changes nothing and says why.
func (d *Draft) JoinWithNext(i int) (int, error) {
	if err := d.checkIndex(i); err != nil {
		return 0, err
	}
	if i+1 >= len(d.Posts) {
		return 0, fmt.Errorf("post %d is the last one; there is no next post to join it with", i+1)
	}
	if err := d.checkUnposted(i, i+1); err != nil {
		return 0, err
	}
	a, b := d.Posts[i], d.Posts[i+1]
	if a.Poll != nil && b.Poll != nil {
		return 0, fmt.Errorf("cannot join posts %d and %d: both have a poll; remove one of the polls first", i+1, i+2)
	}
	if (a.Poll != nil && len(b.Media) > 0) || (b.Poll != nil && len(a.Media) > 0) {
		return 0, fmt.Errorf("cannot join posts %d and %d: a post cannot have both a poll and media; remove one first", i+1, i+2)
	}
	media := append(slices.Clone(a.Media), b.Media...)
	kinds := make([]MediaKind, len(media))
	for k, m := range media {
		kinds[k] = m.Kind
	}
	if msg := rules.MediaMixProblem(kinds); msg != "" {
		return 0, fmt.Errorf("cannot join posts %d and %d: together they would have %s; remove some media first", i+1, i+2, msg)
	}
	sep := JoinSeparator
	if a.Text == "" || b.Text == "" {
		sep = ""
	}
	at := len(a.Text) + len(sep)
	joined := Post{Text: a.Text + sep + b.Text, Media: media, Poll: a.Poll}
	if joined.Poll == nil {
		joined.Poll = b.Poll
	}
	if len(joined.Media) == 0 {
		joined.Media = nil
	}
	d.Posts[i] = joined
	d.Posts = slices.Delete(d.Posts, i+1, i+2)
	d.journalDelete(i + 1)
	return at, nil
}

// MovePost moves post i by delta places (negative is up), stopping at
// either end of the thread, and returns its new index. Published parts
// stay where they are: a post cannot move into or across them.
func (d *Draft) MovePost(i, delta int) (int, error) {
	if err := d.checkIndex(i); err != nil {
		return 0, err
	}
	to := max(0, min(i+delta, len(d.Posts)-1))
	if to == i {
		return i, nil
	}
	lo, hi := min(i, to), max(i, to)
	for j := lo; j <= hi; j++ {
		if err := d.checkUnposted(j); err != nil {
			return i, fmt.Errorf("cannot move post %d there: post %d is already published", i+1, j+1)
		}
	}
	p := d.Posts[i]
	d.Posts = slices.Delete(d.Posts, i, i+1)
	d.Posts = slices.Insert(d.Posts, to, p)
	return to, nil
}

// journalInsert keeps Journal.PostIDs aligned with Posts after a post is
// inserted at i. Only unposted places can move, so this shifts only "".
func (d *Draft) journalInsert(i int) {
	if i < len(d.Journal.PostIDs) {
		d.Journal.PostIDs = slices.Insert(d.Journal.PostIDs, i, "")
	}
}

// journalDelete keeps Journal.PostIDs aligned after post i is removed.
func (d *Draft) journalDelete(i int) {
	if i < len(d.Journal.PostIDs) {
		d.Journal.PostIDs = slices.Delete(d.Journal.PostIDs, i, i+1)
	}
}
