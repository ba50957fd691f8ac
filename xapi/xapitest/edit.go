package xapitest

import (
	"net/http"
	"time"
)

// editChain is what every version of a post shares: the ids of its
// versions, oldest first (edit_history_tweet_ids), and its edit_controls.
// An edit gets a new id and joins its original's chain; the window runs
// from the original, and the edits left count down on every version.
type editChain struct {
	ids       []string
	until     time.Time // editable_until: the original's creation plus the window
	remaining int       // edits_remaining
	// eligible is is_edit_eligible, fixed when the original was created:
	// a Premium author, and not a poll or a reply to another author
	// (X's edit-posts page).
	eligible bool
}

// latest reports whether p is the newest version of its post, the one
// timelines show and the only one that may be edited.
func (p *post) latest() bool {
	return p.chain == nil || p.chain.ids[len(p.chain.ids)-1] == p.id
}

// newChainLocked starts the edit chain of a new post p by u.
func (s *Server) newChainLocked(p *post, u *User) *editChain {
	eligible := isPremium(u) && p.poll == nil && (p.inReplyTo == "" || p.inReplyToUserID == p.authorID)
	return &editChain{ids: []string{p.id}, until: p.createdAt.Add(s.opts.EditWindow),
		remaining: s.opts.MaxEdits, eligible: eligible}
}

func isPremium(u *User) bool {
	return u != nil && (u.SubscriptionType == "Premium" || u.SubscriptionType == "PremiumPlus")
}

// Details of the 403s refusing an edit. X's docs state the rules (Premium,
// own post, the window, five edits, no polls) but no answer refusing an
// edit is recorded, so these are assembled in X's about:blank envelope,
// worded like its recorded refusals.
const (
	msgEditMissing    = "You attempted to edit a Tweet that is deleted or not visible to you."
	msgEditNotOwner   = "You are not allowed to edit a Tweet that does not belong to you."
	msgEditNotPremium = "Editing a Tweet requires an X Premium subscription."
	msgEditIneligible = "This Tweet is not eligible for editing."
	msgEditNotLatest  = "Only the latest version of a Tweet can be edited."
	msgEditWindow     = "This Tweet can no longer be edited: its edit window has closed."
	msgEditNoneLeft   = "This Tweet has already been edited the maximum number of times."
)

// editableLocked checks an edit request by u against the post it edits,
// and returns that post; it answers X's refusal and returns nil when the
// edit is not allowed.
func (s *Server) editableLocked(w http.ResponseWriter, u *User, req *createRequest, now time.Time) *post {
	id := req.EditOptions.PreviousPostID
	prev := s.postByID[id]
	detail := ""
	switch {
	case prev == nil || prev.deleted:
		detail = msgEditMissing
	case prev.authorID != u.ID:
		detail = msgEditNotOwner
	case !isPremium(u):
		detail = msgEditNotPremium
	case !prev.chain.eligible:
		detail = msgEditIneligible
	case !prev.latest():
		detail = msgEditNotLatest
	case !now.Before(prev.chain.until):
		detail = msgEditWindow
	case prev.chain.remaining <= 0:
		detail = msgEditNoneLeft
	}
	if detail != "" {
		s.counters.EditsRefused++
		genericProblem(w, http.StatusForbidden, detail)
		return nil
	}
	if req.Reply != nil && req.Reply.InReplyToTweetID != prev.inReplyTo || req.QuoteTweetID != "" && req.QuoteTweetID != prev.quoteOf {
		invalidRequest(w, "An edit keeps the post it replies to and the post it quotes; they cannot be changed.",
			map[string][]string{"edit_options.previous_post_id": {id}})
		return nil
	}
	return prev
}

// privateMetrics are the counts X shows only the author
// (non_public_metrics, organic_metrics), for posts younger than
// privateMetricsAge.
type privateMetrics struct {
	URLLinkClicks     int
	UserProfileClicks int
	Engagements       int
}

// privateMetricsAge is how long after posting X answers a post's
// non-public and organic metrics (X's metrics page: "only available for
// posts created within the last 30 days").
const privateMetricsAge = 30 * 24 * time.Hour

// privateFields are the tweet.fields only the author may read.
var privateFields = []string{"non_public_metrics", "organic_metrics", "promoted_metrics"}

// wantsPrivate reports whether f asks for a field only the author may
// read.
func wantsPrivate(f fieldSet) bool {
	for _, n := range privateFields {
		if f[n] {
			return true
		}
	}
	return false
}

// PostMetrics are a post's counts on the fake X, public and private.
type PostMetrics struct {
	Likes, Reposts, Replies, Quotes, Bookmarks, Impressions int
	// URLLinkClicks, UserProfileClicks and Engagements are shown to the
	// author only, in non_public_metrics and organic_metrics.
	URLLinkClicks, UserProfileClicks, Engagements int
}

// SetPostMetrics sets the counts of a post, as if people had seen and
// engaged with it. It reports false when there is no such post.
func (s *Server) SetPostMetrics(id string, m PostMetrics) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.postByID[id]
	if p == nil {
		return false
	}
	p.metrics = tweetMetrics{LikeCount: m.Likes, RetweetCount: m.Reposts, ReplyCount: m.Replies, QuoteCount: m.Quotes,
		BookmarkCount: m.Bookmarks, ImpressionCount: m.Impressions}
	p.private = privateMetrics{URLLinkClicks: m.URLLinkClicks, UserProfileClicks: m.UserProfileClicks, Engagements: m.Engagements}
	return true
}
