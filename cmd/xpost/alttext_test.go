package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xpostdev/xpost/xapi/xapitest"
)

// With alt_text "require", post and thread refuse an image without alt
// text before anything is sent, naming the file and the flag or line that
// gives it; "ask" (the default, which asks only in the composer) and
// "off" post it.
func TestAltTextRequired(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	img := writePNG(t, filepath.Join(dir, "dot.png"))
	thread := filepath.Join(dir, "thread.md")
	if err := os.WriteFile(thread, []byte("First\n\n![](dot.png)\n---\nSecond\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		config string
		args   []string
		code   int
		stderr string
	}{
		{name: "post refused", config: `{"alt_text":"require"}`, args: []string{"post", "--media", img, "Hi"}, code: exitRefused,
			stderr: "post 1: dot.png has no alt text, which alt_text \"require\" in config.json asks for: give it with --media " + img + "=\"…\""},
		{name: "dry run refused too", config: `{"alt_text":"require"}`, args: []string{"post", "--dry-run", "--media", img, "Hi"}, code: exitRefused, stderr: "--media"},
		{name: "thread refused", config: `{"alt_text":"require"}`, args: []string{"thread", thread}, code: exitRefused,
			stderr: thread + ":1: post 1: dot.png has no alt text, which alt_text \"require\" in config.json asks for: write it in the file as ![…](dot.png)"},
		{name: "with alt text", config: `{"alt_text":"require"}`, args: []string{"post", "--media", img + "=A red dot", "Hi"}},
		{name: "ask posts from the command line", config: `{}`, args: []string{"post", "--media", img, "Hi"}},
		{name: "off", config: `{"alt_text":"off"}`, args: []string{"post", "--media", img, "Hi"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fake(t, xapitest.Options{})
			r := apiRunner(t, srv)
			writeConfig(t, r, tt.config)
			got := r.run("", tt.args...)
			wantRun(t, got, tt.code, tt.stderr)
			if n := len(srv.State().Posts); (n == 0) != (tt.code != 0) {
				t.Errorf("%d posts on X after exit status %d", n, got.code)
			}
			if tt.code != 0 && len(srv.State().Media) != 0 {
				t.Error("a refused post uploaded its media")
			}
			if tt.code != 0 && !strings.Contains(got.stderr, "dot.png") {
				t.Errorf("the refusal does not name the file: %s", got.stderr)
			}
		})
	}
}
