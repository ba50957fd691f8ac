package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// initRecord is one line of GODEBUG=inittrace=1: what one package's
// initialisation allocated.
type initRecord struct {
	pkg           string
	bytes, allocs int
}

// parseInitTrace reads the runtime's "init PKG @T ms, C ms clock, B bytes,
// A allocs" lines and ignores everything else.
func parseInitTrace(out []byte) []initRecord {
	var recs []initRecord
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 11 || f[0] != "init" || f[8] != "bytes," || f[10] != "allocs" {
			continue
		}
		b, err1 := strconv.Atoi(f[7])
		a, err2 := strconv.Atoi(f[9])
		if err1 != nil || err2 != nil {
			continue
		}
		recs = append(recs, initRecord{pkg: f[1], bytes: b, allocs: a})
	}
	return recs
}

// TestInitIsCheap keeps start-up from growing unnoticed: every command,
// `xpost count` included, pays for every package's initialisation before
// main runs, whatever the command needs. A pattern compiled or a table
// built in a package-level variable belongs behind sync.OnceValue; a
// markdown parser's patterns once cost every start 100 KB in a thousand
// allocations. The whole binary's figure is a budget for new dependencies.
func TestInitIsCheap(t *testing.T) {
	bin := xpostBinary(t)
	file := filepath.Join(t.TempDir(), "post.txt")
	if err := os.WriteFile(file, []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "count", file)
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1", "XPOST_CONFIG_DIR="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("xpost count: %v\n%s", err, stderr.Bytes())
	}
	recs := parseInitTrace(stderr.Bytes())
	if len(recs) < 20 {
		t.Fatalf("read %d init lines from GODEBUG=inittrace=1; the runtime's format changed?\n%s", len(recs), stderr.Bytes())
	}
	const (
		ownBytes, ownAllocs     = 8 << 10, 64
		totalBytes, totalAllocs = 512 << 10, 2600
	)
	var sumBytes, sumAllocs, own int
	for _, r := range recs {
		sumBytes += r.bytes
		sumAllocs += r.allocs
		if !strings.HasPrefix(r.pkg, "github.com/xpostdev/xpost") {
			continue
		}
		own++
		if r.bytes > ownBytes || r.allocs > ownAllocs {
			t.Errorf("%s allocates %d bytes in %d allocations at start-up (at most %d bytes, %d allocations): build it on first use", r.pkg, r.bytes, r.allocs, ownBytes, ownAllocs)
		}
	}
	if own == 0 {
		t.Errorf("no xpost package in the init trace:\n%s", stderr.Bytes())
	}
	if sumBytes > totalBytes || sumAllocs > totalAllocs {
		t.Errorf("all initialisers together allocate %d bytes in %d allocations (budget %d bytes, %d allocations): a new dependency's start-up cost is paid by every command", sumBytes, sumAllocs, totalBytes, totalAllocs)
	}
}

func TestParseInitTrace(t *testing.T) {
	out := []byte("init internal/bytealg @0.004 ms, 0 ms clock, 0 bytes, 0 allocs\n" +
		"init github.com/xpostdev/xpost/ui @2.8 ms, 0.005 ms clock, 4104 bytes, 35 allocs\n" +
		"2/280 valid\ninit broken @1 ms, x ms clock, y bytes, z allocs\n")
	got := parseInitTrace(out)
	want := []initRecord{{"internal/bytealg", 0, 0}, {"github.com/xpostdev/xpost/ui", 4104, 35}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("record %d: got %v, want %v", i, got[i], want[i])
		}
	}
}
