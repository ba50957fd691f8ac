package rules

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/textcount"
)

// Thread is what the validator judges: a thread of posts as they will be
// sent. One post is a thread of one.
type Thread struct {
	Posts []Post
	// ReplyTo and Quote apply to the first post; ReplySettings to all.
	ReplyTo       string
	Quote         string
	ReplySettings string
}

// Post is one post of a Thread.
type Post struct {
	// Text is the text as written.
	Text string
	// Suffix is what publishing appends to the text (its "1/3" number),
	// "" for none; the length is measured on the text with it.
	Suffix string
	Media  []Media
	Poll   *Poll
}

// Published is the text sent to X: the text, and when it has a suffix,
// the text without trailing whitespace followed by it.
func (p *Post) Published() string {
	if p.Suffix == "" {
		return p.Text
	}
	return strings.TrimRightFunc(p.Text, unicode.IsSpace) + p.Suffix
}

// Media is an attachment, with its kind and size as inspected from the
// file's bytes.
type Media struct {
	Path string
	Alt  string
	Kind Kind
	Size int64
}

// Poll is a post's poll.
type Poll struct {
	Options  []string
	Duration time.Duration
}

// Code says which rule a Problem breaks, for a caller that renders its own
// words or acts on it (the composer puts the cursor there, the command
// line adds where the limit comes from).
type Code string

// The problems the validator reports.
const (
	NoPosts          Code = "no_posts"
	BadReplyTo       Code = "bad_reply_to"
	BadQuote         Code = "bad_quote"
	ReplyAndQuote    Code = "reply_and_quote"
	BadReplySettings Code = "bad_reply_settings"
	EmptyPost        Code = "empty_post"
	PollWithoutText  Code = "poll_without_text"
	BadUTF8          Code = "bad_utf8"
	InvalidChar      Code = "invalid_char"
	TooLong          Code = "too_long"
	PollAndMedia     Code = "poll_and_media"
	QuoteAndMedia    Code = "quote_and_media"
	QuoteAndPoll     Code = "quote_and_poll"
	MediaMix         Code = "media_mix"
	NoFile           Code = "no_file"
	AttachedTwice    Code = "attached_twice"
	Unchecked        Code = "unchecked_media"
	UnsupportedKind  Code = "unsupported_kind"
	TooLarge         Code = "too_large"
	AltTooLong       Code = "alt_too_long"
	FewOptions       Code = "few_options"
	ManyOptions      Code = "many_options"
	EmptyOption      Code = "empty_option"
	LongOption       Code = "long_option"
	SameOptions      Code = "same_options"
	PollLength       Code = "poll_length"
	PollMinutes      Code = "poll_minutes"
	// MediaFile is a file that cannot be attached at all (missing,
	// unreadable, not a media file); whoever inspects files reports it.
	MediaFile Code = "media_file"
)

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

// Problem is one reason a thread cannot be published as it is.
type Problem struct {
	// Post is the index of the post at fault, or -1 for the whole thread.
	Post int `json:"post"`
	// Field is what is at fault (one of the Field constants).
	Field string `json:"field"`
	Code  Code   `json:"code"`
	// Message is the rule's own sentence: what is wrong and what to do.
	Message string `json:"message"`
	// Got and Limit are the measure that breaks the rule and the limit
	// (characters, bytes, options), when there is one.
	Got   int64 `json:"got,omitempty"`
	Limit int64 `json:"limit,omitempty"`
}

// String formats the problem for a line of output, naming the part as the
// user counts them: "part 3: …".
func (p Problem) String() string {
	if p.Post < 0 {
		return p.Message
	}
	return "post " + strconv.Itoa(p.Post+1) + ": " + p.Message
}

// LimitConfig returns the standard counting rules with a different length
// limit: 280 for everyone, 25,000 for Premium long posts. A limit of 0 or
// less keeps the standard 280.
func LimitConfig(limit int) textcount.Config {
	if limit <= 0 {
		return textcount.DefaultConfig
	}
	return textcount.DefaultConfig.WithMax(limit)
}

// configOrDefault lets callers pass a zero Config to mean the standard
// rules, or a Config with only the limit set to mean the standard rules
// with that limit.
func configOrDefault(cfg textcount.Config) textcount.Config {
	if cfg.Scale <= 0 || cfg.DefaultWeight <= 0 {
		return LimitConfig(cfg.MaxWeightedTweetLength)
	}
	return cfg
}

// Validate checks a thread against X's rules without any I/O and returns
// every problem found, thread-wide ones first, then post by post; nil
// means it can be published. cfg sets the counting rules and the length
// limit (see LimitConfig); a zero Config means the standard 280.
func Validate(t *Thread, cfg textcount.Config) []Problem {
	v := validator{cfg: configOrDefault(cfg)}
	if len(t.Posts) == 0 {
		v.add(-1, FieldPosts, NoPosts, "the draft has no posts: add one")
	}
	if t.ReplyTo != "" && !IsPostID(t.ReplyTo) {
		v.add(-1, FieldReplyTo, BadReplyTo, "%q is not a post id: give the number at the end of the link of the post to reply to", t.ReplyTo)
	}
	if t.Quote != "" && !IsPostID(t.Quote) {
		v.add(-1, FieldQuote, BadQuote, "%q is not a post id: give the number at the end of the link of the post to quote", t.Quote)
	}
	if t.ReplyTo != "" && t.Quote != "" {
		v.add(-1, FieldQuote, ReplyAndQuote, "a post cannot both reply to one post and quote another: remove the reply or the quote")
	}
	if !ValidReplySetting(t.ReplySettings) {
		v.add(-1, FieldReplySettings, BadReplySettings, "%q is not a reply setting: choose everyone, following, mentionedUsers, subscribers or verified", t.ReplySettings)
	}
	for i := range t.Posts {
		v.post(t, i)
	}
	return v.ps
}

type validator struct {
	cfg textcount.Config
	ps  []Problem
}

func (v *validator) add(post int, field string, code Code, format string, args ...any) *Problem {
	v.ps = append(v.ps, Problem{Post: post, Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
	return &v.ps[len(v.ps)-1]
}

// post appends the problems of post i.
func (v *validator) post(t *Thread, i int) {
	p := &t.Posts[i]
	hasText := strings.TrimFunc(p.Text, unicode.IsSpace) != ""
	switch {
	case !hasText && p.Poll != nil:
		v.add(i, FieldText, PollWithoutText, "a poll needs a question: write the post's text")
	case !hasText && len(p.Media) == 0:
		v.add(i, FieldText, EmptyPost, "this post is empty: write something, attach media, or delete the post")
	}
	textOK := true
	if !utf8.ValidString(p.Text) {
		textOK = false
		v.add(i, FieldText, BadUTF8, "the text holds bytes that are not valid UTF-8 (line %d): retype that line", badUTF8Line(p.Text))
	} else if r, line, col, ok := invalidChar(p.Text); ok {
		textOK = false
		v.add(i, FieldText, InvalidChar, "the text holds an invisible character X refuses (U+%04X, line %d, column %d): delete it", r, line, col)
	}
	if textOK && (hasText || p.Suffix != "") {
		n := textcount.ParseWith(p.Published(), v.cfg).WeightedLength
		if limit := v.cfg.MaxWeightedTweetLength; n > limit {
			numbered := ""
			if p.Suffix != "" {
				numbered = " (with its number)"
			}
			pr := v.add(i, FieldText, TooLong, "the text%s is %d characters long, %d over the limit of %d: shorten it or split the post",
				numbered, n, n-limit, limit)
			pr.Got, pr.Limit = int64(n), int64(limit)
		}
	}
	if i == 0 && t.Quote != "" && len(p.Media) > 0 {
		v.add(i, FieldMedia, QuoteAndMedia, "a post cannot both quote a post and carry media: move the media to the next post, or remove the quote")
	}
	v.media(i, p)
	if p.Poll != nil {
		if i == 0 && t.Quote != "" {
			v.add(i, FieldPoll, QuoteAndPoll, "a post with a poll cannot quote another post: remove the poll or the quote")
		}
		v.poll(i, p.Poll)
	}
}

// media appends the problems of post i's media.
func (v *validator) media(i int, p *Post) {
	if len(p.Media) == 0 {
		return
	}
	if p.Poll != nil {
		v.add(i, FieldMedia, PollAndMedia, "a post cannot have both a poll and media: remove the poll or the media")
	}
	if msg := MediaMixProblem(kindsOf(p.Media)); msg != "" {
		v.add(i, FieldMedia, MediaMix, "this post has %s: a post can have up to %d images, or 1 GIF, or 1 video; remove some", msg, MaxImages)
	}
	seen := make(map[string]bool, len(p.Media))
	for _, m := range p.Media {
		name := mediaName(m)
		if m.Path == "" {
			v.add(i, FieldMedia, NoFile, "an attachment has no file: remove it and attach the file again")
			continue
		}
		if seen[m.Path] {
			v.add(i, FieldMedia, AttachedTwice, "%s is attached twice: remove one", name)
		}
		seen[m.Path] = true
		if limit, ok := m.Kind.MaxBytes(); !ok {
			if m.Kind == "" {
				v.add(i, FieldMedia, Unchecked, "%s has not been checked: remove it and attach it again", name)
			} else {
				v.add(i, FieldMedia, UnsupportedKind, "%s is of a kind X does not take (%q): attach a JPEG, PNG, WEBP or GIF image, or an MP4 or MOV video", name, m.Kind)
			}
		} else if m.Size > limit {
			pr := SizeProblem(name, m.Kind, m.Size)
			pr.Post = i
			v.ps = append(v.ps, *pr)
		}
		if n := utf8.RuneCountInString(m.Alt); n > MaxAltText {
			pr := v.add(i, FieldAlt, AltTooLong, "the description of %s is %d characters, %d over the limit of %d: shorten it",
				name, n, n-MaxAltText, MaxAltText)
			pr.Got, pr.Limit = int64(n), MaxAltText
		}
	}
}

// SizeProblem returns the problem of a file of this kind and size, named
// name in the message, or nil when X takes its size. Post is -1: the
// caller places it.
func SizeProblem(name string, k Kind, size int64) *Problem {
	limit, ok := k.MaxBytes()
	if !ok || size <= limit {
		return nil
	}
	return &Problem{Post: -1, Field: FieldMedia, Code: TooLarge, Got: size, Limit: limit,
		Message: fmt.Sprintf("%s is %s; %s can be at most %s: compress it or pick a smaller file",
			name, human.Size(size), k.plural(), human.Size(limit))}
}

// poll appends the problems of post i's poll.
func (v *validator) poll(i int, poll *Poll) {
	switch n := len(poll.Options); {
	case n < MinPollOptions:
		pr := v.add(i, FieldPoll, FewOptions, "the poll has %s, it needs at least %d: add %s", human.Count(n, "option", "options"), MinPollOptions, count(MinPollOptions-n, "option"))
		pr.Got, pr.Limit = int64(n), MinPollOptions
	case n > MaxPollOptions:
		pr := v.add(i, FieldPoll, ManyOptions, "the poll has %d options, at most %d are allowed: remove %d", n, MaxPollOptions, n-MaxPollOptions)
		pr.Got, pr.Limit = int64(n), MaxPollOptions
	}
	first := make(map[string]int, len(poll.Options))
	for j, opt := range poll.Options {
		opt = strings.TrimSpace(opt)
		switch n := utf8.RuneCountInString(opt); {
		case n == 0:
			v.add(i, FieldPoll, EmptyOption, "option %d is empty: write it or remove it", j+1)
			continue
		case n > MaxPollOption:
			pr := v.add(i, FieldPoll, LongOption, "option %d is %d characters, %d over the limit of %d: shorten it", j+1, n, n-MaxPollOption, MaxPollOption)
			pr.Got, pr.Limit = int64(n), MaxPollOption
		}
		if k, dup := first[opt]; dup {
			v.add(i, FieldPoll, SameOptions, "options %d and %d are the same: change or remove one", k+1, j+1)
		} else {
			first[opt] = j
		}
	}
	switch dur := poll.Duration; {
	case dur < MinPollDuration || dur > MaxPollDuration:
		v.add(i, FieldPoll, PollLength, "the poll runs %s; polls run from 5 minutes to 7 days: pick a length in that range", FormatPollDuration(dur))
	case dur%time.Minute != 0:
		v.add(i, FieldPoll, PollMinutes, "the poll runs %s; X counts poll length in whole minutes: round it to a minute", dur)
	}
}

// MediaMixProblem describes what is wrong with putting media of these
// kinds together on one post ("5 images", "a GIF and 2 images"), or
// returns "" when X takes them. Media of unknown kind count only toward
// the total of 4.
func MediaMixProblem(kinds []Kind) string {
	var images, gifs, videos int
	for _, k := range kinds {
		switch k {
		case KindGIF:
			gifs++
		case KindVideo:
			videos++
		default:
			images++
		}
	}
	mixed := 0
	for _, n := range []int{images, gifs, videos} {
		if n > 0 {
			mixed++
		}
	}
	switch {
	case mixed > 1:
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

func kindsOf(media []Media) []Kind {
	ks := make([]Kind, len(media))
	for i, m := range media {
		ks[i] = m.Kind
	}
	return ks
}

// mediaName is how messages refer to an attachment: its file name.
func mediaName(m Media) string {
	if m.Path == "" {
		return "an attachment"
	}
	return filepath.Base(m.Path)
}

// count writes "1 image", "2 images", or "a GIF" style phrases.
func count(n int, noun string) string {
	if n == 1 {
		if noun == "image" || noun == "option" {
			return "1 " + noun
		}
		return "a " + noun
	}
	return human.Count(n, noun, noun+"s")
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
