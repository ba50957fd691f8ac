package xapi

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// PrivateMetricsAge is how long after posting X gives the author a post's
// non-public and organic metrics.
const PrivateMetricsAge = 30 * 24 * time.Hour

// privateMetricsSlack keeps clear of the 30-day edge: a post X already
// counts as older (its clock may differ) would be missing from the
// answer, not wrong.
const privateMetricsSlack = time.Hour

// addPrivateMetrics fills NonPublicMetrics and OrganicMetrics of the
// user's posts (newest first) that are young enough to have them. Asked
// for these fields, X leaves older posts out of a timeline page, so they
// are asked in a second request bounded to the ids of the young posts,
// never in the listing itself. On pay-per-use the posts were read the
// same UTC day, which X does not bill again.
// With excludeReplies the listing left replies out, and so does this.
func (c *Client) addPrivateMetrics(ctx context.Context, userID string, posts []Post, excludeReplies bool) error {
	cutoff := c.now().Add(-PrivateMetricsAge + privateMetricsSlack)
	var newest, oldest uint64
	young := 0
	for i := range posts {
		p := &posts[i]
		if p.CreatedAt.IsZero() || !p.CreatedAt.After(cutoff) || (p.AuthorID != "" && p.AuthorID != userID) {
			continue
		}
		id, err := strconv.ParseUint(p.ID, 10, 64)
		if err != nil {
			continue
		}
		if young == 0 || id > newest {
			newest = id
		}
		if young == 0 || id < oldest {
			oldest = id
		}
		young++
	}
	if young == 0 || oldest == 0 {
		return nil
	}
	q := url.Values{
		"tweet.fields": {privateFields},
		"since_id":     {strconv.FormatUint(oldest-1, 10)},
		"until_id":     {strconv.FormatUint(newest+1, 10)},
		"max_results":  {strconv.Itoa(min(max(young, 5), 100))},
	}
	if excludeReplies {
		q.Set("exclude", "replies")
	}
	req, err := c.NewRequest(ctx, http.MethodGet, "2/users/"+userID+"/tweets?"+q.Encode(), nil)
	if err != nil {
		return err
	}
	var out struct {
		Data []Post `json:"data"`
	}
	if _, err := c.Do(ctx, req, &out); err != nil {
		return err
	}
	c.recordRead(true, out.Data)
	byID := make(map[string]*Post, len(out.Data))
	for i := range out.Data {
		byID[out.Data[i].ID] = &out.Data[i]
	}
	for i := range posts {
		if m := byID[posts[i].ID]; m != nil {
			posts[i].NonPublicMetrics, posts[i].OrganicMetrics = m.NonPublicMetrics, m.OrganicMetrics
		}
	}
	return nil
}
