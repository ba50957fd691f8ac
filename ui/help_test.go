package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestHelpLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		open screenID // screenCompose: nothing opened
		full bool
		// want must all be in the help, and none of not.
		want, not []string
	}{
		{name: "compose keeps help in view", open: screenCompose, want: []string{"ctrl+p publish", "ctrl+g help"}, not: []string{"…", "esc back"}},
		{name: "compose full help keeps quit in view", open: screenCompose, full: true, want: []string{"ctrl+g help", "save & quit", "alt+d", "ctrl+t new draft", "ctrl+p"}, not: []string{"…"}},
		{name: "poll says esc cancels, not back", open: screenPoll, full: true, want: []string{"esc", "cancel", "ctrl+g"}, not: []string{"back"}},
		{name: "poll keeps help in view while typing", open: screenPoll, want: []string{"ctrl+g help"}, not: []string{"esc back"}},
		{name: "settings says esc cancels, not back", open: screenSettings, want: []string{"esc cancel"}, not: []string{"esc back"}},
		{name: "login says esc later, not back", open: screenLogin, want: []string{"esc later"}, not: []string{"esc back"}},
		{name: "drafts go back with esc", open: screenDrafts, want: []string{"esc back", "? help"}, not: []string{"…"}},
		{name: "media picker goes back with esc", open: screenMedia, want: []string{"← parent folder", "esc back"}},
		{name: "recent posts go back with esc", open: screenRecent, want: []string{"esc back", "? help"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := newTestModel(t, Options{})
			m = run(m, []step{typed("hello")}, keys("ctrl+n"), []step{typed("world")})
			if tt.open != screenCompose {
				tm, _ := m.open(tt.open, m.compose.request())
				m = tm.(Model)
			}
			help := ansi.Strip(m.helpView(80))
			if tt.full {
				help = ansi.Strip(m.helpScreen(80, 60))
			}
			for _, line := range strings.Split(help, "\n") {
				if w := ansi.StringWidth(line); w > 80 {
					t.Errorf("help line is %d cells wide, more than 80: %q", w, line)
				}
			}
			// Columns pad keys to their widest; compare words, not spacing.
			words := strings.Join(strings.Fields(help), " ")
			for _, w := range tt.want {
				if !strings.Contains(words, w) {
					t.Errorf("help misses %q:\n%s", w, help)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(help, n) {
					t.Errorf("help has %q:\n%s", n, help)
				}
			}
		})
	}
}
