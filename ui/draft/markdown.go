package draft

// Markdown in: a thread written elsewhere (a blog post, notes, an essay)
// comes in as a thread of posts that fit.
//
// What a document becomes:
//
//   - a heading (# to ######, or a line over ===) starts a post, its text
//     the post's first line; a thematic break (---, ***, ___) starts a post
//     too;
//   - paragraphs, lists and code blocks join the post being filled, a
//     blank line apart, while the post fits the limit; one that does not
//     fit starts the next post, and one that fits no post alone is cut
//     with SplitText (paragraph, sentence, word ends);
//   - a paragraph's lines join with a space, as Markdown renders them; a
//     hard break (two trailing spaces or a backslash) keeps the line break;
//   - links are kept as URLs: [text](url) becomes "text url", <url> and
//     bare URLs stay as they are, reference links ([text][ref]) are
//     resolved; emphasis (*, _, **, __, ~~) is dropped; code spans and
//     code blocks are kept as their text; list items keep their bullets
//     and numbers; a block quote loses its ">" marks; HTML comments and a
//     front matter block (--- … --- at the top) are left out;
//   - an image, ![alt](path), becomes an attachment of the post with alt
//     as its description when the file exists (path relative to the
//     document); a remote image or a missing file is kept as "alt url" in
//     the text, with a note.
//
// It is a small parser of the Markdown people write, not CommonMark: no
// HTML blocks, no tables (their lines are kept as text), no nested block
// quotes, and "---" under a paragraph is a break, not a heading, as it is
// in a thread file.

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/xpostdev/xpost/textcount"
)

// HasMarkdownHeading reports whether text has a Markdown heading: a line
// "# Title" (not "#hashtag") or a line of "=" under text. A thread file
// seldom has one and a document seldom lacks one, so it tells a Markdown
// document from a thread file where the name cannot (both are often .md).
func HasMarkdownHeading(text string) bool { return mdRe().anyHeading.MatchString(text) }

// MarkdownOptions say how a document becomes a thread.
type MarkdownOptions struct {
	// Config is the limit posts are filled to (the zero value is X's
	// default, 280).
	Config textcount.Config
	// Numbered leaves room in each post for the " i/n" numbering adds.
	Numbered bool
	// BaseDir is the document's directory, against which image paths
	// are resolved; "" leaves them as written.
	BaseDir string
	// Exists reports whether an image file is there to attach; nil looks
	// on disk for a regular file.
	Exists func(path string) bool
}

// MarkdownNote is something of the document the thread does not carry as
// written, at its line (counting from 1).
type MarkdownNote struct {
	Line int
	Msg  string
}

// ParseMarkdown turns a Markdown document into a thread (see the top of
// this file). The draft gets a fresh id, with Numbering set as asked;
// nothing is checked against X's rules beyond the lengths, so call
// Validate next. A document with no text and no image gives one empty post.
func ParseMarkdown(src string, opts MarkdownOptions) (*Draft, []MarkdownNote) {
	if opts.Config.MaxWeightedTweetLength == 0 && opts.Config.Scale == 0 {
		opts.Config = textcount.DefaultConfig
	}
	if opts.Exists == nil {
		opts.Exists = func(path string) bool {
			fi, err := os.Stat(path)
			return err == nil && fi.Mode().IsRegular()
		}
	}
	p := &mdParser{opts: opts, refs: map[string]string{}}
	blocks := p.blocks(src)
	d := New()
	d.Numbering = opts.Numbered
	d.Posts = p.assemble(blocks)
	if len(d.Posts) == 0 {
		d.Posts = []Post{{}}
	}
	return d, p.notes
}

// mdBlockKind is what a block of the document is.
type mdBlockKind int

const (
	mdText    mdBlockKind = iota // a paragraph, a list, a quote, code
	mdHeading                    // starts a post
	mdBreak                      // a thematic break: starts a post
)

// mdBlock is one block, its text rendered, and the images it held.
type mdBlock struct {
	kind  mdBlockKind
	text  string
	media []Media
	poll  *Poll
	line  int
}

// mdParser holds what one document's parse gathers.
type mdParser struct {
	opts  MarkdownOptions
	refs  map[string]string // reference definitions, by lower-case label
	notes []MarkdownNote
}

// mdPatterns are the Markdown parser's line patterns.
type mdPatterns struct {
	anyHeading, heading, brk, setext, list, quote, fence, refDef, front, frontEnd *regexp.Regexp
}

// mdRe compiles the patterns on first use, not at start-up: compiling
// them at package initialisation cost every command, `xpost count`
// included, about 100 KB in a thousand allocations (TestInitIsCheap).
var mdRe = sync.OnceValue(func() *mdPatterns {
	return &mdPatterns{
		anyHeading: regexp.MustCompile(`(?m)^ {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$)`),
		heading:    regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`),
		brk:        regexp.MustCompile(`^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$`),
		setext:     regexp.MustCompile(`^ {0,3}=+[ \t]*$`),
		list:       regexp.MustCompile(`^([ \t]*)([-*+]|[0-9]{1,9}[.)])([ \t]+|$)(.*)$`),
		quote:      regexp.MustCompile(`^ {0,3}> ?(.*)$`),
		fence:      regexp.MustCompile("^ {0,3}(`{3,}|~{3,})"),
		refDef:     regexp.MustCompile(`^ {0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)>?(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$`),
		front:      regexp.MustCompile(`^---[ \t]*$`),
		frontEnd:   regexp.MustCompile(`^(?:---|\.\.\.)[ \t]*$`),
	}
})

// blocks cuts the document into blocks and renders their text.
func (p *mdParser) blocks(src string) []mdBlock {
	src = strings.TrimPrefix(src, bom)
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ToValidUTF8(src, "\uFFFD")
	lines := strings.Split(src, "\n")
	start := p.frontMatter(lines)
	// Reference definitions anywhere count for links anywhere; their
	// lines are left out.
	skip := make([]bool, len(lines))
	inFence := ""
	for i := start; i < len(lines); i++ {
		if m := mdRe().fence.FindStringSubmatch(lines[i]); m != nil {
			switch {
			case inFence == "":
				inFence = m[1]
			case strings.HasPrefix(strings.TrimLeft(lines[i], " "), inFence[:1]) && len(m[1]) >= len(inFence):
				inFence = ""
			}
			continue
		}
		if inFence != "" {
			continue
		}
		if m := mdRe().refDef.FindStringSubmatch(lines[i]); m != nil {
			label := strings.ToLower(strings.Join(strings.Fields(m[1]), " "))
			if _, ok := p.refs[label]; !ok {
				p.refs[label] = m[2]
			}
			skip[i] = true
		}
	}

	var out []mdBlock
	var para []string // the lines of the paragraph, list or quote being read
	paraKind := ""    // "para", "list", "quote"
	paraLine := 0
	flush := func() {
		if len(para) > 0 {
			out = append(out, p.textBlock(para, paraKind, paraLine))
		}
		para, paraKind = nil, ""
	}
	for i := start; i < len(lines); i++ {
		line := lines[i]
		no := i + 1
		if skip[i] {
			continue
		}
		if m := mdRe().fence.FindStringSubmatch(line); m != nil {
			flush()
			fence := m[1]
			var code []string
			j := i + 1
			for ; j < len(lines); j++ {
				if f := mdRe().fence.FindStringSubmatch(lines[j]); f != nil && f[1][0] == fence[0] && len(f[1]) >= len(fence) && strings.TrimSpace(lines[j][strings.Index(lines[j], f[1])+len(f[1]):]) == "" {
					break
				}
				code = append(code, strings.TrimRight(lines[j], " \t"))
			}
			i = j
			if text := strings.Trim(strings.Join(code, "\n"), "\n"); text != "" {
				out = append(out, mdBlock{kind: mdText, text: text, line: no})
			}
			continue
		}
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(line), "<!--") {
			// An HTML comment, to its end.
			flush()
			j := i
			for ; j < len(lines) && !strings.Contains(lines[j], "-->"); j++ {
			}
			i = j
			continue
		}
		if m := mdRe().heading.FindStringSubmatch(line); m != nil {
			flush()
			text, media := p.inline(m[2], no)
			out = append(out, mdBlock{kind: mdHeading, text: text, media: media, line: no})
			continue
		}
		if paraKind == "para" && mdRe().setext.MatchString(line) {
			text, media := p.inline(strings.Join(trimAll(para), " "), paraLine)
			out = append(out, mdBlock{kind: mdHeading, text: text, media: media, line: paraLine})
			para, paraKind = nil, ""
			continue
		}
		if mdRe().brk.MatchString(line) {
			flush()
			out = append(out, mdBlock{kind: mdBreak, line: no})
			continue
		}
		if m := mdRe().quote.FindStringSubmatch(line); m != nil && paraKind != "list" {
			if paraKind != "quote" {
				flush()
				paraKind, paraLine = "quote", no
			}
			para = append(para, m[1])
			continue
		}
		if mdRe().list.MatchString(line) {
			if paraKind != "list" {
				flush()
				paraKind, paraLine = "list", no
			}
			para = append(para, line)
			continue
		}
		if paraKind == "" && (strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t")) {
			// An indented code block, to the next line that is not.
			var code []string
			j := i
			for ; j < len(lines) && (strings.HasPrefix(lines[j], "    ") || strings.HasPrefix(lines[j], "\t") || strings.TrimSpace(lines[j]) == ""); j++ {
				l := strings.TrimPrefix(lines[j], "\t")
				if l == lines[j] {
					l = strings.TrimPrefix(l, "    ")
				}
				code = append(code, strings.TrimRight(l, " \t"))
			}
			i = j - 1
			out = append(out, mdBlock{kind: mdText, text: strings.Trim(strings.Join(code, "\n"), "\n"), line: no})
			continue
		}
		if paraKind == "" {
			paraKind, paraLine = "para", no
		}
		// A line under a list item or a quote continues it (lazily).
		para = append(para, line)
	}
	flush()
	return out
}

// frontMatter is the index of the first line after a front matter block
// (--- at the very top, to the next --- or ...), or 0 when there is none.
func (p *mdParser) frontMatter(lines []string) int {
	if len(lines) == 0 || !mdRe().front.MatchString(lines[0]) {
		return 0
	}
	for i := 1; i < len(lines) && i < 200; i++ {
		if mdRe().frontEnd.MatchString(lines[i]) {
			if i == 1 {
				return 0 // "---" twice: two breaks, not front matter
			}
			return i + 1
		}
		if l := lines[i]; strings.TrimSpace(l) != "" && !strings.Contains(l, ":") && !strings.HasPrefix(strings.TrimSpace(l), "-") && !strings.HasPrefix(l, " ") {
			return 0 // not key: value lines
		}
	}
	return 0
}

// trimAll is lines without the white space around each.
func trimAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimSpace(l)
	}
	return out
}

// textBlock renders the lines of a paragraph, a list or a quote.
func (p *mdParser) textBlock(lines []string, kind string, line int) mdBlock {
	b := mdBlock{kind: mdText, line: line}
	if kind == "list" {
		if poll, ok := p.poll(lines, line); ok {
			b.poll = poll
			return b
		}
		// Each item on its line with its bullet; the lines under an
		// item join it.
		var items []string
		for _, l := range lines {
			if m := mdRe().list.FindStringSubmatch(l); m != nil {
				items = append(items, m[1]+m[2]+" "+strings.TrimSpace(m[4]))
			} else if len(items) > 0 {
				items[len(items)-1] += " " + strings.TrimSpace(l)
			}
		}
		for i, it := range items {
			// The item's indentation (a nested list) stays, tabs as
			// two spaces, at most eight.
			rest := strings.TrimLeft(it, " \t")
			indent := strings.ReplaceAll(it[:len(it)-len(rest)], "\t", "  ")
			text, media := p.inline(rest, line)
			items[i] = indent[:min(len(indent), 8)] + text
			b.media = append(b.media, media...)
		}
		b.text = strings.Join(items, "\n")
		return b
	}
	b.text, b.media = p.inline(joinParagraph(lines), line)
	return b
}

// poll reads a list of "- [ ] OPTION" items, and a "poll: DURATION" line
// under them, as a thread file's poll; false when the list is not one.
func (p *mdParser) poll(lines []string, line int) (*Poll, bool) {
	poll := &Poll{Duration: DefaultPollDuration}
	for _, l := range lines {
		if opt, ok := parsePollOption(strings.TrimSpace(l)); ok {
			poll.Options = append(poll.Options, opt)
			continue
		}
		rest, ok := strings.CutPrefix(strings.TrimSpace(l), "poll:")
		if !ok || len(poll.Options) == 0 {
			return nil, false
		}
		d, err := ParsePollDuration(rest)
		if err != nil {
			p.notes = append(p.notes, MarkdownNote{Line: line, Msg: err.Error() + ": the poll lasts " + FormatPollDuration(DefaultPollDuration)})
			continue
		}
		poll.Duration = d
	}
	if len(poll.Options) < MinPollOptions || len(poll.Options) > MaxPollOptions {
		return nil, false
	}
	return poll, true
}

// joinParagraph joins a paragraph's lines as Markdown renders them: with a
// space, or a line feed after a hard break (two trailing spaces, or a
// backslash at the end).
func joinParagraph(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		hard := strings.HasSuffix(l, "  ") || (strings.HasSuffix(l, "\\") && !strings.HasSuffix(l, "\\\\"))
		l = strings.TrimSpace(l)
		if hard && strings.HasSuffix(l, "\\") {
			l = strings.TrimSuffix(l, "\\")
		}
		b.WriteString(l)
		if i < len(lines)-1 {
			if hard {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
	}
	return b.String()
}

// assemble fills posts with the blocks.
func (p *mdParser) assemble(blocks []mdBlock) []Post {
	var posts []Post
	cur := -1 // the post being filled, -1 for none
	fresh := true
	newPost := func() {
		posts = append(posts, Post{})
		cur = len(posts) - 1
		fresh = true
	}
	for _, b := range blocks {
		switch b.kind {
		case mdBreak:
			if cur >= 0 && !fresh {
				cur = -1
			}
			continue
		case mdHeading:
			if cur < 0 || !fresh || posts[cur].Text != "" || len(posts[cur].Media) > 0 || posts[cur].Poll != nil {
				newPost()
			}
		}
		if cur < 0 {
			newPost()
		}
		text := strings.TrimSpace(b.text)
		if text != "" {
			joined := text
			if posts[cur].Text != "" {
				joined = posts[cur].Text + "\n\n" + text
			}
			switch {
			case p.fits(joined):
				posts[cur].Text = joined
			case posts[cur].Text != "" && p.fits(text):
				newPost()
				posts[cur].Text = text
			default:
				if posts[cur].Text != "" {
					newPost()
				}
				pieces, err := SplitText(text, p.splitConfig(), false)
				if err != nil {
					p.notes = append(p.notes, MarkdownNote{Line: b.line, Msg: err.Error()})
					pieces = []string{text}
				}
				for k, t := range PostTexts(pieces) {
					if k > 0 {
						newPost()
					}
					posts[cur].Text = t
				}
			}
		}
		if len(b.media) > 0 {
			posts[cur].Media = append(posts[cur].Media, b.media...)
		}
		if b.poll != nil {
			posts[cur].Poll = b.poll
		}
		fresh = false
	}
	// A post left empty by a heading with nothing under it at the end,
	// or by breaks, is dropped.
	out := posts[:0]
	for _, post := range posts {
		if post.Text != "" || len(post.Media) > 0 || post.Poll != nil {
			out = append(out, post)
		}
	}
	return out
}

// numberRoom is what fits and splitConfig keep free for numbering: the
// suffix of a thread of up to 99 posts.
const numberRoom = " 99/99"

// fits reports whether text fits one post, leaving room for numbering.
func (p *mdParser) fits(text string) bool {
	if p.opts.Numbered {
		text += numberRoom
	}
	return textcount.ParseWith(text, p.opts.Config).WeightedLength <= p.opts.Config.MaxWeightedTweetLength
}

// splitConfig is the limit a block too long for a post is split to: the
// post's, less the room numbering takes, as fits counts it (SplitText's
// own reserve is left out for a text that fits without it, which here is
// one post of many).
func (p *mdParser) splitConfig() textcount.Config {
	cfg := p.opts.Config
	if p.opts.Numbered {
		cfg = cfg.WithMax(max(1, cfg.MaxWeightedTweetLength-textcount.ParseWith(numberRoom, cfg).WeightedLength))
	}
	return cfg
}

// inline renders a block's text: links as URLs, emphasis dropped, code
// spans as their text, escapes and entities resolved; images are taken
// out as media where their file exists.
func (p *mdParser) inline(s string, line int) (string, []Media) {
	var media []Media
	var toks []mdToken
	lit := func(s string) { toks = append(toks, mdToken{text: s}) }
	text := func(s string) { toks = append(toks, mdToken{text: html.UnescapeString(s)}) }
	var run strings.Builder // plain text not yet added
	flushRun := func() {
		if run.Len() > 0 {
			text(run.String())
			run.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			flushRun()
			lit(s[i+1 : i+2])
			i += 2
			continue
		case c == '`':
			n := runLen(s, i, '`')
			if end := strings.Index(s[i+n:], strings.Repeat("`", n)); end >= 0 && runLen(s, i+n+end, '`') == n {
				flushRun()
				code := s[i+n : i+n+end]
				if len(code) > 1 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.TrimSpace(code) != "" {
					code = code[1 : len(code)-1]
				}
				lit(code)
				i += n + end + n
				continue
			}
			run.WriteString(s[i : i+n])
			i += n
			continue
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			if alt, dest, n, ok := p.link(s[i+1:]); ok {
				flushRun()
				altText, _ := p.inline(alt, line)
				if m, ok := p.image(altText, dest, line); ok {
					media = append(media, m)
				} else {
					lit(joinLink(altText, dest))
				}
				i += 1 + n
				continue
			}
		case c == '[':
			if label, dest, n, ok := p.link(s[i:]); ok {
				flushRun()
				labelText, inner := p.inline(label, line)
				media = append(media, inner...)
				lit(joinLink(labelText, dest))
				i += n
				continue
			}
		case c == '<':
			if end := strings.IndexByte(s[i:], '>'); end > 0 {
				inside := s[i+1 : i+end]
				if isAutolink(inside) {
					flushRun()
					lit(inside)
					i += end + 1
					continue
				}
			}
		case c == 'h' && (i == 0 || !isWordByte(s[i-1])) && (strings.HasPrefix(s[i:], "http://") || strings.HasPrefix(s[i:], "https://")):
			// A bare URL is kept whole: no emphasis inside it.
			flushRun()
			end := i
			for end < len(s) && s[end] != ' ' && s[end] != '\t' && s[end] != '\n' && s[end] != '<' {
				end++
			}
			lit(s[i:end])
			i = end
			continue
		case c == '*' || c == '_' || c == '~':
			n := runLen(s, i, c)
			flushRun()
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[i+n:])
			if i == 0 {
				before = ' '
			}
			if i+n == len(s) {
				after = ' '
			}
			toks = append(toks, delimToken(s[i:i+n], before, after))
			i += n
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		run.WriteString(s[i : i+size])
		i += size
	}
	flushRun()
	pairDelimiters(toks)
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.text)
	}
	return strings.TrimSpace(b.String()), media
}

// joinLink is a link as a post shows it: its text, then its URL (the URL
// alone when the text is empty or the URL itself).
func joinLink(text, dest string) string {
	switch {
	case dest == "":
		return text
	case text == "" || text == dest || "<"+dest+">" == text:
		return dest
	}
	return text + " " + dest
}

// link reads "[label](dest "title")", "[label][ref]", "[label][]" or a
// defined "[label]" at the start of s: the label, the destination and the
// bytes read.
func (p *mdParser) link(s string) (label, dest string, n int, ok bool) {
	end := closingBracket(s)
	if end < 0 {
		return "", "", 0, false
	}
	label = s[1:end]
	rest := s[end+1:]
	switch {
	case strings.HasPrefix(rest, "("):
		close := strings.IndexByte(rest, ')')
		if close < 0 {
			return "", "", 0, false
		}
		inside := strings.TrimSpace(rest[1:close])
		// A title, "…" or '…', may follow the destination.
		if sp := strings.IndexAny(inside, " \t"); sp >= 0 {
			inside = inside[:sp]
		}
		inside = strings.TrimSuffix(strings.TrimPrefix(inside, "<"), ">")
		return label, inside, end + 1 + close + 1, true
	case strings.HasPrefix(rest, "["):
		close := strings.IndexByte(rest, ']')
		if close < 0 {
			return "", "", 0, false
		}
		ref := rest[1:close]
		if ref == "" {
			ref = label
		}
		if d, found := p.refs[strings.ToLower(strings.Join(strings.Fields(ref), " "))]; found {
			return label, d, end + 1 + close + 1, true
		}
		return "", "", 0, false
	}
	if d, found := p.refs[strings.ToLower(strings.Join(strings.Fields(label), " "))]; found {
		return label, d, end + 1, true
	}
	return "", "", 0, false
}

// closingBracket is the index of the "]" closing the "[" s starts with,
// counting nested brackets and skipping escaped ones; -1 if none.
func closingBracket(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// image makes an image an attachment when its file is there.
func (p *mdParser) image(alt, dest string, line int) (Media, bool) {
	if dest == "" {
		return Media{}, false
	}
	if strings.Contains(dest, "://") || strings.HasPrefix(dest, "data:") {
		p.notes = append(p.notes, MarkdownNote{Line: line, Msg: "the image " + dest + " is not a local file: kept as a link"})
		return Media{}, false
	}
	path := dest
	if p.opts.BaseDir != "" && !filepath.IsAbs(path) {
		path = filepath.Join(p.opts.BaseDir, filepath.FromSlash(path))
	}
	if !p.opts.Exists(path) {
		p.notes = append(p.notes, MarkdownNote{Line: line, Msg: "the image " + dest + " was not found: kept as text"})
		return Media{}, false
	}
	return Media{Path: path, Alt: alt}, true
}

// isAutolink reports whether the inside of <…> is a URL or an address.
func isAutolink(s string) bool {
	if strings.ContainsAny(s, " \t\n<>") || s == "" {
		return false
	}
	if i := strings.Index(s, ":"); i > 1 {
		scheme := s[:i]
		for _, r := range scheme {
			if !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '+' || r == '.' || r == '-')) {
				return false
			}
		}
		return true
	}
	at := strings.IndexByte(s, '@')
	return at > 0 && strings.Contains(s[at:], ".")
}

func isWordByte(c byte) bool {
	return c >= utf8.RuneSelf || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// runLen is the length of the run of c at s[i:].
func runLen(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// mdToken is a piece of rendered text, or a run of emphasis delimiters
// that is dropped when paired and kept as text when not.
type mdToken struct {
	text             string
	delim            byte // '*', '_' or '~'; 0 for text
	canOpen, canClos bool
}

// delimToken is a run of delimiters between the characters before and
// after it, with the flanking rules of CommonMark.
func delimToken(run string, before, after rune) mdToken {
	space := func(r rune) bool { return unicode.IsSpace(r) }
	punct := func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }
	left := !space(after) && (!punct(after) || space(before) || punct(before))
	right := !space(before) && (!punct(before) || space(after) || punct(after))
	t := mdToken{text: run, delim: run[0]}
	switch run[0] {
	case '_':
		t.canOpen = left && (!right || punct(before))
		t.canClos = right && (!left || punct(after))
	case '~':
		t.canOpen, t.canClos = left && len(run) == 2, right && len(run) == 2
	default:
		t.canOpen, t.canClos = left, right
	}
	return t
}

// pairDelimiters drops the delimiters that pair up as emphasis: a closer
// with the nearest opener of the same kind before it.
func pairDelimiters(toks []mdToken) {
	var openers []int
	for i := range toks {
		t := &toks[i]
		if t.delim == 0 {
			continue
		}
		if t.canClos {
			for k := len(openers) - 1; k >= 0; k-- {
				o := &toks[openers[k]]
				if o.delim != t.delim || o.text == "" {
					continue
				}
				n := min(len(o.text), len(t.text))
				o.text, t.text = o.text[:len(o.text)-n], t.text[n:]
				at := openers[k]
				openers = openers[:k]
				if o.text != "" {
					openers = append(openers, at)
				}
				break
			}
		}
		if t.canOpen && t.text != "" {
			openers = append(openers, i)
		}
	}
}
