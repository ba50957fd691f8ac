package xapitest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// timelineDepth is how far back GET /2/users/{id}/tweets reaches (X: 3,200
// posts).
const timelineDepth = 3200

// handleUsersMe is GET /2/users/me.
func (s *Server) handleUsersMe(w http.ResponseWriter, r *http.Request, c *call) {
	q := r.URL.Query()
	qf, ok := parseQueryFields(w, q, userExpansionNames())
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.userLocked(c.user.ID)
	if !s.billLocked(w, charge{kind: ChargeUserRead, resources: []string{"user:" + u.ID}}, s.now()) {
		return
	}
	out := map[string]any{"data": s.renderUserLocked(u, qf.user)}
	if qf.expansions["most_recent_tweet_id"] {
		if posts := s.postsByLocked(u.ID); len(posts) > 0 {
			v := &view{viewerID: c.user.ID, section: "includes"}
			out["includes"] = includesJSON{Tweets: []tweetJSON{s.renderTweetLocked(posts[0], qf.tweet, v)}}
			if len(v.errs) > 0 {
				out["errors"] = v.errs
			}
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// paginationToken encodes the position after which the next page starts:
// the id of the oldest post on the current page.
func paginationToken(id string) string {
	n, _ := strconv.ParseUint(id, 10, 64)
	return fmt.Sprintf("7140%016x", n)
}

func parsePaginationToken(tok string) (uint64, bool) {
	rest, ok := strings.CutPrefix(tok, "7140")
	if !ok || len(rest) != 16 {
		return 0, false
	}
	n, err := strconv.ParseUint(rest, 16, 64)
	return n, err == nil
}

// handleUserTweets is GET /2/users/{id}/tweets: the user's posts, newest
// first, paginated with next_token.
func (s *Server) handleUserTweets(w http.ResponseWriter, r *http.Request, c *call) {
	id := r.PathValue("id")
	if !validID(w, "id", id) {
		return
	}
	q := r.URL.Query()
	max := 10
	if v := q.Get("max_results"); q.Has("max_results") {
		n, err := strconv.Atoi(v)
		if err != nil || n < 5 || n > 100 {
			invalidRequest(w, "The `max_results` query parameter value ["+v+"] is not between 5 and 100",
				map[string][]string{"max_results": {v}})
			return
		}
		max = n
	}
	var after uint64 // only posts with a smaller id
	if q.Has("pagination_token") {
		v := q.Get("pagination_token")
		n, ok := parsePaginationToken(v)
		if !ok {
			invalidRequest(w, "The `pagination_token` query parameter value ["+v+"] is not valid",
				map[string][]string{"pagination_token": {v}})
			return
		}
		after = n
	}
	var sinceID, untilID uint64
	for _, p := range []struct {
		name string
		dst  *uint64
	}{{"since_id", &sinceID}, {"until_id", &untilID}} {
		if v := q.Get(p.name); q.Has(p.name) {
			if !validID(w, p.name, v) {
				return
			}
			*p.dst, _ = strconv.ParseUint(v, 10, 64)
		}
	}
	var start, end time.Time
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"start_time", &start}, {"end_time", &end}} {
		if v := q.Get(p.name); q.Has(p.name) {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				invalidRequest(w, "The `"+p.name+"` query parameter value ["+v+"] is not a valid RFC 3339 timestamp (YYYY-MM-DDTHH:mm:ssZ)",
					map[string][]string{p.name: {v}})
				return
			}
			*p.dst = t
		}
	}
	exclude, ok := parseList(w, q, "exclude", setOf("replies", "retweets"))
	if !ok {
		return
	}
	qf, ok := parseQueryFields(w, q, tweetExpansionNames())
	if !ok {
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.userLocked(id) == nil {
		writeJSON(w, http.StatusOK, map[string]any{"errors": []problem{notFoundProblem("user", "id", id)}})
		return
	}
	all := s.postsByLocked(id)
	depth := timelineDepth
	if exclude["replies"] {
		depth = 800
	}
	if len(all) > depth {
		all = all[:depth]
	}
	var matched []*post
	for _, p := range all {
		n, _ := strconv.ParseUint(p.id, 10, 64)
		switch {
		case exclude["replies"] && p.inReplyTo != "":
		case after != 0 && n >= after:
		case sinceID != 0 && n <= sinceID:
		case untilID != 0 && n >= untilID:
		case sinceID == 0 && !start.IsZero() && p.createdAt.Before(start):
		case untilID == 0 && !end.IsZero() && !p.createdAt.Before(end):
		default:
			matched = append(matched, p)
		}
	}
	page := matched
	more := len(page) > max
	if more {
		page = page[:max]
	}
	next := ""
	if more {
		next = paginationToken(page[len(page)-1].id)
	}
	now := s.now()
	if wantsPrivate(qf.tweet) && id == c.user.ID {
		// Asked for the author's private metrics, X leaves out of the
		// page the posts too old to have them, and still pages on: a
		// page may come back short, even empty with a next_token (X's
		// timelines page, "Non-public metrics and pagination").
		page = slices.DeleteFunc(slices.Clone(page), func(p *post) bool { return now.Sub(p.createdAt) >= privateMetricsAge })
	}
	kind := ChargePostRead
	if id == c.user.ID {
		kind = ChargeOwnedRead
	}
	resources := make([]string, len(page))
	for i, p := range page {
		resources[i] = "tweet:" + p.id
	}
	if !s.billLocked(w, charge{kind: kind, resources: resources}, now) {
		return
	}
	if len(page) == 0 {
		meta := map[string]any{"result_count": 0}
		if next != "" {
			meta["next_token"] = next
		}
		writeJSON(w, http.StatusOK, map[string]any{"meta": meta})
		return
	}
	v := &view{viewerID: c.user.ID, section: "data"}
	data := make([]tweetJSON, len(page))
	for i, p := range page {
		data[i] = s.renderTweetLocked(p, qf.tweet, v)
	}
	meta := map[string]any{"result_count": len(page), "newest_id": page[0].id, "oldest_id": page[len(page)-1].id}
	if next != "" {
		meta["next_token"] = next
	}
	out := map[string]any{"data": data, "meta": meta}
	if in := s.includesLocked(page, qf, v); !in.empty() {
		out["includes"] = in
	}
	if len(v.errs) > 0 {
		out["errors"] = v.errs
	}
	writeJSON(w, http.StatusOK, out)
}
