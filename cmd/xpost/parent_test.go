package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// parentEnv is a fake X where alice posted once without mentioning the
// demo user and once mentioning it; r is logged in as the demo user.
func parentEnv(t *testing.T, opts xapitest.Options) (srv *xapitest.Server, r *runner, stranger, summoned string) {
	t.Helper()
	srv = fake(t, opts)
	alice := srv.AddUser(xapitest.User{Username: "alice", Name: "Alice"})
	c, err := xapi.NewClient(xapi.StaticToken{T: &xapi.Token{AccessToken: srv.IssueToken(xapitest.DemoClientID, alice.ID, xapi.Scopes).AccessToken}}, xapi.Options{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{"fish & chips", "what do you say, @" + srv.DemoUser().Username + "?"} {
		p, _, err := c.CreatePost(t.Context(), &xapi.CreatePostRequest{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			stranger = p.ID
		} else {
			summoned = p.ID
		}
	}
	return srv, apiRunner(t, srv), stranger, summoned
}

// TestReplyByIDShowsTheParent: a reply typed by id shows the post replied
// to (author and text) in the dry run, text and JSON, and the plan's rule
// on unsummoned replies has it at hand; the read is one paid request,
// recorded in the ledger.
func TestReplyByIDShowsTheParent(t *testing.T) {
	t.Parallel()
	srv, r, stranger, summoned := parentEnv(t, xapitest.Options{})
	before := srv.RequestsTo("GET /2/tweets/:id")
	got := r.run("", "post", "--dry-run", "--reply-to", stranger, "Sounds good")
	wantRun(t, got, 0)
	for _, want := range []string{`replying to @alice: "fish & chips"`, "likely refused", "mentioned you"} {
		if !strings.Contains(got.stdout, want) {
			t.Errorf("dry run lacks %q:\n%s", want, got.stdout)
		}
	}
	got = r.run("", "post", "--dry-run", "--json", "--reply-to", summoned, "Sure")
	wantRun(t, got, 0)
	var out dryRunJSON
	if err := json.Unmarshal([]byte(got.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.ReplyTo == nil || out.ReplyTo.Author != "alice" || !strings.Contains(out.ReplyTo.Text, "what do you say") || len(out.Flagged) != 0 {
		t.Errorf("dry run JSON: reply_to %+v, flagged %v", out.ReplyTo, out.Flagged)
	}
	if out.Posts[0].Kind != "summoned_reply" {
		t.Errorf("a reply to a post that mentioned the user is priced as %q, want summoned_reply", out.Posts[0].Kind)
	}
	if n := srv.RequestsTo("GET /2/tweets/:id") - before; n != 2 {
		t.Errorf("%d reads of the posts replied to, want 2 (one per dry run)", n)
	}

	// Publishing reads it too, once, then posts.
	before = srv.Requests()
	got = r.run("", "post", "--reply-to", summoned, "Count me in")
	wantRun(t, got, 0)
	if n := srv.Requests() - before; n != 2 {
		t.Errorf("a reply by id made %d requests, want 2 (the read of the post replied to, the post)", n)
	}
	got = r.run("", "usage", "--json")
	if !strings.Contains(got.stdout, `"kind":"post_read"`) || !strings.Contains(got.stdout, `"kind":"summoned_reply"`) {
		t.Errorf("the ledger lacks the read or the summoned reply:\n%s", got.stdout)
	}
}

// TestReplyParentNotReadOnEnterprise: where the plan has no rule on
// replies, publishing a reply reads nothing first.
func TestReplyParentNotReadOnEnterprise(t *testing.T) {
	t.Parallel()
	srv, r, stranger, _ := parentEnv(t, xapitest.Options{})
	writeFile(t, r.env["XPOST_CONFIG_DIR"]+"/config.json", `{"plan":"enterprise"}`)
	before := srv.Requests()
	wantRun(t, r.run("", "post", "--reply-to", stranger, "Hello Alice"), 0)
	if n := srv.Requests() - before; n != 1 {
		t.Errorf("a reply on enterprise made %d requests, want 1", n)
	}
}

// TestQuoteByIDShowsTheQuoted: where the plan lets X take quotes, a quote
// typed by id shows the post quoted (author and first line) in the dry
// run, text and JSON, read once per run; where the plan refuses quotes,
// the rule stops it and nothing is spent reading it.
func TestQuoteByIDShowsTheQuoted(t *testing.T) {
	t.Parallel()
	srv, r, stranger, _ := parentEnv(t, xapitest.Options{})
	reads := func() int { return srv.RequestsTo("GET /2/tweets/:id") }

	before := reads()
	got := r.run("", "post", "--dry-run", "--quote", stranger, "Look")
	if got.code == 0 || !strings.Contains(got.stdout+got.stderr, "refuses quote posts") {
		t.Errorf("a quote on pay-per-use: exit %d, want the rule's refusal:\n%s%s", got.code, got.stdout, got.stderr)
	}
	if strings.Contains(got.stdout, "quoting @alice") {
		t.Errorf("a quote the plan refuses was read:\n%s", got.stdout)
	}
	if n := reads() - before; n != 0 {
		t.Errorf("a quote the plan refuses made %d reads, want 0", n)
	}

	writeFile(t, r.env["XPOST_CONFIG_DIR"]+"/config.json", `{"plan":"enterprise"}`)
	before = reads()
	got = r.run("", "post", "--dry-run", "--quote", stranger, "Look")
	wantRun(t, got, 0)
	if !strings.Contains(got.stdout, `quoting @alice: "fish & chips"`) {
		t.Errorf("dry run lacks the post quoted:\n%s", got.stdout)
	}
	got = r.run("", "post", "--dry-run", "--json", "--quote", stranger, "Look")
	wantRun(t, got, 0)
	var out dryRunJSON
	if err := json.Unmarshal([]byte(got.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.Quote == nil || out.Quote.Type != "quoted" || out.Quote.ID != stranger || out.Quote.Author != "alice" || out.Quote.Text != "fish & chips" || out.ReplyTo != nil {
		t.Errorf("dry run JSON: quote %+v, reply_to %+v", out.Quote, out.ReplyTo)
	}
	if n := reads() - before; n != 2 {
		t.Errorf("%d reads of the post quoted, want 2 (one per dry run)", n)
	}
	got = r.run("", "usage", "--json")
	if !strings.Contains(got.stdout, `"kind":"post_read"`) {
		t.Errorf("the ledger lacks the read:\n%s", got.stdout)
	}
}
