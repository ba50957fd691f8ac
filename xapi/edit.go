package xapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Why X refuses an edit ([EditRefusedError.Reason]).
const (
	// EditWindowClosed: the post is older than X's edit window (an hour).
	EditWindowClosed = "window closed"
	// EditsUsedUp: the post has been edited as many times as X allows.
	EditsUsedUp = "no edits left"
	// EditNeedsPremium: only X Premium subscribers may edit.
	EditNeedsPremium = "not premium"
	// EditNotOwn: the post is someone else's.
	EditNotOwn = "not own post"
	// EditIneligible: the post can never be edited (a poll, a reply to
	// someone else's post).
	EditIneligible = "not editable"
	// EditNotLatest: the post has been edited since; only its latest
	// version may be edited.
	EditNotLatest = "not latest version"
	// EditPostGone: the post does not exist (any more).
	EditPostGone = "post gone"
	// EditRefused: X refused for a reason it did not make clear.
	EditRefused = "refused"
)

// EditRefusedError is X's refusal of an edit, or xpost's own when the
// post's edit controls already show that X would refuse it. Err is X's
// answer, nil for a refusal decided before sending.
type EditRefusedError struct {
	// PostID is the post that was to be edited.
	PostID string
	// Reason is one of the Edit* reasons.
	Reason string
	// Until is when the edit window closed, when known.
	Until time.Time
	Err   *APIError
}

// Error names the post and the reason, and X's words when it answered.
func (e *EditRefusedError) Error() string {
	s := "x api: edit of " + e.PostID + " refused (" + e.Reason + ")"
	if e.Err != nil {
		s += ": " + e.Err.describe()
	}
	return s
}

// Unwrap returns X's answer.
func (e *EditRefusedError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// deleteAndRepost is the way out when X will not edit a post.
const deleteAndRepost = "to change it now, delete it (`xpost delete ID`) and post the corrected text again"

// Message says why the post cannot be edited and what to do instead.
func (e *EditRefusedError) Message() string {
	fix := strings.Replace(deleteAndRepost, "ID", e.PostID, 1)
	switch e.Reason {
	case EditWindowClosed:
		when := ""
		if !e.Until.IsZero() {
			when = " (its window closed at " + e.Until.Local().Format("15:04, Jan 2") + ")"
		}
		return "this post can no longer be edited: X allows edits only within an hour of posting" + when + "; " + fix
	case EditsUsedUp:
		return "this post has been edited as many times as X allows (5); " + fix
	case EditNeedsPremium:
		return "X lets only X Premium subscribers edit posts: subscribe to Premium, or " + strings.TrimPrefix(fix, "to change it now, ")
	case EditNotOwn:
		return "post " + e.PostID + " is not yours: you can edit only your own posts; check the id"
	case EditIneligible:
		return "X does not allow editing this post (only an X Premium account's posts can be edited, and never posts with a poll or replies to other people's posts); " + fix
	case EditNotLatest:
		return "post " + e.PostID + " has been edited since: edit its latest version instead (`xpost recent` lists it)"
	case EditPostGone:
		return "post " + e.PostID + " does not exist any more (or is not visible to you): check the id"
	}
	d := ""
	if e.Err != nil {
		d = " (" + e.Err.describe() + ")"
	}
	return "X refused the edit" + d + "; " + fix
}

// editRefusal reads X's refusal of an edit of id: a 403 (or a 404) whose
// detail says why. X's wording for these is not on record, so the reason
// is read from the words any such sentence must use.
func editRefusal(id string, apiErr *APIError) *EditRefusedError {
	d := strings.ToLower(apiErr.describe())
	reason := EditRefused
	switch {
	case apiErr.IsNotFound() || strings.Contains(d, "deleted or not visible") || strings.Contains(d, "does not exist"):
		reason = EditPostGone
	case strings.Contains(d, "premium") || strings.Contains(d, "subscri"):
		reason = EditNeedsPremium
	case strings.Contains(d, "belong") || strings.Contains(d, "your own") || strings.Contains(d, "not the author"):
		reason = EditNotOwn
	case strings.Contains(d, "latest"):
		reason = EditNotLatest
	case strings.Contains(d, "window") || strings.Contains(d, "no longer") || strings.Contains(d, "expired"):
		reason = EditWindowClosed
	case strings.Contains(d, "maximum") || strings.Contains(d, "edits remaining") || strings.Contains(d, "number of times"):
		reason = EditsUsedUp
	case strings.Contains(d, "eligible") || strings.Contains(d, "cannot be edited"):
		reason = EditIneligible
	}
	return &EditRefusedError{PostID: id, Reason: reason, Err: apiErr}
}

// EditableError reports, from a post's edit controls (as GetPost and
// RecentPosts read them), why X would refuse to edit it at now; nil when
// it may be edited, or when the controls are unknown (X then decides).
func EditableError(p *Post, now time.Time) error {
	e := p.EditControls
	if e == nil {
		return nil
	}
	refused := func(reason string) error {
		return &EditRefusedError{PostID: p.ID, Reason: reason, Until: e.EditableUntil}
	}
	switch {
	case !e.EditEligible:
		return refused(EditIneligible)
	case e.EditsRemaining <= 0:
		return refused(EditsUsedUp)
	case !e.EditableUntil.IsZero() && !now.Before(e.EditableUntil):
		return refused(EditWindowClosed)
	}
	return nil
}

// Now is the client's clock (Options.Now), against which times X gives,
// such as the end of a post's edit window, are judged.
func (c *Client) Now() time.Time { return c.now() }

// EditPost replaces the user's post previousID with a new version made of
// r (POST /2/tweets with edit_options.previous_post_id) and returns the
// new version, which X gives a new id. X allows it for an X Premium
// user's own post within an hour of posting, five times; a refusal is an
// [*EditRefusedError] that says why and what to do instead.
//
// An edit is not safe to repeat, so after a failure that leaves the
// outcome unknown (dropped connection, lost answer, 5xx) EditPost first
// reads the post's edit history, and sends again only when no newer
// version with the same text is there. When even that check fails the
// error is an [*UnknownOutcomeError].
func (c *Client) EditPost(ctx context.Context, previousID string, r *CreatePostRequest) (*Post, *Response, error) {
	if err := checkID(previousID); err != nil {
		return nil, nil, err
	}
	if r == nil {
		return nil, nil, errors.New("nothing to edit the post with: give the new text")
	}
	if r.Poll != nil {
		return nil, nil, errors.New("an edit cannot add a poll: post a new post with the poll instead")
	}
	er := *r
	er.EditOptions = &EditOptions{PreviousPostID: previousID}
	for attempt := 0; ; attempt++ {
		p, resp, err := c.createPostOnce(ctx, &er)
		if err == nil {
			return p, resp, nil
		}
		var apiErr *APIError
		if errors.As(err, &apiErr) && (apiErr.StatusCode == http.StatusForbidden || apiErr.StatusCode == http.StatusNotFound) {
			return nil, resp, editRefusal(previousID, apiErr)
		}
		if !isTransient(err) {
			if ctx.Err() != nil {
				return nil, resp, &UnknownOutcomeError{Err: err}
			}
			return nil, resp, err
		}
		if ctx.Err() != nil {
			return nil, resp, &UnknownOutcomeError{Err: err}
		}
		d := c.backoff(attempt + 1)
		emit(ctx, Event{Kind: EventRetrying, Err: err, Wait: d, Attempt: attempt + 1})
		if serr := c.sleep(ctx, d); serr != nil {
			return nil, resp, &UnknownOutcomeError{Err: err, CheckErr: serr}
		}
		emit(ctx, Event{Kind: EventChecking, Err: err, Attempt: attempt + 1})
		found, ferr := c.findEdit(ctx, previousID, &er)
		if ferr != nil {
			return nil, resp, &UnknownOutcomeError{Err: err, CheckErr: ferr}
		}
		if found != nil {
			return found, resp, nil
		}
		if attempt >= c.maxRetries {
			return nil, resp, err
		}
	}
}

// checkEdit rejects a thread that cannot be published as an edit of
// t.EditOf: an edit replaces one post, and cannot add a poll.
func checkEdit(t *Thread) error {
	if err := checkID(t.EditOf); err != nil {
		return err
	}
	if len(t.Posts) != 1 {
		return fmt.Errorf("an edit replaces one post: give one post, not %d", len(t.Posts))
	}
	if t.Posts[0].Poll != nil {
		return errors.New("an edit cannot add a poll: post a new post with the poll instead")
	}
	return nil
}

// findEdit looks for the version an edit of previousID would have
// created: a version newer than previousID in its edit history, with the
// text and number of media of r.
func (c *Client) findEdit(ctx context.Context, previousID string, r *CreatePostRequest) (*Post, error) {
	prev, _, err := c.GetPost(ctx, previousID)
	if err != nil {
		return nil, err
	}
	hist := prev.EditHistoryIDs
	if len(hist) == 0 || hist[len(hist)-1] == previousID {
		return nil, nil
	}
	latest, _, err := c.GetPost(ctx, hist[len(hist)-1])
	if err != nil {
		return nil, err
	}
	media := 0
	if r.Media != nil {
		media = len(r.Media.MediaIDs)
	}
	if len(latest.MediaKeys) == media && comparableText(latest.OwnText()) == comparableText(r.Text) {
		return latest, nil
	}
	return nil, nil
}
