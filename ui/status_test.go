package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestStatusLine(t *testing.T) {
	t.Parallel()
	long := "could not save the draft: disk full; press quit again to leave without saving"
	tests := []struct {
		name, text string
		save       saveState
		// want must be in the line, and not must not.
		want, not []string
	}{
		{name: "a short message shares the line", text: "Attached cat.png.", want: []string{"Attached cat.png.", "@ada", "limit 280"}},
		{name: "a long message is cut before the account and limit go", text: long, want: []string{"could not save the draft", "…", "@ada", "limit 280"}, not: []string{long}},
		{name: "a long message takes the save state's place", text: long, save: saveDirty, want: []string{"could not save", "…", "@ada", "limit 280"}, not: []string{"unsaved"}},
		{name: "a short message keeps the save state", text: "Attached cat.png.", save: saveDirty, want: []string{"Attached cat.png.", "@ada", "limit 280", "unsaved"}},
		{name: "no message", want: []string{"@ada", "limit 280"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStatusBar()
			s.account = "ada"
			s.text, s.level, s.save = tt.text, levelError, tt.save
			st := NewStyles(true)
			line := ansi.Strip(s.view(&st, 80, 280))
			if w := ansi.StringWidth(line); w > 80 {
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

func TestDemoWelcome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts Options
		want string // "" when no welcome is due
	}{
		{name: "demo with sample media", opts: Options{Demo: true, MediaDir: "samples"}, want: "alt+m has sample pictures"},
		{name: "demo", opts: Options{Demo: true}, want: "ctrl+g shows every key"},
		{name: "not a demo", opts: Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				got := ""
				for msg := range cmdMsgs(newTestModel(t, tt.opts).Init()) {
					if st, ok := msg.(statusMsg); ok {
						got = st.Text
						break
					}
					if _, ok := msg.(accountMsg); ok && tt.want == "" {
						break
					}
				}
				if !strings.Contains(got, tt.want) || (tt.want == "") != (got == "") {
					t.Errorf("welcome %q, want one with %q", got, tt.want)
				}
				s := newStatusBar()
				s.account, s.text = "xpostdemo", got
				st := NewStyles(true)
				if line := ansi.Strip(s.view(&st, 80, 280)); !strings.Contains(line, got) {
					t.Errorf("at 80 columns the welcome is cut: %q", line)
				}
			})
		})
	}
}

func TestStatusClears(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		s := newStatusBar()
		first := s.update(statusMsg{Text: "Attached cat.png.", Level: levelInfo})
		second := s.update(statusMsg{Text: "Removed cat.png.", Level: levelInfo})
		start := time.Now()
		s.update(first())
		if s.text != "Removed cat.png." {
			t.Fatalf("an older message's timer cleared the newer one: %q", s.text)
		}
		s.update(second())
		if s.text != "" {
			t.Errorf("the message %q stayed after its time", s.text)
		}
		if took := time.Since(start); took != statusInfoTTL {
			t.Errorf("the message stayed %v, want %v", took, statusInfoTTL)
		}
	})
}

func TestStatusClearsOnNextKey(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		level statusLevel
		stays bool
	}{{levelInfo, false}, {levelWarn, true}, {levelError, true}} {
		m := newTestModel(t, Options{})
		tm, _ := m.Update(statusMsg{Text: "a note", Level: tt.level})
		tm, _ = tm.Update(press("x"))
		if got := tm.(Model).status.text; (got != "") != tt.stays {
			t.Errorf("level %d: after a key the message is %q, want it kept: %v", tt.level, got, tt.stays)
		}
	}
}

// Opening another screen flushes the draft; an untouched draft has nothing
// to write, and the status bar must not call it saved.
func TestFlushSavesOnlySomething(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		m := newTestModel(t, Options{DraftDir: t.TempDir()})
		if m.compose.saver == nil {
			t.Fatal("no autosaver")
		}
		if cmd := m.compose.flush(); cmd != nil {
			if msg, ok := cmd().(saveStateMsg); ok && msg.State == saveSaved {
				t.Errorf("opening a screen from an untouched draft says saved, with nothing written")
			}
		}
	})
}

// The whole frame at 80 columns with a message longer than the line: the
// message is shown whole on lines of its own above the status line (cut,
// it lost what to do), and the account and the limit stay on the status
// line; the frame keeps its 24 lines.
func TestStatusLineGolden(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, Options{})
	var tm tea.Model = m
	tm, _ = tm.Update(saveStateMsg{State: saveSaved})
	msg := "could not reach X: the connection was reset; your draft is safe, and ctrl+p tries again once the network is back"
	tm, _ = tm.Update(statusMsg{Text: msg, Level: levelError})
	got := screenText(tm)
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 24 {
		t.Fatalf("the frame has %d lines, want 24:\n%s", len(lines), got)
	}
	bar := lines[len(lines)-2]
	if !strings.Contains(bar, "@ada") || !strings.Contains(bar, "limit 280") {
		t.Errorf("the status line is %q", bar)
	}
	var words []string
	for _, l := range lines {
		words = append(words, strings.Fields(l)...)
	}
	if !strings.Contains(strings.Join(words, " "), msg) {
		t.Errorf("the message is not whole in the frame:\n%s", got)
	}
	golden(t, "status_long_80x24", got)
}

// TestStatusLines: a message that fits shares the status line; a longer
// one takes lines of its own above it, at most statusMaxLines, and every
// line fits the width.
func TestStatusLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		width      int
		lines      int
	}{
		{"short", "Attached cat.png.", 80, 1},
		{"long at 80", "post 1 has media, and X takes media or a poll on a post, not both: remove the media first (alt+m)", 80, 3},
		{"long at 120", "post 1 has media, and X takes media or a poll on a post, not both: remove the media first (alt+m)", 120, 1},
		{"very long", strings.Repeat("日本語のテキスト 👍🏽 ", 60), 40, statusMaxLines + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStatusBar()
			s.account = "ada"
			s.text = tt.text
			st := NewStyles(true)
			got := ansi.Strip(s.lines(&st, tt.width, 280))
			ls := strings.Split(got, "\n")
			if len(ls) != tt.lines {
				t.Errorf("%d lines, want %d:\n%s", len(ls), tt.lines, got)
			}
			for _, l := range ls {
				if w := ansi.StringWidth(l); w > tt.width {
					t.Errorf("a line is %d cells wide: %q", w, l)
				}
			}
			if last := ls[len(ls)-1]; !strings.Contains(last, "@ada") {
				t.Errorf("the status line %q lost the account", last)
			}
		})
	}
}

// TestStatusLineNamesTheAccount: with more than one account logged in,
// the status line names the account before its handle ("work · @ada"),
// a name too long for the line cut so that the handle and the limit stay
// whole at 80 columns; with one account, the handle alone. Golden frames
// at 80 and 120 columns.
func TestStatusLineNamesTheAccount(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("w", 64)
	tests := []struct {
		name    string
		account Account
		want    []string
		not     []string
	}{
		{"one account", Account{ID: "42", Username: "ada", Limit: 280, Login: "work"}, []string{"@ada", "limit 280"}, []string{"work"}},
		{"several", Account{ID: "42", Username: "ada", Limit: 280, Login: "work", Several: true}, []string{"work · @ada · limit 280"}, nil},
		{"a long name", Account{ID: "42", Username: "ada", Limit: 25000, Login: long, Several: true}, []string{"…", "@ada", "limit 25000"}, []string{long}},
		{"a name of emoji and CJK", Account{ID: "42", Username: "ada", Limit: 280, Login: "仕事👍🏽", Several: true}, []string{"仕事👍🏽 · @ada · limit 280"}, nil},
	}
	for _, tt := range tests {
		for _, width := range []int{80, 120} {
			t.Run(fmt.Sprintf("%s at %d", tt.name, width), func(t *testing.T) {
				t.Parallel()
				var tm tea.Model = newTestModel(t, Options{})
				tm, _ = tm.Update(tea.WindowSizeMsg{Width: width, Height: 24})
				tm, _ = tm.Update(accountMsg{Account: tt.account})
				tm, _ = tm.Update(saveStateMsg{State: saveSaved})
				tm, _ = tm.Update(statusMsg{Text: "could not reach X: the connection was reset; your draft is safe", Level: levelError})
				got := screenText(tm)
				lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
				bar := lines[len(lines)-2]
				for _, l := range lines {
					if w := cellWidth(l, ansi.WcWidth); w != width {
						t.Errorf("a line is %d cells wide, want %d: %q", w, width, l)
					}
				}
				for _, w := range tt.want {
					if !strings.Contains(bar, w) {
						t.Errorf("the status line %q misses %q", bar, w)
					}
				}
				for _, n := range tt.not {
					if strings.Contains(bar, n) {
						t.Errorf("the status line %q has %q", bar, n)
					}
				}
				if tt.name == "several" {
					golden(t, fmt.Sprintf("status_account_name_%dx24", width), got)
				}
			})
		}
	}
}
