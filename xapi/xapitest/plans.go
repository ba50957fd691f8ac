package xapitest

import (
	"net/http"
	"strings"

	"github.com/xpostdev/xpost/xapi/rules"
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
	case len(rules.Cashtags(text)) > 1:
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
	for _, m := range rules.Mentions(target.text) {
		if strings.EqualFold(m, u.Username) {
			return true
		}
	}
	if q := s.postByID[target.quoteOf]; q != nil && q.authorID == u.ID {
		return true
	}
	return false
}
