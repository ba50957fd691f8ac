package xapitest

import (
	"net/http"
)

// State is the server's whole state as GET /_fake/state returns it, for
// tests and scripts. It never contains token values.
type State struct {
	Users    []StateUser  `json:"users"`
	Posts    []StatePost  `json:"posts"`
	Media    []StateMedia `json:"media"`
	Counters Counters     `json:"counters"`
	// Credits is the pay-per-use balance in credits of $0.001 ([Dollar]),
	// nil when not metered; Balance is the same in dollars ("$0.985").
	Credits *int   `json:"credits,omitempty"`
	Balance string `json:"balance_usd,omitempty"`
	// Charges are what the billable requests have cost so far, by kind.
	Charges []StateCharge `json:"charges,omitempty"`
	// Plan is Options.Plan, empty when no plan's rules are enforced.
	Plan string `json:"plan,omitempty"`
}

// StateCharge is what one kind of billable request has cost so far.
type StateCharge struct {
	// Kind is one of the Charge* names, e.g. "post_url".
	Kind string `json:"kind"`
	// Price is the price of one request or resource, e.g. "$0.015".
	Price string `json:"price_usd"`
	// Requests counts the requests billed; Resources the items billed
	// (one per write, one per post or user read not already billed that
	// UTC day).
	Requests  int `json:"requests"`
	Resources int `json:"resources"`
	// Credits and USD are the total spent on this kind.
	Credits int    `json:"credits"`
	USD     string `json:"usd"`
}

// StateUser is an account in State.
type StateUser struct {
	ID               string `json:"id"`
	Username         string `json:"username"`
	Name             string `json:"name"`
	SubscriptionType string `json:"subscription_type"`
}

// StatePost is a live post in State, with its reply and quote links. Every
// version of an edited post is listed.
type StatePost struct {
	ID       string `json:"id"`
	AuthorID string `json:"author_id"`
	// Text is the text as sent, unescaped and without the media link.
	Text string `json:"text"`
	// MediaLink is the t.co link appended to the text in X's answers, for
	// a post with media.
	MediaLink       string     `json:"media_link,omitempty"`
	CreatedAt       string     `json:"created_at"`
	InReplyToID     string     `json:"in_reply_to_tweet_id,omitempty"`
	QuoteTweetID    string     `json:"quote_tweet_id,omitempty"`
	MediaIDs        []string   `json:"media_ids,omitempty"`
	Poll            *StatePoll `json:"poll,omitempty"`
	ReplySettings   string     `json:"reply_settings,omitempty"`
	PaidPartnership bool       `json:"paid_partnership,omitempty"`
	// EditHistory is the ids of every version of the post, oldest first;
	// Latest is false for a version an edit replaced.
	EditHistory []string `json:"edit_history_tweet_ids"`
	Latest      bool     `json:"latest"`
}

// StatePoll is a post's poll in State.
type StatePoll struct {
	Options         []string `json:"options"`
	DurationMinutes int      `json:"duration_minutes"`
}

// StateMedia is an uploaded (or uploading) media item in State. State is
// one of "initialized" (chunked upload not finalized), "pending",
// "in_progress", "succeeded" or "failed".
type StateMedia struct {
	ID        string `json:"id"`
	OwnerID   string `json:"owner_id"`
	MediaType string `json:"media_type"`
	Category  string `json:"category"`
	Size      int64  `json:"size"`
	State     string `json:"state"`
	AltText   string `json:"alt_text,omitempty"`
}

// Counters count what the server has done.
type Counters struct {
	Requests       int `json:"requests"`
	PostsCreated   int `json:"posts_created"`
	FaultsInjected int `json:"faults_injected"`
	TokenRefreshes int `json:"token_refreshes"`
	MediaUploaded  int `json:"media_uploaded"`
	// CreditsRefused counts 402 answers (pay-per-use balance empty),
	// UsageCapped 429 usage-capped answers.
	CreditsRefused int `json:"credits_refused,omitempty"`
	UsageCapped    int `json:"usage_capped,omitempty"`
	// PlanRefused counts posts refused by the plan's rules (quotes,
	// unsummoned replies, cashtags).
	PlanRefused int `json:"plan_refused,omitempty"`
	// PostsEdited counts edits made, EditsRefused edits refused.
	PostsEdited  int `json:"posts_edited,omitempty"`
	EditsRefused int `json:"edits_refused,omitempty"`
}

// State returns a snapshot of the server's state: posts in creation order
// with deleted ones left out, media in upload order.
func (s *Server) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := State{Users: []StateUser{}, Posts: []StatePost{}, Media: []StateMedia{}, Counters: s.counters}
	if s.credits >= 0 {
		n := s.credits
		st.Credits, st.Balance = &n, FormatUSD(n)
	}
	st.Charges = s.stateChargesLocked()
	st.Plan = s.opts.Plan
	for _, u := range s.users {
		st.Users = append(st.Users, StateUser{ID: u.ID, Username: u.Username, Name: u.Name, SubscriptionType: u.SubscriptionType})
	}
	for _, p := range s.posts {
		if p.deleted {
			continue
		}
		sp := StatePost{ID: p.id, AuthorID: p.authorID, Text: p.text, MediaLink: p.link, CreatedAt: formatTime(p.createdAt),
			InReplyToID: p.inReplyTo, QuoteTweetID: p.quoteOf, MediaIDs: append([]string(nil), p.mediaIDs...),
			ReplySettings: p.replySettings, PaidPartnership: p.paidPartnership, Latest: p.latest(),
			EditHistory: []string{p.id}}
		if p.chain != nil {
			sp.EditHistory = append([]string(nil), p.chain.ids...)
		}
		if p.poll != nil {
			sp.Poll = &StatePoll{Options: append([]string(nil), p.poll.options...), DurationMinutes: p.poll.durationMinutes}
		}
		st.Posts = append(st.Posts, sp)
	}
	now := s.now()
	for _, id := range s.mediaSeq {
		m := s.media[id]
		st.Media = append(st.Media, StateMedia{ID: m.id, OwnerID: m.ownerID, MediaType: m.mediaType,
			Category: m.category, Size: m.received, State: m.effectiveStateLocked(now), AltText: m.altText})
	}
	return st
}

// handleState is GET /_fake/state.
func (s *Server) handleState(w http.ResponseWriter, r *http.Request) {
	s.count()
	writeJSON(w, http.StatusOK, s.State())
}
