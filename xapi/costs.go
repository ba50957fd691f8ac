package xapi

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xpostdev/xpost/xapi/billing"
	"github.com/xpostdev/xpost/xapi/rules"
)

// Pricing is what the check before sending knows of the developer
// account and of the post replied to.
type Pricing struct {
	// Plan is the account's API plan (rules.PlanPayPerUse, ...); ""
	// means pay-per-use.
	Plan string
	// Prices override X's list (billing.DefaultPrices) kind by kind.
	Prices billing.Prices
	// User is the logged-in account, to tell the user's own posts and
	// mentions of the user; nil when not known.
	User *User
	// Parent is the post the first part replies to, when it is at hand.
	Parent *rules.Parent
}

// Check is what a plan will cost and what the account's plan forbids in
// it, found before anything is sent.
type Check struct {
	// Plan is the plan the check applied ("pay-per-use" when none was
	// set); Billed is whether it is billed per request.
	Plan   string
	Billed bool
	// Posts are the cost of each post of the plan, in order (zero for a
	// post already on X).
	Posts []PostCost
	// AltTexts are how many uploads set alt text, each billed as media
	// metadata, and AltCost what they cost in all.
	AltTexts int
	AltCost  billing.Cost
	// Total is what publishing costs in all.
	Total billing.Cost
	// Refused are what X refuses on the plan: nothing is sent while there
	// are any. Flagged are what X will likely refuse.
	Refused, Flagged []rules.Problem
}

// PostCost is the cost of one post of a plan.
type PostCost struct {
	Kind billing.Kind
	Cost billing.Cost
	// Posted is true for a post already on X, which costs nothing more.
	Posted bool
}

// Check prices the plan and judges it by the account's plan's rules.
func (p *Plan) Check(pr Pricing) *Check {
	plan := pr.Plan
	if plan == "" {
		plan = rules.PlanPayPerUse
	}
	ch := &Check{Plan: plan, Billed: plan == rules.PlanPayPerUse, Posts: make([]PostCost, len(p.Posts))}
	prices := pr.Prices
	if prices == nil {
		prices = billing.DefaultPrices
	}
	var userID, username string
	if pr.User != nil {
		userID, username = pr.User.ID, pr.User.Username
	}
	rt := &rules.Thread{ReplyTo: p.thread.ReplyTo, Quote: p.thread.QuoteID}
	if p.thread.EditOf != "" {
		rt.ReplyTo, rt.Quote = "", "" // an edit keeps what the post was
	}
	for i, pp := range p.Posts {
		rt.Posts = append(rt.Posts, rules.Post{Text: p.thread.Posts[i].Text})
		if pp.PostedID != "" {
			ch.Posts[i] = PostCost{Posted: true}
			continue
		}
		kind := billing.Post
		switch {
		case rules.HasURL(p.thread.Posts[i].Text):
			kind = billing.PostURL
		case i == 0 && rt.ReplyTo != "" && pr.Parent != nil && pr.Parent.AuthorID != userID && pr.Parent.Summons(userID, username):
			kind = billing.SummonedReply
		}
		ch.Posts[i] = PostCost{Kind: kind}
		if ch.Billed {
			ch.Posts[i].Cost = prices.Of(kind)
			ch.Total += ch.Posts[i].Cost
		}
	}
	for _, up := range p.Uploads {
		if up.MediaID == "" && up.Alt != "" {
			ch.AltTexts++
		}
	}
	if ch.Billed {
		ch.AltCost = billing.Cost(ch.AltTexts) * prices.Of(billing.MediaMetadata)
		ch.Total += ch.AltCost
	}
	ch.Refused, ch.Flagged = rules.CheckPlan(rt, plan, pr.Parent, userID, username)
	return ch
}

// Err is the refusal of a check that found something X refuses, or nil.
func (ch *Check) Err() error {
	if len(ch.Refused) == 0 {
		return nil
	}
	return &PlanRefusedError{Plan: ch.Plan, Problems: ch.Refused}
}

// Lines describe the cost and the plan's problems for people, one line
// each: the price of every post (saying which carry a link that makes
// them dear), the alt texts, the total, then what X refuses or will
// likely refuse. The dry run prints them; the composer's confirmation
// shows them.
func (ch *Check) Lines() []string {
	lines := ch.CostLines()
	for _, p := range ch.Refused {
		lines = append(lines, "refused: "+p.String())
	}
	for _, p := range ch.Flagged {
		lines = append(lines, "likely refused: "+p.String())
	}
	return lines
}

// CostLines are the lines of [Check.Lines] about money: a line per post,
// the alt texts and the total, or that the plan is not billed per
// request.
func (ch *Check) CostLines() []string {
	var lines []string
	if ch.Billed {
		links := 0
		for i, pc := range ch.Posts {
			switch {
			case pc.Posted:
				lines = append(lines, fmt.Sprintf("post %d: already posted, nothing more to pay", i+1))
			case pc.Kind == billing.PostURL:
				links++
				lines = append(lines, fmt.Sprintf("post %d: %s (%s: a link makes a post cost about 13 times more)", i+1, pc.Cost, pc.Kind.Describe()))
			default:
				lines = append(lines, fmt.Sprintf("post %d: %s (%s)", i+1, pc.Cost, pc.Kind.Describe()))
			}
		}
		if ch.AltTexts > 0 {
			lines = append(lines, fmt.Sprintf("alt text: %s (%d × media metadata)", ch.AltCost, ch.AltTexts))
		}
		total := fmt.Sprintf("total: %s on %s", ch.Total, ch.Plan)
		if links > 1 {
			total += fmt.Sprintf("; %d posts carry links: gather them in one reply at the end, or drop some, to pay less", links)
		}
		lines = append(lines, total)
	} else {
		lines = append(lines, "cost: "+ch.Plan+" is not billed per request")
	}
	return lines
}

// PlanRefusedError is a publish stopped before anything was sent because
// the account's plan forbids part of it (a quote post on a self-serve
// plan).
type PlanRefusedError struct {
	Plan     string
	Problems []rules.Problem
}

// Error names the plan and the first problem.
func (e *PlanRefusedError) Error() string {
	s := "not sent, the " + e.Plan + " plan forbids it: " + e.Problems[0].String()
	if n := len(e.Problems) - 1; n > 0 {
		s += " (and " + strconv.Itoa(n) + " more)"
	}
	return s
}

// Message is the sentence for the user.
func (e *PlanRefusedError) Message() string {
	ps := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		ps[i] = p.String()
	}
	return "nothing was sent: " + strings.Join(ps, "; ") + " (the plan is " + e.Plan + ", set by \"plan\" in config.json)"
}
