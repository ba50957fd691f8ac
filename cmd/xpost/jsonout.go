package main

import (
	"github.com/xpostdev/xpost/outbox"
	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/rules"
)

// The JSON results of the commands (--json), one object per line unless
// said otherwise. Field names are a contract with scripts (docs/json.md):
// add fields, never rename or remove one.

// postJSON is `xpost post --json`: the new post.
type postJSON struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

// threadJSON is `xpost thread --json`: every part known to be live, in
// order. Complete is false when the publish stopped part way (the exit
// status is then 6 and the posts are those to resume after).
type threadJSON struct {
	Complete bool           `json:"complete"`
	Posts    []threadPartJS `json:"posts"`
	Journal  string         `json:"journal"`
}

// threadPartJS is one part of threadJSON.
type threadPartJS struct {
	Part int    `json:"part"` // 1-based
	ID   string `json:"id"`
	URL  string `json:"url"`
	// Resumed is true for a part an earlier run posted, skipped by this
	// one.
	Resumed bool `json:"resumed,omitempty"`
}

// dryRunJSON is `xpost post|thread --dry-run --json`: the plan, with the
// placeholders of xapi.MediaPlaceholder and PostPlaceholder for the ids
// only X can give.
type dryRunJSON struct {
	DryRun  bool           `json:"dry_run"`
	Uploads []dryRunUpload `json:"uploads"`
	Posts   []dryRunPost   `json:"posts"`
	// Plan is the account's API plan; Billed whether it is billed per
	// request, and then TotalUSD is what publishing costs ("$0.235") and
	// AltTextUSD the part of it for alt text.
	Plan       string `json:"plan"`
	Billed     bool   `json:"billed"`
	TotalUSD   string `json:"total_usd,omitempty"`
	AltTextUSD string `json:"alt_text_usd,omitempty"`
	// Refused are what the plan forbids (nothing would be sent), Flagged
	// what X will likely refuse.
	Refused []rules.Problem `json:"refused,omitempty"`
	Flagged []rules.Problem `json:"flagged,omitempty"`
	// ReplyTo is the post the thread replies to, as X gave it (read for
	// the dry run), when it could be read.
	ReplyTo *recentRefJSON `json:"reply_to,omitempty"`
	// Quote is the post the thread quotes, as X gave it, when it could
	// be read; it is not read on plans where X refuses quotes.
	Quote *recentRefJSON `json:"quote,omitempty"`
}

// dryRunUpload is one upload of dryRunJSON.
type dryRunUpload struct {
	Path  string `json:"path"`
	Type  string `json:"type"`
	Size  int64  `json:"size"`
	Alt   string `json:"alt,omitempty"`
	Parts []int  `json:"parts"` // 1-based
	// MediaID is set when an earlier run uploaded it (--resume).
	MediaID string `json:"media_id,omitempty"`
}

// dryRunPost is one post request of dryRunJSON.
type dryRunPost struct {
	Part int `json:"part"` // 1-based
	// PostedID is set when an earlier run posted it (--resume): nothing
	// is sent and Request is absent.
	PostedID string                  `json:"posted_id,omitempty"`
	Request  *xapi.CreatePostRequest `json:"request,omitempty"`
	// Kind is the line of X's price list the post falls under ("post",
	// "post_url", "summoned_reply") and CostUSD its price, when billed.
	Kind    string `json:"kind,omitempty"`
	CostUSD string `json:"cost_usd,omitempty"`
}

// deleteJSON is `xpost delete --json`: the posts deleted, in the order
// given, and the one that failed, if any (the exit status says why).
type deleteJSON struct {
	Deleted []string `json:"deleted"`
	Failed  string   `json:"failed,omitempty"`
}

// loginJSON is `xpost login --json`: the account now logged in.
type loginJSON struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	APIBase  string `json:"api_base"`
	// Account is the name the login is saved under (--account).
	Account string `json:"account"`
}

// logoutJSON is `xpost logout --json`. LoggedOut is false when there was
// no login to revoke (still a success).
type logoutJSON struct {
	LoggedOut bool   `json:"logged_out"`
	APIBase   string `json:"api_base"`
}

// postURL is the link of a post by id. X redirects the /i/ form to the
// author's, so it needs no request for the username.
func postURL(id string) string { return outbox.PostLink(id) }

// planJSON is the dry run's plan, and its check, as JSON.
func planJSON(p *xapi.Plan, ch *xapi.Check) dryRunJSON {
	out := dryRunJSON{DryRun: true, Uploads: []dryRunUpload{}, Posts: []dryRunPost{},
		Plan: ch.Plan, Billed: ch.Billed, Refused: ch.Refused, Flagged: ch.Flagged}
	if ch.Billed {
		out.TotalUSD = ch.Total.String()
		if ch.AltTexts > 0 {
			out.AltTextUSD = ch.AltCost.String()
		}
	}
	for _, up := range p.Uploads {
		u := dryRunUpload{Path: up.File.Path, Type: up.File.Type, Size: up.File.Size, Alt: up.Alt, MediaID: up.MediaID}
		for _, i := range up.Posts {
			u.Parts = append(u.Parts, i+1)
		}
		out.Uploads = append(out.Uploads, u)
	}
	for i, pp := range p.Posts {
		dp := dryRunPost{Part: i + 1, PostedID: pp.PostedID}
		if pp.PostedID == "" {
			dp.Request = pp.Request
			dp.Kind = string(ch.Posts[i].Kind)
			if ch.Billed {
				dp.CostUSD = ch.Posts[i].Cost.String()
			}
		}
		out.Posts = append(out.Posts, dp)
	}
	return out
}
