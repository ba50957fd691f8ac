package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xpostdev/xpost/ui/draft"
)

func TestThreadSplit(t *testing.T) {
	t.Parallel()
	text := "First paragraph says one thing.\n\nSecond paragraph: see https://example.com/page and @xdev.\n\n---\n- [ ] not an option"
	tests := []struct {
		name    string
		args    []string
		want    string
		wantErr string
	}{
		{name: "paragraphs", args: []string{"--max", "60"},
			want: "First paragraph says one thing.\n\n---\n\nSecond paragraph: see https://example.com/page and @xdev.\n\n---\n\n\\---\n\\- [ ] not an option\n"},
		{name: "numbered", args: []string{"--max", "60", "--number"},
			want: "First paragraph says one thing. 1/3\n\n---\n\nSecond paragraph: see https://example.com/page and @xdev. 2/3\n\n---\n\n\\---\n\\- [ ] not an option 3/3\n"},
		{name: "bad max", args: []string{"--max", "0"}, wantErr: "--max must be a positive number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := newRunner(t).run(text+"\n", append([]string{"thread", "--split", "-"}, tt.args...)...)
			if tt.wantErr != "" {
				if got.code == 0 || !strings.Contains(got.stderr, tt.wantErr) {
					t.Fatalf("exit %d, stderr %q; want a failure saying %q", got.code, got.stderr, tt.wantErr)
				}
				return
			}
			if got.code != 0 {
				t.Fatalf("exit %d: %s", got.code, got.stderr)
			}
			if got.stdout != tt.want {
				t.Errorf("stdout:\n%s\nwant:\n%s", got.stdout, tt.want)
			}
			// The output is a thread file `xpost thread` reads.
			d, err := draft.ParseThread(strings.NewReader(got.stdout), "")
			if err != nil {
				t.Fatalf("output does not parse as a thread file: %v", err)
			}
			if len(d.Posts) != 3 {
				t.Errorf("%d posts, want 3", len(d.Posts))
			}
		})
	}
}

func TestThreadSplitFile(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "essay.txt")
	if err := os.WriteFile(p, []byte(strings.Repeat("A sentence of some length here. ", 30)), 0o644); err != nil {
		t.Fatal(err)
	}
	got := newRunner(t).run("", "thread", "--split", p)
	if got.code != 0 {
		t.Fatalf("exit %d: %s", got.code, got.stderr)
	}
	if n := strings.Count(got.stdout, "\n---\n"); n != 3 {
		t.Errorf("%d separators, want 3 (960 characters in posts of at most 280):\n%s", n, got.stdout)
	}
}
