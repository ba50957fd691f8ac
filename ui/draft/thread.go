package draft

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xpostdev/xpost/internal/human"
)

// The thread file format (read by `xpost thread FILE`):
//
//	First post's text.
//
//	![A description of the photo](photos/cat.jpg)
//
//	---
//
//	Second post: a poll.
//	- [ ] Yes
//	- [ ] No
//	poll: 3d
//
// Posts are separated by a line holding only "---" (trailing spaces and
// tabs allowed). Within a post, a line "![ALT](PATH)" attaches a media file,
// lines "- [ ] OPTION" make a poll, and, in a post with a poll, a line
// "poll: DURATION" (90m, 24h, 3d, 1d12h; default 24h) sets its length. Every
// other line is text; the text's leading and trailing blank lines are
// dropped. Markup lines are taken out where they stand, so the text around
// them joins up. Files may use CRLF line ends (carriage returns at the end
// of a line are dropped) and may start with a BOM. Poll options are
// trimmed; ALT and PATH are taken exactly as written.
//
// PATH is relative to the thread file's directory (baseDir); ParseThread
// makes it absolute by joining it to baseDir. Inside ALT and PATH a backslash before an ASCII punctuation
// character stands for that character, as in Markdown: "\]" in ALT, "\)"
// and "\(" in PATH; any other backslash is literal, so Windows-style
// names survive.
//
// Escaping text: a text line that would read as markup (a separator, a
// media line, a poll option, or a line starting with "poll:") is written
// with a leading backslash ("\---", "\- [ ] not an option"), and on reading
// one leading backslash is removed from such a line. A line that starts
// with backslashes followed by markup gets one more backslash, so any text
// survives the trip, while ordinary backslashes are never touched.
//
// What a file cannot hold: draft-wide settings (reply, quote, reply
// settings, numbering; the command line gives those), a media file's
// inspected kind, type and size (the caller inspects the files), line
// breaks in ALT, PATH and poll options, spaces around poll options, text
// that starts or ends with a blank line or holds "\r" at a line end, and
// polls of fewer than 2 or more than 4 options or of a length that is not a
// whole number of minutes.

// MaxThreadFile is the largest thread file ParseThread reads: far more than
// any thread (25 posts of 25,000 characters), far less than memory.
const MaxThreadFile = 16 << 20

// bom is the byte order mark some editors put at the start of a file.
const bom = "\uFEFF"

// ThreadError is a mistake in a thread file, located as the user sees it:
// Part and Line count from 1.
type ThreadError struct {
	Part int
	Line int
	Msg  string
}

// Error reads "post 3, line 14: …", as the user counts posts and lines.
func (e *ThreadError) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("post %d, line %d: %s", e.Part, e.Line, e.Msg)
}

// ParseThread reads a thread file. baseDir is the directory of the file,
// against which relative media paths are resolved ("" leaves them as
// written). The draft gets a fresh id; nothing is checked against X's
// rules beyond the file's own structure, so call Validate next.
func ParseThread(r io.Reader, baseDir string) (*Draft, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxThreadFile+1))
	if err != nil {
		return nil, fmt.Errorf("read thread file: %w", err)
	}
	if len(data) > MaxThreadFile {
		return nil, &ThreadError{Msg: "the thread file is larger than " + human.Size(MaxThreadFile) + ": split it into several threads"}
	}
	text := strings.TrimPrefix(string(data), bom)
	text = strings.TrimSuffix(text, "\n")
	d := New()
	d.Posts = d.Posts[:0]
	p := partParser{baseDir: baseDir, part: 1}
	lineNo := 0
	for line := range strings.SplitSeq(text, "\n") {
		lineNo++
		line = strings.TrimRight(line, "\r")
		if !utf8.ValidString(line) {
			return nil, &ThreadError{Part: p.part, Line: lineNo, Msg: "the line is not valid UTF-8 text: save the file as UTF-8"}
		}
		if isSeparator(line) {
			post, err := p.finish()
			if err != nil {
				return nil, err
			}
			d.Posts = append(d.Posts, post)
			p = partParser{baseDir: baseDir, part: p.part + 1}
			continue
		}
		if err := p.line(line, lineNo); err != nil {
			return nil, err
		}
	}
	post, err := p.finish()
	if err != nil {
		return nil, err
	}
	d.Posts = append(d.Posts, post)
	return d, nil
}

// partParser collects the lines of one part.
type partParser struct {
	baseDir string
	part    int
	text    []textLine
	media   []Media
	options []string
	optLine int // line of the first option
}

// textLine is a line of text, or a "poll:" line that is text unless the
// part turns out to have a poll.
type textLine struct {
	s    string
	no   int
	poll bool
}

func (p *partParser) errorf(line int, format string, args ...any) error {
	return &ThreadError{Part: p.part, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// line takes one line that is not a separator.
func (p *partParser) line(line string, no int) error {
	if alt, path, ok := parseMediaLine(line); ok {
		if path == "" {
			return p.errorf(no, "the media line has no file: write ![description](file.jpg)")
		}
		if p.baseDir != "" && !filepath.IsAbs(path) {
			path = filepath.Join(p.baseDir, path)
		} else {
			path = filepath.Clean(path)
		}
		p.media = append(p.media, Media{Path: path, Alt: alt})
		return nil
	}
	if opt, ok := parsePollOption(line); ok {
		if len(p.options) == MaxPollOptions {
			return p.errorf(no, "poll has %d options, at most %d are allowed: remove one", len(p.options)+1, MaxPollOptions)
		}
		if len(p.options) == 0 {
			p.optLine = no
		}
		p.options = append(p.options, opt)
		return nil
	}
	if strings.HasPrefix(line, "poll:") {
		p.text = append(p.text, textLine{s: line, no: no, poll: true})
		return nil
	}
	if strings.HasPrefix(line, `\`) && isMarkup(line[1:]) {
		line = line[1:]
	}
	p.text = append(p.text, textLine{s: line, no: no})
	return nil
}

// finish turns the collected lines into a post.
func (p *partParser) finish() (Post, error) {
	post := Post{Media: p.media}
	var lines []string
	if len(p.options) > 0 {
		if len(p.options) < MinPollOptions {
			return Post{}, p.errorf(p.optLine, "poll has 1 option, it needs at least %d: add another \"- [ ] OPTION\" line", MinPollOptions)
		}
		post.Poll = &Poll{Options: p.options, Duration: DefaultPollDuration}
		durLine := 0
		for _, l := range p.text {
			if !l.poll {
				lines = append(lines, l.s)
				continue
			}
			if durLine != 0 {
				return Post{}, p.errorf(l.no, "a second poll length (the first is on line %d): keep one", durLine)
			}
			durLine = l.no
			dur, err := ParsePollDuration(strings.TrimPrefix(l.s, "poll:"))
			if err != nil {
				return Post{}, p.errorf(l.no, "%s", err.Error())
			}
			post.Poll.Duration = dur
		}
	} else {
		for _, l := range p.text {
			lines = append(lines, l.s)
		}
	}
	post.Text = strings.Join(trimBlankLines(lines), "\n")
	return post, nil
}

// trimBlankLines drops the blank lines at either end.
func trimBlankLines(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// isSeparator reports whether line separates two posts.
func isSeparator(line string) bool {
	return strings.TrimRight(line, " \t") == "---"
}

// parsePollOption reads a "- [ ] OPTION" line.
func parsePollOption(line string) (string, bool) {
	if line == "- [ ]" {
		return "", true
	}
	rest, ok := strings.CutPrefix(line, "- [ ] ")
	if !ok {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// parseMediaLine reads a "![ALT](PATH)" line, undoing backslash escapes.
// ALT ends at the first unescaped "]"; PATH may hold no unescaped ")".
func parseMediaLine(line string) (alt, path string, ok bool) {
	if !strings.HasPrefix(line, "![") || !strings.HasSuffix(line, ")") {
		return "", "", false
	}
	var b strings.Builder
	i := 2
	for ; i < len(line); i++ {
		c := line[i]
		if c == '\\' && i+1 < len(line) && isASCIIPunct(line[i+1]) {
			b.WriteByte(line[i+1])
			i++
			continue
		}
		if c == ']' {
			break
		}
		b.WriteByte(c)
	}
	if i+1 >= len(line) || line[i] != ']' || line[i+1] != '(' {
		return "", "", false
	}
	alt = b.String()
	b.Reset()
	region := line[i+2 : len(line)-1]
	for j := 0; j < len(region); j++ {
		c := region[j]
		if c == '\\' && j+1 < len(region) && isASCIIPunct(region[j+1]) {
			b.WriteByte(region[j+1])
			j++
			continue
		}
		if c == ')' {
			return "", "", false
		}
		b.WriteByte(c)
	}
	return alt, b.String(), true
}

// isMarkup reports whether a text line must be escaped to stay text:
// it would read as markup, or it is an escaped line itself.
func isMarkup(line string) bool {
	for {
		if isSeparator(line) || strings.HasPrefix(line, "poll:") {
			return true
		}
		if _, ok := parsePollOption(line); ok {
			return true
		}
		if _, _, ok := parseMediaLine(line); ok {
			return true
		}
		rest, ok := strings.CutPrefix(line, `\`)
		if !ok {
			return false
		}
		line = rest
	}
}

// isASCIIPunct reports whether c can be backslash-escaped, as in Markdown.
func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}
