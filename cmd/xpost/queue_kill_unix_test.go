//go:build unix

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestQueueRunnerSIGKILL kills a real `xpost queue run` process with
// SIGKILL while it posts a thread (after its second part is recorded,
// whatever it is doing then: perhaps sending the third), and runs the
// queue again: the thread ends on X whole, in order, each part once, and
// the queue file was never left half-written.
func TestQueueRunnerSIGKILL(t *testing.T) {
	t.Parallel()
	bin := xpostBinary(t)
	// Each answer takes a while, so the kill lands mid-thread.
	srv := fake(t, xapitest.Options{Latency: 150 * time.Millisecond})
	r := apiRunner(t, srv)
	file := filepath.Join(t.TempDir(), "t.md")
	if err := os.WriteFile(file, []byte("Kill 1\n---\nKill 2\n---\nKill 3\n---\nKill 4\n---\nKill 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := r.run("", "thread", "--at", "now", file)
	wantRun(t, got, 0, "queued for ")
	id := strings.TrimSpace(got.stdout)
	path := filepath.Join(r.env["XPOST_CONFIG_DIR"], "drafts", id+".json")

	cmd := exec.Command(bin, "queue", "run")
	cmd.Env = append(os.Environ(), "XPOST_CONFIG_DIR="+r.env["XPOST_CONFIG_DIR"], "XPOST_API_BASE="+srv.URL, "XPOST_CLIENT_ID="+xapitest.DemoClientID)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(60 * time.Second)
	for posted := 0; posted < 2; {
		select {
		case err := <-exited:
			t.Fatalf("the runner ended before it could be killed: %v", err)
		case <-deadline:
			cmd.Process.Kill()
			t.Fatal("the runner never recorded two parts")
		case <-time.After(5 * time.Millisecond):
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var d draft.Draft
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatalf("the queue file is half-written: %v", err)
		}
		posted = len(d.Posts) - d.Remaining()
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-exited
	before := len(srv.State().Posts)

	got = r.run("", "queue")
	if !strings.Contains(got.stdout, "posting") {
		t.Errorf("after the kill the queue says:\n%s", got.stdout)
	}
	got = r.run("", "queue", "run")
	wantRun(t, got, 0)
	st := srv.State()
	t.Logf("killed with %d of 5 parts on X; the rerun posted %d", before, len(st.Posts)-before)
	if len(st.Posts) != 5 {
		t.Fatalf("%d posts, want 5", len(st.Posts))
	}
	for i, p := range st.Posts {
		if want := fmt.Sprintf("Kill %d", i+1); p.Text != want {
			t.Errorf("post %d is %q, want %q", i+1, p.Text, want)
		}
		if i > 0 && p.InReplyToID != st.Posts[i-1].ID {
			t.Errorf("post %d replies to %s, want %s", i+1, p.InReplyToID, st.Posts[i-1].ID)
		}
	}
	items, err := (&draft.Store{Dir: filepath.Dir(path)}).Load(id)
	if err != nil || items.Schedule.State != draft.StatePosted {
		t.Errorf("the item after the rerun: %+v, %v", items, err)
	}
}
