package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui/draft"
)

func newTestPoll(t *testing.T, p *draft.Poll) (*pollScreen, *draft.Draft) {
	t.Helper()
	d := draft.New()
	d.Posts = append(d.Posts, draft.Post{Text: "second", Poll: p})
	s, _ := newPollScreenFor(testEnv(t, newFakeServices()), openRequest{Draft: d.Clone(), Post: 1})
	return s.(*pollScreen), d
}

func TestPollDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want time.Duration
		err  string
	}{
		{name: "minutes", in: "90m", want: 90 * time.Minute},
		{name: "hours", in: "24h", want: 24 * time.Hour},
		{name: "days", in: "3d", want: 72 * time.Hour},
		{name: "mixed and spaced", in: " 1d12H ", want: 36 * time.Hour},
		{name: "shortest", in: "5m", want: 5 * time.Minute},
		{name: "longest", in: "7d", want: 7 * 24 * time.Hour},
		{name: "longest in minutes", in: "10080m", want: 7 * 24 * time.Hour},
		{name: "longest in hours", in: "168h", want: 7 * 24 * time.Hour},
		{name: "past the longest in minutes", in: "10081m", err: "out of range"},
		{name: "too short", in: "4m", err: "out of range"},
		{name: "too long", in: "7d1m", err: "out of range"},
		{name: "no unit", in: "90", err: "not a poll length"},
		{name: "empty", in: "", err: "no poll length"},
		{name: "seconds", in: "30s", err: "use m, h or d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parsePollDuration(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("parsePollDuration(%q) = %v, %v; want an error with %q", tt.in, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("parsePollDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestPollBuild(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		keys func(s *pollScreen)
		want *draft.Poll
	}{
		{
			name: "two options and the default day",
			keys: func(s *pollScreen) {
				typeInto(s, "Tea")
				send(s, press("tab"))
				typeInto(s, "Coffee")
			},
			want: &draft.Poll{Options: []string{"Tea", "Coffee"}, Duration: 24 * time.Hour},
		},
		{
			name: "four options, a preset",
			keys: func(s *pollScreen) {
				typeInto(s, "a")
				send(s, press("tab"))
				typeInto(s, "b")
				send(s, press("ctrl+n"))
				typeInto(s, "c")
				send(s, press("ctrl+n"))
				typeInto(s, "ü 😀")
				send(s, press("tab"), press("right"), press("right"))
			},
			want: &draft.Poll{Options: []string{"a", "b", "c", "ü 😀"}, Duration: 7 * 24 * time.Hour},
		},
		{
			name: "free duration",
			keys: func(s *pollScreen) {
				typeInto(s, "x")
				send(s, press("down"))
				typeInto(s, "y")
				send(s, press("down"), press("left"), press("left"), press("left"), press("down"))
				typeInto(s, "90m")
			},
			want: &draft.Poll{Options: []string{"x", "y"}, Duration: 90 * time.Minute},
		},
		{
			// A digit typed on the duration row picks "other" and
			// starts the length there, instead of being dropped.
			name: "typing a length on the duration row",
			keys: func(s *pollScreen) {
				typeInto(s, "x")
				send(s, press("down"))
				typeInto(s, "y")
				send(s, press("down"))
				typeInto(s, "10080m")
			},
			want: &draft.Poll{Options: []string{"x", "y"}, Duration: 7 * 24 * time.Hour},
		},
		{
			name: "removing an option",
			keys: func(s *pollScreen) {
				typeInto(s, "one")
				send(s, press("tab"))
				typeInto(s, "two")
				send(s, press("ctrl+n"))
				typeInto(s, "three")
				send(s, press("up"), press("ctrl+r"))
			},
			want: &draft.Poll{Options: []string{"one", "three"}, Duration: 24 * time.Hour},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				s, d := newTestPoll(t, nil)
				tt.keys(s)
				cmd := send(s, press("enter"))
				m := applyEdit(t, cmd, d)
				if diff := cmp.Diff(tt.want, d.Posts[1].Poll); diff != "" {
					t.Errorf("poll (-want +got):\n%s", diff)
				}
				if d.Posts[0].Poll != nil {
					t.Error("the poll landed on the wrong post")
				}
				if m.Status == "" {
					t.Error("no status message")
				}
			})
		})
	}
}

func TestPollRefusesBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		keys func(s *pollScreen)
		want string
	}{
		{name: "empty option", keys: func(s *pollScreen) { typeInto(s, "only one") }, want: "option 2: empty"},
		{
			name: "long option",
			keys: func(s *pollScreen) {
				typeInto(s, strings.Repeat("é", 26))
				send(s, press("tab"))
				typeInto(s, "b")
			},
			want: "option 1: 1 character over the limit of 25",
		},
		{
			name: "duration out of range",
			keys: func(s *pollScreen) {
				typeInto(s, "a")
				send(s, press("tab"))
				typeInto(s, "b")
				send(s, press("tab"), press("left"), press("left"), press("left"), press("tab"))
				typeInto(s, "8d")
			},
			want: "duration: 8d is out of range",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				s, _ := newTestPoll(t, nil)
				tt.keys(s)
				noMsg[editDraftMsg](t, send(s, press("enter")))
				if !strings.Contains(s.err, tt.want) {
					t.Errorf("error %q does not say %q", s.err, tt.want)
				}
				if !strings.Contains(frame(s, screenW, screenH), tt.want) {
					t.Errorf("the view does not show %q", tt.want)
				}
			})
		})
	}
}

func TestPollOptionLimits(t *testing.T) {
	t.Parallel()
	s, _ := newTestPoll(t, nil)
	if s.keys.Remove.Enabled() {
		t.Error("remove is offered with 2 options")
	}
	send(s, press("ctrl+n"), press("ctrl+n"))
	if len(s.options) != 4 || s.keys.Add.Enabled() {
		t.Fatalf("%d options, add enabled %v; want 4 and no more", len(s.options), s.keys.Add.Enabled())
	}
	send(s, press("ctrl+n"))
	if len(s.options) != 4 {
		t.Errorf("a fifth option was added")
	}
	send(s, press("ctrl+r"), press("ctrl+r"), press("ctrl+r"))
	if len(s.options) != 2 {
		t.Errorf("%d options after removing; want 2", len(s.options))
	}
}

func TestPollEditAndRemove(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		old := &draft.Poll{Options: []string{"red", "blue", "green"}, Duration: 36 * time.Hour}
		s, d := newTestPoll(t, old)
		if s.preset != len(pollPresets) || s.custom.Value() != "1d12h" {
			t.Errorf("custom duration shown as preset %d %q", s.preset, s.custom.Value())
		}
		goldenFrame(t, "poll_edit", s)
		applyEdit(t, send(s, press("ctrl+x")), d)
		if d.Posts[1].Poll != nil {
			t.Error("ctrl+x kept the poll")
		}

		s, _ = newTestPoll(t, old)
		expectMsg[backMsg](t, send(s, press("esc")))
	})
}

func TestPollView(t *testing.T) {
	t.Parallel()
	s, _ := newTestPoll(t, nil)
	typeInto(s, "日本語のオプションはとても長いですね、二十六文字を超えます")
	send(s, press("tab"))
	typeInto(s, "🇯🇵 flag")
	send(s, press("tab"))
	goldenFrame(t, "poll_new", s)
}

// TestPollTypingOnDuration: a letter typed on the duration row says how
// to choose the length.
func TestPollTypingOnDuration(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		s, _ := newTestPoll(t, nil)
		send(s, press("tab"), press("tab"))
		msg := expectMsg[statusMsg](t, send(s, press("x")))
		if !strings.Contains(msg.Text, "←/→") {
			t.Errorf("typing says %q", msg.Text)
		}
	})
}
