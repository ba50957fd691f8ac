package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xpostdev/xpost/internal/fsx"
)

// PollInterval is how often a watching runner looks for items queued
// since its last look; an item it knows of is posted at its second.
const PollInterval = 15 * time.Second

// The files of the runners' status, in the state directory (not among
// the drafts).
const (
	watchLockName = "queue-watch.lock"
	statusName    = "queue-runner.json"
)

// Status is what the runners last said about themselves, for `xpost
// queue status`.
type Status struct {
	// Mode is "run" (one pass, as from a timer) or "watch".
	Mode string `json:"mode"`
	PID  int    `json:"pid"`
	Host string `json:"host,omitempty"`
	// LastRun is when a runner last looked at the queue.
	LastRun time.Time `json:"last_run"`
	// Since is when the watching runner started (watch only).
	Since   time.Time `json:"since,omitzero"`
	Posted  int       `json:"posted"`
	Failed  int       `json:"failed"`
	Pending int       `json:"pending"`
	// OK is whether everything due was posted.
	OK bool `json:"ok"`
}

// StatusFile keeps the runners' status in dir (the state directory).
type StatusFile struct{ Dir string }

// Write records s, atomically: a reader sees the last status whole.
func (f StatusFile) Write(s Status) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(f.Dir, 0o700); err != nil {
		return err
	}
	return fsx.WriteFile(filepath.Join(f.Dir, statusName), append(b, '\n'), 0o600)
}

// Read returns the last status written, and ok false when no runner ever
// ran.
func (f StatusFile) Read() (s Status, ok bool, err error) {
	b, err := fsx.ReadFile(filepath.Join(f.Dir, statusName), 1<<20)
	if errors.Is(err, fs.ErrNotExist) {
		return Status{}, false, nil
	}
	if err != nil {
		return Status{}, false, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return Status{}, false, fmt.Errorf("the runner's status %s is damaged (it is rewritten at the next run): %w", filepath.Join(f.Dir, statusName), err)
	}
	return s, true, nil
}

// Watching reports whether a runner is watching the queue now, and its
// process id when it wrote it. It takes the watch lock for a moment to
// find out.
func (f StatusFile) Watching() (bool, int, error) {
	path := filepath.Join(f.Dir, watchLockName)
	l, err := fsx.TryLock(path)
	if errors.Is(err, fsx.ErrLocked) {
		b, _ := fsx.ReadFile(path, 64)
		pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		return true, pid, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return false, 0, nil // no config directory yet
	}
	if err != nil {
		return false, 0, err
	}
	return false, 0, l.Unlock()
}

// ErrWatching is returned by Watch when another runner watches already.
var ErrWatching = errors.New("another xpost runner is already watching the queue")

// Watch runs r until ctx ends: every item is posted at its time (sleep
// waits until the next one, or PollInterval at most, to see items queued
// meanwhile). It holds the watch lock in status's folder, so one watcher
// runs at a time (one-shot runs may still overlap it: items are claimed
// one by one), and writes the status after every pass. each, if set,
// hears of every pass.
func (r *Runner) Watch(ctx context.Context, status StatusFile, sleep func(context.Context, time.Duration) error, each func(Report)) error {
	if err := os.MkdirAll(status.Dir, 0o700); err != nil {
		return err
	}
	l, err := fsx.TryLock(filepath.Join(status.Dir, watchLockName))
	if errors.Is(err, fsx.ErrLocked) {
		_, pid, _ := status.Watching()
		if pid > 0 {
			return fmt.Errorf("%w (process %d)", ErrWatching, pid)
		}
		return ErrWatching
	}
	if err != nil {
		return fmt.Errorf("cannot take the watch lock: %w", err)
	}
	defer l.Unlock()
	if f := l.File(); f.Truncate(0) == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	since := r.now()
	for {
		rep := r.RunDue(ctx)
		if each != nil {
			each(rep)
		}
		next, err := r.NextDue()
		if rep.Err == nil && err != nil {
			rep.Err = err
		}
		st := r.StatusOf("watch", rep)
		st.Since = since
		status.Write(st) // a status that cannot be written only hides the runner from `queue status`
		if ctx.Err() != nil {
			return nil
		}
		wait := PollInterval
		if !next.IsZero() {
			wait = min(wait, max(next.Sub(r.now()), 0))
		}
		if err := sleep(ctx, wait); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
	}
}

// StatusOf is the status a runner in mode writes after a pass.
func (r *Runner) StatusOf(mode string, rep Report) Status {
	host, _ := os.Hostname()
	return Status{Mode: mode, PID: os.Getpid(), Host: host, LastRun: r.now(), OK: rep.OK(),
		Posted: rep.Count(OutcomePosted), Failed: rep.Count(OutcomeFailed) + rep.Count(OutcomeHeld),
		Pending: rep.Count(OutcomeRetrying) + rep.Count(OutcomeBlocked) + rep.Count(OutcomeBusy)}
}
