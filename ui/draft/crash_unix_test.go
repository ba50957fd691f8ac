//go:build unix

package draft

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashEnv tells the test binary, run again as a child, to type into a
// draft instead of running tests.
const crashEnv = "XPOST_DRAFT_CRASH_DIR"

const crashDraftID = "20260101-000000-crash0"

// TestHelperProcess is the child of TestAutosaverSurvivesSIGKILL: it types
// into a draft through the Autosaver without pause, and after every save
// reads the file back and prints "saved N", N being the characters the file
// then holds, until it is killed. It prints only what is on disk, so the
// parent can hold it to those numbers whatever the scheduling.
func TestHelperProcess(t *testing.T) {
	dir := os.Getenv(crashEnv)
	if dir == "" {
		t.Skip("runs only as the child of TestAutosaverSurvivesSIGKILL")
	}
	s := &Store{Dir: dir}
	a := NewAutosaver(s, 5*time.Millisecond)
	a.mu.Lock()
	a.maxWait = 20 * time.Millisecond // many saves, so that the kill lands at any point of one
	a.mu.Unlock()
	go func() {
		for st := range a.Events() {
			if st.Err != nil {
				fmt.Println("error", st.Err)
				continue
			}
			if d, err := s.Load(crashDraftID); err == nil {
				fmt.Println("saved", len(d.Posts[0].Text))
			}
		}
	}()
	d := New()
	d.ID = crashDraftID
	for {
		d.Posts[0].Text += "x"
		a.Changed(*d)
		runtime.Gosched()
	}
}

// TestAutosaverSurvivesSIGKILL kills a process while it types and saves,
// and checks that the draft on disk is whole and holds at least what the
// process had seen saved. When the kill comes is decided by what the child
// reports, not by a clock: the parent kills right after the child's
// saveReports-th save, while it is typing and saving on. How soon a save
// follows typing is TestAutosaverSavesDuringContinuousTyping's part.
func TestAutosaverSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts and kills a child process")
	}
	const saveReports = 20
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
	sc := bufio.NewScanner(stdout)
	seen := 0 // the most characters the child saw in the file
	for n := 0; n < saveReports; {
		if !sc.Scan() {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the child stopped after %d saves: %v", n, sc.Err())
		}
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "saved "); ok {
			k, err := strconv.Atoi(rest)
			if err != nil {
				t.Fatalf("child said %q", line)
			}
			seen = max(seen, k)
			n++
		} else if strings.HasPrefix(line, "error ") {
			t.Errorf("child: %s", line)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() { // reports written before the kill
		if k, err := strconv.Atoi(strings.TrimPrefix(sc.Text(), "saved ")); err == nil {
			seen = max(seen, k)
		}
	}
	cmd.Wait()

	data, err := os.ReadFile(filepath.Join(dir, crashDraftID+".json"))
	if err != nil {
		t.Fatalf("no draft on disk after the kill: %v", err)
	}
	var d Draft
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatalf("the draft file is damaged: %v\n%s", err, data)
	}
	saved := len(d.Posts[0].Text)
	t.Logf("killed after %d saves; the child had seen %d characters saved; the file holds %d", saveReports, seen, saved)
	if saved < seen {
		t.Errorf("the draft on disk holds %d characters, but the child had seen %d saved: a save was lost", saved, seen)
	}
	if strings.Trim(d.Posts[0].Text, "x") != "" {
		t.Errorf("the draft holds %q, not only typed characters", d.Posts[0].Text)
	}
}
