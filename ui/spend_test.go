package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestStatusSpend: today's spending sits after the limit when the line
// has room, and is the first thing dropped when it has not: the account
// and the limit stay.
func TestStatusSpend(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	rate := Rate{Of: RatePosts, Limit: 100, Remaining: 97, Reset: now.Add(time.Hour)}
	tests := []struct {
		name      string
		text      string // a passing message
		width     int
		spend     string
		rate      bool
		want, not []string
	}{
		{name: "120 columns", width: 120, spend: "$0.45", rate: true,
			want: []string{"@ada · limit 280 · $0.45 today · saved · posts left 97/100"}},
		{name: "80 columns", width: 80, spend: "$0.45", rate: true,
			want: []string{"@ada · limit 280 · $0.45 today · saved · posts left 97/100"}},
		{name: "nothing spent", width: 80,
			want: []string{"@ada · limit 280 · saved"}, not: []string{"today"}},
		{name: "a message pushes the spending out first", width: 80, spend: "$0.45",
			text: "Attached cat.png, a picture of a cat asleep.", // 45 cells
			want: []string{"Attached cat.png, a picture of a cat asleep.", "@ada · limit 280 · saved"}, not: []string{"today"}},
		{name: "short of room the spending goes first", width: 44, spend: "$12.345", rate: true,
			want: []string{"@ada · limit 280 · saved · posts left"}, not: []string{"today"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStatusBar()
			s.now = func() time.Time { return now }
			s.account, s.save = "ada", saveSaved
			s.update(spendMsg{Spend: tt.spend})
			s.text = tt.text
			if tt.rate {
				s.update(rateLimitMsg{Rate: rate})
			}
			st := NewStyles(true)
			line := ansi.Strip(s.view(&st, tt.width, 280))
			if w := ansi.StringWidth(line); w > tt.width {
				t.Errorf("the line is %d cells wide: %q", w, line)
			}
			for _, w := range tt.want {
				if !strings.Contains(line, w) {
					t.Errorf("%q misses %q", line, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(line, n) {
					t.Errorf("%q has %q", line, n)
				}
			}
		})
	}
}

// TestSpendGolden: the composer with today's spending in its status
// line, at 80 and 120 columns.
func TestSpendGolden(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprint(size[0]), func(t *testing.T) {
			t.Parallel()
			m := newTestModel(t, Options{Draft: goldenThread(), Demo: true})
			var tm tea.Model = m
			tm, _ = tm.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			tm, _ = tm.Update(spendMsg{Spend: "$0.45"})
			got := screenText(tm)
			// The status line is the one above the keys.
			lines := strings.Split(strings.TrimRight(got, "\n"), "\n")
			line := lines[len(lines)-2]
			for _, w := range []string{"@ada", "limit 280", "$0.45 today"} {
				if !strings.Contains(line, w) {
					t.Errorf("status line %q misses %q", line, w)
				}
			}
			golden(t, fmt.Sprintf("compose_spend_%dx%d", size[0], size[1]), got)
		})
	}
}

// spendIn runs cmd and what it batches, and returns the spending it
// reports, if any.
func spendIn(t *testing.T, cmd tea.Cmd) (string, bool) {
	t.Helper()
	if cmd == nil {
		return "", false
	}
	msg := cmd()
	if sm, ok := msg.(spendMsg); ok {
		return sm.Spend, true
	}
	if cmds, ok := subCmds(msg); ok {
		for _, c := range cmds {
			if s, ok := spendIn(t, c); ok {
				return s, true
			}
		}
	}
	return "", false
}

// TestSpendRefresh: the spending is read from Services when the account
// is known and again after every publish.
func TestSpendRefresh(t *testing.T) {
	t.Parallel()
	svc := newFakeServices()
	svc.spent = "$0.015"
	m := New(svc, Options{})
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	tm, cmd := tm.Update(accountMsg{Account: Account{ID: "42", Username: "ada", Limit: 280}})
	t.Cleanup(func() { closeCompose(t, tm.(Model)) })
	got, ok := spendIn(t, cmd)
	if !ok || got != "$0.015" {
		t.Fatalf("at start the spending read is %q (%v), want $0.015", got, ok)
	}
	tm, _ = tm.Update(spendMsg{Spend: got})
	if !strings.Contains(screenText(tm), "$0.015 today") {
		t.Errorf("the status line lacks the spending:\n%s", screenText(tm))
	}

	svc.mu.Lock()
	svc.spent = "$0.215"
	svc.mu.Unlock()
	tm, cmd = tm.Update(publishDoneMsg{run: -1})
	got, ok = spendIn(t, cmd)
	if !ok || got != "$0.215" {
		t.Fatalf("after a publish the spending read is %q (%v), want $0.215", got, ok)
	}
	tm, _ = tm.Update(spendMsg{Spend: got})
	if !strings.Contains(screenText(tm), "$0.215 today") {
		t.Errorf("the status line lacks the new spending:\n%s", screenText(tm))
	}
}
