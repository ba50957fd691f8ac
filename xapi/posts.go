package xapi

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/xpostdev/xpost/xapi/billing"
	"github.com/xpostdev/xpost/xapi/rules"
)

// Reply settings accepted by X on create (omit for "everyone"); package
// rules holds them with the other rules.
const (
	ReplyFollowing      = rules.ReplyFollowing
	ReplyMentionedUsers = rules.ReplyMentionedUsers
	ReplySubscribers    = rules.ReplySubscribers
	ReplyVerified       = rules.ReplyVerified
)

// CreatePostRequest is the body of POST /2/tweets. Zero fields are omitted.
type CreatePostRequest struct {
	Text         string     `json:"text,omitempty"`
	Reply        *Reply     `json:"reply,omitempty"`
	QuoteTweetID string     `json:"quote_tweet_id,omitempty"`
	Media        *PostMedia `json:"media,omitempty"`
	Poll         *Poll      `json:"poll,omitempty"`
	// ReplySettings limits who can reply: "following", "mentionedUsers",
	// "subscribers" or "verified"; empty means everyone.
	ReplySettings   string `json:"reply_settings,omitempty"`
	PaidPartnership bool   `json:"paid_partnership,omitempty"`
	// MadeWithAI discloses AI-generated media.
	MadeWithAI bool `json:"made_with_ai,omitempty"`
	// EditOptions makes the request an edit of an earlier post instead
	// of a new post (see [Client.EditPost]).
	EditOptions *EditOptions `json:"edit_options,omitempty"`
}

// EditOptions names the post an edit replaces.
type EditOptions struct {
	PreviousPostID string `json:"previous_post_id"`
}

// Reply makes a post a reply.
type Reply struct {
	InReplyToTweetID    string   `json:"in_reply_to_tweet_id"`
	ExcludeReplyUserIDs []string `json:"exclude_reply_user_ids,omitempty"`
}

// PostMedia attaches uploaded media (1 to 4 ids).
type PostMedia struct {
	MediaIDs      []string `json:"media_ids"`
	TaggedUserIDs []string `json:"tagged_user_ids,omitempty"`
}

// Poll attaches a poll: 2 to 4 options of 1 to 25 characters, open for 5
// to 10,080 minutes.
type Poll struct {
	Options         []string `json:"options"`
	DurationMinutes int      `json:"duration_minutes"`
}

// Post is a post as X returns it. Text is the full text: for a long post
// it is note_tweet.text, not the truncated text field. X HTML-escapes &, <
// and > in the text it returns; Text holds it unescaped, as typed, with
// the t.co link X appends for attached media (see [Post.OwnText]).
type Post struct {
	ID             string
	Text           string
	AuthorID       string
	CreatedAt      time.Time
	ConversationID string
	// ReplySettings is who may reply as X reads it back: "everyone",
	// "following", "mentionedUsers" or "other" (subscribers or verified
	// accounts, which X does not tell apart); empty when not asked for.
	ReplySettings  string
	EditHistoryIDs []string
	// ReferencedPosts lists what the post replies to, quotes or reposts.
	ReferencedPosts []ReferencedPost
	// MediaKeys are the attached media ("3_<media id>" and the like).
	MediaKeys []string
	PollIDs   []string
	Metrics   *PostMetrics
	// Media describes the attached media, in MediaKeys order, when the
	// request expanded them (ListUserPosts does); keys X did not describe
	// are left out.
	Media []MediaInfo
	// Poll is the attached poll when the request expanded it, else nil.
	Poll *PollInfo
	// Long reports whether the text came from note_tweet (a long post).
	Long bool
	// EditControls says whether the post may still be edited; nil when
	// the answer did not carry edit_controls.
	EditControls *EditControls
	// NonPublicMetrics and OrganicMetrics are the counts X shows the
	// author only, for posts younger than 30 days; nil otherwise.
	NonPublicMetrics *NonPublicMetrics
	OrganicMetrics   *OrganicMetrics
	// Author is the post's author when the request expanded author_id
	// (GetPost does); nil otherwise.
	Author *User `json:"-"`
}

// EditControls are X's edit_controls of a post. The window runs from the
// original post and the count is shared by all its versions.
type EditControls struct {
	// EditableUntil is when the edit window closes; zero if X left it out.
	EditableUntil time.Time
	// EditsRemaining is how many more edits X allows.
	EditsRemaining int
	// EditEligible is is_edit_eligible: whether the post could be edited
	// at all when it was created (a Premium author; not a poll, not a
	// reply to someone else). It does not change as the window closes.
	EditEligible bool
}

// CanEdit reports whether the post can be edited at now: eligible, with
// edits left, inside the window.
func (e *EditControls) CanEdit(now time.Time) bool {
	return e != nil && e.EditEligible && e.EditsRemaining > 0 && now.Before(e.EditableUntil)
}

// NonPublicMetrics are a post's non_public_metrics.
type NonPublicMetrics struct {
	Impressions   int
	URLLinkClicks int
	ProfileClicks int
	Engagements   int
}

// OrganicMetrics are a post's organic_metrics: the counts without paid
// promotion.
type OrganicMetrics struct {
	Impressions   int
	Likes         int
	Replies       int
	Reposts       int
	URLLinkClicks int
	ProfileClicks int
}

// MediaInfo is an attached media item as includes.media describes it.
type MediaInfo struct {
	Key string `json:"media_key"`
	// Type is "photo", "video" or "animated_gif".
	Type    string `json:"type"`
	AltText string `json:"alt_text"`
}

// PollInfo is an attached poll as includes.polls describes it, with the
// votes so far.
type PollInfo struct {
	ID      string
	Options []PollChoice
	// Ends is end_datetime; zero when X left it out.
	Ends            time.Time
	DurationMinutes int
	// Closed reports voting_status "closed": the counts are final.
	Closed bool
}

// PollChoice is one option of a poll.
type PollChoice struct {
	Position int    `json:"position"`
	Label    string `json:"label"`
	Votes    int    `json:"votes"`
}

// UnmarshalJSON decodes a poll object of includes.polls.
func (p *PollInfo) UnmarshalJSON(b []byte) error {
	var w struct {
		ID              string       `json:"id"`
		Options         []PollChoice `json:"options"`
		EndDatetime     string       `json:"end_datetime"`
		DurationMinutes int          `json:"duration_minutes"`
		VotingStatus    string       `json:"voting_status"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = PollInfo{ID: w.ID, Options: w.Options, DurationMinutes: w.DurationMinutes, Closed: w.VotingStatus == "closed"}
	if w.EndDatetime != "" {
		t, err := time.Parse(time.RFC3339, w.EndDatetime)
		if err != nil {
			return fmt.Errorf("poll %s: bad end_datetime %q", w.ID, w.EndDatetime)
		}
		p.Ends = t
	}
	// X lists options by position; keep that order whatever the array's.
	slices.SortStableFunc(p.Options, func(a, b PollChoice) int { return cmp.Compare(a.Position, b.Position) })
	return nil
}

// includes is the part of a response's includes object xpost reads.
type includes struct {
	Media  []MediaInfo `json:"media"`
	Polls  []PollInfo  `json:"polls"`
	Tweets []Post      `json:"tweets"`
	Users  []User      `json:"users"`
}

// attach fills each post's Media and Poll from in, by media key and poll
// id, and each reference's Post and Author from the included posts and
// users.
func (in *includes) attach(posts []Post) {
	in.attachReferenced(posts)
	for i := range posts {
		for j := range in.Users {
			if in.Users[j].ID == posts[i].AuthorID {
				u := in.Users[j]
				posts[i].Author = &u
			}
		}
	}
	if len(in.Media)+len(in.Polls) == 0 {
		return
	}
	media := make(map[string]MediaInfo, len(in.Media))
	for _, m := range in.Media {
		media[m.Key] = m
	}
	for i := range posts {
		p := &posts[i]
		for _, k := range p.MediaKeys {
			if m, ok := media[k]; ok {
				p.Media = append(p.Media, m)
			}
		}
		for _, id := range p.PollIDs {
			for j := range in.Polls {
				if in.Polls[j].ID == id {
					poll := in.Polls[j]
					poll.Options = slices.Clone(poll.Options)
					p.Poll = &poll
					break
				}
			}
		}
	}
}

// ReferencedPost is a link to another post.
type ReferencedPost struct {
	// Type is "replied_to", "quoted" or "retweeted".
	Type string `json:"type"`
	ID   string `json:"id"`
	// Post is the referenced post as it is now (its latest version),
	// when the request expanded it (GetPost and RecentPosts do); nil
	// when not expanded or no longer visible.
	Post *Post `json:"-"`
	// Author is the referenced post's author, when expanded.
	Author *User `json:"-"`
}

// attachReferenced fills the references of posts from the included posts
// and users. X shows a reference to an edited post as its latest version,
// whose id may differ from the one referenced: it is matched through its
// edit history.
func (in *includes) attachReferenced(posts []Post) {
	if len(in.Tweets) == 0 {
		return
	}
	byID := map[string]*Post{}
	for i := range in.Tweets {
		for _, id := range in.Tweets[i].EditHistoryIDs {
			if _, ok := byID[id]; !ok {
				byID[id] = &in.Tweets[i]
			}
		}
	}
	for i := range in.Tweets {
		byID[in.Tweets[i].ID] = &in.Tweets[i] // a version included itself wins
	}
	users := map[string]*User{}
	for i := range in.Users {
		users[in.Users[i].ID] = &in.Users[i]
	}
	for i := range posts {
		for j := range posts[i].ReferencedPosts {
			r := &posts[i].ReferencedPosts[j]
			t := byID[r.ID]
			if t == nil {
				continue
			}
			cp := *t
			cp.ReferencedPosts = nil // one level: what a post refers to, not further
			r.Post = &cp
			if u := users[t.AuthorID]; u != nil {
				uc := *u
				r.Author = &uc
			}
		}
	}
}

// PostMetrics are a post's public counts.
type PostMetrics struct {
	Reposts     int
	Replies     int
	Likes       int
	Quotes      int
	Bookmarks   int
	Impressions int
}

// InReplyTo is the id of the post this one replies to, or "".
func (p *Post) InReplyTo() string { return p.referenced("replied_to") }

// Quoted is the id of the post this one quotes, or "".
func (p *Post) Quoted() string { return p.referenced("quoted") }

func (p *Post) referenced(kind string) string {
	for _, r := range p.ReferencedPosts {
		if r.Type == kind {
			return r.ID
		}
	}
	return ""
}

// wirePost accepts both the classic and the 2.167 spellings.
type wirePost struct {
	ID                  string           `json:"id"`
	Text                string           `json:"text"`
	AuthorID            string           `json:"author_id"`
	CreatedAt           string           `json:"created_at"`
	ConversationID      string           `json:"conversation_id"`
	ReplySettings       string           `json:"reply_settings"`
	EditHistoryTweetIDs []string         `json:"edit_history_tweet_ids"`
	EditHistoryPostIDs  []string         `json:"edit_history_post_ids"`
	ReferencedTweets    []ReferencedPost `json:"referenced_tweets"`
	ReferencedPostsNew  []ReferencedPost `json:"referenced_posts"`
	Attachments         *struct {
		MediaKeys []string `json:"media_keys"`
		PollIDs   []string `json:"poll_ids"`
	} `json:"attachments"`
	NoteTweet *struct {
		Text string `json:"text"`
	} `json:"note_tweet"`
	NotePost *struct {
		Text string `json:"text"`
	} `json:"note_post"`
	PublicMetrics *struct {
		RetweetCount    *int `json:"retweet_count"`
		RepostCount     *int `json:"repost_count"`
		ReplyCount      int  `json:"reply_count"`
		LikeCount       int  `json:"like_count"`
		QuoteCount      int  `json:"quote_count"`
		BookmarkCount   int  `json:"bookmark_count"`
		ImpressionCount int  `json:"impression_count"`
	} `json:"public_metrics"`
	EditControls *struct {
		EditableUntil  string `json:"editable_until"`
		EditsRemaining *int   `json:"edits_remaining"`
		IsEditEligible *bool  `json:"is_edit_eligible"`
	} `json:"edit_controls"`
	NonPublicMetrics *struct {
		ImpressionCount   int `json:"impression_count"`
		URLLinkClicks     int `json:"url_link_clicks"`
		UserProfileClicks int `json:"user_profile_clicks"`
		Engagements       int `json:"engagements"`
	} `json:"non_public_metrics"`
	OrganicMetrics *struct {
		ImpressionCount   int  `json:"impression_count"`
		LikeCount         int  `json:"like_count"`
		ReplyCount        int  `json:"reply_count"`
		RetweetCount      *int `json:"retweet_count"`
		RepostCount       *int `json:"repost_count"`
		URLLinkClicks     int  `json:"url_link_clicks"`
		UserProfileClicks int  `json:"user_profile_clicks"`
	} `json:"organic_metrics"`
}

// UnmarshalJSON decodes a post in either vocabulary.
func (p *Post) UnmarshalJSON(b []byte) error {
	var w wirePost
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = Post{ID: w.ID, Text: unescapeText(w.Text), AuthorID: w.AuthorID, ConversationID: w.ConversationID, ReplySettings: w.ReplySettings}
	if w.CreatedAt != "" {
		t, err := time.Parse(time.RFC3339, w.CreatedAt)
		if err != nil {
			return fmt.Errorf("post %s: bad created_at %q", w.ID, w.CreatedAt)
		}
		p.CreatedAt = t
	}
	p.EditHistoryIDs = w.EditHistoryTweetIDs
	if p.EditHistoryIDs == nil {
		p.EditHistoryIDs = w.EditHistoryPostIDs
	}
	p.ReferencedPosts = w.ReferencedTweets
	if p.ReferencedPosts == nil {
		p.ReferencedPosts = w.ReferencedPostsNew
	}
	if w.Attachments != nil {
		p.MediaKeys, p.PollIDs = w.Attachments.MediaKeys, w.Attachments.PollIDs
	}
	switch {
	case w.NoteTweet != nil && w.NoteTweet.Text != "":
		p.Text, p.Long = unescapeText(w.NoteTweet.Text), true
	case w.NotePost != nil && w.NotePost.Text != "":
		p.Text, p.Long = unescapeText(w.NotePost.Text), true
	}
	if m := w.PublicMetrics; m != nil {
		p.Metrics = &PostMetrics{Replies: m.ReplyCount, Likes: m.LikeCount, Quotes: m.QuoteCount,
			Bookmarks: m.BookmarkCount, Impressions: m.ImpressionCount}
		p.Metrics.Reposts = firstOf(m.RetweetCount, m.RepostCount)
	}
	if e := w.EditControls; e != nil {
		p.EditControls = &EditControls{}
		if e.EditableUntil != "" {
			t, err := time.Parse(time.RFC3339, e.EditableUntil)
			if err != nil {
				return fmt.Errorf("post %s: bad editable_until %q", w.ID, e.EditableUntil)
			}
			p.EditControls.EditableUntil = t
		}
		if e.EditsRemaining != nil {
			p.EditControls.EditsRemaining = *e.EditsRemaining
		}
		if e.IsEditEligible != nil {
			p.EditControls.EditEligible = *e.IsEditEligible
		}
	}
	if m := w.NonPublicMetrics; m != nil {
		p.NonPublicMetrics = &NonPublicMetrics{Impressions: m.ImpressionCount, URLLinkClicks: m.URLLinkClicks,
			ProfileClicks: m.UserProfileClicks, Engagements: m.Engagements}
	}
	if m := w.OrganicMetrics; m != nil {
		p.OrganicMetrics = &OrganicMetrics{Impressions: m.ImpressionCount, Likes: m.LikeCount, Replies: m.ReplyCount,
			Reposts: firstOf(m.RetweetCount, m.RepostCount), URLLinkClicks: m.URLLinkClicks, ProfileClicks: m.UserProfileClicks}
	}
	return nil
}

// firstOf is the first count X sent of two spellings of one field, or 0.
func firstOf(classic, renamed *int) int {
	switch {
	case classic != nil:
		return *classic
	case renamed != nil:
		return *renamed
	}
	return 0
}

// textUnescaper undoes X's escaping of post text: &amp;, &lt; and &gt;,
// plus &quot; and &#39; in case X ever escapes quotes too. It decodes
// these entities only, in one pass, so a typed "&lt;" (returned as
// "&amp;lt;") comes back as "&lt;", and a typed "&copy;" stays as typed
// even if X left it alone.
var textUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'")

// unescapeText is the text of a post as its author typed it.
func unescapeText(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return textUnescaper.Replace(s)
}

// tcoPrefix starts the links X's link shortener makes.
const tcoPrefix = "https://t.co/"

// OwnText is the text the author wrote: Text without the t.co link that X
// appends for the attached media (a media-only post's Text is just that
// link, so its OwnText is empty). A post without media keeps its whole
// text, t.co links typed by the author included.
func (p *Post) OwnText() string {
	if len(p.MediaKeys) == 0 {
		return p.Text
	}
	t := strings.TrimRight(p.Text, " \t\n")
	i := strings.LastIndexAny(t, " \t\n") + 1
	if !strings.HasPrefix(t[i:], tcoPrefix) || len(t) == i+len(tcoPrefix) {
		return p.Text
	}
	return strings.TrimRight(t[:i], " \t\n")
}

// postFields are the tweet.fields xpost asks for.
const postFields = "created_at,public_metrics,referenced_tweets,attachments,note_tweet,author_id,conversation_id,edit_controls,reply_settings"

// privateFields are the tweet.fields X answers only to the author, for
// posts younger than [PrivateMetricsAge].
const privateFields = "non_public_metrics,organic_metrics"

// referencedExpansions bring the posts a reply or quote refers to, and
// their authors.
const referencedExpansions = "referenced_tweets.id,referenced_tweets.id.author_id"

// Expansion parameters of ListUserPosts: the attached media and poll,
// with what the recent list shows of them.
const (
	listExpansions  = "attachments.media_keys,attachments.poll_ids"
	listMediaFields = "type,alt_text"
	listPollFields  = "options,end_datetime,voting_status,duration_minutes"
)

// GetPost returns one post (GET /2/tweets/{id}), with its author, its edit
// controls, the posts it refers to and their authors, and, for the user's own post
// younger than 30 days, its private metrics.
func (c *Client) GetPost(ctx context.Context, id string) (*Post, *Response, error) {
	if err := checkID(id); err != nil {
		return nil, nil, err
	}
	q := url.Values{"tweet.fields": {postFields + "," + privateFields}, "expansions": {"author_id," + referencedExpansions}}
	req, err := c.NewRequest(ctx, http.MethodGet, "2/tweets/"+id+"?"+q.Encode(), nil)
	if err != nil {
		return nil, nil, err
	}
	var out struct {
		Data     *Post         `json:"data"`
		Includes includes      `json:"includes"`
		Errors   []ErrorDetail `json:"errors"`
	}
	resp, err := c.Do(ctx, req, &out)
	if err != nil {
		return nil, resp, err
	}
	if out.Data == nil {
		return nil, resp, partialError(resp, out.Errors)
	}
	// Errors beside the data are fields withheld (another author's or
	// an old post's private metrics): the post is still whole.
	posts := []Post{*out.Data}
	out.Includes.attach(posts)
	// X bills a post looked up by id as a post read, the user's own too.
	c.recordRead(false, posts)
	return &posts[0], resp, nil
}

// DeletePost deletes one of the user's posts (DELETE /2/tweets/{id}). When
// a retry finds the post already gone (the first try went through but its
// answer was lost), that counts as success.
func (c *Client) DeletePost(ctx context.Context, id string) (*Response, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	req, err := c.NewRequest(ctx, http.MethodDelete, "2/tweets/"+id, nil)
	if err != nil {
		return nil, err
	}
	var out struct {
		Data struct {
			Deleted bool `json:"deleted"`
		} `json:"data"`
		Errors []ErrorDetail `json:"errors"`
	}
	resp, err := c.Do(ctx, req, &out)
	var apiErr *APIError
	if err != nil && resp != nil && resp.Attempts > 1 && errors.As(err, &apiErr) && apiErr.IsNotFound() {
		c.record(billing.Delete) // the first try went through, and was billed
		return resp, nil
	}
	if err != nil {
		return resp, err
	}
	if !out.Data.Deleted {
		return resp, partialError(resp, out.Errors)
	}
	c.record(billing.Delete)
	return resp, nil
}

// recordRead tells the meter of a read X answered: the posts read, each
// once per UTC day as X bills them, as the user's own (owned reads) or
// not.
func (c *Client) recordRead(own bool, posts []Post) {
	k := billing.PostRead
	if own {
		k = billing.OwnedRead
	}
	res := make([]string, 0, len(posts))
	for _, p := range posts {
		res = append(res, "tweet:"+p.ID)
	}
	c.record(k, res...)
}

// isMe reports whether userID is the logged-in user, as far as the client
// knows without asking.
func (c *Client) isMe(userID string) bool {
	c.meMu.Lock()
	defer c.meMu.Unlock()
	return c.me != nil && c.me.ID == userID
}

// ListOptions selects a page of a user's posts.
type ListOptions struct {
	// MaxResults is the page size, 5 to 100 (X's default is 10).
	MaxResults int
	// PaginationToken is Response.NextToken of the previous page.
	PaginationToken string
	// SinceID returns only posts newer than this id.
	SinceID string
	// StartTime returns only posts created at or after it.
	StartTime time.Time
	// ExcludeReplies leaves out replies (threads' later parts included).
	ExcludeReplies bool
	// Referenced brings the posts the listed posts reply to or quote,
	// with their authors ([ReferencedPost.Post], [ReferencedPost.Author]).
	Referenced bool
}

// ListUserPosts returns a page of a user's posts, newest first (GET
// /2/users/{id}/tweets). Response.NextToken is set when there are more.
// Each post's attached media and poll come along (Post.Media, Post.Poll).
func (c *Client) ListUserPosts(ctx context.Context, userID string, opts *ListOptions) ([]Post, *Response, error) {
	if err := checkID(userID); err != nil {
		return nil, nil, err
	}
	q := url.Values{"tweet.fields": {postFields}, "expansions": {listExpansions},
		"media.fields": {listMediaFields}, "poll.fields": {listPollFields}}
	if opts != nil {
		if opts.MaxResults != 0 {
			if opts.MaxResults < 5 || opts.MaxResults > 100 {
				return nil, nil, fmt.Errorf("page size %d is out of range: use 5 to 100", opts.MaxResults)
			}
			q.Set("max_results", strconv.Itoa(opts.MaxResults))
		}
		if opts.PaginationToken != "" {
			q.Set("pagination_token", opts.PaginationToken)
		}
		if opts.SinceID != "" {
			q.Set("since_id", opts.SinceID)
		}
		if !opts.StartTime.IsZero() {
			q.Set("start_time", opts.StartTime.UTC().Format(time.RFC3339))
		}
		if opts.ExcludeReplies {
			q.Set("exclude", "replies")
		}
		if opts.Referenced {
			q.Set("expansions", listExpansions+","+referencedExpansions)
		}
	}
	req, err := c.NewRequest(ctx, http.MethodGet, "2/users/"+userID+"/tweets?"+q.Encode(), nil)
	if err != nil {
		return nil, nil, err
	}
	var out struct {
		Data []Post `json:"data"`
		Meta struct {
			ResultCount int    `json:"result_count"`
			NextToken   string `json:"next_token"`
		} `json:"meta"`
		Includes includes      `json:"includes"`
		Errors   []ErrorDetail `json:"errors"`
	}
	resp, err := c.Do(ctx, req, &out)
	if err != nil {
		return nil, resp, err
	}
	if out.Data == nil && len(out.Errors) > 0 {
		return nil, resp, partialError(resp, out.Errors)
	}
	out.Includes.attach(out.Data)
	resp.NextToken = out.Meta.NextToken
	c.recordRead(c.isMe(userID), out.Data)
	return out.Data, resp, nil
}

// RecentPosts lists the logged-in user's own recent posts, with what
// they refer to (see [ListOptions.Referenced]), their edit controls and,
// for posts younger than 30 days, their private metrics. Those come from
// a second request; when it fails (say, the last credit went on the
// first), the posts come without them.
func (c *Client) RecentPosts(ctx context.Context, opts *ListOptions) ([]Post, *Response, error) {
	me, err := c.CurrentUser(ctx)
	if err != nil {
		return nil, nil, err
	}
	o := ListOptions{}
	if opts != nil {
		o = *opts
	}
	o.Referenced = true
	posts, resp, err := c.ListUserPosts(ctx, me.ID, &o)
	if err != nil {
		return nil, resp, err
	}
	if err := c.addPrivateMetrics(ctx, me.ID, posts, o.ExcludeReplies); err != nil && ctx.Err() != nil {
		return nil, resp, err
	}
	// Otherwise a failed metrics request leaves the page without them:
	// the posts themselves were read.
	return posts, resp, nil
}

// createPostOnce is one POST /2/tweets.
func (c *Client) createPostOnce(ctx context.Context, r *CreatePostRequest) (*Post, *Response, error) {
	req, err := c.NewRequest(ctx, http.MethodPost, "2/tweets", r)
	if err != nil {
		return nil, nil, err
	}
	var out struct {
		Data   *Post         `json:"data"`
		Errors []ErrorDetail `json:"errors"`
	}
	resp, err := c.do(ctx, req, &out, false)
	if err != nil {
		return nil, resp, err
	}
	if out.Data == nil || out.Data.ID == "" {
		if len(out.Errors) == 0 {
			// A 2xx without the post: X acted, or not; the answer
			// does not say.
			return nil, resp, &UnreadableAnswerError{Op: "POST " + req.URL.Path, StatusCode: resp.StatusCode,
				Err: errors.New("the answer holds no post")}
		}
		return nil, resp, partialError(resp, out.Errors)
	}
	return out.Data, resp, nil
}

// CreatePost publishes a post (POST /2/tweets), never twice. Creating is
// not idempotent, so after a failure that leaves the outcome unknown
// (dropped connection, lost or unreadable answer, 5xx) CreatePost first
// looks among the user's recent posts for the one it would have created,
// and sends again only if there is none. A 403 "duplicate content" on a
// retry means the earlier try went through; its post is then found the
// same way. When even the check fails, the error is an
// [*UnknownOutcomeError]: never a plain failure.
func (c *Client) CreatePost(ctx context.Context, r *CreatePostRequest) (*Post, *Response, error) {
	return c.createPost(ctx, r, createOptions{})
}

// createOptions say what is known of earlier attempts at a create.
type createOptions struct {
	// maybeSent: an earlier run may already have sent this very request
	// (a resumed publish), so X is checked before the first send.
	maybeSent bool
	// otherMedia: that earlier request carried the same attachments
	// under other media ids (they were uploaded again since), so a copy
	// is recognised by the number of its media, not their ids.
	otherMedia bool
}

// resumeWindow is how far back a resumed publish looks for a post an
// earlier run may have created.
const resumeWindow = 24 * time.Hour

func (c *Client) createPost(ctx context.Context, r *CreatePostRequest, o createOptions) (*Post, *Response, error) {
	since := c.now().Add(-createdSlack)
	if o.maybeSent {
		since = c.now().Add(-resumeWindow)
		emit(ctx, Event{Kind: EventChecking})
		found, err := c.findCreated(ctx, r, since, o.otherMedia)
		if err != nil {
			return nil, nil, &UnknownOutcomeError{Err: errEarlierAttempt, CheckErr: err}
		}
		if found != nil {
			return found, nil, nil
		}
	}
	ambiguous := o.maybeSent
	for attempt := 0; ; attempt++ {
		p, resp, err := c.createPostOnce(ctx, r)
		if err == nil {
			return p, resp, nil
		}
		var apiErr *APIError
		dup := errors.As(err, &apiErr) && apiErr.IsDuplicate()
		if !isTransient(err) && !(dup && ambiguous) {
			if ctx.Err() != nil {
				// Interrupted while the request was out: it may be on X.
				return nil, resp, &UnknownOutcomeError{Err: err}
			}
			return nil, resp, err
		}
		if ctx.Err() != nil {
			return nil, resp, &UnknownOutcomeError{Err: err}
		}
		if !dup {
			// Give X a moment to show the post before looking for it.
			d := c.backoff(attempt + 1)
			emit(ctx, Event{Kind: EventRetrying, Err: err, Wait: d, Attempt: attempt + 1})
			if serr := c.sleep(ctx, d); serr != nil {
				return nil, resp, &UnknownOutcomeError{Err: err, CheckErr: serr}
			}
		}
		emit(ctx, Event{Kind: EventChecking, Err: err, Attempt: attempt + 1})
		found, ferr := c.findCreated(ctx, r, since, o.otherMedia)
		if ferr != nil {
			return nil, resp, &UnknownOutcomeError{Err: err, CheckErr: ferr}
		}
		if found != nil {
			return found, resp, nil
		}
		if dup {
			// X says it exists but it is not among the recent posts.
			return nil, resp, err
		}
		ambiguous = true
		if attempt >= c.maxRetries {
			// Checked: it is not on X. The failure is certain.
			return nil, resp, err
		}
	}
}

// createdSlack allows for clock difference between this machine and X when
// judging whether a found post was created by this attempt.
const createdSlack = 5 * time.Minute

// errEarlierAttempt is the cause of an UnknownOutcomeError raised before
// sending: an earlier run may have created the post.
var errEarlierAttempt = errors.New("an earlier attempt may have created the post")

// UnknownOutcomeError means a post request failed in a way that leaves
// open whether X created the post (dropped connection, unreadable
// answer, interruption), and it could not be checked. It is never a
// failure: publishing again is safe, since a resumed publish checks X
// before sending.
type UnknownOutcomeError struct {
	Err      error // the failure of the post request
	CheckErr error // the failure of the check; nil when none could be made
}

// Error says that the post may exist and why it could not be checked.
func (e *UnknownOutcomeError) Error() string {
	s := "post outcome unknown: " + e.Err.Error()
	if e.CheckErr != nil {
		s += "; checking recent posts failed: " + e.CheckErr.Error()
	}
	return s
}

// Unwrap returns both causes.
func (e *UnknownOutcomeError) Unwrap() []error {
	if e.CheckErr == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.CheckErr}
}

// Message is a sentence for the user.
func (e *UnknownOutcomeError) Message() string {
	return "it is unknown whether the post went through (the connection to X failed or was interrupted while posting): look at your recent posts (xpost recent) before publishing it again; a resumed thread or draft looks for it first and does not post it twice"
}

// findCreated looks among the user's recent posts for one that matches r
// and was created at or after since.
func (c *Client) findCreated(ctx context.Context, r *CreatePostRequest, since time.Time, otherMedia bool) (*Post, error) {
	me, err := c.CurrentUser(ctx)
	if err != nil {
		return nil, err
	}
	posts, _, err := c.ListUserPosts(ctx, me.ID, &ListOptions{MaxResults: 100})
	if err != nil {
		return nil, err
	}
	for i := range posts {
		p := &posts[i]
		if p.AuthorID != "" && p.AuthorID != me.ID {
			continue
		}
		if !p.CreatedAt.IsZero() && p.CreatedAt.Before(since) {
			continue
		}
		if matchesRequest(p, r, otherMedia) {
			return p, nil
		}
	}
	return nil, nil
}

var urlRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`https?://\S+`)
})

// comparableText undoes what X does to the text of a post on the way back
// (t.co links, normalization, spacing) so that a sent and a returned text
// compare equal. HTML entities and the media link are undone before: by
// decoding, and by [Post.OwnText].
func comparableText(s string) string {
	s = norm.NFC.String(s)
	s = urlRE().ReplaceAllString(s, "<url>")
	return strings.Join(strings.Fields(s), " ")
}

// matchesRequest reports whether p is what r would have created, by what
// X keeps of a post: its own text (without the media link X appends),
// reply target, quoted post, poll and media. With otherMedia the media
// are compared by number only.
func matchesRequest(p *Post, r *CreatePostRequest, otherMedia bool) bool {
	want := ""
	if r.Reply != nil {
		want = r.Reply.InReplyToTweetID
	}
	if p.InReplyTo() != want || p.Quoted() != r.QuoteTweetID {
		return false
	}
	if (r.Poll != nil) != (len(p.PollIDs) > 0) {
		return false
	}
	var ids []string
	if r.Media != nil {
		ids = r.Media.MediaIDs
	}
	if len(p.MediaKeys) != len(ids) {
		return false
	}
	if !otherMedia {
		for i, id := range ids {
			if !strings.HasSuffix(p.MediaKeys[i], "_"+id) && p.MediaKeys[i] != id {
				return false
			}
		}
	}
	return comparableText(p.OwnText()) == comparableText(r.Text)
}

// checkID rejects ids that are not X ids, before they reach a URL path.
func checkID(id string) error {
	if id == "" {
		return errors.New("empty id: pass the numeric id of the post or user")
	}
	if !rules.IsPostID(id) {
		// Users' ids are 64-bit numbers like posts'.
		return fmt.Errorf("%q is not an X id: ids are numbers (the last part of a post's URL)", id)
	}
	return nil
}
