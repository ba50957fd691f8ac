package draft

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// escapeField writes s for ALT or PATH: the characters in special, and a
// backslash that would otherwise escape what follows it, get a backslash.
func escapeField(b *strings.Builder, s, special string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && (i+1 == len(s) || isASCIIPunct(s[i+1])):
			b.WriteString(`\\`)
		case strings.IndexByte(special, c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
}

// WriteThread writes d's posts as a thread file for a file in baseDir, in
// the form ParseThread reads back to the same posts (see the format notes
// in thread.go for what a file cannot hold), so that a draft can be
// exported and published with `xpost thread`. It is also the tests'
// oracle for the parser: whatever it writes must read back unchanged.
// Paths are written relative to baseDir when they lie in it or its
// parent, absolute otherwise.
func WriteThread(w io.Writer, d *Draft, baseDir string) error {
	bw := bufio.NewWriter(w)
	if len(d.Posts) > 0 && strings.HasPrefix(d.Posts[0].Text, bom) {
		// ParseThread drops one byte order mark; this one is for it.
		bw.WriteString(bom)
	}
	var b strings.Builder
	for i, p := range d.Posts {
		b.Reset()
		if i > 0 {
			b.WriteString("\n---\n\n")
		}
		if p.Text != "" {
			for line := range strings.SplitSeq(p.Text, "\n") {
				if isMarkup(line) {
					b.WriteByte('\\')
				}
				b.WriteString(line)
				b.WriteByte('\n')
			}
			if len(p.Media) > 0 || p.Poll != nil {
				b.WriteByte('\n')
			}
		}
		for _, m := range p.Media {
			b.WriteString("![")
			escapeField(&b, m.Alt, "]")
			b.WriteString("](")
			escapeField(&b, relPath(m.Path, baseDir), "()")
			b.WriteString(")\n")
		}
		if p.Poll != nil {
			for _, opt := range p.Poll.Options {
				b.WriteString("- [ ] ")
				b.WriteString(opt)
				b.WriteByte('\n')
			}
			if p.Poll.Duration != DefaultPollDuration {
				b.WriteString("poll: ")
				b.WriteString(FormatPollDuration(p.Poll.Duration))
				b.WriteByte('\n')
			}
		}
		if _, err := bw.WriteString(b.String()); err != nil {
			return fmt.Errorf("write thread file: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write thread file: %w", err)
	}
	return nil
}

// relPath writes path as a thread file in baseDir should refer to it:
// relative when the file lies in baseDir or one level above, else absolute.
func relPath(path, baseDir string) string {
	if baseDir == "" || path == "" {
		return path
	}
	if filepath.IsAbs(baseDir) && !filepath.IsAbs(path) {
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
	}
	rel, err := filepath.Rel(baseDir, path)
	if err != nil {
		return path
	}
	up := ".." + string(filepath.Separator)
	if strings.HasPrefix(rel, up+"..") && filepath.IsAbs(path) {
		return path
	}
	return rel
}
