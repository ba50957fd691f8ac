package outbox

import (
	"context"
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xpostdev/xpost/ui/draft"
)

// recorder is a Notifier that keeps what it was asked to show.
type recorder struct{ got []string }

func (n *recorder) Notify(_ context.Context, title, body string) error {
	n.got = append(n.got, title+" | "+body)
	return nil
}

func TestRunnerNotifies(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 24, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		level NotifyLevel
		want  []string // prefixes of the notifications, in order
	}{
		{"", []string{"xpost: held | missed", "xpost: not posted | refused\n403"}},
		{NotifyFailures, []string{"xpost: held | missed", "xpost: not posted | refused\n403"}},
		{NotifyAll, []string{"xpost: held | missed", "xpost: not posted | refused\n403", "xpost: posted | fine\nhttps://x.com/i/status/1000"}},
		{NotifyOff, nil},
	}
	for _, tt := range tests {
		t.Run(string(tt.level), func(t *testing.T) {
			t.Parallel()
			q, _ := queueWith(t, now.Add(-2*time.Hour), "missed")
			for i, text := range []string{"refused", "fine"} {
				d := draft.New()
				d.Posts[0].Text = text
				if err := q.Add(d, draft.Schedule{At: now.Add(time.Duration(i-2) * time.Minute)}); err != nil {
					t.Fatal(err)
				}
			}
			// "refused" is due first and fails; "fine" posts; a retry
			// is not announced.
			p := &scripted{errs: []error{errors.New("403"), nil}}
			n := &recorder{}
			r := &Runner{Queue: q, Publisher: p, Now: func() time.Time { return now }, Notifier: n, NotifyLevel: tt.level}
			rep := r.RunDue(t.Context())
			if len(rep.Results) != 3 {
				t.Fatalf("report = %+v", rep)
			}
			if len(n.got) != len(tt.want) {
				t.Fatalf("notifications = %q, want %q", n.got, tt.want)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(n.got[i], w) {
					t.Errorf("notification %d = %q, want it to start %q", i, n.got[i], w)
				}
			}
			// Failed and held items wait for the user: the next run
			// announces nothing again.
			n.got = nil
			r.RunDue(t.Context())
			if len(n.got) != 0 {
				t.Errorf("announced again: %q", n.got)
			}
		})
	}
}

func TestRunnerDoesNotAnnounceRetries(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 24, 9, 0, 0, 0, time.UTC)
	q, _ := queueWith(t, now, "flaky")
	n := &recorder{}
	r := &Runner{Queue: q, Publisher: &scripted{errs: []error{errors.New("503")}, v: Verdict{Retry: true}},
		Now: func() time.Time { return now }, Notifier: n, NotifyLevel: NotifyAll}
	if rep := r.RunDue(t.Context()); rep.Count(OutcomeRetrying) != 1 || len(n.got) != 0 {
		t.Fatalf("report = %+v, notifications = %q", rep, n.got)
	}
}

func TestParseNotifyLevel(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]NotifyLevel{"": NotifyFailures, "failures": NotifyFailures, "all": NotifyAll, "off": NotifyOff} {
		if got, err := ParseNotifyLevel(in); got != want || err != nil {
			t.Errorf("ParseNotifyLevel(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"none", "ALL", "yes"} {
		if _, err := ParseNotifyLevel(bad); err == nil || !strings.Contains(err.Error(), `"failures", "all" or "off"`) {
			t.Errorf("ParseNotifyLevel(%q) = %v", bad, err)
		}
	}
}

// TestDesktopNotifierArgs checks the command each platform runs, without
// running it: the texts are single arguments, never script or shell.
func TestDesktopNotifierArgs(t *testing.T) {
	t.Parallel()
	found := func(name string) (string, error) { return "/usr/bin/" + name, nil }
	missing := func(name string) (string, error) { return "", exec.ErrNotFound }
	const body = `"; do shell script "rm -rf ~" --x $(id)`
	tests := []struct {
		goos     string
		lookPath func(string) (string, error)
		want     []string // nil: no notifier
	}{
		{"linux", found, []string{"/usr/bin/notify-send", "--app-name=xpost", "--", "xpost: held", body}},
		{"freebsd", found, []string{"/usr/bin/notify-send", "--app-name=xpost", "--", "xpost: held", body}},
		{"linux", missing, nil},
		{"darwin", found, []string{"/usr/bin/osascript", "-e", "on run argv", "-e",
			"display notification (item 2 of argv) with title (item 1 of argv)", "-e", "end run", "xpost: held", body}},
		{"darwin", missing, nil},
		{"windows", found, nil},
	}
	for _, tt := range tests {
		n := DesktopNotifier(tt.goos, tt.lookPath)
		if tt.want == nil {
			if n != nil {
				t.Errorf("%s: notifier %+v, want none", tt.goos, n)
			}
			continue
		}
		cn, ok := n.(*commandNotifier)
		if !ok {
			t.Fatalf("%s: notifier %T", tt.goos, n)
		}
		if got := append([]string{cn.path}, cn.argv("xpost: held", body)...); !slices.Equal(got, tt.want) {
			t.Errorf("%s: runs %q, want %q", tt.goos, got, tt.want)
		}
	}
}
