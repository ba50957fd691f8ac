package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/xpostdev/xpost/internal/fsx"
)

// The manual pages are written from the command tree itself (`make man`
// runs the hidden man-pages command), so they say what --help says and
// never go stale. The roff is the small subset of man(7) every man
// program renders: .TH, .SH, .TP, .PP, .nf/.fi, \fB and \fI.

func (a *app) newManPagesCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "man-pages DIR",
		Short:  "Write the manual pages (xpost.1 and one per command) to DIR",
		Hidden: true,
		Args:   exactArgs(1, "one DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			pages, err := manPages(cmd.Root())
			if err != nil {
				return err
			}
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return err
			}
			for name, page := range pages {
				if err := fsx.WriteFile(filepath.Join(args[0], name), page, 0o644); err != nil {
					return err
				}
			}
			fmt.Fprintf(a.stderr, "wrote %d manual pages to %s\n", len(pages), args[0])
			return nil
		},
	}
}

// manPages renders a page for root and every command under it that help
// lists, keyed by file name (xpost.1, xpost-drafts-show.1).
func manPages(root *cobra.Command) (map[string][]byte, error) {
	pages := map[string][]byte{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		pages[manName(c)+".1"] = manPage(c)
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() && sub.Name() != "help" {
				walk(sub)
			}
		}
	}
	walk(root)
	return pages, nil
}

// manName is a command's page name: its path joined by dashes.
func manName(c *cobra.Command) string {
	return strings.ReplaceAll(c.CommandPath(), " ", "-")
}

// manPage renders one command's page.
func manPage(c *cobra.Command) []byte {
	var b bytes.Buffer
	name := manName(c)
	fmt.Fprintf(&b, ".TH %q 1 \"\" %q \"xpost manual\"\n", strings.ToUpper(name), "xpost "+c.Root().Version)
	b.WriteString(".SH NAME\n")
	fmt.Fprintf(&b, "%s \\- %s\n", roffEscape(name), roffEscape(c.Short))
	b.WriteString(".SH SYNOPSIS\n")
	fmt.Fprintf(&b, ".B %s\n", roffEscape(c.CommandPath()))
	if rest := strings.TrimSpace(strings.TrimPrefix(c.UseLine(), c.CommandPath())); rest != "" {
		b.WriteString(roffLine(rest) + "\n")
	}
	b.WriteString(".SH DESCRIPTION\n")
	desc := c.Long
	if desc == "" {
		desc = c.Short + "."
	}
	writeRoffText(&b, desc)
	if c.HasAvailableLocalFlags() {
		b.WriteString(".SH OPTIONS\n")
		writeRoffFlags(&b, c.LocalFlags())
	}
	if c.HasAvailableInheritedFlags() {
		b.WriteString(".SH GLOBAL OPTIONS\n")
		writeRoffFlags(&b, c.InheritedFlags())
	}
	if c.Example != "" {
		b.WriteString(".SH EXAMPLES\n.nf\n")
		for line := range strings.SplitSeq(strings.TrimRight(c.Example, "\n"), "\n") {
			b.WriteString(roffLine(line) + "\n")
		}
		b.WriteString(".fi\n")
	}
	if !c.HasParent() {
		b.WriteString(manExitStatus)
	}
	var see []*cobra.Command
	if c.HasParent() {
		see = append(see, c.Parent())
	}
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() && sub.Name() != "help" {
			see = append(see, sub)
		}
	}
	if len(see) > 0 {
		b.WriteString(".SH SEE ALSO\n")
		for i, s := range see {
			sep := ","
			if i == len(see)-1 {
				sep = ""
			}
			fmt.Fprintf(&b, ".BR %s (1)%s\n", roffEscape(manName(s)), sep)
		}
	}
	return b.Bytes()
}

// manExitStatus is the exit status section of xpost(1), as the README's
// table says it.
const manExitStatus = `.SH EXIT STATUS
.TP
.B 0
success
.TP
.B 1
a failure not listed below (an unreadable file, a damaged journal, interrupted)
.TP
.B 2
usage error: the command line is wrong
.TP
.B 3
not logged in, or X refused the login: run xpost login
.TP
.B 4
try later: rate limited, a usage cap, out of API credits, X unreachable or failing
.TP
.B 5
refused: the post breaks X's rules, a duplicate, an edit X does not allow, not found
.TP
.B 6
partly done: posts of a thread are live, or a post's outcome is unknown; resume, never start over
.TP
.B 7
internal error: a defect of xpost
`

// writeRoffFlags writes one .TP entry per flag that help shows.
func writeRoffFlags(b *bytes.Buffer, fs *pflag.FlagSet) {
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		varName, usage := pflag.UnquoteUsage(f)
		b.WriteString(".TP\n")
		if f.Shorthand != "" {
			fmt.Fprintf(b, "\\fB\\-%s\\fR, ", f.Shorthand)
		}
		fmt.Fprintf(b, "\\fB\\-\\-%s\\fR", roffEscape(f.Name))
		if varName != "" {
			fmt.Fprintf(b, " \\fI%s\\fR", roffEscape(varName))
		}
		b.WriteString("\n")
		text := usage
		if !strings.Contains(usage, "default") && f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" && f.DefValue != "0" && f.DefValue != "0s" {
			text += " (default " + f.DefValue + ")"
		}
		b.WriteString(roffLine(text) + "\n")
	})
}

// writeRoffText writes help text: blank lines separate paragraphs, and
// indented lines (examples, tables) keep their layout.
func writeRoffText(b *bytes.Buffer, text string) {
	inPre := false
	b.WriteString(".PP\n")
	for line := range strings.SplitSeq(strings.TrimSpace(text), "\n") {
		pre := strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")
		switch {
		case strings.TrimSpace(line) == "":
			if inPre {
				b.WriteString(".fi\n")
				inPre = false
			}
			b.WriteString(".PP\n")
			continue
		case pre && !inPre:
			b.WriteString(".nf\n")
			inPre = true
		case !pre && inPre:
			b.WriteString(".fi\n")
			inPre = false
		}
		b.WriteString(roffLine(line) + "\n")
	}
	if inPre {
		b.WriteString(".fi\n")
	}
}

// roffLine escapes a line of text so roff prints it as written: a
// leading dot or quote would be read as a request.
func roffLine(s string) string {
	s = roffEscape(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// roffEscape escapes roff's escape character, makes hyphens the minus
// signs options are written with, and writes characters beyond ASCII as
// \[uXXXX], which every roff reads whatever the page's encoding.
func roffEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\e`)
		case r == '-':
			b.WriteString(`\-`)
		case r > 0x7e:
			fmt.Fprintf(&b, `\[u%04X]`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
