// Package billing is what X charges for API requests on its pay-per-use
// plan (from February 2026): the kinds of billable request, their prices
// (X's published list by default, overridable), and amounts of money as
// xpost counts and writes them; and the Ledger, xpost's file of what it
// spent, with the spending caps. It knows nothing of the network: package
// xapi prices a planned publish with it and records what X accepted in a
// Ledger, and the command line reads price overrides and caps from the
// configuration with it.
package billing

import (
	"fmt"
	"strconv"
	"strings"
)

// Cost is an amount of money in thousandths of a dollar, the unit of X's
// smallest price (an owned read, $0.001), so that every price and sum is
// exact.
type Cost int64

// Dollar is one dollar as a Cost.
const Dollar Cost = 1000

// String writes the amount in dollars with two decimals, or three when the
// last one is needed: "$0.015", "$0.20", "$1.50", "$0.001".
func (c Cost) String() string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	s := fmt.Sprintf("%s$%d.%03d", sign, c/Dollar, c%Dollar)
	return strings.TrimSuffix(s, "0")
}

// ParseCost reads a dollar amount ("0.015", "$0.20", "2") with at most
// three decimals.
func ParseCost(s string) (Cost, error) {
	v := strings.TrimPrefix(strings.TrimSpace(s), "$")
	whole, frac, _ := strings.Cut(v, ".")
	bad := fmt.Errorf("%q is not a dollar amount like 0.015 (at most three decimals, at most $1,000,000)", s)
	if whole == "" && frac == "" || len(frac) > 3 || strings.ContainsAny(v, "+-") {
		return 0, bad
	}
	var w, f int64
	if whole != "" {
		n, err := strconv.ParseInt(whole, 10, 64)
		if err != nil || n > 1_000_000 {
			return 0, bad
		}
		w = n
	}
	if frac != "" {
		n, err := strconv.ParseInt((frac + "00")[:3], 10, 64)
		if err != nil {
			return 0, bad
		}
		f = n
	}
	return Cost(w)*Dollar + Cost(f), nil
}

// Kind is a line of X's pay-per-use price list that a request falls under.
type Kind string

// The kinds of billable request xpost makes (X's list of 2026-04-20).
const (
	// Post is creating a post (an edit creates one too).
	Post Kind = "post"
	// PostURL is creating a post whose text contains a URL.
	PostURL Kind = "post_url"
	// SummonedReply is a reply to another author's post that mentioned
	// the user (or quoted one of the user's posts).
	SummonedReply Kind = "summoned_reply"
	// OwnedRead is one of the user's own posts read, per post.
	OwnedRead Kind = "owned_read"
	// PostRead is one post read any other way, per post.
	PostRead Kind = "post_read"
	// UserRead is one user read (who the user is), per user.
	UserRead Kind = "user_read"
	// MediaMetadata is setting a media file's alt text.
	MediaMetadata Kind = "media_metadata"
	// Delete is deleting a post. X's list does not name it; xpost counts
	// it as "Content: Manage".
	Delete Kind = "delete"
)

// Kinds lists every Kind, in the order a table of them is shown.
var Kinds = []Kind{Post, PostURL, SummonedReply, MediaMetadata, Delete, OwnedRead, PostRead, UserRead}

// Read reports whether the kind is billed per resource read, which X
// bills once per UTC day however often it is read.
func (k Kind) Read() bool { return k == OwnedRead || k == PostRead || k == UserRead }

// Describe names the kind for people.
func (k Kind) Describe() string {
	switch k {
	case Post:
		return "post"
	case PostURL:
		return "post with a link"
	case SummonedReply:
		return "reply to a post that mentioned you"
	case OwnedRead:
		return "own post read"
	case PostRead:
		return "post read"
	case UserRead:
		return "account read"
	case MediaMetadata:
		return "alt text"
	case Delete:
		return "deletion"
	}
	return string(k)
}

// Prices are what each kind costs. A kind a table leaves out costs what
// DefaultPrices says.
type Prices map[Kind]Cost

// DefaultPrices is X's published pay-per-use list (2026-04-20): a post
// $0.015, a post containing a URL $0.20 (about 13 times more), a summoned
// reply $0.01, media metadata $0.005, own posts read $0.001 each, other
// posts $0.005, users $0.010; a deletion is taken as "Content: Manage",
// $0.005.
var DefaultPrices = Prices{
	Post:          15,
	PostURL:       200,
	SummonedReply: 10,
	OwnedRead:     1,
	PostRead:      5,
	UserRead:      10,
	MediaMetadata: 5,
	Delete:        5,
}

// Of is the price of one request (or resource) of kind k.
func (p Prices) Of(k Kind) Cost {
	if c, ok := p[k]; ok {
		return c
	}
	return DefaultPrices[k]
}

// ParseKind reads a kind by its name, as the configuration writes it.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return "", fmt.Errorf("%q is not a kind of request X bills: use one of %s", s, strings.Join(names, ", "))
}
