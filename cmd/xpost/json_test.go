package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xpostdev/xpost/xapi/xapitest"
)

// stableJSON makes a command's JSON output comparable across runs: post
// and media ids (long digit runs, numbered in order of appearance), draft
// ids, times,
// temporary directories and the fake's address become placeholders.
func stableJSON(t *testing.T, out, srvURL, tmp string) string {
	t.Helper()
	for line := range strings.SplitSeq(strings.TrimSuffix(out, "\n"), "\n") {
		if line != "" && !json.Valid([]byte(line)) {
			t.Errorf("not a line of JSON: %q", line)
		}
	}
	if srvURL != "" {
		out = strings.ReplaceAll(out, srvURL, "<api-base>")
	}
	if tmp != "" {
		out = strings.ReplaceAll(out, tmp, "<dir>")
	}
	out = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)`).ReplaceAllString(out, "<time>")
	drafts := map[string]string{}
	out = regexp.MustCompile(`\d{8}-\d{6}-[0-9a-f]+`).ReplaceAllStringFunc(out, func(id string) string {
		if _, ok := drafts[id]; !ok {
			drafts[id] = "<draft" + strconv.Itoa(len(drafts)+1) + ">"
		}
		return drafts[id]
	})
	ids := map[string]string{}
	return regexp.MustCompile(`\d{8,}`).ReplaceAllStringFunc(out, func(id string) string {
		if _, ok := ids[id]; !ok {
			ids[id] = "<id" + strconv.Itoa(len(ids)+1) + ">"
		}
		return ids[id]
	})
}

// TestJSONGolden runs every command that prints a result with --json
// against the fake X and compares its output with testdata/json: the
// field names are a contract with scripts (docs/json.md).
func TestJSONGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts xapitest.Options
		// steps are run in order; the last one's stdout is compared.
		// Every earlier step must succeed. THREAD names a thread file of
		// two parts, IMG a small PNG, FIRST the id of the account's
		// newest post.
		steps [][]string
		code  int
	}{
		{name: "whoami", steps: [][]string{{"whoami", "--json"}}},
		{name: "post", steps: [][]string{{"post", "--json", "Hello from a script"}}},
		{name: "post-dry-run", steps: [][]string{{"post", "--json", "--dry-run", "--media", "IMG=A red dot", "--reply-to", "1234567890123", "Look"}}},
		{name: "thread", steps: [][]string{{"thread", "--json", "THREAD"}}},
		{name: "thread-partial", opts: xapitest.Options{UsageCap: 1}, steps: [][]string{{"thread", "--json", "THREAD"}}, code: exitPartial},
		{name: "thread-dry-run", steps: [][]string{{"thread", "--json", "--dry-run", "THREAD"}}},
		{name: "thread-import", steps: [][]string{{"thread", "import", "--json", "--from", "markdown", "THREAD"}}},
		{name: "edit", opts: xapitest.Options{Premium: true}, steps: [][]string{{"post", "first"}, {"edit", "--json", "FIRST", "second"}}},
		{name: "delete", steps: [][]string{{"post", "going"}, {"delete", "--json", "--yes", "FIRST"}}},
		{name: "delete-failed", steps: [][]string{{"post", "staying"}, {"delete", "--json", "--yes", "FIRST", "99999999999"}}, code: exitRefused},
		{name: "recent", opts: xapitest.Options{DemoPosts: true}, steps: [][]string{{"recent", "--json", "--limit", "2"}}},
		{name: "recent-numbers", opts: xapitest.Options{Premium: true}, steps: [][]string{{"post", "What should it be called?"}, {"post", "--reply-to", "FIRST", "A-0, for now"}, {"recent", "--json"}}},
		{name: "logout", steps: [][]string{{"logout", "--json"}}},
		{name: "logout-not-logged-in", steps: [][]string{{"logout"}, {"logout", "--json"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fake(t, tt.opts)
			r := apiRunner(t, srv)
			tmp := t.TempDir()
			var got result
			for i, step := range tt.steps {
				args := make([]string, len(step))
				for k, a := range step {
					switch {
					case a == "THREAD":
						a = filepath.Join(tmp, "thread.md")
						writeFile(t, a, "First part.\n---\nSecond part.\n")
					case strings.HasPrefix(a, "IMG"):
						a = writePNG(t, filepath.Join(tmp, "dot.png")) + strings.TrimPrefix(a, "IMG")
					case a == "FIRST":
						posts := srv.State().Posts
						a = posts[len(posts)-1].ID
					}
					args[k] = a
				}
				got = r.run("", args...)
				if i < len(tt.steps)-1 && got.code != 0 {
					t.Fatalf("%v: exit status %d: %s", args, got.code, got.stderr)
				}
			}
			if got.code != tt.code {
				t.Errorf("exit status %d, want %d (stderr %s)", got.code, tt.code, got.stderr)
			}
			golden(t, filepath.Join("json", tt.name+".golden"), stableJSON(t, got.stdout, srv.URL, tmp))
		})
	}
}

// TestLoginJSON: login --json prints the account it logged in as.
func TestLoginJSON(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{AutoApprove: true})
	r := newRunner(t)
	r.env["XPOST_API_BASE"] = srv.URL
	browse := func(u string) {
		resp, err := http.Get(u)
		if err != nil {
			t.Errorf("browser: %v", err)
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	got := loginRun(t, r, strings.NewReader(""), browse, "--json", "--no-browser", "--client-id", xapitest.DemoClientID, "--port", strconv.Itoa(freePort(t)))
	wantRun(t, got, 0)
	golden(t, filepath.Join("json", "login.golden"), stableJSON(t, got.stdout, srv.URL, ""))
}

// writeFile writes a test file.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
