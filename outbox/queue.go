// Package outbox is xpost's queue of posts and threads to publish later,
// and the runner that publishes them when they are due, exactly once.
//
// A queued item is an ordinary draft with a schedule (see
// [draft.Schedule]): it lives in the draft store, is written by the same
// atomic writes, keeps its publish journal, and stays editable until its
// time. The runner claims an item by taking the draft's lock (the one a
// composer window takes), so two runners, or a runner and a window, never
// work on one item at once; it publishes through the one publish path
// (a [Publisher], which cmd/xpost adapts to xapi) with the draft's
// journal, so an interrupted thread resumes where it stopped and no part
// is posted twice.
//
// It is not the publish path, and knows nothing of X: what to retry and
// what to stop on is the Publisher's judgement ([Verdict]).
package outbox

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/ui/draft"
)

// Queue is the outbox: the scheduled drafts of a draft store.
type Queue struct {
	// Store holds the drafts. Its locks are this queue's claims: use one
	// Store per runner, as one per window.
	Store *draft.Store
}

// MediaDir is where the files attached to queued drafts are copied, so
// that they are posted as they were when queued, wherever the originals
// go meanwhile.
func (q *Queue) MediaDir() string { return filepath.Join(q.Store.Dir, "media") }

// Item is what `xpost queue` shows of a queued draft.
type Item struct {
	ID    string    `json:"id"`
	At    time.Time `json:"at"`
	Zone  string    `json:"zone,omitempty"`
	Title string    `json:"first_line"`
	Posts int       `json:"posts"`
	Media int       `json:"media"`
	Polls int       `json:"polls,omitempty"`
	// Posted is how many of its posts are on X.
	Posted   int                 `json:"posted"`
	State    draft.ScheduleState `json:"state"`
	Reason   string              `json:"reason,omitempty"`
	NextTry  time.Time           `json:"next_try,omitzero"`
	PostedAt time.Time           `json:"posted_at,omitzero"`
	Attempts int                 `json:"attempts,omitempty"`
	// Late is the item's own late policy; "" follows the runner's.
	Late  string        `json:"late,omitempty"`
	Grace time.Duration `json:"-"`
	// PostIDs are the ids of its posts on X, in order ("" for a post not
	// there yet); Link is the first one's address.
	PostIDs []string `json:"post_ids,omitempty"`
	Link    string   `json:"link,omitempty"`
	// Account is the saved account the item posts as ("" for items
	// queued before accounts had names: the one in use).
	Account string `json:"account,omitempty"`
}

// itemOf describes d, which must have a schedule.
func itemOf(d *draft.Draft) Item {
	s := d.Schedule
	it := Item{ID: d.ID, At: s.At, Zone: s.Zone, Posts: len(d.Posts), State: s.State, Reason: s.Reason,
		NextTry: s.NextTry, PostedAt: s.Done, Attempts: s.Attempts, Late: s.Late,
		Grace: time.Duration(s.Grace) * time.Second, Account: d.Account}
	it.Title = d.Summary().Title
	for i, p := range d.Posts {
		it.Media += len(p.Media)
		if p.Poll != nil {
			it.Polls++
		}
		id, _ := d.Posted(i)
		it.PostIDs = append(it.PostIDs, id)
	}
	it.Posted = len(d.Posts) - d.Remaining()
	if it.Posted == 0 {
		it.PostIDs = nil
	}
	if len(it.PostIDs) > 0 && it.PostIDs[0] != "" {
		it.Link = PostLink(it.PostIDs[0])
	}
	return it
}

// PostLink is the address of post id on X; it needs no user name.
func PostLink(id string) string { return "https://x.com/i/status/" + id }

// List returns every queued draft, by time. Draft files that cannot be
// read are moved aside by the store; the others are listed all the same,
// with a *draft.CorruptError naming the damaged ones.
func (q *Queue) List() ([]Item, error) {
	ds, err := q.drafts()
	items := make([]Item, len(ds))
	for i, d := range ds {
		items[i] = itemOf(d)
	}
	return items, err
}

// drafts loads every scheduled draft, by time then id.
func (q *Queue) drafts() ([]*draft.Draft, error) {
	sums, listErr := q.Store.List()
	if _, ok := errors.AsType[*draft.CorruptError](listErr); listErr != nil && !ok {
		return nil, listErr
	}
	var out []*draft.Draft
	var errs []error
	for _, s := range sums {
		if s.Schedule == nil {
			continue
		}
		d, err := q.Store.Load(s.ID)
		switch {
		case errors.Is(err, draft.ErrNotFound):
			continue // cancelled and deleted since
		case err != nil:
			errs = append(errs, err)
			continue
		case d.Schedule == nil:
			continue
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *draft.Draft) int {
		return cmp.Or(a.Schedule.At.Compare(b.Schedule.At), strings.Compare(a.ID, b.ID))
	})
	return out, errors.Join(append([]error{listErr}, errs...)...)
}

// Get returns the queued draft id.
func (q *Queue) Get(id string) (Item, error) {
	d, err := q.Store.Load(id)
	if err != nil {
		return Item{}, err
	}
	if d.Schedule == nil {
		return Item{}, &NotQueuedError{ID: id}
	}
	return itemOf(d), nil
}

// NotQueuedError is an id of a draft that is not scheduled.
type NotQueuedError struct{ ID string }

func (e *NotQueuedError) Error() string {
	return fmt.Sprintf("draft %s is not in the queue (xpost queue lists what is)", e.ID)
}

// Add queues d to be posted at s.At: its media files are copied into the
// queue's media folder (so the files posted are the ones queued, see
// MediaDir), and it is saved with s as its schedule. The caller has
// validated it.
func (q *Queue) Add(d *draft.Draft, s draft.Schedule) error {
	if d.Published() {
		return errors.New("this draft is already posted")
	}
	if err := q.copyMedia(d); err != nil {
		return err
	}
	s.State = draft.StateWaiting
	d.Schedule = &s
	if err := q.Store.Save(d); err != nil {
		return err
	}
	return nil
}

// copyMedia points d's attachments at the queue's copies of them.
func (q *Queue) copyMedia(d *draft.Draft) error {
	copies, err := q.CopyMedia(d)
	if err != nil {
		return err
	}
	for i := range d.Posts {
		for k := range d.Posts[i].Media {
			m := &d.Posts[i].Media[k]
			if p, ok := copies[m.Path]; ok {
				m.Path = p
			}
		}
	}
	return nil
}

// CopyMedia copies every file attached to d into the media folder (see
// MediaDir), named by its content, and returns each original path with
// its copy's. d is not changed. Files already in the folder are left.
func (q *Queue) CopyMedia(d *draft.Draft) (map[string]string, error) {
	dir := q.MediaDir()
	copies := map[string]string{}
	for _, p := range d.Posts {
		for _, m := range p.Media {
			if _, done := copies[m.Path]; done || filepath.Dir(m.Path) == dir {
				continue
			}
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("cannot create %s for the queued media: %w", dir, err)
			}
			c, err := copyByContent(m.Path, dir)
			if err != nil {
				return nil, fmt.Errorf("cannot keep a copy of %s for the queue: %w", m.Path, err)
			}
			copies[m.Path] = c
		}
	}
	return copies, nil
}

// copyByContent copies the regular file src into dir as
// <sha256>.<ext>, unless that copy exists already, and returns its path.
func copyByContent(src, dir string) (string, error) {
	f, err := fsx.OpenRegular(src)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	ext := strings.ToLower(filepath.Ext(src))
	dst := filepath.Join(dir, hex.EncodeToString(h.Sum(nil))+ext)
	if _, err := os.Stat(dst); err == nil {
		// Reused: its time is renewed, so PruneMedia does not take it
		// before the draft that now uses it is saved.
		now := time.Now()
		os.Chtimes(dst, now, now)
		return dst, nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	err = fsx.Write(dst, 0o600, func(w io.Writer) error {
		_, err := io.Copy(w, f)
		return err
	})
	return dst, err
}

// Cancel takes draft id out of the queue: it stays an ordinary draft (the
// drafts list has it), with its journal. A draft being posted, or open in
// a window, is not changed.
func (q *Queue) Cancel(id string) (Item, error) {
	return q.change(id, func(d *draft.Draft) error {
		if d.Schedule.State == draft.StatePosted {
			return fmt.Errorf("draft %s was already posted (%s)", id, PostLink(firstID(d)))
		}
		d.Schedule = nil
		return nil
	})
}

// Move sets a new time for draft id and makes it wait again, whatever
// became of it (held, failed, retrying): the way to post a held item now,
// or to try a failed one again after fixing the cause.
func (q *Queue) Move(id string, at time.Time, zone string) (Item, error) {
	return q.change(id, func(d *draft.Draft) error {
		s := d.Schedule
		if s.State == draft.StatePosted {
			return fmt.Errorf("draft %s was already posted (%s)", id, PostLink(firstID(d)))
		}
		s.At, s.Zone = at, zone
		s.State, s.Reason, s.NextTry, s.Attempts = draft.StateWaiting, "", time.Time{}, 0
		return nil
	})
}

// change applies fn to queued draft id under its lock and saves it.
func (q *Queue) change(id string, fn func(d *draft.Draft) error) (Item, error) {
	d, release, err := q.Claim(id)
	if err != nil {
		return Item{}, err
	}
	defer release()
	before := itemOf(d)
	if err := fn(d); err != nil {
		return before, err
	}
	if err := q.Store.Save(d); err != nil {
		return before, err
	}
	if d.Schedule == nil {
		return before, nil
	}
	return itemOf(d), nil
}

// BusyError is a queued draft whose lock another process holds: a runner
// posting it, or a window editing it.
type BusyError struct {
	ID string
	// Posting is set when the draft says a runner is posting it.
	Posting bool
	Runner  string
}

func (e *BusyError) Error() string {
	if e.Posting {
		return fmt.Sprintf("draft %s is being posted now (%s)", e.ID, e.Runner)
	}
	return fmt.Sprintf("draft %s is open in an xpost window: close it there first", e.ID)
}

// Claim loads queued draft id and takes its locks; the caller calls
// release when done. A draft another process holds is a *BusyError.
//
// Two locks are taken, in this order: the item's claim (drafts/<id>.claim),
// which only runners and queue commands take, then the draft's own lock,
// which composer windows take too. A claim found held is another runner
// at work (Posting); a claim free but a draft lock held is a window.
func (q *Queue) Claim(id string) (d *draft.Draft, release func(), err error) {
	if err := os.MkdirAll(q.Store.Dir, 0o700); err != nil {
		return nil, nil, err
	}
	claim, err := fsx.TryLock(filepath.Join(q.Store.Dir, id+claimExt))
	if errors.Is(err, fsx.ErrLocked) {
		be := &BusyError{ID: id, Posting: true, Runner: "another runner"}
		if d, err := q.Store.Load(id); err == nil && d.Schedule != nil && d.Schedule.Runner != "" {
			be.Runner = d.Schedule.Runner
		}
		return nil, nil, be
	}
	if err != nil {
		return nil, nil, fmt.Errorf("claim draft %s: %w", id, err)
	}
	d, readOnly, err := q.Store.Open(id)
	if err != nil {
		claim.Unlock()
		return nil, nil, err
	}
	if readOnly {
		claim.Unlock()
		return nil, nil, &BusyError{ID: id}
	}
	release = func() {
		q.Store.Release(id)
		claim.Unlock()
	}
	if d.Schedule == nil {
		release()
		return nil, nil, &NotQueuedError{ID: id}
	}
	return d, release, nil
}

// claimExt names an item's claim lock in the drafts folder.
const claimExt = ".claim"

func firstID(d *draft.Draft) string {
	id, _ := d.Posted(0)
	return id
}
