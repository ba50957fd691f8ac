package billing

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/xpostdev/xpost/internal/fsx"
)

// Ledger is xpost's own account of what it spent at X: every billable
// request X accepted, by kind, per UTC day (X's billing day), its cost at
// the configured prices. Reads are counted as X bills them, once per
// resource and UTC day. It lives in one JSON file, rewritten atomically
// under a lock file, so that several xpost processes can share it; it
// keeps the last 400 days.
//
// It also holds the spending caps: [Ledger.Afford] refuses a publish that
// would take the day's or the month's spending past them.
type Ledger struct {
	path string
	// Billed is false on plans not billed per request: requests are
	// counted, at no cost.
	Billed bool
	Prices Prices
	// Daily and Monthly cap the spending per UTC day and calendar month;
	// zero means no cap.
	Daily, Monthly Cost
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	mu sync.Mutex
}

// NewLedger returns the ledger kept in the file at path.
func NewLedger(path string, billed bool, prices Prices) *Ledger {
	return &Ledger{path: path, Billed: billed, Prices: prices}
}

// Tally is what one kind of request cost over a period.
type Tally struct {
	Requests  int  `json:"requests"`
	Resources int  `json:"resources"`
	Cost      Cost `json:"cost_millis"`
}

// ledgerFile is the ledger's file.
type ledgerFile struct {
	// Days maps a UTC date ("2026-12-03") to the tallies of that day.
	Days map[string]map[Kind]Tally `json:"days"`
	// SeenDay and Seen are the resources read on that UTC day, which X
	// does not bill again that day.
	SeenDay string   `json:"seen_day,omitempty"`
	Seen    []string `json:"seen,omitempty"`
}

// keepDays is how many days of tallies the ledger keeps.
const keepDays = 400

// maxLedgerFile bounds the ledger file read.
const maxLedgerFile = 16 << 20

func (l *Ledger) now() time.Time {
	if l.Now != nil {
		return l.Now().UTC()
	}
	return time.Now().UTC()
}

func (l *Ledger) read() (*ledgerFile, error) {
	f := &ledgerFile{Days: map[string]map[Kind]Tally{}}
	b, err := fsx.ReadFile(l.path, maxLedgerFile)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the spending ledger: %w", err)
	}
	if err := json.Unmarshal(b, f); err != nil {
		return nil, fmt.Errorf("the spending ledger %s is damaged (%v): move it aside to start a new one", l.path, err)
	}
	if f.Days == nil {
		f.Days = map[string]map[Kind]Tally{}
	}
	return f, nil
}

// lock takes the ledger's lock file, trying for a moment while another
// process holds it (each holder only reads and rewrites a small file).
func (l *Ledger) lock() (*fsx.Lock, error) {
	var last error
	for delay := time.Millisecond; delay < 2*time.Second; delay *= 2 {
		lk, err := fsx.TryLock(l.path + ".lock")
		if err == nil {
			return lk, nil
		}
		if !errors.Is(err, fsx.ErrLocked) {
			return nil, err
		}
		last = err
		time.Sleep(delay)
	}
	return nil, fmt.Errorf("the spending ledger %s: %w", l.path, last)
}

// Record counts one billable request X accepted: its kind and, for a
// read, the resources read ("tweet:ID", "user:ID"), each billed once per
// UTC day.
func (l *Ledger) Record(k Kind, resources ...string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	lk, err := l.lock()
	if err != nil {
		return err
	}
	defer lk.Unlock()
	f, err := l.read()
	if err != nil {
		return err
	}
	now := l.now()
	day := now.Format(time.DateOnly)
	if f.SeenDay != day {
		f.SeenDay, f.Seen = day, nil
	}
	n := 1
	if k.Read() {
		n = 0
		for _, r := range resources {
			if !slices.Contains(f.Seen, r) {
				f.Seen = append(f.Seen, r)
				n++
			}
		}
	}
	if f.Days[day] == nil {
		f.Days[day] = map[Kind]Tally{}
	}
	t := f.Days[day][k]
	t.Requests++
	t.Resources += n
	if l.Billed {
		t.Cost += Cost(n) * l.Prices.Of(k)
	}
	f.Days[day][k] = t
	oldest := now.AddDate(0, 0, -keepDays).Format(time.DateOnly)
	for d := range f.Days {
		if d < oldest {
			delete(f.Days, d)
		}
	}
	b, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return err
	}
	if err := fsx.WriteFile(l.path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("save the spending ledger: %w", err)
	}
	return nil
}

// Usage is what the ledger holds for today and this month (UTC).
type Usage struct {
	Day, Month string
	// Today and ThisMonth are the tallies by kind; TodayCost and
	// MonthCost their sums.
	Today, ThisMonth     map[Kind]Tally
	TodayCost, MonthCost Cost
}

// Usage reads today's and this month's spending.
func (l *Ledger) Usage() (Usage, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, err := l.read()
	if err != nil {
		return Usage{}, err
	}
	now := l.now()
	u := Usage{Day: now.Format(time.DateOnly), Month: now.Format("2006-01"), Today: map[Kind]Tally{}, ThisMonth: map[Kind]Tally{}}
	days := make([]string, 0, len(f.Days))
	for d := range f.Days {
		days = append(days, d)
	}
	sort.Strings(days)
	for _, d := range days {
		if len(d) < 7 || d[:7] != u.Month {
			continue
		}
		for k, t := range f.Days[d] {
			m := u.ThisMonth[k]
			m.Requests, m.Resources, m.Cost = m.Requests+t.Requests, m.Resources+t.Resources, m.Cost+t.Cost
			u.ThisMonth[k] = m
			u.MonthCost += t.Cost
			if d == u.Day {
				u.Today[k] = t
				u.TodayCost += t.Cost
			}
		}
	}
	return u, nil
}

// CapError is a publish that would take the spending past a cap: nothing
// was sent.
type CapError struct {
	// Period is "daily" or "monthly".
	Period string
	// Cap, Spent and Cost are the cap, what was spent in the period so
	// far, and what the publish would cost.
	Cap, Spent, Cost Cost
}

// Error says which cap and by how much.
func (e *CapError) Error() string {
	return fmt.Sprintf("nothing was sent: this costs %s and would bring this %s's spending to %s, over the %s cap of %s",
		e.Cost, map[string]string{"daily": "day", "monthly": "month"}[e.Period], e.Spent+e.Cost, e.Period, e.Cap)
}

// Message says what to do: raise the cap or wait for the next period.
func (e *CapError) Message() string {
	next := "tomorrow (UTC)"
	if e.Period == "monthly" {
		next = "next month"
	}
	return e.Error() + fmt.Sprintf(" set by spending_cap.%s in config.json: raise it there, or publish %s (xpost usage shows the spending)", e.Period, next)
}

// Next is when the cap's period ends after now: the next UTC midnight
// for the daily cap, the first of the next month (UTC) for the monthly
// one. A publish the cap stopped can be tried again then.
func (e *CapError) Next(now time.Time) time.Time {
	y, m, d := now.UTC().Date()
	if e.Period == "monthly" {
		return time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
}

// Afford returns a *CapError when spending cost more would take today's or
// this month's spending past its cap.
func (l *Ledger) Afford(cost Cost) error {
	if cost <= 0 || l.Daily <= 0 && l.Monthly <= 0 {
		return nil
	}
	u, err := l.Usage()
	if err != nil {
		return err
	}
	if l.Daily > 0 && u.TodayCost+cost > l.Daily {
		return &CapError{Period: "daily", Cap: l.Daily, Spent: u.TodayCost, Cost: cost}
	}
	if l.Monthly > 0 && u.MonthCost+cost > l.Monthly {
		return &CapError{Period: "monthly", Cap: l.Monthly, Spent: u.MonthCost, Cost: cost}
	}
	return nil
}
