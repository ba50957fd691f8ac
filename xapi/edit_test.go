package xapi_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// clockEnv is a fake X on a fake clock that starts at the real time (so
// tokens minted for the real clock stay valid), with a logged-in demo user.
func clockEnv(t *testing.T, opts xapitest.Options) (*env, *xapitest.FakeClock) {
	t.Helper()
	clock := xapitest.NewFakeClock(time.Now())
	opts.Clock = clock
	return newEnv(t, opts), clock
}

// userClient is a client logged in as another user of e's fake X.
func userClient(t *testing.T, e *env, u xapitest.User) *xapi.Client {
	t.Helper()
	p := e.srv.IssueToken(xapitest.DemoClientID, u.ID, xapi.Scopes)
	store := xapi.NewStore(t.TempDir(), e.srv.URL)
	tok := &xapi.Token{AccessToken: p.AccessToken, RefreshToken: p.RefreshToken,
		Expiry: time.Now().Add(time.Duration(p.ExpiresIn) * time.Second), Scopes: xapi.Scopes, UserID: u.ID, Username: u.Username}
	if err := store.Save(tok); err != nil {
		t.Fatal(err)
	}
	return e.client(t, store)
}

func post(t *testing.T, c *xapi.Client, r *xapi.CreatePostRequest) *xapi.Post {
	t.Helper()
	p, _, err := c.CreatePost(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEditPost(t *testing.T) {
	t.Parallel()
	e, clock := clockEnv(t, xapitest.Options{Premium: true})
	start := clock.Now()
	orig := post(t, e.c, &xapi.CreatePostRequest{Text: "fish &amp chips"})
	clock.Advance(20 * time.Minute)
	v2, _, err := e.c.EditPost(t.Context(), orig.ID, &xapi.CreatePostRequest{Text: "fish & chips"})
	if err != nil {
		t.Fatal(err)
	}
	if v2.ID == orig.ID || v2.Text != "fish & chips" || !slices.Equal(v2.EditHistoryIDs, []string{orig.ID, v2.ID}) {
		t.Fatalf("edit = %+v", v2)
	}
	got, _, err := e.c.GetPost(t.Context(), v2.ID)
	if err != nil {
		t.Fatal(err)
	}
	ec := got.EditControls
	if ec == nil || ec.EditsRemaining != 4 || !ec.EditEligible || !ec.EditableUntil.Equal(start.Add(time.Hour).Truncate(time.Millisecond)) {
		t.Errorf("edit controls = %+v", ec)
	}
	if !ec.CanEdit(clock.Now()) || ec.CanEdit(clock.Now().Add(40*time.Minute)) {
		t.Errorf("CanEdit inside and past the window = %v, %v", ec.CanEdit(clock.Now()), ec.CanEdit(clock.Now().Add(40*time.Minute)))
	}
	if err := xapi.EditableError(got, clock.Now()); err != nil {
		t.Errorf("EditableError inside the window = %v", err)
	}
	if st := e.srv.State(); st.Counters.PostsEdited != 1 {
		t.Errorf("%d edits on the fake", st.Counters.PostsEdited)
	}
}

// TestEditPostRefused: each refusal of X is an EditRefusedError with its
// reason and a message that says what to do instead.
func TestEditPostRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		premium bool
		// setup returns the id to edit.
		setup  func(t *testing.T, e *env, clock *xapitest.FakeClock) string
		reason string
		say    []string
	}{
		{"not premium", false, func(t *testing.T, e *env, _ *xapitest.FakeClock) string {
			return post(t, e.c, &xapi.CreatePostRequest{Text: "typo"}).ID
		}, xapi.EditNeedsPremium, []string{"Premium", "xpost delete"}},
		{"past the window", true, func(t *testing.T, e *env, clock *xapitest.FakeClock) string {
			id := post(t, e.c, &xapi.CreatePostRequest{Text: "typo"}).ID
			clock.Advance(61 * time.Minute)
			return id
		}, xapi.EditWindowClosed, []string{"within an hour", "delete it (`xpost delete", "post the corrected text again"}},
		{"out of edits", true, func(t *testing.T, e *env, _ *xapitest.FakeClock) string {
			id := post(t, e.c, &xapi.CreatePostRequest{Text: "v0"}).ID
			for i := 1; i <= 5; i++ {
				p, _, err := e.c.EditPost(t.Context(), id, &xapi.CreatePostRequest{Text: "v" + string(rune('0'+i))})
				if err != nil {
					t.Fatal(err)
				}
				id = p.ID
			}
			return id
		}, xapi.EditsUsedUp, []string{"as many times", "delete"}},
		{"someone else's", true, func(t *testing.T, e *env, _ *xapitest.FakeClock) string {
			alice := e.srv.AddUser(xapitest.User{Username: "alice", SubscriptionType: "Premium"})
			return post(t, userClient(t, e, alice), &xapi.CreatePostRequest{Text: "mine"}).ID
		}, xapi.EditNotOwn, []string{"not yours"}},
		{"a poll", true, func(t *testing.T, e *env, _ *xapitest.FakeClock) string {
			return post(t, e.c, &xapi.CreatePostRequest{Text: "pick", Poll: &xapi.Poll{Options: []string{"A", "B"}, DurationMinutes: 60}}).ID
		}, xapi.EditIneligible, []string{"poll", "delete"}},
		{"an earlier version", true, func(t *testing.T, e *env, _ *xapitest.FakeClock) string {
			id := post(t, e.c, &xapi.CreatePostRequest{Text: "v0"}).ID
			if _, _, err := e.c.EditPost(t.Context(), id, &xapi.CreatePostRequest{Text: "v1"}); err != nil {
				t.Fatal(err)
			}
			return id
		}, xapi.EditNotLatest, []string{"latest version"}},
		{"deleted", true, func(t *testing.T, e *env, _ *xapitest.FakeClock) string {
			id := post(t, e.c, &xapi.CreatePostRequest{Text: "gone"}).ID
			if _, err := e.c.DeletePost(t.Context(), id); err != nil {
				t.Fatal(err)
			}
			return id
		}, xapi.EditPostGone, []string{"does not exist"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, clock := clockEnv(t, xapitest.Options{Premium: tt.premium})
			id := tt.setup(t, e, clock)
			before := len(e.srv.State().Posts)
			_, _, err := e.c.EditPost(t.Context(), id, &xapi.CreatePostRequest{Text: "fixed"})
			var re *xapi.EditRefusedError
			if !errors.As(err, &re) || re.Reason != tt.reason || re.PostID != id {
				t.Fatalf("err = %v, want an edit refused for %q", err, tt.reason)
			}
			var apiErr *xapi.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 {
				t.Errorf("X's answer is not kept: %v", err)
			}
			for _, s := range tt.say {
				if !strings.Contains(re.Message(), s) {
					t.Errorf("message %q does not say %q", re.Message(), s)
				}
			}
			if n := len(e.srv.State().Posts); n != before {
				t.Errorf("%d posts after a refused edit, want %d", n, before)
			}
		})
	}
}

// TestEditPostLostAnswer: when the edit goes through but its answer is
// lost, EditPost finds the new version instead of editing twice.
func TestEditPostLostAnswer(t *testing.T) {
	t.Parallel()
	e, _ := clockEnv(t, xapitest.Options{Premium: true})
	orig := post(t, e.c, &xapi.CreatePostRequest{Text: "teh"})
	e.srv.SetFaults(xapitest.Faults{FailAfterRate: 1})
	p, _, err := e.c.EditPost(t.Context(), orig.ID, &xapi.CreatePostRequest{Text: "the"})
	e.srv.SetFaults(xapitest.Faults{})
	if err != nil {
		t.Fatal(err)
	}
	st := e.srv.State()
	if st.Counters.PostsEdited != 1 || len(st.Posts) != 2 || p.ID != st.Posts[1].ID || p.Text != "the" {
		t.Errorf("edits %d, posts %+v, found %+v", st.Counters.PostsEdited, st.Posts, p)
	}
}

func TestEditPostBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{Premium: true})
	for _, tc := range []struct {
		id string
		r  *xapi.CreatePostRequest
	}{
		{"abc", &xapi.CreatePostRequest{Text: "x"}},
		{"1", nil},
		{"1", &xapi.CreatePostRequest{Text: "x", Poll: &xapi.Poll{Options: []string{"A", "B"}, DurationMinutes: 5}}},
	} {
		if _, _, err := e.c.EditPost(t.Context(), tc.id, tc.r); err == nil {
			t.Errorf("EditPost(%q, %+v) succeeded", tc.id, tc.r)
		}
	}
	if n := e.srv.Requests(); n != 0 {
		t.Errorf("%d requests for bad input, want 0", n)
	}
}

func TestEditableError(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 8, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		ec   *xapi.EditControls
		want string // reason, "" for editable
	}{
		{"unknown controls", nil, ""},
		{"editable", &xapi.EditControls{EditEligible: true, EditsRemaining: 5, EditableUntil: now.Add(time.Minute)}, ""},
		{"window closed", &xapi.EditControls{EditEligible: true, EditsRemaining: 5, EditableUntil: now}, xapi.EditWindowClosed},
		{"no edits left", &xapi.EditControls{EditEligible: true, EditsRemaining: 0, EditableUntil: now.Add(time.Minute)}, xapi.EditsUsedUp},
		{"never editable", &xapi.EditControls{EditEligible: false, EditsRemaining: 5, EditableUntil: now.Add(time.Minute)}, xapi.EditIneligible},
	}
	for _, tt := range tests {
		err := xapi.EditableError(&xapi.Post{ID: "7", EditControls: tt.ec}, now)
		var re *xapi.EditRefusedError
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (!errors.As(err, &re) || re.Reason != tt.want || !strings.Contains(re.Message(), "xpost delete 7")):
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

// TestPublishEdit: a thread with EditOf goes through the one publish path
// as an edit: planned with edit_options and no reply, sent with EditPost.
func TestPublishEdit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{Premium: true})
	orig := post(t, e.c, &xapi.CreatePostRequest{Text: "1/1 tpyo"})
	th := &xapi.Thread{Posts: []xapi.ThreadPost{{Text: "1/1 typo"}}, EditOf: orig.ID, ReplyTo: "42"}
	plan, err := xapi.PlanThread(th, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r := plan.Posts[0].Request; r.EditOptions == nil || r.EditOptions.PreviousPostID != orig.ID || r.Reply != nil {
		t.Errorf("planned request = %+v", r)
	}
	ids, err := e.c.PublishThread(t.Context(), th, &xapi.MemoryJournal{}, xapi.PublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st := e.srv.State()
	if len(ids) != 1 || st.Counters.PostsEdited != 1 || st.Posts[1].ID != ids[0] || st.Posts[1].Text != "1/1 typo" {
		t.Errorf("ids %v, state %+v", ids, st.Posts)
	}
	for _, bad := range []*xapi.Thread{
		{Posts: []xapi.ThreadPost{{Text: "a"}, {Text: "b"}}, EditOf: orig.ID},
		{Posts: []xapi.ThreadPost{{Text: "a", Poll: &xapi.Poll{Options: []string{"A", "B"}, DurationMinutes: 5}}}, EditOf: orig.ID},
		{Posts: []xapi.ThreadPost{{Text: "a"}}, EditOf: "x1"},
	} {
		if _, err := xapi.PlanThread(bad, nil, 0); err == nil {
			t.Errorf("PlanThread(%+v) accepted an impossible edit", bad)
		}
	}
}

// TestPlanRefusals: on a self-serve plan X's 403s for a quote, an
// unsummoned reply and a second cashtag come back at once, with X's
// reason in the message, and nothing is posted or retried.
func TestPlanRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{Plan: xapitest.PlanPayPerUse})
	alice := e.srv.AddUser(xapitest.User{Username: "alice"})
	theirs := post(t, userClient(t, e, alice), &xapi.CreatePostRequest{Text: "nobody asked"})
	tests := []struct {
		name string
		r    *xapi.CreatePostRequest
		say  string
	}{
		{"quote", &xapi.CreatePostRequest{Text: "look", QuoteTweetID: theirs.ID}, "Quote-posts via the API are not available"},
		{"unsummoned reply", &xapi.CreatePostRequest{Text: "hi", Reply: &xapi.Reply{InReplyToTweetID: theirs.ID}}, "you have not been mentioned"},
		{"two cashtags", &xapi.CreatePostRequest{Text: "$XPST and $BRK.B"}, "maximum of 1 cashtag"},
	}
	for _, tt := range tests {
		before := e.srv.Requests()
		_, _, err := e.c.CreatePost(t.Context(), tt.r)
		var apiErr *xapi.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || !strings.Contains(apiErr.Message(), tt.say) {
			t.Errorf("%s: %v", tt.name, err)
		}
		if n := e.srv.Requests() - before; n != 1 {
			t.Errorf("%s: %d requests, want 1 (no retry, no search)", tt.name, n)
		}
	}
	if st := e.srv.State(); st.Counters.PlanRefused != 3 || len(st.Posts) != 1 {
		t.Errorf("refused %d, posts %d", st.Counters.PlanRefused, len(st.Posts))
	}
}
