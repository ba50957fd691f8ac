package xapi

import (
	"context"
	"net/http"

	"github.com/xpostdev/xpost/xapi/billing"
	"github.com/xpostdev/xpost/xapi/rules"
)

// Subscription types X reports in subscription_type.
const (
	SubscriptionNone        = "None"
	SubscriptionBasic       = "Basic"
	SubscriptionPremium     = "Premium"
	SubscriptionPremiumPlus = "PremiumPlus"
)

// Weighted post length limits (package rules holds the table).
const (
	StandardLimit = rules.StandardLimit
	PremiumLimit  = rules.PremiumLimit
)

// User is an X account.
type User struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Username string `json:"username"`
	// SubscriptionType is "None", "Basic", "Premium" or "PremiumPlus".
	SubscriptionType string       `json:"subscription_type,omitempty"`
	Verified         bool         `json:"verified,omitempty"`
	ProfileImageURL  string       `json:"profile_image_url,omitempty"`
	Metrics          *UserMetrics `json:"public_metrics,omitempty"`
}

// UserMetrics are the account's public counts.
type UserMetrics struct {
	Followers int `json:"followers_count"`
	Following int `json:"following_count"`
	Posts     int `json:"tweet_count"`
	Listed    int `json:"listed_count"`
	Likes     int `json:"like_count,omitempty"`
}

// MaxPostLength is the weighted length limit of the account's posts:
// 25,000 for Premium and Premium+ (long posts), 280 otherwise.
func (u *User) MaxPostLength() int {
	if u != nil && (u.SubscriptionType == SubscriptionPremium || u.SubscriptionType == SubscriptionPremiumPlus) {
		return PremiumLimit
	}
	return StandardLimit
}

const userFields = "created_at,description,profile_image_url,public_metrics,subscription_type,verified"

// Me asks X who the logged-in user is (GET /2/users/me). The answer is
// remembered for [Client.CurrentUser] and handed to Options.OnAccount.
func (c *Client) Me(ctx context.Context) (*User, *Response, error) {
	req, err := c.NewRequest(ctx, http.MethodGet, "2/users/me?user.fields="+userFields, nil)
	if err != nil {
		return nil, nil, err
	}
	var out struct {
		Data   *User         `json:"data"`
		Errors []ErrorDetail `json:"errors"`
	}
	resp, err := c.Do(ctx, req, &out)
	if err != nil {
		return nil, resp, err
	}
	if out.Data == nil {
		return nil, resp, partialError(resp, out.Errors)
	}
	c.meMu.Lock()
	c.me = out.Data
	c.meMu.Unlock()
	c.record(billing.UserRead, "user:"+out.Data.ID)
	if c.onAccount != nil {
		me := *out.Data
		c.onAccount(&me)
	}
	return out.Data, resp, nil
}

// CurrentUser returns the logged-in user: the account saved with the
// login (Options.Account) or already read, else X's answer to [Client.Me].
func (c *Client) CurrentUser(ctx context.Context) (*User, error) {
	c.meMu.Lock()
	me := c.me
	c.meMu.Unlock()
	if me != nil {
		return me, nil
	}
	me, _, err := c.Me(ctx)
	return me, err
}

// partialError reports a 2xx answer that carries errors and no data.
func partialError(resp *Response, errs []ErrorDetail) error {
	e := &APIError{StatusCode: resp.StatusCode, Errors: errs, Method: resp.Request.Method, Path: resp.Request.URL.Path}
	if len(errs) > 0 {
		e.Type, e.Title, e.Detail = errs[0].Type, errs[0].Title, errs[0].Detail
	} else {
		e.Title = "answer without data"
	}
	return e
}
