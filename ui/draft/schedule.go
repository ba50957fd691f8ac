package draft

import "time"

// A scheduled draft is an ordinary draft with a Schedule: it lives in the
// store like any other, is saved by the same atomic writes, keeps its
// journal, and can be edited until its time. Package outbox lists,
// changes and posts them; this file holds only what the draft records.

// ScheduleState is where a scheduled draft stands.
type ScheduleState string

// The states of a scheduled draft. Waiting and Retrying drafts are posted
// when due; Posting means a runner claimed it (or was killed while
// posting it: the next runner resumes it from the journal); Posted,
// Failed and Held wait for the user.
const (
	StateWaiting  ScheduleState = "waiting"
	StatePosting  ScheduleState = "posting"
	StateRetrying ScheduleState = "retrying"
	StatePosted   ScheduleState = "posted"
	StateFailed   ScheduleState = "failed"
	StateHeld     ScheduleState = "held"
)

// Late policies: what a runner does with an item it finds past its time
// by more than its grace period (the machine was off or asleep).
const (
	// LateHold holds it and asks (xpost queue shows it; queue move
	// posts it). The default.
	LateHold = "hold"
	// LatePost posts it however late.
	LatePost = "post"
)

// Schedule is when a draft is to be posted and what became of it.
type Schedule struct {
	// At is the time to post, with the offset it was given in.
	At time.Time `json:"at"`
	// Zone is the name of the zone At was given in (Europe/Berlin), for
	// showing it as it was meant; "" when unknown.
	Zone string `json:"zone,omitempty"`
	// Late is the late policy (LateHold or LatePost; "" is LateHold).
	Late string `json:"late,omitempty"`
	// Grace is how late it may still be posted, in seconds; 0 means the
	// runner's default.
	Grace int64 `json:"grace_seconds,omitempty"`
	// Pace is how many seconds apart its parts are posted, when it was
	// queued with its own (0: at once); nil follows the runner's.
	Pace  *int64        `json:"pace_seconds,omitempty"`
	State ScheduleState `json:"state"`
	// Reason says why it failed, is held or is retrying.
	Reason string `json:"reason,omitempty"`
	// Attempts counts the runs that tried to post it.
	Attempts int `json:"attempts,omitempty"`
	// NextTry is when a retrying draft is tried again.
	NextTry time.Time `json:"next_try,omitzero"`
	// Runner names the runner that claimed it last ("pid 123 on host").
	Runner string `json:"runner,omitempty"`
	// Started is when the last attempt began; Done when it was posted.
	Started time.Time `json:"started,omitzero"`
	Done    time.Time `json:"done,omitzero"`
}

// Open reports whether the schedule still waits to be posted: a runner
// posts it when due. A held draft with a NextTry (held by a spending cap
// until its next period) waits too; one held without waits for the user.
func (s *Schedule) Open() bool {
	return s != nil && (s.State == StateWaiting || s.State == StateRetrying || s.State == StatePosting || s.HeldUntilNextTry())
}

// HeldUntilNextTry reports whether the draft is held until NextTry, when
// a runner tries it again by itself (a spending cap's next period).
func (s *Schedule) HeldUntilNextTry() bool {
	return s != nil && s.State == StateHeld && !s.NextTry.IsZero()
}

// Due is when a runner should next try it (zero if never).
func (s *Schedule) Due() time.Time {
	switch {
	case s == nil || !s.Open():
		return time.Time{}
	case (s.State == StateRetrying || s.State == StateHeld) && s.NextTry.After(s.At):
		return s.NextTry
	}
	return s.At
}

// Clone returns a copy of s.
func (s *Schedule) Clone() *Schedule {
	if s == nil {
		return nil
	}
	c := *s
	return &c
}
