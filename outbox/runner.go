package outbox

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/xpostdev/xpost/ui/draft"
)

// Journal is the publish journal of a queued draft, as the publish path
// uses it (xapi.AttemptJournal's methods): each record is on disk, in the
// draft's file, before it returns. The runner passes a
// *draft.SavingJournal.
type Journal interface {
	Posted(i int) (id string, ok bool)
	RecordPost(i int, id string) error
	UploadedMedia(key string) (id string, ok bool)
	RecordMedia(key, id string, expires time.Time) error
	RecordAttempt(i int) error
	Attempted(i int) bool
	ClearAttempt(i int) error
}

var _ Journal = (*draft.SavingJournal)(nil)

// Publisher posts a draft through the one publish path.
type Publisher interface {
	// Publish validates d again (the account's limit, its media) and
	// publishes it, recording every step in j before the next request.
	// It returns the ids of the draft's posts.
	Publish(ctx context.Context, d *draft.Draft, j Journal) ([]string, error)
	// Judge says what a failed Publish calls for.
	Judge(err error) Verdict
}

// Verdict is what to do about a failed publish.
type Verdict struct {
	// Retry says a later try can succeed (network trouble, X's 5xx, a
	// rate limit); otherwise the item fails and waits for the user.
	Retry bool
	// At is the earliest time worth retrying (a rate limit's reset);
	// zero leaves it to the runner's back-off.
	At time.Time
	// Message is the reason, for the user.
	Message string
	// Hold says nothing was sent and nothing can be until At (a
	// spending cap's next period): the item is held until then, not
	// failed, and tried again at At without counting as a try.
	Hold bool
}

// Defaults of the runner.
const (
	// DefaultGrace is how late an item may still be posted when its
	// schedule does not say: past it, the item is held.
	DefaultGrace = time.Hour
	// DefaultMaxAttempts is how many runs try an item before it fails.
	DefaultMaxAttempts = 8
	// maxBackoff bounds the wait between two tries of an item.
	maxBackoff = time.Hour
)

// Runner posts the items of a queue that are due.
type Runner struct {
	Queue     *Queue
	Publisher Publisher
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Name says who runs, recorded in an item while it is posted
	// ("pid 123 on host").
	Name string
	// Grace is the default grace period (0: DefaultGrace).
	Grace time.Duration
	// Late is the default late policy (draft.LateHold or LatePost; "" is
	// LateHold).
	Late string
	// MaxAttempts is how many tries an item gets (0: DefaultMaxAttempts).
	MaxAttempts int
	// OnResult, if set, hears of each item as it is done with.
	OnResult func(Result)
	// Notifier, if set, announces the outcomes NotifyLevel names (""
	// is NotifyFailures): a runner started by a timer has no one reading
	// its output. A notification that fails is not an error of the run.
	Notifier    Notifier
	NotifyLevel NotifyLevel
}

// Outcome is what a run did with an item.
type Outcome string

// The outcomes of a run for an item.
const (
	// Posted: every post of the item is on X.
	OutcomePosted Outcome = "posted"
	// Retrying: it failed in a way that may pass; it is tried again later.
	OutcomeRetrying Outcome = "retrying"
	// Failed: it cannot be posted as it is; the reason says why.
	OutcomeFailed Outcome = "failed"
	// Held: it was missed by more than its grace period.
	OutcomeHeld Outcome = "held"
	// Busy: another runner is posting it.
	OutcomeBusy Outcome = "busy"
	// Blocked: it is open in a composer window, which holds it.
	OutcomeBlocked Outcome = "blocked"
)

// Result is what a run did with one item.
type Result struct {
	ID      string  `json:"id"`
	Title   string  `json:"first_line"`
	Outcome Outcome `json:"outcome"`
	// Message is the reason of any outcome but Posted.
	Message string   `json:"message,omitempty"`
	PostIDs []string `json:"post_ids,omitempty"`
	// NextTry is when a retrying item is tried again.
	NextTry time.Time `json:"next_try,omitzero"`
}

// Report is what a run did.
type Report struct {
	Results []Result `json:"results"`
	// Err is trouble with the queue itself: damaged draft files (moved
	// aside, named), a drafts folder that cannot be read.
	Err error `json:"-"`
}

// OK reports whether everything due was posted, or is being posted by
// another runner: the run's exit status.
func (r *Report) OK() bool {
	if r.Err != nil {
		return false
	}
	for _, res := range r.Results {
		if res.Outcome != OutcomePosted && res.Outcome != OutcomeBusy {
			return false
		}
	}
	return true
}

// Count returns how many results had outcome o.
func (r *Report) Count(o Outcome) int {
	n := 0
	for _, res := range r.Results {
		if res.Outcome == o {
			n++
		}
	}
	return n
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// RunDue posts every item due now, one after the other in the order of
// their times, and reports what became of each. It stops early only when
// ctx ends.
func (r *Runner) RunDue(ctx context.Context) Report {
	var rep Report
	ds, err := r.Queue.drafts()
	rep.Err = err
	for _, d := range ds {
		if ctx.Err() != nil {
			break
		}
		due := d.Schedule.Due()
		if due.IsZero() || due.After(r.now()) {
			continue
		}
		res, ok := r.runOne(ctx, d.ID)
		if !ok {
			continue
		}
		rep.Results = append(rep.Results, res)
		if r.OnResult != nil {
			r.OnResult(res)
		}
		if title, body, ok := notification(r.NotifyLevel, res); ok && r.Notifier != nil {
			r.Notifier.Notify(ctx, title, body)
		}
	}
	return rep
}

// NextDue is the earliest time after now that an item becomes due (zero
// when none waits).
func (r *Runner) NextDue() (time.Time, error) {
	ds, err := r.Queue.drafts()
	now := r.now()
	var next time.Time
	for _, d := range ds {
		due := d.Schedule.Due()
		if due.After(now) && (next.IsZero() || due.Before(next)) {
			next = due
		}
	}
	return next, err
}

// runOne claims item id and posts it if it is still due. ok is false when
// there was nothing to do after all (cancelled, moved or posted since it
// was listed).
func (r *Runner) runOne(ctx context.Context, id string) (res Result, ok bool) {
	q := r.Queue
	d, release, err := q.Claim(id)
	if be, busy := errors.AsType[*BusyError](err); busy {
		if be.Posting {
			return Result{ID: id, Outcome: OutcomeBusy, Message: be.Error()}, true
		}
		return Result{ID: id, Outcome: OutcomeBlocked, Message: be.Error()}, true
	}
	var nq *NotQueuedError
	switch {
	case errors.As(err, &nq), errors.Is(err, draft.ErrNotFound):
		return Result{}, false
	case err != nil:
		return Result{ID: id, Outcome: OutcomeFailed, Message: err.Error()}, true
	}
	defer release()
	s := d.Schedule
	now := r.now()
	res = Result{ID: id, Title: d.Summary().Title}
	if due := s.Due(); due.IsZero() || due.After(now) {
		return Result{}, false // moved, cancelled or done by someone else meanwhile
	}
	if d.Published() {
		// Published from a composer window meanwhile.
		return r.finish(d, res, draft.StatePosted, "")
	}
	grace := cmp.Or(time.Duration(s.Grace)*time.Second, r.Grace, DefaultGrace)
	policy := cmp.Or(s.Late, r.Late, draft.LateHold)
	if late := now.Sub(s.At); s.State == draft.StateWaiting && s.Attempts == 0 && late > grace && policy != draft.LatePost {
		msg := fmt.Sprintf("its time passed %s ago, more than the %s allowed (was the runner off?): `xpost queue move %s now` posts it, `xpost queue cancel %s` keeps it as a draft",
			roundDuration(late), roundDuration(grace), id, id)
		return r.finish(d, res, draft.StateHeld, msg)
	}

	// Claim it on disk: a runner killed from here on leaves it "posting",
	// and the next one resumes it from the journal.
	s.State, s.Runner, s.Started, s.Reason = draft.StatePosting, r.Name, now, ""
	s.Attempts++
	if err := q.Store.Save(d); err != nil {
		res.Outcome, res.Message = OutcomeFailed, fmt.Sprintf("cannot record that it is being posted, so it was not: %v", err)
		return res, true
	}
	j := draft.NewSavingJournal(d, q.Store.Save)
	j.Now = r.now
	ids, err := r.Publisher.Publish(ctx, d.Clone(), j)
	// The journal has written into d; nothing else has touched it.
	if err == nil {
		res.PostIDs = ids
		return r.finish(d, res, draft.StatePosted, "")
	}
	if ctx.Err() != nil {
		// Stopped (ctrl+c, a service stopping): the next run goes on.
		s.NextTry = time.Time{}
		return r.finish(d, res, draft.StateRetrying, "interrupted while posting: the next run resumes it")
	}
	v := r.Publisher.Judge(err)
	if v.Hold && v.At.After(now) {
		s.Attempts-- // nothing was sent: not a try
		s.NextTry = v.At
		res.NextTry = v.At
		return r.finish(d, res, draft.StateHeld, v.Message)
	}
	if !v.Retry || s.Attempts >= cmp.Or(r.MaxAttempts, DefaultMaxAttempts) {
		if v.Retry {
			v.Message += fmt.Sprintf(" (gave up after %d tries: `xpost queue move %s now` tries again)", s.Attempts, id)
		}
		return r.finish(d, res, draft.StateFailed, v.Message)
	}
	next := now.Add(backoff(s.Attempts))
	if v.At.After(next) {
		next = v.At
	}
	s.NextTry = next
	res.NextTry = next
	return r.finish(d, res, draft.StateRetrying, v.Message)
}

// finish records the state an attempt ended in and reports it.
func (r *Runner) finish(d *draft.Draft, res Result, st draft.ScheduleState, msg string) (Result, bool) {
	s := d.Schedule
	s.State, s.Reason = st, msg
	if st == draft.StatePosted {
		s.Done, s.NextTry = r.now(), time.Time{}
		res.PostIDs = nil
		for i := range d.Posts {
			id, _ := d.Posted(i)
			res.PostIDs = append(res.PostIDs, id)
		}
	}
	res.Outcome = map[draft.ScheduleState]Outcome{draft.StatePosted: OutcomePosted, draft.StateRetrying: OutcomeRetrying,
		draft.StateFailed: OutcomeFailed, draft.StateHeld: OutcomeHeld}[st]
	res.Message = msg
	if err := r.Queue.Store.Save(d); err != nil {
		res.Message = fmt.Sprintf("%s; and recording it failed: %v", cmp.Or(msg, string(st)), err)
		if st == draft.StatePosted {
			// It is on X and its journal says so; only the state is
			// stale, and the next run sees the journal complete.
			res.Outcome = OutcomePosted
		}
	}
	return res, true
}

// backoff is the wait after the n-th failed try: 1, 2, 4 … minutes, at
// most an hour.
func backoff(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// roundDuration shows d to the minute (or second, when shorter).
func roundDuration(d time.Duration) string {
	if d < time.Minute {
		return d.Round(time.Second).String()
	}
	s := d.Round(time.Minute).String()
	return s[:len(s)-2] // drop "0s"
}
