package ui

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui/draft"
)

func newTestSettings(t *testing.T, svc *fakeServices, d *draft.Draft) *settingsScreen {
	t.Helper()
	s, _ := newSettingsScreenFor(testEnv(t, svc), openRequest{Draft: d.Clone()})
	ss := s.(*settingsScreen)
	ss.now = fakeNow
	return ss
}

func TestSettingsSave(t *testing.T) {
	t.Parallel()
	type fields struct {
		ReplyTo, Quote, ReplySettings string
		Paid, Numbering               bool
	}
	tests := []struct {
		name  string
		start func(d *draft.Draft)
		keys  func(s *settingsScreen)
		want  fields
	}{
		{
			name: "reply to a typed id",
			keys: func(s *settingsScreen) {
				send(s, press("right"), press("tab"))
				typeInto(s, "1234")
			},
			want: fields{ReplyTo: "1234"},
		},
		{
			name: "quote a pasted link",
			keys: func(s *settingsScreen) {
				send(s, press("left"), press("tab"))
				typeInto(s, "https://x.com/ada/status/777")
			},
			want: fields{Quote: "777"},
		},
		{
			name:  "reply becomes nothing",
			start: func(d *draft.Draft) { d.ReplyTo = "55" },
			keys:  func(s *settingsScreen) { send(s, press("left")) },
			want:  fields{},
		},
		{
			name: "who can reply and toggles",
			keys: func(s *settingsScreen) {
				send(s, press("tab"), press("right"), press("right"), press("tab"), press("space"), press("tab"), press("space"))
			},
			want: fields{ReplySettings: draft.ReplyMentionedUsers, Paid: true, Numbering: true},
		},
		{
			name:  "switching a reply to a quote keeps the id",
			start: func(d *draft.Draft) { d.ReplyTo = "55"; d.Numbering = true },
			keys:  func(s *settingsScreen) { send(s, press("right")) },
			want:  fields{Quote: "55", Numbering: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				d := draft.New()
				if tt.start != nil {
					tt.start(d)
				}
				s := newTestSettings(t, newFakeServices(), d)
				tt.keys(s)
				applyEdit(t, send(s, press("enter")), d)
				got := fields{d.ReplyTo, d.Quote, d.ReplySettings, d.PaidPartnership, d.Numbering}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("draft fields (-want +got):\n%s", diff)
				}
			})
		})
	}
}

func TestSettingsRefusesBadID(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		d := draft.New()
		s := newTestSettings(t, newFakeServices(), d)
		send(s, press("right"), press("tab"))
		typeInto(s, "abc")
		noMsg[editDraftMsg](t, send(s, press("enter")))
		if !strings.Contains(s.err, "not a post id") {
			t.Errorf("error = %q", s.err)
		}
		goldenFrame(t, "settings_bad_id", s)
		expectMsg[backMsg](t, send(s, press("esc")))
	})
}

func TestSettingsPickFromRecent(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := newFakeServices().addPosts(3)
		d := draft.New()
		s := newTestSettings(t, svc, d)
		send(s, press("right"))
		cmd := send(s, press("ctrl+l"))
		if s.picker == nil {
			t.Fatal("ctrl+l did not open the picker")
		}
		send(s, expectMsg[recentPageMsg](t, cmd))
		goldenFrame(t, "settings_pick", s)
		send(s, press("down"))
		send(s, press("enter"))
		if s.picker != nil {
			t.Fatal("the picker stayed open after enter")
		}
		if got := s.id.Value(); got != "1001" {
			t.Errorf("picked %q, want the second newest post 1001", got)
		}
		if out := frame(s, screenW, screenH); !strings.Contains(out, "“post number 2”") {
			t.Errorf("the picked post's text is not shown beside its id:\n%s", out)
		}
		send(s, press("backspace"))
		if out := frame(s, screenW, screenH); strings.Contains(out, "post number 2") {
			t.Errorf("an edited id still shows the picked post's text:\n%s", out)
		}
		send(s, press("1"))
		applyEdit(t, send(s, press("enter")), d)
		if d.ReplyTo != "1001" {
			t.Errorf("ReplyTo = %q", d.ReplyTo)
		}

		// esc in the picker returns to the form, not to the composer.
		s = newTestSettings(t, svc, draft.New())
		send(s, press("right"))
		send(s, expectMsg[recentPageMsg](t, send(s, press("ctrl+l"))))
		noMsg[backMsg](t, send(s, press("esc")))
		if s.picker != nil {
			t.Error("esc did not close the picker")
		}
	})
}

func TestSettingsView(t *testing.T) {
	t.Parallel()
	d := draft.New()
	d.Quote = "1234567890"
	d.ReplySettings = draft.ReplyVerified
	d.PaidPartnership = true
	goldenFrame(t, "settings", newTestSettings(t, newFakeServices(), d))
}

// TestSettingsTypingOnAChoice: a character typed on a line that is chosen
// with ←/→ or space says how that line changes, instead of doing nothing.
func TestSettingsTypingOnAChoice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		move []string
		want string
	}{
		{"first post", nil, "←/→"},
		{"who can reply", []string{"tab"}, "←/→"},
		{"paid partnership", []string{"tab", "tab"}, "space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				s := newTestSettings(t, newFakeServices(), draft.New())
				for _, k := range tt.move {
					send(s, press(k))
				}
				msg := expectMsg[statusMsg](t, send(s, press("1")))
				if !strings.Contains(msg.Text, tt.want) {
					t.Errorf("typing says %q, want it to name %q", msg.Text, tt.want)
				}
			})
		})
	}
}
