package xapitest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/xpostdev/xpost/textcount"
)

// duplicateWindow is how far back a post counts for the duplicate-content
// check.
const duplicateWindow = 24 * time.Hour

// maxJSONBody bounds JSON request bodies other than media segments.
const maxJSONBody = 1 << 20

// post is a stored post.
type post struct {
	// text is the text as sent; link is the t.co link of the attached
	// media, appended to it in every answer (see storedText).
	id, authorID, text string
	link               string
	createdAt          time.Time
	inReplyTo          string
	inReplyToUserID    string
	quoteOf            string
	conversationID     string
	mediaIDs           []string
	mediaKeys          []string
	poll               *pollData
	replySettings      string
	paidPartnership    bool
	long               bool // longer than 280 weighted characters
	metrics            tweetMetrics
	private            privateMetrics
	chain              *editChain // shared by every version of the post
	deleted            bool
}

type pollData struct {
	id              string
	options         []string
	durationMinutes int
	ends            time.Time
}

// createRequest is the body of POST /2/tweets (spec TweetCreateRequest).
// The spec forbids properties it does not define, at every level, so the
// struct names them all and decoding rejects anything else.
type createRequest struct {
	Text  *string `json:"text"`
	Media *struct {
		MediaIDs       []string        `json:"media_ids"`
		TaggedUserIDs  []string        `json:"tagged_user_ids"`
		PreviewMediaID string          `json:"preview_media_id"`
		Title          string          `json:"title"`
		Description    string          `json:"description"`
		Embeddable     *bool           `json:"embeddable"`
		CallToActions  json.RawMessage `json:"call_to_actions"`
	} `json:"media"`
	Poll *struct {
		Options         []string `json:"options"`
		DurationMinutes *int     `json:"duration_minutes"`
		ReplySettings   string   `json:"reply_settings"`
	} `json:"poll"`
	Reply *struct {
		InReplyToTweetID          string   `json:"in_reply_to_tweet_id"`
		ExcludeReplyUserIDs       []string `json:"exclude_reply_user_ids"`
		AutoPopulateReplyMetadata bool     `json:"auto_populate_reply_metadata"`
	} `json:"reply"`
	QuoteTweetID          string `json:"quote_tweet_id"`
	ReplySettings         string `json:"reply_settings"`
	CardURI               string `json:"card_uri"`
	DirectMessageDeepLink string `json:"direct_message_deep_link"`
	ForSuperFollowersOnly bool   `json:"for_super_followers_only"`
	Nullcast              bool   `json:"nullcast"`
	PaidPartnership       bool   `json:"paid_partnership"`
	MadeWithAI            bool   `json:"made_with_ai"`
	CommunityID           string `json:"community_id"`
	ShareWithFollowers    bool   `json:"share_with_followers"`
	Geo                   *struct {
		PlaceID string `json:"place_id"`
	} `json:"geo"`
	EditOptions *struct {
		PreviousPostID string `json:"previous_post_id"`
	} `json:"edit_options"`
}

var replySettingsValues = []string{"following", "mentionedUsers", "subscribers", "verified"}

// decodeJSONBody enforces X's JSON content type and decodes the body into
// v, answering 400 itself on failure.
func decodeJSONBody(w http.ResponseWriter, r *http.Request, limit int64, v any) bool {
	return decodeJSON(w, r, limit, v, false)
}

// decodeStrictJSONBody is decodeJSONBody for schemas that forbid
// properties they do not define.
func decodeStrictJSONBody(w http.ResponseWriter, r *http.Request, limit int64, v any) bool {
	return decodeJSON(w, r, limit, v, true)
}

func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any, strict bool) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/json" {
		invalidRequest(w, msgJSONContentType, nil)
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, limit))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			invalidRequest(w, fmt.Sprintf("The request body is larger than %d bytes.", limit), nil)
			return false
		}
		if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			field = strings.Trim(field, `"`)
			invalidRequest(w, "$."+field+": is not defined in the schema and the schema does not allow additional properties",
				map[string][]string{field: {}})
			return false
		}
		invalidRequest(w, "The request body is not valid JSON: "+err.Error(), nil)
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		invalidRequest(w, "The request body must hold exactly one JSON object.", nil)
		return false
	}
	return true
}

// handleCreateTweet is POST /2/tweets.
func (s *Server) handleCreateTweet(w http.ResponseWriter, r *http.Request, c *call) {
	var req createRequest
	if !decodeStrictJSONBody(w, r, maxJSONBody, &req) {
		return
	}
	if !validateCreateShape(w, &req) {
		return
	}
	text := ""
	if req.Text != nil {
		text = *req.Text
	}
	long := false
	if text != "" {
		premium := c.user.SubscriptionType == "Premium" || c.user.SubscriptionType == "PremiumPlus"
		res := textcount.Parse(text)
		long = res.WeightedLength > 280
		limit := textcount.DefaultConfig.MaxWeightedTweetLength
		if premium {
			res = textcount.ParseWith(text, textcount.PremiumConfig)
			limit = textcount.PremiumConfig.MaxWeightedTweetLength
		}
		switch {
		case res.WeightedLength > limit:
			invalidRequest(w, msgTooLong, map[string][]string{"text": {text}})
			return
		case !res.Valid:
			invalidRequest(w, msgInvalidText, map[string][]string{"text": {text}})
			return
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	p := &post{authorID: c.user.ID, text: text, createdAt: now, long: long,
		replySettings: req.ReplySettings, paidPartnership: req.PaidPartnership}
	if req.Media != nil {
		kinds := map[string]int{}
		for _, id := range req.Media.MediaIDs {
			m := s.media[id]
			if m == nil || m.ownerID != c.user.ID || m.effectiveStateLocked(now) != stateSucceeded ||
				!now.Before(m.usableUntil) {
				invalidRequest(w, msgMediaInvalid, map[string][]string{"media.media_ids": req.Media.MediaIDs})
				return
			}
			kinds[m.kind()]++
			p.mediaIDs = append(p.mediaIDs, id)
			p.mediaKeys = append(p.mediaKeys, m.key)
		}
		if len(kinds) > 1 || kinds["animated_gif"] > 1 || kinds["video"] > 1 {
			invalidRequest(w, "Your media IDs combine types that cannot be posted together: up to 4 images, or 1 GIF, or 1 video.",
				map[string][]string{"media.media_ids": req.Media.MediaIDs})
			return
		}
	}
	var prev *post // the version an edit replaces
	if req.EditOptions != nil {
		if prev = s.editableLocked(w, c.user, &req, now); prev == nil {
			return
		}
		p.inReplyTo, p.inReplyToUserID, p.quoteOf = prev.inReplyTo, prev.inReplyToUserID, prev.quoteOf
		p.conversationID = prev.conversationID
	}
	var target *post // the post replied to
	if req.Reply != nil && prev == nil {
		target = s.postByID[req.Reply.InReplyToTweetID]
		if target == nil || target.deleted {
			genericProblem(w, http.StatusForbidden, msgReplyMissing)
			return
		}
		p.inReplyTo = target.id
		p.inReplyToUserID = target.authorID
		p.conversationID = target.conversationID
	}
	if req.QuoteTweetID != "" && prev == nil {
		q := s.postByID[req.QuoteTweetID]
		if q == nil || q.deleted {
			genericProblem(w, http.StatusForbidden, msgQuoteMissing)
			return
		}
		p.quoteOf = q.id
	}
	if s.planRefusalLocked(w, c.user, text, target, req.QuoteTweetID != "" && prev == nil) {
		return
	}
	if text != "" {
		if d := s.duplicateLocked(c.user.ID, text, now); d != nil && (prev == nil || d.chain != prev.chain) {
			genericProblem(w, http.StatusForbidden, msgDuplicate)
			return
		}
	}
	if s.opts.DailyPostCap > 0 && !s.limits.dailyCheck(w.Header(), c.user.ID, s.opts.DailyPostCap, now) {
		genericProblem(w, http.StatusTooManyRequests, "Too Many Requests")
		return
	}
	if !s.usageCapCheckLocked(now) {
		s.writeUsageCapped(w)
		return
	}
	summoned := target != nil && target.authorID != c.user.ID && s.summonedLocked(target, c.user)
	if !s.billLocked(w, createCharge(text, summoned), now) {
		return
	}
	p.id = s.nextIDLocked()
	if p.conversationID == "" {
		p.conversationID = p.id
	}
	if req.Poll != nil {
		p.poll = &pollData{id: s.nextIDLocked(), options: append([]string(nil), req.Poll.Options...),
			durationMinutes: *req.Poll.DurationMinutes,
			ends:            now.Add(time.Duration(*req.Poll.DurationMinutes) * time.Minute)}
	}
	if len(p.mediaIDs) > 0 && !s.opts.NoMediaLinks {
		p.link = mediaLink(p.id)
	}
	if prev != nil {
		p.chain = prev.chain
		p.chain.ids = append(p.chain.ids, p.id)
		p.chain.remaining--
		s.counters.PostsEdited++
	} else {
		p.chain = s.newChainLocked(p, c.user)
	}
	s.addPostLocked(p)
	s.usage.used++
	if s.opts.DailyPostCap > 0 {
		s.limits.dailyUse(w.Header(), c.user.ID, s.opts.DailyPostCap)
	}
	// The create answer of an image or GIF post already carries the media
	// link; that of a video post was seen without it (NOTES §5.5).
	answer := p.storedText()
	if len(p.mediaKeys) > 0 && strings.HasPrefix(p.mediaKeys[0], "13_") {
		answer = p.text
	}
	writeJSON(w, http.StatusCreated, map[string]any{"data": map[string]any{
		"id": p.id, "text": s.wireText(answer), "edit_history_tweet_ids": slices.Clone(p.chain.ids),
	}})
}

func (s *Server) addPostLocked(p *post) {
	s.posts = append(s.posts, p)
	s.postByID[p.id] = p
	s.byText[textKey(p.authorID, p.text)] = p
	s.counters.PostsCreated++
}

// validateCreateShape checks the parts of a create request that need no
// stored state: required text, exclusive features, poll and reply-settings
// rules, media id counts. It answers 400 itself.
func validateCreateShape(w http.ResponseWriter, req *createRequest) bool {
	hasText := req.Text != nil && *req.Text != ""
	hasMedia := req.Media != nil
	if !hasText && !hasMedia {
		invalidRequest(w, "$.text: is missing but it is required (posts without media need text)", map[string][]string{"text": {""}})
		return false
	}
	if req.EditOptions != nil {
		if !idPattern().MatchString(req.EditOptions.PreviousPostID) {
			invalidRequest(w, "$.edit_options.previous_post_id: must be a post id (1 to 19 digits)",
				map[string][]string{"edit_options.previous_post_id": {req.EditOptions.PreviousPostID}})
			return false
		}
		if req.Poll != nil {
			invalidRequest(w, "$.poll: a poll cannot be added by an edit", map[string][]string{"poll": {}})
			return false
		}
	}
	present := []struct {
		name string
		on   bool
	}{
		{"media", hasMedia}, {"poll", req.Poll != nil}, {"quote_tweet_id", req.QuoteTweetID != ""},
		{"card_uri", req.CardURI != ""},
	}
	for i := range present {
		for j := i + 1; j < len(present); j++ {
			if present[i].on && present[j].on {
				invalidRequest(w, fmt.Sprintf("The fields [%s] and [%s] are mutually exclusive.", present[i].name, present[j].name),
					map[string][]string{present[i].name: {}, present[j].name: {}})
				return false
			}
		}
	}
	if req.CardURI != "" && req.DirectMessageDeepLink != "" {
		invalidRequest(w, "The fields [card_uri] and [direct_message_deep_link] are mutually exclusive.", nil)
		return false
	}
	if hasMedia {
		ids := req.Media.MediaIDs
		if len(ids) < 1 || len(ids) > 4 {
			invalidRequest(w, fmt.Sprintf("$.media.media_ids: expected between 1 and 4 items, found: %d", len(ids)),
				map[string][]string{"media.media_ids": ids})
			return false
		}
		for _, id := range ids {
			if !idPattern().MatchString(id) {
				invalidRequest(w, "$.media.media_ids: ["+id+"] does not match ^[0-9]{1,19}$", map[string][]string{"media.media_ids": ids})
				return false
			}
		}
	}
	if req.Poll != nil && !validatePoll(w, req) {
		return false
	}
	if req.ReplySettings != "" && !contains(replySettingsValues, req.ReplySettings) {
		invalidRequest(w, "$.reply_settings: does not have a value in the enumeration [following, mentionedUsers, subscribers, verified]",
			map[string][]string{"reply_settings": {req.ReplySettings}})
		return false
	}
	if req.Reply != nil && !idPattern().MatchString(req.Reply.InReplyToTweetID) {
		invalidRequest(w, "$.reply.in_reply_to_tweet_id: must be a post id (1 to 19 digits)",
			map[string][]string{"reply.in_reply_to_tweet_id": {req.Reply.InReplyToTweetID}})
		return false
	}
	if req.QuoteTweetID != "" && !idPattern().MatchString(req.QuoteTweetID) {
		invalidRequest(w, "$.quote_tweet_id: must be a post id (1 to 19 digits)",
			map[string][]string{"quote_tweet_id": {req.QuoteTweetID}})
		return false
	}
	return true
}

// validatePoll checks 2–4 options of 1–25 characters and a duration of
// 5–10080 minutes. Characters are Unicode code points after NFC
// normalization, the same unit the 25-character limit is stated in.
func validatePoll(w http.ResponseWriter, req *createRequest) bool {
	opts := req.Poll.Options
	if len(opts) < 2 || len(opts) > 4 {
		invalidRequest(w, fmt.Sprintf("$.poll.options: expected between 2 and 4 items, found: %d", len(opts)),
			map[string][]string{"poll.options": opts})
		return false
	}
	for _, o := range opts {
		n := utf8.RuneCountInString(norm.NFC.String(o))
		if n < 1 || n > 25 {
			invalidRequest(w, fmt.Sprintf("$.poll.options: option [%s] must be 1 to 25 characters long, found: %d", o, n),
				map[string][]string{"poll.options": opts})
			return false
		}
	}
	d := req.Poll.DurationMinutes
	if d == nil {
		invalidRequest(w, "$.poll.duration_minutes: is missing but it is required", map[string][]string{"poll.duration_minutes": {}})
		return false
	}
	if *d < 5 || *d > 10080 {
		invalidRequest(w, fmt.Sprintf("$.poll.duration_minutes: must be between 5 and 10080, found: %d", *d),
			map[string][]string{"poll.duration_minutes": {strconv.Itoa(*d)}})
		return false
	}
	return true
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// duplicateLocked returns user's live post with the same text from the
// last 24 hours, which X refuses to post again (403), or nil.
func (s *Server) duplicateLocked(userID, text string, now time.Time) *post {
	p := s.byText[textKey(userID, text)]
	if p != nil && !p.deleted && now.Sub(p.createdAt) <= duplicateWindow {
		return p
	}
	return nil
}

// textKey indexes a user's newest post with a given text.
func textKey(userID, text string) string { return userID + "\x00" + text }

// handleGetTweet is GET /2/tweets/{id}. A missing post is a 200 with a
// resource-not-found partial error, as X answers.
func (s *Server) handleGetTweet(w http.ResponseWriter, r *http.Request, c *call) {
	id := r.PathValue("id")
	if !validID(w, "id", id) {
		return
	}
	qf, ok := parseQueryFields(w, r.URL.Query(), tweetExpansionNames())
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.postByID[id]
	if p == nil || p.deleted {
		writeJSON(w, http.StatusOK, map[string]any{"errors": []problem{notFoundProblem("tweet", "id", id)}})
		return
	}
	now := s.now()
	if !s.billLocked(w, charge{kind: ChargePostRead, resources: []string{"tweet:" + p.id}}, now) {
		return
	}
	v := &view{viewerID: c.user.ID, section: "data"}
	out := map[string]any{"data": s.renderTweetLocked(p, qf.tweet, v)}
	if in := s.includesLocked([]*post{p}, qf, v); !in.empty() {
		out["includes"] = in
	}
	if len(v.errs) > 0 {
		out["errors"] = v.errs
	}
	writeJSON(w, http.StatusOK, out)
}

// handleDeleteTweet is DELETE /2/tweets/{id}: only the author may delete;
// an unknown or already deleted post is a 404 resource-not-found.
func (s *Server) handleDeleteTweet(w http.ResponseWriter, r *http.Request, c *call) {
	id := r.PathValue("id")
	if !validID(w, "id", id) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.postByID[id]
	if p == nil || p.deleted {
		nf := notFoundProblem("tweet", "id", id)
		nf.Status = http.StatusNotFound
		writeProblem(w, http.StatusNotFound, nf)
		return
	}
	if p.authorID != c.user.ID {
		genericProblem(w, http.StatusForbidden, "You are not allowed to delete a Tweet that does not belong to you.")
		return
	}
	if !s.billLocked(w, charge{kind: ChargeDelete}, s.now()) {
		return
	}
	// Deleting any version of an edited post deletes them all (X's
	// edit-posts page).
	for _, vid := range p.chain.ids {
		if q := s.postByID[vid]; q != nil {
			q.deleted = true
			if k := textKey(q.authorID, q.text); s.byText[k] == q {
				delete(s.byText, k)
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]bool{"deleted": true}})
}

// postsByLocked returns user's live posts, newest first: of an edited
// post, its latest version only, as X's timelines show it.
func (s *Server) postsByLocked(userID string) []*post {
	var out []*post
	for i := len(s.posts) - 1; i >= 0; i-- {
		if p := s.posts[i]; !p.deleted && p.authorID == userID && p.latest() {
			out = append(out, p)
		}
	}
	return out
}

// seedDemoPosts gives the demo user a short history for --demo.
func (s *Server) seedDemoPosts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	texts := []string{
		"Hello from xpost, a terminal composer for X.",
		"Threads, polls, images and alt text, all from the terminal. #xpost",
		"This account lives on a fake X server: nothing here leaves your machine.",
	}
	now := s.now()
	for i, t := range texts {
		p := &post{authorID: "1", text: t, createdAt: now.Add(time.Duration(i-len(texts)) * time.Hour),
			metrics: tweetMetrics{LikeCount: 3 * (i + 1), RetweetCount: i, ReplyCount: 1, ImpressionCount: 100 * (i + 1)}}
		p.id = s.nextIDLocked()
		p.conversationID = p.id
		p.private = privateMetrics{URLLinkClicks: i, UserProfileClicks: 2 * (i + 1), Engagements: 5 * (i + 1)}
		p.chain = s.newChainLocked(p, s.users[0])
		s.addPostLocked(p)
	}
	s.counters.PostsCreated = 0
}
