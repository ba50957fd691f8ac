package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xpostdev/xpost/textcount"
)

// The API plans of 2026, as the configuration names them. X restricts
// what apps on a self-serve plan may post (NOTES §4.4): no quote posts
// since 2026-04-16, replies only to authors who mentioned the user since
// 2026-02-23, at most one cashtag.
const (
	// PlanPayPerUse is self-serve pay-per-use, X's default since
	// 2026-02-06: every request is billed.
	PlanPayPerUse = "pay-per-use"
	// PlanSelfServeLegacy is a Basic or Pro subscription kept from before
	// 2026: self-serve too, so the same rules apply, without a price per
	// request.
	PlanSelfServeLegacy = "self-serve-legacy"
	// PlanEnterprise is an enterprise contract: none of the self-serve
	// rules apply.
	PlanEnterprise = "enterprise"
)

// Plans lists the plans in the order they are offered.
var Plans = []string{PlanPayPerUse, PlanSelfServeLegacy, PlanEnterprise}

// ValidPlan reports whether s names a plan ("" is not one).
func ValidPlan(s string) bool {
	for _, p := range Plans {
		if s == p {
			return true
		}
	}
	return false
}

// SelfServe reports whether X applies its self-serve rules to plan; ""
// means the default, pay-per-use.
func SelfServe(plan string) bool { return plan != PlanEnterprise }

// RefusesQuotes reports whether X refuses quote posts made on plan, so
// that nothing is spent reading a post that could not be quoted anyway.
func RefusesQuotes(plan string) bool { return SelfServe(plan) }

// The problems of a thread under a plan's rules.
const (
	// QuoteRefused is a quote post on a self-serve plan: X refuses it.
	QuoteRefused Code = "quote_refused"
	// ManyCashtags is a post with more than one cashtag on a self-serve
	// plan.
	ManyCashtags Code = "many_cashtags"
	// ReplyNotSummoned is a reply, on a self-serve plan, to a post whose
	// author did not mention the user.
	ReplyNotSummoned Code = "reply_not_summoned"
)

// The words for what a self-serve plan forbids, the same whether xpost
// finds it before sending or X answers it with a 403.
const (
	MsgQuoteRefused     = "X refuses quote posts made through the API on self-serve plans (pay-per-use and self-serve-legacy, since April 2026): post the link to the quoted post in the text instead"
	MsgManyCashtags     = "X refuses a post with more than one cashtag made through the API on self-serve plans: keep one cashtag and write the others without $"
	MsgReplyNotSummoned = "X refuses a reply made through the API on self-serve plans unless the author of the post replied to mentioned you (or quoted your post): write a post of your own that mentions them instead"
)

// Parent is the post a thread's first post replies to, when it is at
// hand: who wrote it and what it says.
type Parent struct {
	AuthorID string
	Text     string
	// QuotesUser is true when the parent quotes one of the user's posts.
	QuotesUser bool
}

// Summons reports whether the parent's author summoned the user (id and
// handle): it is the user's own post, mentions the user, or quotes one of
// the user's posts. Such a reply is allowed on every plan and is billed
// as a summoned reply when another author wrote the parent.
func (p *Parent) Summons(userID, username string) bool {
	if p == nil {
		return false
	}
	if p.AuthorID == userID || p.QuotesUser {
		return true
	}
	for _, m := range Mentions(p.Text) {
		if username != "" && strings.EqualFold(m, username) {
			return true
		}
	}
	return false
}

// CheckPlan judges t by plan's rules: refused are what X refuses on the
// plan for certain (a quote post), flagged what it will likely refuse
// (more than one cashtag; a reply to parent, when it is at hand, whose
// author did not summon the user, named by id and handle). An enterprise
// plan has none of these rules.
func CheckPlan(t *Thread, plan string, parent *Parent, userID, username string) (refused, flagged []Problem) {
	if !SelfServe(plan) || len(t.Posts) == 0 {
		return nil, nil
	}
	if t.Quote != "" && RefusesQuotes(plan) {
		refused = append(refused, Problem{Post: 0, Field: FieldQuote, Code: QuoteRefused,
			Message: MsgQuoteRefused + " (https://x.com/i/status/" + t.Quote + ")"})
	}
	if t.ReplyTo != "" && parent != nil && !parent.Summons(userID, username) {
		flagged = append(flagged, Problem{Post: 0, Field: FieldReplyTo, Code: ReplyNotSummoned, Message: MsgReplyNotSummoned})
	}
	for i, p := range t.Posts {
		if n := len(Cashtags(p.Published())); n > 1 {
			flagged = append(flagged, Problem{Post: i, Field: FieldText, Code: ManyCashtags, Message: MsgManyCashtags, Got: int64(n), Limit: 1})
		}
	}
	return refused, flagged
}

// urlProbe is the counting configuration with URLs one heavier than X's:
// a text whose weight differs under it holds a URL, found exactly as X's
// counter finds URLs (with or without a scheme).
var urlProbe = func() textcount.Config {
	c := textcount.DefaultConfig
	c.TransformedURLLength++
	return c
}()

// HasURL reports whether text contains a URL as X recognises one, which
// makes a post cost the URL price on pay-per-use.
func HasURL(text string) bool {
	if text == "" {
		return false
	}
	return textcount.ParseWith(text, urlProbe).WeightedLength != textcount.Parse(text).WeightedLength
}

// wordRune is what may not stand right before a mention or a cashtag.
func wordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func nameByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func letterByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// Mentions lists the handles text @mentions, as twitter-text finds them:
// "@" (or "＠") not right after a letter, digit, "_" or another sigil,
// then 1 to 15 ASCII letters, digits or "_", not followed by another.
func Mentions(text string) []string {
	var out []string
	prev := ' '
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if (r == '@' || r == '＠') && !wordRune(prev) && !strings.ContainsRune("@＠!#$%&*", prev) {
			j := i + n
			for j < len(text) && j-i-n < 15 && nameByte(text[j]) {
				j++
			}
			if j > i+n && (j == len(text) || !nameByte(text[j])) {
				out = append(out, text[i+n:j])
			}
		}
		prev = r
		i += n
	}
	return out
}

// Hashtags lists the hashtags of text, without their "#", as
// twitter-text finds them: "#" (or "＃") not right after a letter, digit,
// "_" or "&", then letters, digits, marks or "_", at least one of them
// not a digit.
func Hashtags(text string) []string {
	var out []string
	prev := ' '
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if (r == '#' || r == '＃') && !wordRune(prev) && prev != '&' {
			j, letter := i+n, false
			for j < len(text) {
				c, m := utf8.DecodeRuneInString(text[j:])
				if !tagRune(c) {
					break
				}
				letter = letter || !unicode.IsDigit(c)
				j += m
			}
			if letter {
				out = append(out, text[i+n:j])
			}
		}
		prev = r
		i += n
	}
	return out
}

// tagRune is what a hashtag is made of.
func tagRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}

// Cashtags lists the cashtags of text, as twitter-text finds them: "$" at
// the start or after a space, 1 to 6 letters, optionally "." or "_" and 1
// or 2 more, then the end, a space or punctuation.
func Cashtags(text string) []string {
	var out []string
	for i := 0; i < len(text); i++ {
		if text[i] != '$' {
			continue
		}
		if i > 0 {
			if r, _ := utf8.DecodeLastRuneInString(text[:i]); !unicode.IsSpace(r) {
				continue
			}
		}
		j := i + 1
		for j < len(text) && j-i-1 < 6 && letterByte(text[j]) {
			j++
		}
		if j == i+1 {
			continue
		}
		if j+1 < len(text) && (text[j] == '.' || text[j] == '_') && letterByte(text[j+1]) {
			k := j + 1
			for k < len(text) && k-j-1 < 2 && letterByte(text[k]) {
				k++
			}
			j = k
		}
		if j < len(text) {
			r, _ := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsSpace(r) && !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
				continue
			}
		}
		out = append(out, text[i+1:j])
	}
	return out
}
