package outbox

import (
	"context"
	"fmt"
	"os/exec"
	"runtime"
	"time"
)

// Notifier shows the user a short message outside the terminal: a
// runner started by a timer has no one watching its output, so a failed
// or held item would otherwise wait unseen until the next `xpost queue`.
type Notifier interface {
	Notify(ctx context.Context, title, body string) error
}

// NotifyLevel says which outcomes a runner announces with its Notifier.
type NotifyLevel string

// The notification levels (config.json's queue_notify).
const (
	// NotifyFailures announces items that failed or were held: those
	// that wait for the user. The default.
	NotifyFailures NotifyLevel = "failures"
	// NotifyAll announces posted items too.
	NotifyAll NotifyLevel = "all"
	// NotifyOff announces nothing.
	NotifyOff NotifyLevel = "off"
)

// ParseNotifyLevel reads a queue_notify value; "" is the default.
func ParseNotifyLevel(s string) (NotifyLevel, error) {
	switch l := NotifyLevel(s); l {
	case "":
		return NotifyFailures, nil
	case NotifyFailures, NotifyAll, NotifyOff:
		return l, nil
	}
	return "", fmt.Errorf("queue_notify %q must be \"failures\", \"all\" or \"off\"", s)
}

// notification is what level announces of res, if anything. Retrying
// items are not announced: the runner tries them again by itself, and
// announces them once they fail for good.
func notification(level NotifyLevel, res Result) (title, body string, ok bool) {
	if level == "" {
		level = NotifyFailures
	}
	first := res.Title
	if first == "" {
		first = res.ID
	}
	switch {
	case level == NotifyOff:
		return "", "", false
	case res.Outcome == OutcomeFailed:
		return "xpost: not posted", first + "\n" + res.Message, true
	case res.Outcome == OutcomeHeld:
		return "xpost: held", first + "\n" + res.Message, true
	case res.Outcome == OutcomePosted && level == NotifyAll:
		body := first
		if len(res.PostIDs) > 0 && res.PostIDs[0] != "" {
			body += "\n" + PostLink(res.PostIDs[0])
		}
		return "xpost: posted", body, true
	}
	return "", "", false
}

// notifyTimeout bounds a notifier command: a desktop that does not
// answer must not hold up the queue.
const notifyTimeout = 10 * time.Second

// DesktopNotifier is the platform's notifier: notify-send on Linux and
// the BSDs when it is installed, osascript on macOS; nil where there is
// none. lookPath is exec.LookPath outside tests.
func DesktopNotifier(goos string, lookPath func(string) (string, error)) Notifier {
	var prog string
	var argv func(title, body string) []string
	switch goos {
	case "darwin":
		prog = "osascript"
		// The texts are arguments of the script, never part of it, so no
		// quoting of theirs can change what runs.
		argv = func(title, body string) []string {
			// The title always starts with "xpost", so neither text is
			// read as an option.
			return []string{"-e", "on run argv", "-e", "display notification (item 2 of argv) with title (item 1 of argv)",
				"-e", "end run", title, body}
		}
	case "windows", "plan9", "js", "wasip1", "android", "ios":
		return nil
	default:
		prog = "notify-send"
		argv = func(title, body string) []string { return []string{"--app-name=xpost", "--", title, body} }
	}
	path, err := lookPath(prog)
	if err != nil {
		return nil
	}
	return &commandNotifier{path: path, argv: argv}
}

// Desktop is DesktopNotifier for this machine.
func Desktop() Notifier { return DesktopNotifier(runtime.GOOS, exec.LookPath) }

// commandNotifier runs a program with the texts as its arguments; no
// shell is involved.
type commandNotifier struct {
	path string
	argv func(title, body string) []string
}

func (n *commandNotifier) Notify(ctx context.Context, title, body string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), notifyTimeout)
	defer cancel()
	return exec.CommandContext(ctx, n.path, n.argv(title, body)...).Run()
}
