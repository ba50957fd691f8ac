package xapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xpostdev/xpost/xapi/rules"
)

// ErrLoginRequired means there is no usable login: no saved token, or a
// refresh token X no longer accepts. The remedy is `xpost login`. Check it
// with errors.Is; the error returned may be a [*LoginRequiredError] that
// says why.
var ErrLoginRequired = errors.New("not logged in to X: run `xpost login`")

// LoginRequiredError says why a login is needed. It matches
// [ErrLoginRequired] with errors.Is.
type LoginRequiredError struct {
	// Reason is a short lower-case phrase, e.g. "the saved login has
	// expired or was revoked".
	Reason string
	// Command is the command that logs in; "" means `xpost login`. A login
	// to another API base names that base (`xpost --api-base URL login`).
	Command string
	// Err is the underlying cause, if any (an [*OAuthError] for a dead
	// refresh token).
	Err error
}

// Error says why a login is needed and which command gives one.
func (e *LoginRequiredError) Error() string {
	cmd := e.Command
	if cmd == "" {
		cmd = "xpost login"
	}
	return e.Reason + ": run `" + cmd + "`"
}

// Is makes errors.Is(err, ErrLoginRequired) true.
func (e *LoginRequiredError) Is(target error) bool { return target == ErrLoginRequired }

// Unwrap returns the cause.
func (e *LoginRequiredError) Unwrap() error { return e.Err }

// Message is the sentence to show the user.
func (e *LoginRequiredError) Message() string { return e.Error() }

// ErrorDetail is one entry of an X "errors" array: a partial error of a
// 200 answer, or the details of a 400.
type ErrorDetail struct {
	Type         string `json:"type,omitempty"`
	Title        string `json:"title,omitempty"`
	Detail       string `json:"detail,omitempty"`
	Message      string `json:"message,omitempty"`
	Parameter    string `json:"parameter,omitempty"`
	Value        any    `json:"value,omitempty"`
	ResourceID   string `json:"resource_id,omitempty"`
	ResourceType string `json:"resource_type,omitempty"`
}

// Text is the most specific description the detail carries.
func (d ErrorDetail) Text() string {
	switch {
	case d.Message != "":
		return d.Message
	case d.Detail != "":
		return d.Detail
	default:
		return d.Title
	}
}

// APIError is an error answer of the X API: an RFC 7807 problem (type,
// title, detail) plus any "errors" array. A 200 answer that carries only
// errors (for example a post that does not exist) is reported as an
// APIError too, with the HTTP status it came with.
type APIError struct {
	StatusCode int
	// Type is the problem type URI, e.g.
	// "https://api.twitter.com/2/problems/invalid-request" or "about:blank".
	Type   string
	Title  string
	Detail string
	// Reason is set by some problems (e.g. client-forbidden).
	Reason string
	// Errors are the nested or partial errors.
	Errors []ErrorDetail
	// Method and Path name the request (no query string, no host).
	Method string
	Path   string
}

// ProblemType is the last path segment of Type ("invalid-request",
// "usage-capped", ...), which is stable across the api.twitter.com and
// api.x.com spellings. It is "" for about:blank.
func (e *APIError) ProblemType() string {
	if e.Type == "" || e.Type == "about:blank" {
		return ""
	}
	return e.Type[strings.LastIndex(e.Type, "/")+1:]
}

// ConsoleURL is the X developer console, where a developer account buys
// pay-per-use credits and sees its usage and caps.
const ConsoleURL = "https://console.x.com"

// ErrOutOfCredits matches (errors.Is) X's answer that the developer
// account has no pay-per-use credits left: HTTP 402, problem
// CreditsDepleted. Trying again does not help until credits are added in
// the developer console ([ConsoleURL]).
var ErrOutOfCredits = errors.New("the X developer account is out of API credits")

// Is makes errors.Is(err, ErrOutOfCredits) true for an out-of-credits
// answer.
func (e *APIError) Is(target error) bool {
	return target == ErrOutOfCredits && e.OutOfCredits()
}

// OutOfCredits reports whether X refused the request because the
// developer account's pay-per-use balance is empty. Both shapes seen in
// 2026 count (".../problems/credits" titled CreditsDepleted, and
// ".../problems/credits-depleted"), and so does any 402.
func (e *APIError) OutOfCredits() bool {
	return e.StatusCode == http.StatusPaymentRequired || strings.HasPrefix(e.ProblemType(), "credits") ||
		strings.EqualFold(e.Title, "CreditsDepleted")
}

// IsDuplicate reports whether X refused a post because the same account
// already posted the same text.
func (e *APIError) IsDuplicate() bool {
	if e.StatusCode != http.StatusForbidden {
		return false
	}
	return strings.Contains(strings.ToLower(e.describe()), "duplicate")
}

// LacksPermission reports whether X refused the request because the
// login lacks a permission (scope) it needs, which a new login that
// approves every permission fixes. A bare "Forbidden" is what X answers a
// token that lacks a scope.
func (e *APIError) LacksPermission() bool {
	if e.StatusCode != http.StatusForbidden || e.IsDuplicate() || e.ProblemType() == "client-forbidden" {
		return false
	}
	d := e.describe()
	return e.ProblemType() == "not-authorized-for-resource" || strings.Contains(strings.ToLower(d), "scope") ||
		strings.EqualFold(d, "Forbidden")
}

// IsNotFound reports whether the resource does not exist (any more).
func (e *APIError) IsNotFound() bool {
	return e.StatusCode == http.StatusNotFound || e.ProblemType() == "resource-not-found"
}

// PlanRule is the self-serve rule X's 403 says a post broke:
// rules.QuoteRefused, rules.ManyCashtags or rules.ReplyNotSummoned, or ""
// for any other answer. xpost checks the same rules before sending (see
// [Plan.Check]) and words both alike.
func (e *APIError) PlanRule() rules.Code {
	if e.StatusCode != http.StatusForbidden {
		return ""
	}
	d := strings.ToLower(e.describe())
	switch {
	case strings.Contains(d, "cashtag"):
		return rules.ManyCashtags
	case strings.Contains(d, "quote") && !strings.Contains(d, "deleted or not visible"):
		return rules.QuoteRefused
	case strings.Contains(d, "mentioned or otherwise engaged"), strings.Contains(d, "reply to this conversation is not allowed"):
		return rules.ReplyNotSummoned
	}
	return ""
}

// planRuleMessages word X's refusals as the check before sending does.
var planRuleMessages = map[rules.Code]string{
	rules.QuoteRefused:     rules.MsgQuoteRefused,
	rules.ManyCashtags:     rules.MsgManyCashtags,
	rules.ReplyNotSummoned: rules.MsgReplyNotSummoned,
}

// describe joins the detail and nested messages X sent.
func (e *APIError) describe() string {
	parts := []string{}
	if e.Detail != "" && !strings.EqualFold(e.Detail, e.Title) {
		parts = append(parts, e.Detail)
	}
	for _, d := range e.Errors {
		if t := d.Text(); t != "" && t != e.Detail {
			parts = append(parts, t)
		}
	}
	if len(parts) == 0 && e.Title != "" {
		parts = append(parts, e.Title)
	}
	return strings.Join(parts, "; ")
}

// Error gives the request and X's problem, for logs; Message is for people.
func (e *APIError) Error() string {
	s := fmt.Sprintf("x api: %s %s: %d", e.Method, e.Path, e.StatusCode)
	if d := e.describe(); d != "" {
		s += " " + d
	}
	return s
}

// Message is a sentence for the user that says what happened and what to
// do about it.
func (e *APIError) Message() string {
	d := e.describe()
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		return "X did not accept the saved login: run `xpost login`"
	case e.OutOfCredits():
		return "your X developer account is out of API credits, so X refuses API requests: add credits in the developer console (" +
			ConsoleURL + "), then run the command again"
	case e.IsDuplicate():
		return "X refuses a post with the same text as one you already posted: change the text and try again"
	case e.ProblemType() == "client-forbidden":
		return "X does not allow this app to use the API (" + d + "): check the app's project and access level in the X developer console"
	case e.LacksPermission():
		return "the saved login lacks a permission this needs: run `xpost login` again and approve every permission"
	case e.PlanRule() != "":
		return planRuleMessages[e.PlanRule()] + " (X said: " + d + ")"
	case e.StatusCode == http.StatusForbidden:
		return "X refused this (" + d + "): check the post against X's rules (replies, quotes and cashtags are restricted for API apps)"
	case e.IsNotFound():
		return "X could not find it (" + d + "): it may have been deleted; check the id"
	case e.StatusCode == http.StatusBadRequest || e.ProblemType() == "invalid-request":
		return "X rejected the request (" + d + "): fix it and try again"
	case e.StatusCode >= 500:
		return "X is having trouble (" + strconv.Itoa(e.StatusCode) + "): try again in a moment"
	default:
		return "X answered " + strconv.Itoa(e.StatusCode) + " (" + d + "): try again later"
	}
}

// RateLimitError is a 429: X wants the client to wait. The caller decides
// whether to wait until [RateLimitError.RetryAt] or give up; a zero
// RetryAt means waiting will not help (a usage cap) or nobody knows for
// how long, and the caller should stop.
type RateLimitError struct {
	// Limit names the limit that was hit: "15-minute window", "user
	// 24-hour cap", "app 24-hour cap", "monthly usage cap" or "daily
	// usage cap" (a product cap of the developer account, see
	// [RateLimitError.UsageCapped]), or "unannounced limit" (a 429 while
	// the 15-minute window had requests left and no 24-hour header said
	// why).
	Limit string
	// Period is the usage cap's period as X names it, "Monthly" or
	// "Daily"; empty for other limits.
	Period string
	// Reset is when the limit resets; zero if X did not say.
	Reset time.Time
	// Rate is the per-window limit information of the answer.
	Rate Rate
	// Problem is the problem body X sent, if any.
	Problem *APIError
}

// RetryAt is when trying again may succeed; zero if unknown or not
// worth waiting for. It is never in the past.
func (e *RateLimitError) RetryAt() time.Time { return e.Reset }

// UsageCapped reports whether the developer account's product cap for the
// period (X's "usage-capped" problem) is used up. It lasts until the cap
// resets, usually with the next billing month, so it is not waited out.
func (e *RateLimitError) UsageCapped() bool {
	return e.Problem != nil && e.Problem.ProblemType() == "usage-capped"
}

// Error names the limit that was hit and when it resets.
func (e *RateLimitError) Error() string {
	if e.Reset.IsZero() {
		return "x api: rate limited (" + e.Limit + ")"
	}
	return "x api: rate limited (" + e.Limit + ") until " + e.Reset.UTC().Format(time.RFC3339)
}

// Message is a sentence for the user that says when to try again.
func (e *RateLimitError) Message() string {
	switch {
	case e.UsageCapped():
		when := "the cap resets (for a monthly cap, with the next billing period)"
		switch e.Period {
		case "Daily":
			when = "the daily cap resets"
		case "Monthly":
			when = "the monthly cap resets with the next billing period"
		}
		return "your X developer account has used up its " + e.Limit + ", so X refuses these requests until " + when +
			": waiting a few minutes does not help; see usage and caps in the developer console (" + ConsoleURL + ")"
	case e.Limit == limitUnannounced && e.Reset.IsZero():
		return "X refused the request as rate limited although its 15-minute window had requests left, which points to a daily or monthly limit of the account or app: try again later, and check usage in the developer console (" + ConsoleURL + ")"
	}
	if e.Reset.IsZero() {
		return "X's " + e.Limit + " is used up: try again later"
	}
	return "X's " + e.Limit + " is used up: try again after " + e.Reset.Local().Format("15:04 (Jan 2)")
}

// OAuthError is an error answer of the OAuth endpoints (token, revoke):
// RFC 6749's error code and description. It never includes a token.
type OAuthError struct {
	StatusCode  int
	Code        string // e.g. "invalid_request", "unauthorized_client"
	Description string
	// Refresh is true for the answer to renewing a saved login, where the
	// advice differs from a fresh login's.
	Refresh bool
}

// Error gives the OAuth error code and X's description, never a token.
func (e *OAuthError) Error() string {
	s := "x oauth: " + e.Code
	if e.Code == "" {
		s = "x oauth: status " + strconv.Itoa(e.StatusCode)
	}
	if e.Description != "" {
		s += ": " + e.Description
	}
	return s
}

// said is X's own description, in parentheses, or X's error code when it
// gave no description.
func (e *OAuthError) said() string {
	switch {
	case e.Description != "":
		return " (X said: " + e.Description + ")"
	case e.Code != "":
		return " (X said: " + e.Code + ")"
	case e.StatusCode != 0:
		return " (status " + strconv.Itoa(e.StatusCode) + ")"
	}
	return ""
}

// spentToken reports whether X refused the refresh token or code itself:
// used already, revoked, expired. X answers a spent refresh token with
// invalid_request "Value passed for the token was invalid."
func (e *OAuthError) spentToken() bool {
	switch e.Code {
	case "invalid_grant":
		return true
	case "invalid_request":
		d := strings.ToLower(e.Description)
		return strings.Contains(d, "token") || strings.Contains(d, "code") || d == ""
	}
	return false
}

// transient reports whether trying again later may succeed as it is.
func (e *OAuthError) transient() bool {
	return e.Code == "temporarily_unavailable" || e.Code == "server_error" ||
		e.StatusCode >= 500 || e.StatusCode == http.StatusTooManyRequests
}

// Message is a sentence for the user that gives X's reason and the next
// step that fits it.
func (e *OAuthError) Message() string {
	switch {
	case e.Code == "unauthorized_client" || e.Code == "invalid_client":
		return "X did not accept the app's client id or secret" + e.said() +
			": check client_id (XPOST_CLIENT_ID, --client-id) against the app's OAuth 2.0 Client ID in the X developer console, " +
			"and give --client-secret only for a confidential app (type Web App or Automated App)"
	case e.Code == "access_denied":
		return "the login was not approved in the browser: run `xpost login` and approve it"
	case e.Code == "invalid_scope":
		return "X refused the permissions xpost asks for" + e.said() + ": check the app's permissions (Read and write) in the X developer console, then run `xpost login`"
	case e.transient():
		if e.Refresh {
			return "X's login service is having trouble" + e.said() + ": the saved login is kept; try again in a few minutes"
		}
		return "X's login service is having trouble" + e.said() + ": try `xpost login` again in a few minutes"
	case e.Refresh && e.spentToken():
		return "X no longer accepts the saved login" + e.said() +
			": it was used by another copy of xpost, revoked under Connected apps, or expired; run `xpost login`"
	case e.spentToken():
		return "X did not accept the login" + e.said() + ": the code expired or was used; run `xpost login` again and finish within a minute"
	case e.Code == "invalid_request" || e.Code == "unsupported_grant_type":
		return "X refused the login request" + e.said() + ": check --api-base and the app's type in the X developer console"
	default:
		return "X's login service answered an error" + e.said() + ": run `xpost login` again"
	}
}

// NetworkError is a failure to get any answer from X: connection refused,
// dropped, reset or timed out. For a request that changes something the
// outcome is unknown: the server may or may not have acted.
type NetworkError struct {
	Op  string // method and path, e.g. "POST /2/tweets"
	Err error
}

// Error names the operation that failed and the network's reason.
func (e *NetworkError) Error() string { return "x api: " + e.Op + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *NetworkError) Unwrap() error { return e.Err }

// Message is a sentence for the user; a timeout says what it waited for.
func (e *NetworkError) Message() string {
	if te, ok := errors.AsType[*TimeoutError](e.Err); ok {
		return te.Message()
	}
	if isTimeout(e.Err) {
		return (&TimeoutError{Op: e.Op, Wait: timeoutWait(e.Err)}).Message()
	}
	return "could not reach X (" + e.Err.Error() + "): check the network connection and try again"
}

// TimeoutError is a network wait that ran past its bound: no connection,
// no answer, or an answer (or upload) that stopped moving. It reaches
// callers inside a [*NetworkError]: for a request that changes something
// the outcome is unknown.
type TimeoutError struct {
	Op string // method and path, e.g. "GET /2/users/me"
	// Wait is what was awaited: "an answer", "more of the answer", ...
	Wait string
	// After is the bound that ran out; zero when not known.
	After time.Duration
}

// Error names the request and what timed out.
func (e *TimeoutError) Error() string {
	s := "timed out waiting for " + e.Wait
	if e.After > 0 {
		s += " (" + e.After.String() + ")"
	}
	return s
}

// Timeout marks the error as a timeout for net.Error checks.
func (e *TimeoutError) Timeout() bool { return true }

// Temporary is part of net.Error.
func (e *TimeoutError) Temporary() bool { return true }

// Message says what timed out and what to do.
func (e *TimeoutError) Message() string {
	s := "X did not answer in time: " + e.Op + " timed out waiting for " + e.Wait
	if e.After > 0 {
		s += " after " + e.After.String()
	}
	return s + "; check the network connection (or whether X is down) and try again"
}

// problemBody is the union of the error shapes X sends.
type problemBody struct {
	Type   string        `json:"type"`
	Title  string        `json:"title"`
	Detail string        `json:"detail"`
	Reason string        `json:"reason"`
	Period string        `json:"period"`
	Scope  string        `json:"scope"`
	Errors []ErrorDetail `json:"errors"`
	// Legacy v1.1 style: {"errors":[{"code":88,"message":"..."}]} decodes
	// into Errors.
}

// errorFromResponse builds the typed error for a non-2xx answer.
func errorFromResponse(resp *Response, body []byte, now time.Time) error {
	r := resp.Response
	e := &APIError{StatusCode: r.StatusCode, Method: r.Request.Method, Path: r.Request.URL.Path}
	var p problemBody
	if json.Unmarshal(body, &p) == nil {
		e.Type, e.Title, e.Detail, e.Reason, e.Errors = p.Type, p.Title, p.Detail, p.Reason, p.Errors
	}
	if e.Title == "" && e.Detail == "" && len(e.Errors) == 0 {
		e.Title = http.StatusText(r.StatusCode)
	}
	if r.StatusCode == http.StatusTooManyRequests {
		return rateLimitError(resp, e, p.Period, now)
	}
	return e
}

// limitUnannounced is RateLimitError.Limit for a 429 that no header
// explains.
const limitUnannounced = "unannounced limit"

// Bounds on the wait a 429 asks for. X's answers are not always
// consistent (NOTES §5.5): a reset already past, a Retry-After of zero or
// of centuries. A reset that is not in the future is read as "wait a
// minute", so that a caller that waits and retries never spins; one that
// is absurdly far is capped at a year (no wait is longer anyway, and the
// value must not overflow into the past).
const (
	minRateLimitWait = time.Minute
	maxRetryAfter    = 366 * 24 * time.Hour
)

// rateLimitError reads a 429: which limit was hit and when it resets. The
// body and the 24-hour headers are trusted over the 15-minute window (a
// 429 can come while x-rate-limit-remaining is still positive). A usage
// cap gets no reset time: it lasts until the period ends, and a caller
// must not sleep until then.
func rateLimitError(resp *Response, e *APIError, period string, now time.Time) *RateLimitError {
	rl := &RateLimitError{Rate: resp.Rate, Problem: e}
	switch {
	case e.ProblemType() == "usage-capped":
		rl.Limit, rl.Period = "usage cap", period
		if period != "" {
			rl.Limit = strings.ToLower(period) + " usage cap"
		}
		return rl
	case resp.UserDaily.Known() && resp.UserDaily.Remaining == 0:
		rl.Limit, rl.Reset = "user 24-hour cap", resp.UserDaily.Reset
	case resp.AppDaily.Known() && resp.AppDaily.Remaining == 0:
		rl.Limit, rl.Reset = "app 24-hour cap", resp.AppDaily.Reset
	case resp.Rate.Known() && resp.Rate.Remaining > 0:
		// Not the window: some cap X does not announce. Only an explicit
		// Retry-After says when it may pass.
		rl.Limit = limitUnannounced
	default:
		rl.Limit, rl.Reset = "15-minute window", resp.Rate.Reset
	}
	if rl.Reset.IsZero() {
		if s, err := strconv.ParseInt(strings.TrimSpace(resp.Header.Get("Retry-After")), 10, 64); err == nil && s >= 0 {
			rl.Reset = now.Add(min(time.Duration(min(s, int64(maxRetryAfter/time.Second)))*time.Second, maxRetryAfter))
		}
	}
	if !rl.Reset.IsZero() && !rl.Reset.After(now) {
		rl.Reset = now.Add(minRateLimitWait)
	}
	if rl.Reset.After(now.Add(maxRetryAfter)) {
		rl.Reset = now.Add(maxRetryAfter)
	}
	return rl
}
