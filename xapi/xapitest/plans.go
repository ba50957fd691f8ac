package xapitest

import (
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The API plans of 2026 (Options.Plan, xfake --plan).
const (
	// PlanPayPerUse is self-serve pay-per-use, X's default since
	// 2026-02-06: quote posts refused, replies only when summoned, at
	// most one cashtag.
	PlanPayPerUse = "pay-per-use"
	// PlanSelfServeLegacy is a Basic or Pro subscription kept from
	// before 2026. It is a self-serve tier too, so the same rules apply.
	PlanSelfServeLegacy = "self-serve-legacy"
	// PlanEnterprise is an enterprise contract: none of the self-serve
	// rules apply.
	PlanEnterprise = "enterprise"
)

// Plans lists the plan names Options.Plan accepts.
var Plans = []string{PlanPayPerUse, PlanSelfServeLegacy, PlanEnterprise}

// Details of X's 403 answers to posts a self-serve plan may not create.
// Only the reply one is recorded from a real answer (NOTES §4.1, May
// 2026); the other two are assembled in the same about:blank envelope
// from the wording of X's changelog (2026-04-16) and of its manage-posts
// page.
const (
	msgReplyNotSummoned = "Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to."
	msgQuoteNotAllowed  = "Quote-posts via the API are not available on self-serve plans."
	msgTooManyCashtags  = "Posts created via the API are limited to a maximum of 1 cashtag per post."
)

// selfServe reports whether the plan is a self-serve one, whose posts X
// restricts since 2026 (NOTES §4.4: quotes since 2026-04-16, summoned
// replies since 2026-02-23, one cashtag).
func selfServe(plan string) bool {
	return plan == PlanPayPerUse || plan == PlanSelfServeLegacy
}

// planRefusalLocked checks a create request against the plan's rules and
// answers X's 403 when it breaks one. target is the post replied to (nil
// for none); quoting is whether the request quotes a post. It reports
// whether it answered.
func (s *Server) planRefusalLocked(w http.ResponseWriter, u *User, text string, target *post, quoting bool) bool {
	if !selfServe(s.opts.Plan) {
		return false
	}
	detail := ""
	switch {
	case quoting:
		detail = msgQuoteNotAllowed
	case target != nil && target.authorID != u.ID && !s.summonedLocked(target, u):
		detail = msgReplyNotSummoned
	case len(cashtags(text)) > 1:
		detail = msgTooManyCashtags
	default:
		return false
	}
	s.counters.PlanRefused++
	genericProblem(w, http.StatusForbidden, detail)
	return true
}

// summonedLocked reports whether target's author summoned u: target
// mentions u, or quotes one of u's posts (X's manage-posts page).
func (s *Server) summonedLocked(target *post, u *User) bool {
	for _, m := range mentions(target.text) {
		if strings.EqualFold(m, u.Username) {
			return true
		}
	}
	if q := s.postByID[target.quoteOf]; q != nil && q.authorID == u.ID {
		return true
	}
	return false
}

// isWordRune is what may not stand right before a mention or a cashtag.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// mentions lists the usernames text @mentions, as twitter-text finds them:
// "@" or "＠" not preceded by a letter, digit, "_" or another sigil, then
// 1 to 15 letters, digits or "_". Only ASCII names exist at X.
func mentions(text string) []string {
	var out []string
	prev := ' '
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if (r == '@' || r == '＠') && !isWordRune(prev) && !strings.ContainsRune("@＠!#$%&*", prev) {
			j := i + n
			for j < len(text) && j-i-n < 15 && isNameByte(text[j]) {
				j++
			}
			if j > i+n && (j == len(text) || !isNameByte(text[j])) {
				out = append(out, text[i+n:j])
			}
		}
		prev = r
		i += n
	}
	return out
}

func isNameByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// cashtags lists the cashtags of text as twitter-text finds them: "$" at
// the start or after a space, 1 to 6 letters, optionally "." or "_" and 1
// or 2 more letters, then the end, a space or punctuation.
func cashtags(text string) []string {
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
		for j < len(text) && j-i-1 < 6 && isLetterByte(text[j]) {
			j++
		}
		if j == i+1 {
			continue
		}
		if j+1 < len(text) && (text[j] == '.' || text[j] == '_') && isLetterByte(text[j+1]) {
			k := j + 1
			for k < len(text) && k-j-1 < 2 && isLetterByte(text[k]) {
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

func isLetterByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
