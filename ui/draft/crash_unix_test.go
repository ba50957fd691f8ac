//go:build unix

package draft

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// crashEnv tells the test binary, run again as a child, to type into a
// draft instead of running tests.
const crashEnv = "XPOST_DRAFT_CRASH_DIR"

const crashDraftID = "20260101-000000-crash0"

// TestHelperProcess is the child of TestAutosaverSurvivesSIGKILL: it types
// one character every 10 ms through the Autosaver with the default delay
// and prints how many it has typed, until it is killed.
func TestHelperProcess(t *testing.T) {
	dir := os.Getenv(crashEnv)
	if dir == "" {
		t.Skip("runs only as the child of TestAutosaverSurvivesSIGKILL")
	}
	a := NewAutosaver(&Store{Dir: dir}, 0)
	d := New()
	d.ID = crashDraftID
	out := bufio.NewWriter(os.Stdout)
	for n := 1; ; n++ {
		d.Posts[0].Text += "x"
		a.Changed(*d)
		fmt.Fprintln(out, n)
		out.Flush()
		time.Sleep(10 * time.Millisecond)
	}
}

func TestAutosaverSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("kills a child process after 1.5 s")
	}
	dir := filepath.Join(t.TempDir(), "drafts")
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), crashEnv+"="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// typed[i] is when the parent learned that i+1 characters were typed:
	// never earlier than the typing itself, so the check below is fair.
	type mark struct {
		n  int
		at time.Time
	}
	marks := make(chan mark, 1024)
	go func() {
		defer close(marks)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if n, err := strconv.Atoi(sc.Text()); err == nil {
				marks <- mark{n, time.Now()}
			}
		}
	}()
	var typed []mark
	first, ok := <-marks
	if !ok {
		t.Fatal("the child typed nothing")
	}
	typed = append(typed, first)
	kill := time.After(1500 * time.Millisecond)
collect:
	for {
		select {
		case m, ok := <-marks:
			if !ok {
				t.Fatal("the child stopped before it was killed")
			}
			typed = append(typed, m)
		case <-kill:
			break collect
		}
	}
	killedAt := time.Now()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	last := typed[len(typed)-1].n
	for m := range marks { // printed before the kill, read after it
		last = max(last, m.n)
	}

	data, err := os.ReadFile(filepath.Join(dir, crashDraftID+".json"))
	if err != nil {
		t.Fatalf("no draft on disk after the kill: %v", err)
	}
	var d Draft
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatalf("the draft file is damaged: %v\n%s", err, data)
	}
	saved := len(d.Posts[0].Text)
	deadline := killedAt.Add(-1100 * time.Millisecond)
	want := 0
	for _, m := range typed {
		if m.at.After(deadline) {
			break
		}
		want = m.n
	}
	t.Logf("typed %d characters in %v; %d saved; %d typed by 1.1 s before the kill",
		last, killedAt.Sub(first.at).Round(time.Millisecond), saved, want)
	if saved < want {
		t.Errorf("the draft on disk holds %d characters, but %d were typed more than 1.1 s before the kill", saved, want)
	}
	if saved > last+1 { // +1: the child reports a character after handing it to the autosaver
		t.Errorf("the draft holds %d characters, more than the %d typed", saved, last)
	}
}
