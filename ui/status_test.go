package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestStatusLine(t *testing.T) {
	t.Parallel()
	long := "could not save the draft: disk full; press quit again to leave without saving"
	tests := []struct {
		name, text string
		// want must be in the line, and not must not.
		want, not []string
	}{
		{name: "a short message shares the line", text: "Attached cat.png.", want: []string{"Attached cat.png.", "@ada", "limit 280"}},
		{name: "a long message takes the whole line", text: long, want: []string{long}, not: []string{"@ada", "…"}},
		{name: "no message", want: []string{"@ada", "limit 280"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStatusBar()
			s.account = "ada"
			s.text, s.level = tt.text, levelError
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
			})
		})
	}
}
