package xapi_test

import (
	"testing"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestReplyTarget: the post replied to comes with its author and text (as
// typed, unescaped), whether it summons the user, and is read once per
// client: the second ask makes no request.
func TestReplyTarget(t *testing.T) {
	t.Parallel()
	e, _ := clockEnv(t, xapitest.Options{})
	me, err := e.c.CurrentUser(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	alice := e.srv.AddUser(xapitest.User{Username: "alice", Name: "Alice"})
	ac := userClient(t, e, alice)
	plain := post(t, ac, &xapi.CreatePostRequest{Text: "fish & chips"})
	mention := post(t, ac, &xapi.CreatePostRequest{Text: "what do you think, @" + me.Username + "?"})
	mine := post(t, e.c, &xapi.CreatePostRequest{Text: "my own"})
	quoting := post(t, ac, &xapi.CreatePostRequest{Text: "look at this", QuoteTweetID: mine.ID})
	for _, tc := range []struct {
		name    string
		id      string
		author  string
		text    string
		summons bool
	}{
		{"a stranger's post", plain.ID, "alice", "fish & chips", false},
		{"a post that mentions the user", mention.ID, "alice", "what do you think, @" + me.Username + "?", true},
		{"the user's own post", mine.ID, me.Username, "my own", true},
		{"a post quoting the user", quoting.ID, "alice", "look at this", true},
	} {
		before := e.srv.Requests()
		got, err := e.c.ReplyTarget(t.Context(), tc.id)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got.ID != tc.id || got.Author != tc.author || got.Text != tc.text {
			t.Errorf("%s: target = %+v", tc.name, got)
		}
		if s := got.Parent().Summons(me.ID, me.Username); s != tc.summons {
			t.Errorf("%s: summons = %v, want %v", tc.name, s, tc.summons)
		}
		if n := e.srv.Requests() - before; n != 1 {
			t.Errorf("%s: %d requests, want 1", tc.name, n)
		}
		if _, err := e.c.ReplyTarget(t.Context(), tc.id); err != nil {
			t.Fatal(err)
		}
		if n := e.srv.Requests() - before; n != 1 {
			t.Errorf("%s: asked again: %d requests in all, want 1", tc.name, n)
		}
	}
	if _, err := e.c.ReplyTarget(t.Context(), "99999999999"); err == nil {
		t.Error("a missing post read without error")
	}
}
