//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// BenchmarkFirstFrame times whole processes in a terminal (a pseudo
// terminal of 80×24), from their start to their first frame on the
// screen: xpost's composer for a logged-in account with no draft
// (composer), and the
// least a Bubble Tea v2 program does (minimal, testdata/minimaltea); and,
// timed pair by pair in the same loop, the ratio of the two (vs-minimal,
// reported as x-minimal), which holds steady on a loaded machine where
// each alone does not. Both programs are built first, with the go command
// that runs the benchmark.
func BenchmarkFirstFrame(b *testing.B) {
	dir := b.TempDir()
	build := func(out, pkg string) string {
		bin := filepath.Join(dir, out)
		cmd := exec.Command("go", "build", "-o", bin, pkg)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("go build %s: %v", pkg, err)
		}
		return bin
	}
	xpost := build("xpost", ".")
	minimal := build("minimaltea", "./testdata/minimaltea")

	// A logged-in account whose login knows the account, as after
	// `xpost login`, on a fake X.
	srv := xapitest.NewServer(xapitest.Options{})
	b.Cleanup(srv.Close)
	conf := filepath.Join(dir, "config")
	u := srv.DemoUser()
	pair := srv.IssueToken(xapitest.DemoClientID, u.ID, xapi.Scopes)
	tok := &xapi.Token{AccessToken: pair.AccessToken, RefreshToken: pair.RefreshToken, TokenType: "bearer",
		Expiry: time.Now().Add(time.Duration(pair.ExpiresIn) * time.Second), Scopes: xapi.Scopes,
		UserID: u.ID, Username: u.Username}
	tok.SetUser(&xapi.User{ID: u.ID, Username: u.Username, Name: u.Name, SubscriptionType: u.SubscriptionType}, time.Now())
	if err := xapi.NewStore(conf, srv.URL).Save(tok); err != nil {
		b.Fatal(err)
	}
	// Into the accounts layout, as the first run after a login does once.
	if _, err := xapi.NewAccounts(conf).Migrate(b.Context()); err != nil {
		b.Fatal(err)
	}
	env := []string{"HOME=" + dir, "TERM=xterm-256color", "PATH=" + os.Getenv("PATH"),
		"XPOST_CONFIG_DIR=" + conf, "XPOST_API_BASE=" + srv.URL, "XPOST_CLIENT_ID=" + xapitest.DemoClientID}

	// The composer's first frame sets the window title with its content;
	// the account's handle may come a frame later.
	composer := func(b *testing.B) time.Duration {
		return firstFrame(b, exec.Command(xpost), env, "\x1b]2;xpost\a")
	}
	least := func(b *testing.B) time.Duration {
		return firstFrame(b, exec.Command(minimal), env, "hello from the first frame")
	}
	b.Run("minimal", func(b *testing.B) {
		for b.Loop() {
			least(b)
		}
	})
	b.Run("composer", func(b *testing.B) {
		for b.Loop() {
			composer(b)
		}
	})
	b.Run("vs-minimal", func(b *testing.B) {
		var c, m time.Duration
		for b.Loop() {
			m += least(b)
			c += composer(b)
		}
		b.ReportMetric(float64(c)/float64(m), "x-minimal")
	})
}

// firstFrame starts cmd in a new pseudo terminal and returns the time until
// marker appears on it; then it kills the process.
func firstFrame(b *testing.B, cmd *exec.Cmd, env []string, marker string) time.Duration {
	b.Helper()
	master, slave, err := openPTY(80, 24)
	if err != nil {
		b.Skipf("no pseudo terminal: %v", err)
	}
	defer master.Close()
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	seen := make(chan time.Time, 1)
	var out bytes.Buffer
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	slave.Close()
	go func() {
		buf := make([]byte, 64<<10)
		for {
			n, err := master.Read(buf)
			out.Write(buf[:n])
			if bytes.Contains(out.Bytes(), []byte(marker)) {
				seen <- time.Now()
				return
			}
			if err != nil {
				close(seen)
				return
			}
		}
	}()
	var d time.Duration
	select {
	case at, ok := <-seen:
		if !ok {
			cmd.Process.Kill()
			cmd.Wait()
			b.Fatalf("%s ended without showing %q:\n%q", cmd.Path, marker, out.String())
		}
		d = at.Sub(start)
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		b.Fatalf("%s showed no %q in 20s:\n%q", cmd.Path, marker, out.String())
	}
	cmd.Process.Kill()
	cmd.Wait()
	return d
}

// openPTY opens a pseudo terminal of cols×rows: the master side, which
// reads what the program writes, and the slave side, its terminal.
func openPTY(cols, rows uint16) (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, err
	}
	ioctl := func(f *os.File, req uintptr, arg unsafe.Pointer) error {
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), req, uintptr(arg)); e != 0 {
			return e
		}
		return nil
	}
	var unlock int32
	var n uint32
	if err := ioctl(master, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		master.Close()
		return nil, nil, err
	}
	if err := ioctl(master, syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		master.Close()
		return nil, nil, err
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	ws := [4]uint16{rows, cols, 0, 0}
	if err := ioctl(slave, syscall.TIOCSWINSZ, unsafe.Pointer(&ws)); err != nil {
		master.Close()
		slave.Close()
		return nil, nil, err
	}
	return master, slave, nil
}
