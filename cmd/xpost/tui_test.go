package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/ui"
)

// A crash's trace lands in the log, and the message says where, and what
// became of the draft.
func TestReportCrash(t *testing.T) {
	t.Parallel()
	logFile := filepath.Join(t.TempDir(), "xpost.log")
	var errb bytes.Buffer
	a := newApp(strings.NewReader(""), io.Discard, &errb, func(string) string { return "" })
	a.global.logPath = logFile
	defer a.closeLog()
	stack := "goroutine 1 [running]:\ngithub.com/xpostdev/xpost/ui.(*widthMemo).fitBlock(...)"
	err := a.reportCrash(&ui.Crash{Value: "strings: negative Repeat count", Stack: []byte(stack), DraftID: "20260601-ab12"})
	msg := err.Error()
	for _, want := range []string{"stopped on a bug", "negative Repeat count", "20260601-ab12 is saved", logFile} {
		if !strings.Contains(msg, want) {
			t.Errorf("the message does not say %q: %s", want, msg)
		}
	}
	b, _ := os.ReadFile(logFile)
	if !strings.Contains(string(b), "widthMemo).fitBlock") {
		t.Errorf("the trace is not in the log:\n%s", b)
	}
}

// A panic outside the composer's own code (here in the program's message
// filter) is caught by Bubble Tea, which restores the terminal and prints
// the trace; the command ends with status 1 and says so, and the demo's
// files are kept for the report.
func TestComposerPanicEndsCleanly(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	defer pw.Close()
	out := &syncBuffer{}
	var errb bytes.Buffer
	logFile := filepath.Join(t.TempDir(), "demo.log")
	a := newApp(pr, out, &errb, func(string) string { return "" })
	a.isTerminal = func(any) bool { return true }
	a.teaOptions = []tea.ProgramOption{tea.WithWindowSize(100, 30), tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
		if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "ctrl+t" {
			panic("a bug on purpose")
		}
		return msg
	})}
	done := make(chan int, 1)
	go func() { done <- a.run(t.Context(), []string{"--demo", "--log", logFile}) }()
	deadline := time.After(15 * time.Second)
	for !strings.Contains(out.String(), "@xpostdemo") {
		select {
		case code := <-done:
			t.Fatalf("the demo ended early with %d: %s", code, errb.String())
		case <-deadline:
			t.Fatalf("the demo never showed the demo account:\n%s", out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	io.WriteString(pw, "\x14") // ctrl+t
	select {
	case code := <-done:
		if code != exitFailure {
			t.Errorf("exit status %d, want %d", code, exitFailure)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the composer did not end after the panic")
	}
	msg := errb.String()
	if !strings.Contains(msg, "stopped on a bug") || !strings.Contains(msg, "trace is printed above") {
		t.Errorf("stderr does not explain the crash:\n%s", msg)
	}
	if dir := a.cfg.Dirs.State; !strings.Contains(msg, dir) {
		t.Errorf("stderr does not say the demo's files are kept in %s:\n%s", dir, msg)
	} else {
		os.RemoveAll(dir)
	}
}

// Leaving the composer prints one line on what the session did, once
// the terminal is back: here a post published in the demo, which says it
// went to the demo's fake X and that nothing was kept.
func TestComposerSaysWhatHappened(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	defer pw.Close()
	out := &syncBuffer{}
	var errb bytes.Buffer
	a := newApp(pr, out, &errb, func(string) string { return "" })
	a.isTerminal = func(any) bool { return true }
	a.teaOptions = []tea.ProgramOption{tea.WithWindowSize(100, 30)}
	done := make(chan int, 1)
	go func() {
		done <- a.run(t.Context(), []string{"--demo", "--log", filepath.Join(t.TempDir(), "demo.log")})
	}()
	waitFor := func(what, want string) {
		t.Helper()
		deadline := time.After(15 * time.Second)
		for !strings.Contains(out.String(), want) {
			select {
			case code := <-done:
				t.Fatalf("the demo ended early with %d: %s", code, errb.String())
			case <-deadline:
				t.Fatalf("never saw %s (%q)", what, want)
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	waitFor("the demo account", "@xpostdemo")
	io.WriteString(pw, "Hello from the demo")
	io.WriteString(pw, "\x10") // ctrl+p
	waitFor("the confirmation", "Publish this post?")
	io.WriteString(pw, "\r")
	waitFor("the summary", "Published 1 post")
	io.WriteString(pw, "\x03") // ctrl+c
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit status %d: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the demo did not quit on ctrl+c")
	}
	lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
	if last, want := lines[len(lines)-1], "demo ended: nothing was kept and nothing was sent to X; posted 1 post to the demo's fake X"; last != want {
		t.Errorf("stderr ends with %q, want the outcome line:\n%s", last, errb.String())
	}
	if strings.Contains(out.String()[strings.LastIndex(out.String(), "Published 1 post"):], "demo ended") {
		t.Error("the outcome line went to the composer's output")
	}
}

// TestTuneGC: the composer runs with the tighter collector target from
// tuneGCAfter on, unless GOGC names one, and the previous target comes
// back when it ends, also when it ends sooner.
func TestTuneGC(t *testing.T) {
	current := func() int {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		return p
	}
	t.Setenv("GOGC", "")
	before := current()
	synctest.Test(t, func(t *testing.T) {
		restore := tuneGC()
		if got := current(); got != before {
			t.Errorf("GC percent at the start: %d, want %d until the first frame is drawn", got, before)
		}
		time.Sleep(tuneGCAfter)
		synctest.Wait()
		if got := current(); got != tuiGCPercent {
			t.Errorf("GC percent while the composer runs: %d, want %d", got, tuiGCPercent)
		}
		restore()
		if got := current(); got != before {
			t.Errorf("GC percent after: %d, want %d", got, before)
		}

		restore = tuneGC() // a run that ends before the target is set
		restore()
		time.Sleep(2 * tuneGCAfter)
		synctest.Wait()
		if got := current(); got != before {
			t.Errorf("GC percent after a short run: %d, want %d", got, before)
		}
	})
	t.Setenv("GOGC", "200")
	synctest.Test(t, func(t *testing.T) {
		restore := tuneGC()
		time.Sleep(2 * tuneGCAfter)
		synctest.Wait()
		if got := current(); got != before {
			t.Errorf("with GOGC set, GC percent %d, want it left at %d", got, before)
		}
		restore()
	})
}
