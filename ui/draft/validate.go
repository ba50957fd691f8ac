package draft

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xpostdev/xpost/textcount"
)

// Problem is one reason a draft cannot be published as it is. Message is
// written for the user and says what to do about it.
type Problem struct {
	// Post is the index of the post at fault, or -1 for the whole draft.
	Post int `json:"post"`
	// Field is what is at fault (one of the Field constants), so the
	// composer can put the message next to it.
	Field   string `json:"field"`
	Message string `json:"message"`
}

// The fields a Problem can point at.
const (
	FieldPosts         = "posts"
	FieldText          = "text"
	FieldMedia         = "media"
	FieldAlt           = "alt"
	FieldPoll          = "poll"
	FieldReplyTo       = "reply_to"
	FieldQuote         = "quote"
	FieldReplySettings = "reply_settings"
)

// String formats the problem for a line of output, naming the part as the
// user counts them: "part 3: …".
func (p Problem) String() string {
	if p.Post < 0 {
		return p.Message
	}
	return "part " + strconv.Itoa(p.Post+1) + ": " + p.Message
}

// Validate checks the whole draft against X's rules without any I/O and
// returns every problem found, draft-wide ones first, then post by post;
// nil means the draft can be published. cfg sets the counting rules and the
// length limit (see LimitConfig); a zero Config means the standard 280.
// Lengths are measured on TextForPublish, so numbering counts.
func (d *Draft) Validate(cfg textcount.Config) []Problem {
	cfg = configOrDefault(cfg)
	var ps []Problem
	add := func(post int, field, format string, args ...any) {
		ps = append(ps, Problem{Post: post, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if len(d.Posts) == 0 {
		add(-1, FieldPosts, "the draft has no posts: add one")
	}
	if d.ReplyTo != "" && !isPostID(d.ReplyTo) {
		add(-1, FieldReplyTo, "%q is not a post id: give the number at the end of the link of the post to reply to", d.ReplyTo)
	}
	if d.Quote != "" && !isPostID(d.Quote) {
		add(-1, FieldQuote, "%q is not a post id: give the number at the end of the link of the post to quote", d.Quote)
	}
	if d.ReplyTo != "" && d.Quote != "" {
		add(-1, FieldQuote, "a post cannot both reply to one post and quote another: remove the reply or the quote")
	}
	if !validReplySetting(d.ReplySettings) {
		add(-1, FieldReplySettings, "%q is not a reply setting: choose everyone, following, mentionedUsers, subscribers or verified", d.ReplySettings)
	}
	for i := range d.Posts {
		d.validatePost(i, cfg, add)
	}
	return ps
}

// validatePost appends the problems of post i.
func (d *Draft) validatePost(i int, cfg textcount.Config, add func(int, string, string, ...any)) {
	p := &d.Posts[i]
	hasText := strings.TrimFunc(p.Text, unicode.IsSpace) != ""
	switch {
	case !hasText && p.Poll != nil:
		add(i, FieldText, "a poll needs a question: write the post's text")
	case !hasText && len(p.Media) == 0:
		add(i, FieldText, "this post is empty: write something, attach media, or delete the post")
	}
	textOK := true
	if !utf8.ValidString(p.Text) {
		textOK = false
		add(i, FieldText, "the text holds bytes that are not valid UTF-8 (line %d): retype that part", badUTF8Line(p.Text))
	} else if r, line, col, ok := invalidChar(p.Text); ok {
		textOK = false
		add(i, FieldText, "the text holds an invisible character X refuses (U+%04X, line %d, column %d): delete it", r, line, col)
	}
	if textOK && (hasText || d.NumberSuffix(i) != "") {
		text := d.TextForPublish(i)
		n := textcount.ParseWith(text, cfg).WeightedLength
		if limit := cfg.MaxWeightedTweetLength; n > limit {
			numbered := ""
			if d.NumberSuffix(i) != "" {
				numbered = " (with its number)"
			}
			add(i, FieldText, "the text%s is %d characters long, %d over the limit of %d: shorten it or split the post",
				numbered, n, n-limit, limit)
		}
	}
	d.validateMedia(i, add)
	if p.Poll != nil {
		d.validatePoll(i, add)
	}
}

// validateMedia appends the problems of post i's media.
func (d *Draft) validateMedia(i int, add func(int, string, string, ...any)) {
	p := &d.Posts[i]
	if len(p.Media) == 0 {
		return
	}
	if p.Poll != nil {
		add(i, FieldMedia, "a post cannot have both a poll and media: remove the poll or the media")
	}
	if msg := mediaMixProblem(p.Media); msg != "" {
		add(i, FieldMedia, "this post has %s: a post can have up to 4 images, or 1 GIF, or 1 video; remove some", msg)
	}
	seen := make(map[string]bool, len(p.Media))
	for _, m := range p.Media {
		name := mediaName(m)
		if m.Path == "" {
			add(i, FieldMedia, "an attachment has no file: remove it and attach the file again")
			continue
		}
		if seen[m.Path] {
			add(i, FieldMedia, "%s is attached twice: remove one", name)
		}
		seen[m.Path] = true
		if limit, ok := sizeCap(m.Kind); !ok {
			if m.Kind == "" {
				add(i, FieldMedia, "%s has not been checked: remove it and attach it again", name)
			} else {
				add(i, FieldMedia, "%s is of a kind X does not take (%q): attach a JPEG, PNG, WEBP or GIF image, or an MP4 or MOV video", name, m.Kind)
			}
		} else if m.Size > limit {
			add(i, FieldMedia, "%s is %s; %s can be at most %s: compress it or pick a smaller file",
				name, formatMB(m.Size), kindPlural(m.Kind), formatMB(limit))
		}
		if n := utf8.RuneCountInString(m.Alt); n > MaxAltText {
			add(i, FieldAlt, "the description of %s is %d characters, %d over the limit of %d: shorten it",
				name, n, n-MaxAltText, MaxAltText)
		}
	}
}

// validatePoll appends the problems of post i's poll.
func (d *Draft) validatePoll(i int, add func(int, string, string, ...any)) {
	poll := d.Posts[i].Poll
	if i == 0 && d.Quote != "" {
		add(i, FieldPoll, "a post with a poll cannot quote another post: remove the poll or the quote")
	}
	switch n := len(poll.Options); {
	case n < MinPollOptions:
		add(i, FieldPoll, "the poll has %d option%s, it needs at least %d: add %s", n, plural(n), MinPollOptions, count(MinPollOptions-n, "option"))
	case n > MaxPollOptions:
		add(i, FieldPoll, "the poll has %d options, at most %d are allowed: remove %d", n, MaxPollOptions, n-MaxPollOptions)
	}
	first := make(map[string]int, len(poll.Options))
	for j, opt := range poll.Options {
		opt = strings.TrimSpace(opt)
		switch n := utf8.RuneCountInString(opt); {
		case n == 0:
			add(i, FieldPoll, "option %d is empty: write it or remove it", j+1)
			continue
		case n > MaxPollOption:
			add(i, FieldPoll, "option %d is %d characters, %d over the limit of %d: shorten it", j+1, n, n-MaxPollOption, MaxPollOption)
		}
		if k, dup := first[opt]; dup {
			add(i, FieldPoll, "options %d and %d are the same: change or remove one", k+1, j+1)
		} else {
			first[opt] = j
		}
	}
	switch dur := poll.Duration; {
	case dur < MinPollDuration || dur > MaxPollDuration:
		add(i, FieldPoll, "the poll runs %s; polls run from 5 minutes to 7 days: pick a length in that range", FormatPollDuration(dur))
	case dur%time.Minute != 0:
		add(i, FieldPoll, "the poll runs %s; X counts poll length in whole minutes: round it to a minute", dur)
	}
}

// mediaMixProblem describes what is wrong with putting media together on
// one post ("5 images", "a GIF and 2 images"), or returns "" when X takes
// them. Media of unknown kind count only toward the total of 4.
func mediaMixProblem(media []Media) string {
	var images, gifs, videos int
	for _, m := range media {
		switch m.Kind {
		case KindGIF:
			gifs++
		case KindVideo:
			videos++
		default:
			images++
		}
	}
	kinds := 0
	for _, n := range []int{images, gifs, videos} {
		if n > 0 {
			kinds++
		}
	}
	switch {
	case kinds > 1:
		var parts []string
		if gifs > 0 {
			parts = append(parts, count(gifs, "GIF"))
		}
		if videos > 0 {
			parts = append(parts, count(videos, "video"))
		}
		if images > 0 {
			parts = append(parts, count(images, "image"))
		}
		return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	case images > MaxImages:
		return count(images, "image")
	case gifs > 1:
		return count(gifs, "GIF")
	case videos > 1:
		return count(videos, "video")
	}
	return ""
}

// sizeCap returns the size limit of a media kind, and false for a kind X
// does not take.
func sizeCap(k MediaKind) (int64, bool) {
	switch k {
	case KindImage:
		return MaxImageBytes, true
	case KindGIF:
		return MaxGIFBytes, true
	case KindVideo:
		return MaxVideoBytes, true
	}
	return 0, false
}

// kindPlural names a kind in a sentence about all files of that kind.
func kindPlural(k MediaKind) string {
	switch k {
	case KindGIF:
		return "GIFs"
	case KindVideo:
		return "videos"
	}
	return "images"
}

// mediaName is how messages refer to an attachment: its file name.
func mediaName(m Media) string {
	if m.Path == "" {
		return "an attachment"
	}
	return filepath.Base(m.Path)
}

// formatMB writes a size in megabytes of 1,048,576 bytes (see MaxImageBytes),
// rounded up to a tenth so that a file over a limit never reads as equal
// to it.
func formatMB(n int64) string {
	const mb = 1 << 20
	if n%mb == 0 {
		return strconv.FormatInt(n/mb, 10) + " MB"
	}
	tenths := (n*10 + mb - 1) / mb
	return strconv.FormatInt(tenths/10, 10) + "." + strconv.FormatInt(tenths%10, 10) + " MB"
}

// count writes "1 image", "2 images", or "a GIF" style phrases.
func count(n int, noun string) string {
	if n == 1 {
		if noun == "image" || noun == "option" {
			return "1 " + noun
		}
		return "a " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// isPostID reports whether s is an X post id: a non-empty string of ASCII
// digits, at most 19 long (a 64-bit integer).
func isPostID(s string) bool {
	if s == "" || len(s) > 19 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validReplySetting reports whether s is one of ReplySettings.
func validReplySetting(s string) bool {
	for _, v := range ReplySettings {
		if s == v {
			return true
		}
	}
	return false
}

// invalidChar finds the first character twitter-text calls invalid
// (U+FFFE, U+FEFF, U+FFFF) and where it is, 1-based, in runes.
func invalidChar(text string) (r rune, line, col int, ok bool) {
	line, col = 1, 0
	for _, c := range text {
		col++
		switch c {
		case '\uFFFE', '\uFEFF', '\uFFFF':
			return c, line, col, true
		case '\n':
			line, col = line+1, 0
		}
	}
	return 0, 0, 0, false
}

// badUTF8Line returns the 1-based line of the first invalid UTF-8 byte.
func badUTF8Line(text string) int {
	line := 1
	for i, c := range text {
		if c == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(text[i:]); size == 1 {
				return line
			}
		}
		if c == '\n' {
			line++
		}
	}
	return line
}
