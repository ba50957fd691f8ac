package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestCompletionScripts generates each shell's script and has every shell
// that is installed check that it parses (bash -n, zsh -n, fish -n).
func TestCompletionScripts(t *testing.T) {
	t.Parallel()
	checks := map[string][]string{"bash": {"bash", "-n"}, "zsh": {"zsh", "-n"}, "fish": {"fish", "-n"}}
	for _, shell := range completionShells {
		t.Run(shell, func(t *testing.T) {
			t.Parallel()
			got := newRunner(t).run("", "completion", shell)
			wantRun(t, got, 0)
			if !strings.Contains(got.stdout, "xpost") || len(got.stdout) < 1000 {
				t.Fatalf("%s script is %d bytes: %.200q", shell, len(got.stdout), got.stdout)
			}
			check, ok := checks[shell]
			if !ok {
				return
			}
			if _, err := exec.LookPath(check[0]); err != nil {
				t.Skipf("%s is not installed: the script is generated but not parsed", check[0])
			}
			file := filepath.Join(t.TempDir(), "xpost."+shell)
			if err := os.WriteFile(file, []byte(got.stdout), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.CommandContext(t.Context(), check[0], append(check[1:], file)...).CombinedOutput(); err != nil {
				t.Errorf("%s does not parse the script: %v\n%s", strings.Join(check, " "), err, out)
			}
		})
	}
	t.Run("unknown shell", func(t *testing.T) {
		t.Parallel()
		wantRun(t, newRunner(t).run("", "completion", "tcsh"), exitUsage, "give bash, zsh, fish or powershell")
	})
}

// TestCompletionValues asks the program what the shell would offer, as
// the scripts do (the hidden __complete command).
func TestCompletionValues(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	_, ds := saveDrafts(t, r)
	tests := []struct {
		name string
		args []string
		want []string
		not  []string
	}{
		{name: "commands", args: []string{""}, want: []string{"post\t", "thread\t", "drafts\t", "completion\t"}},
		{name: "reply settings", args: []string{"post", "--reply-settings", ""}, want: []string{"following\t", "mentionedUsers\t", "subscribers\t", "verified\t", ":4"}},
		{name: "media kinds", args: []string{"post", "--media", ""}, want: []string{"jpg", "PNG", "webp", "mp4", "mov", "webm", ":8"}, not: []string{"heic", "mkv"}},
		{name: "media on edit", args: []string{"edit", "--media", ""}, want: []string{"jpeg", ":8"}},
		{name: "draft ids", args: []string{"drafts", "show", ""}, want: []string{ds[0].ID + "\tFirst part (2)", ds[2].ID + "\tSuggested by the assistant (1)", ":4"}},
		{name: "one draft to export", args: []string{"drafts", "export", ds[0].ID, ""}, not: []string{ds[1].ID}},
		{name: "many drafts to delete", args: []string{"drafts", "delete", ds[0].ID, ""}, want: []string{ds[1].ID}},
		{name: "shells", args: []string{"completion", ""}, want: []string{"bash", "zsh", "fish", "powershell"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.run("", append([]string{"__complete"}, tt.args...)...)
			wantRun(t, got, 0)
			for _, w := range tt.want {
				if !strings.Contains(got.stdout, w) {
					t.Errorf("completions %q lack %q", got.stdout, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got.stdout, n) {
					t.Errorf("completions %q offer %q", got.stdout, n)
				}
			}
		})
	}
}

// TestCompletionRecentPostIDs: the ids of posts xpost published or
// listed are offered to delete, edit, --reply-to and --quote from the
// local cache, newest first, without a request (the fake X is closed by
// then); a deleted post is no longer offered.
func TestCompletionRecentPostIDs(t *testing.T) {
	t.Parallel()
	srv := xapitest.NewServer(xapitest.Options{DemoPosts: true, Premium: true})
	r := apiRunner(t, srv)
	wantRun(t, r.run("", "recent", "--limit", "2"), 0)
	listed := srv.State().Posts
	older := listed[len(listed)-1].ID
	first := r.run("", "post", "First of mine")
	wantRun(t, first, 0)
	second := r.run("", "post", "Second\nof mine")
	wantRun(t, second, 0)
	gone := r.run("", "post", "Going soon")
	wantRun(t, gone, 0)
	wantRun(t, r.run("", "delete", "--yes", strings.TrimSpace(gone.stdout)), 0)
	srv.Close()
	id1, id2, id3 := strings.TrimSpace(first.stdout), strings.TrimSpace(second.stdout), strings.TrimSpace(gone.stdout)
	if b, _ := os.ReadFile(filepath.Join(r.env["XPOST_CONFIG_DIR"], "recent.json")); !strings.Contains(string(b), `"id":"`+id2+`","text":"Second of mine","created_at":`) ||
		!strings.Contains(string(b), `"account":"`+strings.ToLower(srv.DemoUser().Username)+`"`) {
		t.Errorf("recent.json does not hold the post with its account:\n%s", b)
	}
	tests := []struct {
		name string
		args []string
		// want are the ids offered, in order, with the start of the
		// first one's description.
		want     []string
		wantDesc string
		not      []string
	}{
		{name: "delete", args: []string{"delete", ""}, want: []string{id2, id1, older}, wantDesc: "Second of mine", not: []string{id3}},
		{name: "delete, several", args: []string{"delete", id2, ""}, want: []string{id1, older}, not: []string{id2 + "\t"}},
		{name: "edit", args: []string{"edit", ""}, want: []string{id2, id1}},
		{name: "edit takes one id", args: []string{"edit", id2, ""}, not: []string{id1}},
		{name: "reply-to", args: []string{"post", "--reply-to", ""}, want: []string{id2, id1}},
		{name: "quote on a thread", args: []string{"thread", "--quote", ""}, want: []string{id2, id1}},
		{name: "prefix", args: []string{"delete", id1[:len(id1)-1]}, want: []string{id1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.run("", append([]string{"__complete"}, tt.args...)...)
			wantRun(t, got, 0)
			last := -1
			for _, w := range tt.want {
				i := strings.Index(got.stdout, w+"\t")
				if i < 0 {
					t.Errorf("completions %q lack %s", got.stdout, w)
					continue
				}
				if i < last {
					t.Errorf("completions %q are not newest first at %s", got.stdout, w)
				}
				last = i
			}
			if tt.wantDesc != "" && !strings.Contains(got.stdout, tt.wantDesc) {
				t.Errorf("completions %q lack the description %q", got.stdout, tt.wantDesc)
			}
			for _, n := range tt.not {
				if strings.Contains(got.stdout, n) {
					t.Errorf("completions %q offer %q", got.stdout, n)
				}
			}
		})
	}
}

// TestCompletionRecentPostIDsByAccount: with --account, completion offers
// that account's cached posts (and those of no known account), not
// another account's.
func TestCompletionRecentPostIDsByAccount(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	writeFile(t, filepath.Join(r.env["XPOST_CONFIG_DIR"], "recent.json"),
		`{"posts":[{"id":"1001","text":"ada's","account":"ada"},{"id":"1002","text":"bob's","account":"bob"},{"id":"1003","text":"unknown"}]}`)
	for _, tt := range []struct {
		args      []string
		want, not []string
	}{
		{args: []string{"delete", ""}, want: []string{"1001\t", "1002\t", "1003\t"}},
		{args: []string{"delete", "--account", "Bob", ""}, want: []string{"1002\t", "1003\t"}, not: []string{"1001"}},
		{args: []string{"post", "--account", "ada", "--reply-to", ""}, want: []string{"1001\t", "1003\t"}, not: []string{"1002"}},
	} {
		got := r.run("", append([]string{"__complete"}, tt.args...)...)
		wantRun(t, got, 0)
		for _, w := range tt.want {
			if !strings.Contains(got.stdout, w) {
				t.Errorf("%v: completions %q lack %q", tt.args, got.stdout, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(got.stdout, n) {
				t.Errorf("%v: completions %q offer %q", tt.args, got.stdout, n)
			}
		}
	}
}
