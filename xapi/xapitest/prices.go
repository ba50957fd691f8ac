package xapitest

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xpostdev/xpost/textcount"
)

// Dollar is a dollar in credits. The pay-per-use balance (Options.Credits,
// SetCredits, State.Credits) is counted in credits of $0.001, the smallest
// price on X's 2026 list (Owned Reads), so that every price is a whole
// number of credits.
const Dollar = 1000

// Charge kinds: the lines of X's pay-per-use price list (NOTES §4.4,
// prices from 2026-04-20) that the fake's endpoints fall under.
const (
	// ChargePost is creating a post (and an edit, which creates one).
	ChargePost = "post"
	// ChargePostURL is creating a post whose text contains a URL.
	ChargePostURL = "post_url"
	// ChargeSummonedReply is a reply to another author's post that
	// mentioned the user or quoted one of the user's posts.
	ChargeSummonedReply = "summoned_reply"
	// ChargeOwnedRead is one post of the user's own timeline (GET
	// /2/users/{id}/tweets with the user's own id), per resource.
	ChargeOwnedRead = "owned_read"
	// ChargePostRead is one post read any other way, per resource.
	ChargePostRead = "post_read"
	// ChargeUserRead is one user read (GET /2/users/me), per resource.
	ChargeUserRead = "user_read"
	// ChargeMediaMetadata is setting alt text.
	ChargeMediaMetadata = "media_metadata"
	// ChargeDelete is deleting a post.
	ChargeDelete = "delete"
)

// Prices are the credits each charge kind costs (per request, or per
// resource for reads): X's 2026 price list. Deleting a post is not on it
// by name; the fake bills it as "Content: Manage" ($0.005).
var Prices = map[string]int{
	ChargePost:          15,  // $0.015
	ChargePostURL:       200, // $0.20
	ChargeSummonedReply: 10,  // $0.01
	ChargeOwnedRead:     1,   // $0.001
	ChargePostRead:      5,   // $0.005
	ChargeUserRead:      10,  // $0.010
	ChargeMediaMetadata: 5,   // $0.005
	ChargeDelete:        5,   // $0.005
}

// FormatUSD writes credits as dollars, e.g. 15 as "$0.015" and 1200 as
// "$1.200".
func FormatUSD(credits int) string {
	sign := ""
	if credits < 0 {
		sign, credits = "-", -credits
	}
	return fmt.Sprintf("%s$%d.%03d", sign, credits/Dollar, credits%Dollar)
}

// ParseUSD reads a dollar amount ("0.50", "$2", "1.015") as credits. More
// than three decimals (a fraction of the smallest price) is an error.
func ParseUSD(s string) (int, error) {
	v := strings.TrimPrefix(strings.TrimSpace(s), "$")
	whole, frac, _ := strings.Cut(v, ".")
	if whole == "" && frac == "" || len(frac) > 3 || strings.ContainsAny(whole+frac, "+-") {
		return 0, fmt.Errorf("%q is not a dollar amount like 0.50 (at most three decimals)", s)
	}
	w := 0
	if whole != "" {
		n, err := strconv.Atoi(whole)
		if err != nil || n > 1_000_000 {
			return 0, fmt.Errorf("%q is not a dollar amount like 0.50 (at most $1,000,000)", s)
		}
		w = n
	}
	f := 0
	if frac != "" {
		n, err := strconv.Atoi((frac + "00")[:3])
		if err != nil {
			return 0, fmt.Errorf("%q is not a dollar amount like 0.50", s)
		}
		f = n
	}
	return w*Dollar + f, nil
}

// charge is what one request costs: its kind, and for reads the
// resources read (each billed once per UTC day).
type charge struct {
	kind      string
	resources []string // "tweet:<id>", "user:<id>"; nil for writes
}

// cost is the credits c costs now: the price once for a write, per
// resource not yet billed today for a read.
func (s *Server) costLocked(c charge, now time.Time) int {
	if c.resources == nil {
		return Prices[c.kind]
	}
	n := 0
	day := now.UTC().Format(time.DateOnly)
	for _, r := range c.resources {
		if !s.billedToday[day+" "+r] {
			n++
		}
	}
	return n * Prices[c.kind]
}

// affordLocked reports whether the balance pays for c, answering X's 402
// when it does not. An empty balance refuses every billable request, as
// at X, even one whose resources were already billed today.
func (s *Server) affordLocked(w http.ResponseWriter, c charge, now time.Time) bool {
	if s.credits < 0 {
		return true
	}
	if s.credits == 0 || s.costLocked(c, now) > s.credits {
		s.counters.CreditsRefused++
		s.writeCreditsDepleted(w)
		return false
	}
	return true
}

// chargeLocked takes c's cost from the balance and records it. Reads are
// billed per resource, each once per UTC day (X deduplicates them).
func (s *Server) chargeLocked(c charge, now time.Time) {
	if s.credits < 0 {
		return
	}
	cost := s.costLocked(c, now)
	day := now.UTC().Format(time.DateOnly)
	if s.billedToday == nil || s.billedDay != day {
		s.billedToday, s.billedDay = map[string]bool{}, day
	}
	n := 1
	if c.resources != nil {
		n = 0
		for _, r := range c.resources {
			if !s.billedToday[day+" "+r] {
				s.billedToday[day+" "+r] = true
				n++
			}
		}
	}
	s.credits -= cost
	t := s.charges[c.kind]
	t.requests++
	t.resources += n
	t.credits += cost
	s.charges[c.kind] = t
}

// billLocked checks that the balance pays for c and charges it; it
// answers 402 and reports false when it does not. Call it once the
// request is known to succeed and before acting.
func (s *Server) billLocked(w http.ResponseWriter, c charge, now time.Time) bool {
	if !s.affordLocked(w, c, now) {
		return false
	}
	s.chargeLocked(c, now)
	return true
}

// chargeTotal is what one kind of request has cost so far.
type chargeTotal struct {
	requests, resources, credits int
}

// stateChargesLocked lists the charges so far for State, by kind.
func (s *Server) stateChargesLocked() []StateCharge {
	var out []StateCharge
	for kind, t := range s.charges {
		out = append(out, StateCharge{Kind: kind, Price: FormatUSD(Prices[kind]), Requests: t.requests,
			Resources: t.resources, Credits: t.credits, USD: FormatUSD(t.credits)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out
}

// createCharge is the price line a new post falls under: a post whose
// text holds a URL costs the URL price whatever else it is; a reply to
// another author who summoned the user is a summoned reply; anything else
// is a post.
func createCharge(text string, summonedReply bool) charge {
	switch {
	case hasURL(text):
		return charge{kind: ChargePostURL}
	case summonedReply:
		return charge{kind: ChargeSummonedReply}
	default:
		return charge{kind: ChargePost}
	}
}

// urlProbe is the counting configuration with URLs weighing one more than
// X's: a text whose weight differs under it holds a URL, found exactly as
// X's counter finds URLs (with or without a scheme).
var urlProbe = func() textcount.Config {
	c := textcount.DefaultConfig
	c.TransformedURLLength++
	return c
}()

// hasURL reports whether text contains a URL as X recognises one.
func hasURL(text string) bool {
	if text == "" {
		return false
	}
	return textcount.ParseWith(text, urlProbe).WeightedLength != textcount.Parse(text).WeightedLength
}
