package billing

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// TestLedger: writes are counted per request, reads once per resource and
// UTC day as X bills them; days add up to the month; caps refuse what
// would pass them.
func TestLedger(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 3, 23, 0, 0, 0, time.UTC)
	l := NewLedger(filepath.Join(t.TempDir(), "usage.json"), true, Prices{Post: 20})
	l.Now = func() time.Time { return now }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(l.Record(Post))
	must(l.Record(PostURL))
	must(l.Record(OwnedRead, "tweet:1", "tweet:2"))
	must(l.Record(OwnedRead, "tweet:2", "tweet:3")) // tweet:2 again: not billed
	u, err := l.Usage()
	must(err)
	if u.TodayCost != 20+200+3 || u.Today[OwnedRead].Resources != 3 || u.Today[OwnedRead].Requests != 2 {
		t.Fatalf("today %v: %+v", u.TodayCost, u.Today)
	}
	now = now.Add(2 * time.Hour) // the next UTC day: reads billed again
	must(l.Record(OwnedRead, "tweet:1"))
	u, err = l.Usage()
	must(err)
	if u.TodayCost != 1 || u.MonthCost != 224 || u.Day != "2026-12-04" {
		t.Fatalf("next day: today %v month %v (%s)", u.TodayCost, u.MonthCost, u.Day)
	}
	l.Daily, l.Monthly = 100, 400
	var ce *CapError
	if err := l.Afford(100); !errors.As(err, &ce) || ce.Period != "daily" {
		t.Errorf("Afford(100) = %v, want the daily cap", err)
	}
	if err := l.Afford(99); err != nil {
		t.Errorf("Afford(99) = %v", err)
	}
	l.Daily = 0
	if err := l.Afford(180); !errors.As(err, &ce) || ce.Period != "monthly" {
		t.Errorf("Afford(180) = %v, want the monthly cap", err)
	}
	free := NewLedger(filepath.Join(t.TempDir(), "usage.json"), false, nil)
	must(free.Record(PostURL))
	if u, _ := free.Usage(); u.TodayCost != 0 || u.Today[PostURL].Requests != 1 {
		t.Errorf("a plan not billed per request: %+v", u)
	}
}
