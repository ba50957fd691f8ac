package xapitest

import (
	"slices"
	"sort"
	"time"
)

// xTime is the timestamp layout X uses in JSON (millisecond precision, Z).
const xTime = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string { return t.UTC().Format(xTime) }

// userCreatedAt is the account creation time every fake user reports.
var userCreatedAt = time.Date(2020, 3, 21, 12, 0, 0, 0, time.UTC)

type tweetJSON struct {
	ID               string         `json:"id"`
	Text             string         `json:"text"`
	EditHistory      []string       `json:"edit_history_tweet_ids"`
	AuthorID         string         `json:"author_id,omitempty"`
	CreatedAt        string         `json:"created_at,omitempty"`
	ConversationID   string         `json:"conversation_id,omitempty"`
	InReplyToUserID  string         `json:"in_reply_to_user_id,omitempty"`
	ReferencedTweets []refTweet     `json:"referenced_tweets,omitempty"`
	Attachments      *attachments   `json:"attachments,omitempty"`
	Entities         *entitiesJSON  `json:"entities,omitempty"`
	PublicMetrics    *tweetMetrics  `json:"public_metrics,omitempty"`
	ReplySettings    string         `json:"reply_settings,omitempty"`
	NoteTweet        *noteTweet     `json:"note_tweet,omitempty"`
	PaidPartnership  *bool          `json:"paid_partnership,omitempty"`
	Lang             string         `json:"lang,omitempty"`
	EditControls     *editControls  `json:"edit_controls,omitempty"`
	NonPublic        *nonPublicJSON `json:"non_public_metrics,omitempty"`
	Organic          *organicJSON   `json:"organic_metrics,omitempty"`
	DisplayTextRange []int          `json:"display_text_range,omitempty"`
	PossiblySens     *bool          `json:"possibly_sensitive,omitempty"`
	Source           string         `json:"source,omitempty"`
}

type refTweet struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

type attachments struct {
	MediaKeys []string `json:"media_keys,omitempty"`
	PollIDs   []string `json:"poll_ids,omitempty"`
}

type tweetMetrics struct {
	RetweetCount    int `json:"retweet_count"`
	ReplyCount      int `json:"reply_count"`
	LikeCount       int `json:"like_count"`
	QuoteCount      int `json:"quote_count"`
	BookmarkCount   int `json:"bookmark_count"`
	ImpressionCount int `json:"impression_count"`
}

type noteTweet struct {
	Text string `json:"text"`
}

type editControls struct {
	EditsRemaining int    `json:"edits_remaining"`
	IsEditEligible bool   `json:"is_edit_eligible"`
	EditableUntil  string `json:"editable_until"`
}

// nonPublicJSON is non_public_metrics (X's metrics page).
type nonPublicJSON struct {
	ImpressionCount   int `json:"impression_count"`
	URLLinkClicks     int `json:"url_link_clicks"`
	UserProfileClicks int `json:"user_profile_clicks"`
	Engagements       int `json:"engagements"`
}

// organicJSON is organic_metrics: the counts without promotion, which
// for a post never promoted are all of them.
type organicJSON struct {
	ImpressionCount   int `json:"impression_count"`
	LikeCount         int `json:"like_count"`
	ReplyCount        int `json:"reply_count"`
	RetweetCount      int `json:"retweet_count"`
	URLLinkClicks     int `json:"url_link_clicks"`
	UserProfileClicks int `json:"user_profile_clicks"`
}

// view is who a post is rendered for, and where: the authenticated user
// (private metrics are the author's only), the section of the answer
// ("data" or "includes"), and the partial errors for fields withheld.
type view struct {
	viewerID string
	section  string
	errs     []problem
}

// withheld notes that field of post id was left out because the viewer
// may not read it: X's not-authorized-for-field partial error.
func (v *view) withheld(field, id string) {
	v.errs = append(v.errs, problem{
		Detail:       "Sorry, you are not authorized to access '" + field + "' on the tweet with id : [" + id + "].",
		Title:        "Field Authorization Error",
		ResourceType: "tweet",
		ResourceID:   id,
		Field:        field,
		Section:      v.section,
		Type:         problemFieldUnauthorized,
	})
}

type userJSON struct {
	ID                string       `json:"id"`
	Name              string       `json:"name"`
	Username          string       `json:"username"`
	CreatedAt         string       `json:"created_at,omitempty"`
	Description       *string      `json:"description,omitempty"`
	Protected         *bool        `json:"protected,omitempty"`
	Verified          *bool        `json:"verified,omitempty"`
	VerifiedType      string       `json:"verified_type,omitempty"`
	SubscriptionType  string       `json:"subscription_type,omitempty"`
	ProfileImageURL   string       `json:"profile_image_url,omitempty"`
	PublicMetrics     *userMetrics `json:"public_metrics,omitempty"`
	MostRecentTweetID string       `json:"most_recent_tweet_id,omitempty"`
}

type userMetrics struct {
	FollowersCount int `json:"followers_count"`
	FollowingCount int `json:"following_count"`
	TweetCount     int `json:"tweet_count"`
	ListedCount    int `json:"listed_count"`
	LikeCount      int `json:"like_count"`
}

type mediaJSON struct {
	MediaKey string `json:"media_key"`
	Type     string `json:"type"`
	AltText  string `json:"alt_text,omitempty"`
}

type pollJSON struct {
	ID              string       `json:"id"`
	Options         []pollOption `json:"options"`
	DurationMinutes int          `json:"duration_minutes,omitempty"`
	EndDatetime     string       `json:"end_datetime,omitempty"`
	VotingStatus    string       `json:"voting_status,omitempty"`
}

type pollOption struct {
	Position int    `json:"position"`
	Label    string `json:"label"`
	Votes    int    `json:"votes"`
}

type includesJSON struct {
	Users  []userJSON  `json:"users,omitempty"`
	Tweets []tweetJSON `json:"tweets,omitempty"`
	Media  []mediaJSON `json:"media,omitempty"`
	Polls  []pollJSON  `json:"polls,omitempty"`
}

func (in *includesJSON) empty() bool {
	return len(in.Users)+len(in.Tweets)+len(in.Media)+len(in.Polls) == 0
}

func boolPtr(b bool) *bool { return &b }

// renderTweetLocked renders p for v with the requested tweet.fields. id,
// text and edit_history_tweet_ids are always present, as at X. Private
// metrics are given to the author for posts younger than 30 days; for
// anyone or anything else they are left out with a partial error in v.
func (s *Server) renderTweetLocked(p *post, f fieldSet, v *view) tweetJSON {
	text := s.wireText(p.storedText())
	t := tweetJSON{ID: p.id, Text: text, EditHistory: []string{p.id}}
	if p.chain != nil {
		t.EditHistory = slices.Clone(p.chain.ids)
	}
	if f["author_id"] {
		t.AuthorID = p.authorID
	}
	if f["created_at"] {
		t.CreatedAt = formatTime(p.createdAt)
	}
	if f["conversation_id"] {
		t.ConversationID = p.conversationID
	}
	if f["in_reply_to_user_id"] {
		t.InReplyToUserID = p.inReplyToUserID
	}
	if f["referenced_tweets"] {
		if p.inReplyTo != "" {
			t.ReferencedTweets = append(t.ReferencedTweets, refTweet{Type: "replied_to", ID: p.inReplyTo})
		}
		if p.quoteOf != "" {
			t.ReferencedTweets = append(t.ReferencedTweets, refTweet{Type: "quoted", ID: p.quoteOf})
		}
	}
	if f["attachments"] && (len(p.mediaKeys) > 0 || p.poll != nil) {
		a := &attachments{MediaKeys: slices.Clone(p.mediaKeys)}
		if p.poll != nil {
			a.PollIDs = []string{p.poll.id}
		}
		t.Attachments = a
	}
	if f["entities"] {
		t.Entities = s.entitiesLocked(p)
	}
	if f["public_metrics"] {
		m := p.metrics
		t.PublicMetrics = &m
	}
	if f["reply_settings"] {
		t.ReplySettings = responseReplySettings(p.replySettings)
	}
	if f["note_tweet"] && p.long {
		t.NoteTweet = &noteTweet{Text: text}
	}
	if f["paid_partnership"] {
		t.PaidPartnership = boolPtr(p.paidPartnership)
	}
	if f["lang"] {
		t.Lang = "en"
	}
	if f["possibly_sensitive"] {
		t.PossiblySens = boolPtr(false)
	}
	if f["source"] {
		t.Source = "xpost"
	}
	if f["edit_controls"] && p.chain != nil {
		t.EditControls = &editControls{EditsRemaining: p.chain.remaining, IsEditEligible: p.chain.eligible,
			EditableUntil: formatTime(p.chain.until)}
	}
	if wantsPrivate(f) {
		own := v != nil && v.viewerID == p.authorID && s.now().Sub(p.createdAt) < privateMetricsAge
		for _, field := range privateFields {
			switch {
			case !f[field]:
			case !own:
				if v != nil {
					v.withheld(field, p.id)
				}
			case field == "non_public_metrics":
				t.NonPublic = &nonPublicJSON{ImpressionCount: p.metrics.ImpressionCount, URLLinkClicks: p.private.URLLinkClicks,
					UserProfileClicks: p.private.UserProfileClicks, Engagements: p.private.Engagements}
			case field == "organic_metrics":
				t.Organic = &organicJSON{ImpressionCount: p.metrics.ImpressionCount, LikeCount: p.metrics.LikeCount,
					ReplyCount: p.metrics.ReplyCount, RetweetCount: p.metrics.RetweetCount,
					URLLinkClicks: p.private.URLLinkClicks, UserProfileClicks: p.private.UserProfileClicks}
			}
			// promoted_metrics of a post never promoted: X answers
			// nothing (a known issue on its timelines page).
		}
	}
	return t
}

// responseReplySettings maps the create-request values onto the response
// enum of the spec (everyone, mentionedUsers, following, other).
func responseReplySettings(v string) string {
	switch v {
	case "":
		return "everyone"
	case "following", "mentionedUsers":
		return v
	default:
		return "other"
	}
}

// renderUserLocked renders u with the requested user.fields; id, name and
// username are always present.
func (s *Server) renderUserLocked(u *User, f fieldSet) userJSON {
	j := userJSON{ID: u.ID, Name: u.Name, Username: u.Username}
	if f["created_at"] {
		j.CreatedAt = formatTime(userCreatedAt)
	}
	if f["description"] {
		d := "An account on the fake X."
		j.Description = &d
	}
	if f["protected"] {
		j.Protected = boolPtr(false)
	}
	premium := u.SubscriptionType == "Premium" || u.SubscriptionType == "PremiumPlus"
	if f["verified"] {
		j.Verified = boolPtr(premium)
	}
	if f["verified_type"] {
		j.VerifiedType = "none"
		if premium {
			j.VerifiedType = "blue"
		}
	}
	if f["subscription_type"] {
		j.SubscriptionType = u.SubscriptionType
	}
	if f["profile_image_url"] {
		j.ProfileImageURL = "https://pbs.twimg.com/profile_images/0/default_normal.png"
	}
	posts := s.postsByLocked(u.ID)
	if f["public_metrics"] {
		j.PublicMetrics = &userMetrics{FollowersCount: 42, FollowingCount: 7, TweetCount: len(posts), ListedCount: 0}
	}
	if f["most_recent_tweet_id"] && len(posts) > 0 {
		j.MostRecentTweetID = posts[0].id
	}
	return j
}

// includesLocked builds the includes object for the given posts and the
// requested expansions, rendered for viewerID; fields withheld from it
// are noted in v.
func (s *Server) includesLocked(posts []*post, qf queryFields, v *view) includesJSON {
	var in includesJSON
	iv := &view{viewerID: v.viewerID, section: "includes"}
	defer func() { v.errs = append(v.errs, iv.errs...) }()
	seenUser := map[string]bool{}
	seenTweet := map[string]bool{}
	addUser := func(id string) {
		if id == "" || seenUser[id] {
			return
		}
		if u := s.userLocked(id); u != nil {
			seenUser[id] = true
			in.Users = append(in.Users, s.renderUserLocked(u, qf.user))
		}
	}
	for _, p := range posts {
		if qf.expansions["author_id"] {
			addUser(p.authorID)
		}
		if qf.expansions["in_reply_to_user_id"] {
			addUser(p.inReplyToUserID)
		}
		if qf.expansions["attachments.media_keys"] {
			for _, id := range p.mediaIDs {
				if m := s.media[id]; m != nil {
					mj := mediaJSON{MediaKey: m.key, Type: m.kind()}
					if qf.media["alt_text"] {
						mj.AltText = m.altText
					}
					in.Media = append(in.Media, mj)
				}
			}
		}
		if qf.expansions["attachments.poll_ids"] && p.poll != nil {
			in.Polls = append(in.Polls, s.renderPollLocked(p.poll))
		}
		if qf.expansions["referenced_tweets.id"] || qf.expansions["referenced_tweets.id.author_id"] {
			for _, ref := range []string{p.inReplyTo, p.quoteOf} {
				r := s.latestLocked(ref)
				if r == nil {
					continue
				}
				if !seenTweet[r.id] {
					seenTweet[r.id] = true
					in.Tweets = append(in.Tweets, s.renderTweetLocked(r, qf.tweet, iv))
				}
				if qf.expansions["referenced_tweets.id.author_id"] {
					addUser(r.authorID)
				}
			}
		}
		if qf.expansions["edit_history_tweet_ids"] && p.chain != nil {
			for _, id := range p.chain.ids {
				if r := s.postByID[id]; r != nil && !r.deleted && !seenTweet[id] {
					seenTweet[id] = true
					in.Tweets = append(in.Tweets, s.renderTweetLocked(r, qf.tweet, iv))
				}
			}
		}
	}
	return in
}

// latestLocked returns the newest live version of the post with the given
// id, or nil: a reference to an edited post shows it as it is now.
func (s *Server) latestLocked(id string) *post {
	p := s.postByID[id]
	if p == nil || p.deleted {
		return nil
	}
	if p.chain != nil {
		if q := s.postByID[p.chain.ids[len(p.chain.ids)-1]]; q != nil && !q.deleted {
			return q
		}
	}
	return p
}

func (s *Server) renderPollLocked(p *pollData) pollJSON {
	pj := pollJSON{ID: p.id, DurationMinutes: p.durationMinutes, EndDatetime: formatTime(p.ends), VotingStatus: "open"}
	if !s.now().Before(p.ends) {
		pj.VotingStatus = "closed"
	}
	for i, o := range p.options {
		pj.Options = append(pj.Options, pollOption{Position: i + 1, Label: o})
	}
	return pj
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
