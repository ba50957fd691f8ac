package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestManPages writes the pages as `make man` does and checks that every
// command help lists has one, with its name, synopsis and flags, and that
// groff (where installed) reads each without a warning.
func TestManPages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	wantRun(t, newRunner(t).run("", "man-pages", dir), 0, "manual pages")
	root := newApp(nil, nil, nil, func(string) string { return "" }).newRootCommand()
	var want []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		want = append(want, c)
		for _, s := range c.Commands() {
			if s.IsAvailableCommand() && s.Name() != "help" {
				walk(s)
			}
		}
	}
	walk(root)
	files, _ := filepath.Glob(filepath.Join(dir, "*.1"))
	if len(files) != len(want) || len(want) < 20 {
		t.Errorf("%d pages for %d commands", len(files), len(want))
	}
	_, groffErr := exec.LookPath("groff")
	for _, c := range want {
		name := strings.ReplaceAll(c.CommandPath(), " ", "-")
		page, err := os.ReadFile(filepath.Join(dir, name+".1"))
		if err != nil {
			t.Errorf("command %q has no page: %v", c.CommandPath(), err)
			continue
		}
		for _, w := range []string{".TH \"" + strings.ToUpper(name) + "\" 1", ".SH NAME\n" + roffEscape(name) + ` \- `, ".SH SYNOPSIS\n.B " + roffEscape(c.CommandPath())} {
			if !bytes.Contains(page, []byte(w)) {
				t.Errorf("%s.1 lacks %q", name, w)
			}
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if !f.Hidden && !bytes.Contains(page, []byte(`\fB\-\-`+roffEscape(f.Name)+`\fR`)) {
				t.Errorf("%s.1 lacks --%s", name, f.Name)
			}
		})
		if groffErr == nil {
			cmd := exec.CommandContext(t.Context(), "groff", "-man", "-ww", "-z", filepath.Join(dir, name+".1"))
			if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
				t.Errorf("groff on %s.1: %v\n%s", name, err, out)
			}
		}
	}
	root1, _ := os.ReadFile(filepath.Join(dir, "xpost.1"))
	if !bytes.Contains(root1, []byte(".SH EXIT STATUS")) || !bytes.Contains(root1, []byte(".BR xpost\\-post (1)")) {
		t.Errorf("xpost.1 lacks the exit statuses or the commands:\n%s", root1)
	}
}

// TestRoffEscape: text that roff would read as requests or escapes is
// printed as written.
func TestRoffEscape(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"--dry-run", `\-\-dry\-run`},
		{`C:\path`, `C:\epath`},
		{".hidden", `\&.hidden`},
		{"'quoted", `\&'quoted`},
		{"12/280 ✓ valid", `12/280 \[u2713] valid`},
	}
	for _, tt := range tests {
		if got := roffLine(tt.in); got != tt.want {
			t.Errorf("roffLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
