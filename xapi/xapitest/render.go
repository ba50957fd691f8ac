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
	ID               string        `json:"id"`
	Text             string        `json:"text"`
	EditHistory      []string      `json:"edit_history_tweet_ids"`
	AuthorID         string        `json:"author_id,omitempty"`
	CreatedAt        string        `json:"created_at,omitempty"`
	ConversationID   string        `json:"conversation_id,omitempty"`
	InReplyToUserID  string        `json:"in_reply_to_user_id,omitempty"`
	ReferencedTweets []refTweet    `json:"referenced_tweets,omitempty"`
	Attachments      *attachments  `json:"attachments,omitempty"`
	Entities         *entitiesJSON `json:"entities,omitempty"`
	PublicMetrics    *tweetMetrics `json:"public_metrics,omitempty"`
	ReplySettings    string        `json:"reply_settings,omitempty"`
	NoteTweet        *noteTweet    `json:"note_tweet,omitempty"`
	PaidPartnership  *bool         `json:"paid_partnership,omitempty"`
	Lang             string        `json:"lang,omitempty"`
	EditControls     *editControls `json:"edit_controls,omitempty"`
	DisplayTextRange []int         `json:"display_text_range,omitempty"`
	PossiblySens     *bool         `json:"possibly_sensitive,omitempty"`
	Source           string        `json:"source,omitempty"`
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

// renderTweetLocked renders p with the requested tweet.fields. id, text and
// edit_history_tweet_ids are always present, as at X.
func (s *Server) renderTweetLocked(p *post, f fieldSet) tweetJSON {
	text := s.wireText(p.storedText())
	t := tweetJSON{ID: p.id, Text: text, EditHistory: []string{p.id}}
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
	if f["edit_controls"] {
		until := p.createdAt.Add(time.Hour)
		t.EditControls = &editControls{EditsRemaining: 5, IsEditEligible: s.now().Before(until), EditableUntil: formatTime(until)}
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
// requested expansions.
func (s *Server) includesLocked(posts []*post, qf queryFields) includesJSON {
	var in includesJSON
	seenUser := map[string]bool{}
	seenTweet := map[string]bool{}
	for _, p := range posts {
		if qf.expansions["author_id"] && !seenUser[p.authorID] {
			if u := s.userLocked(p.authorID); u != nil {
				seenUser[p.authorID] = true
				in.Users = append(in.Users, s.renderUserLocked(u, qf.user))
			}
		}
		if qf.expansions["in_reply_to_user_id"] && p.inReplyToUserID != "" && !seenUser[p.inReplyToUserID] {
			if u := s.userLocked(p.inReplyToUserID); u != nil {
				seenUser[p.inReplyToUserID] = true
				in.Users = append(in.Users, s.renderUserLocked(u, qf.user))
			}
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
		if qf.expansions["referenced_tweets.id"] {
			for _, ref := range []string{p.inReplyTo, p.quoteOf} {
				if r := s.postByID[ref]; r != nil && !r.deleted && !seenTweet[ref] {
					seenTweet[ref] = true
					in.Tweets = append(in.Tweets, s.renderTweetLocked(r, qf.tweet))
				}
			}
		}
	}
	return in
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
