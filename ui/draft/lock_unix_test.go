//go:build unix

package draft

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// holdEnv tells the test binary, run again as a child, to open a draft
// and keep it open: "DIR ID".
const holdEnv = "XPOST_DRAFT_HOLD"

// TestHoldDraftHelper is the child of TestDraftHeldByAnotherProcess: it
// opens the draft as a composer does, says so, and keeps it open until it
// is killed or its input closes.
func TestHoldDraftHelper(t *testing.T) {
	var dir, id string
	if _, err := fmt.Sscan(os.Getenv(holdEnv), &dir, &id); err != nil {
		t.Skip("runs only as the child of TestDraftHeldByAnotherProcess")
	}
	if _, readOnly, err := (&Store{Dir: dir}).Open(id); err != nil || readOnly {
		fmt.Printf("could not open: %v %v\n", readOnly, err)
		os.Exit(1)
	}
	fmt.Println("open")
	var b [1]byte
	os.Stdin.Read(b[:])
	os.Exit(0)
}

// TestDraftHeldByAnotherProcess: a draft open in another process opens
// read-only here, names that process, and is free again once the process
// dies, however it dies (here SIGKILL, so no cleanup ran).
func TestDraftHeldByAnotherProcess(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	d := textDraft("held elsewhere")
	if err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldDraftHelper$")
	cmd.Env = append(os.Environ(), holdEnv+"="+s.Dir+" "+d.ID)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	if line, err := bufio.NewReader(out).ReadString('\n'); line != "open\n" {
		t.Fatalf("child: %q, %v", line, err)
	}

	if _, readOnly, err := s.Open(d.ID); err != nil || !readOnly {
		t.Fatalf("Open while another process has it: read-only %v, %v", readOnly, err)
	}
	err = s.Lock(d.ID)
	if le, ok := errors.AsType[*LockedError](err); !ok || le.PID != cmd.Process.Pid {
		t.Errorf("Lock: %v, want a *LockedError naming process %d", err, cmd.Process.Pid)
	}
	if err := s.Delete(d.ID); !errors.Is(err, ErrOpenElsewhere) {
		t.Errorf("Delete: %v, want ErrOpenElsewhere", err)
	}

	cmd.Process.Kill()
	cmd.Wait()
	if _, readOnly, err := s.Open(d.ID); err != nil || readOnly {
		t.Fatalf("Open after the other process died: read-only %v, %v", readOnly, err)
	}
	s.ReleaseAll()
}
