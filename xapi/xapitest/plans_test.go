package xapitest

import (
	"net/http"
	"slices"
	"testing"

	"github.com/xpostdev/xpost/xapi/rules"
)

// TestPlanRules: the self-serve plans refuse quote posts, replies to
// authors who did not summon the user, and more than one cashtag, each
// with X's 403; enterprise and no plan refuse none of them.
func TestPlanRules(t *testing.T) {
	t.Parallel()
	type req = map[string]any
	tests := []struct {
		name string
		// body builds the request from the ids of alice's posts: one
		// that mentions the user, one that does not, one that quotes a
		// post of the user's, and one of the user's own.
		body   func(mention, plain, quoting, own string) req
		detail string // the 403's detail under a self-serve plan; "" if allowed
	}{
		{"a quote post", func(_, plain, _, _ string) req { return req{"text": "look", "quote_tweet_id": plain} }, msgQuoteNotAllowed},
		{"a reply to a post that mentions the user", func(mention, _, _, _ string) req {
			return req{"text": "thanks", "reply": req{"in_reply_to_tweet_id": mention}}
		}, ""},
		{"a reply to a post that quotes the user", func(_, _, quoting, _ string) req {
			return req{"text": "indeed", "reply": req{"in_reply_to_tweet_id": quoting}}
		}, ""},
		{"a reply to a post that does not summon the user", func(_, plain, _, _ string) req {
			return req{"text": "hi", "reply": req{"in_reply_to_tweet_id": plain}}
		}, msgReplyNotSummoned},
		{"a reply to the user's own post", func(_, _, _, own string) req {
			return req{"text": "and more", "reply": req{"in_reply_to_tweet_id": own}}
		}, ""},
		{"one cashtag", func(string, string, string, string) req { return req{"text": "buying $XPST today"} }, ""},
		{"two cashtags", func(string, string, string, string) req { return req{"text": "$XPST or $BRK.B?"} }, msgTooManyCashtags},
		{"a dollar amount is no cashtag", func(string, string, string, string) req { return req{"text": "$5 and $XPST"} }, ""},
	}
	for _, plan := range []string{"", PlanPayPerUse, PlanSelfServeLegacy, PlanEnterprise} {
		t.Run("plan "+plan, func(t *testing.T) {
			t.Parallel()
			s, _, tok := newTestServer(t, Options{Plan: plan})
			alice := s.AddUser(User{Username: "alice"})
			aliceTok := s.IssueToken(DemoClientID, alice.ID, allScopes).AccessToken
			own := createPost(t, s, tok, map[string]any{"text": "mine"})
			mention := createPost(t, s, aliceTok, map[string]any{"text": "what do you think, @XpostDemo?"})
			plain := createPost(t, s, aliceTok, map[string]any{"text": "nobody asked"})
			// Alice may quote (the test's plan binds the whole app);
			// seed her quote directly when the plan forbids it.
			quoting := s.seedQuote(t, alice.ID, own)
			for i, tt := range tests {
				body := tt.body(mention, plain, quoting, own)
				body["text"] = body["text"].(string) + " " + string(rune('a'+i)) // no duplicates across cases
				r := do(t, s, http.MethodPost, "/2/tweets", tok, body, "")
				want := ""
				if selfServe(plan) {
					want = tt.detail
				}
				switch {
				case want == "" && r.status != http.StatusCreated:
					t.Errorf("%s = %d %s, want 201", tt.name, r.status, r.body)
				case want != "" && (r.status != http.StatusForbidden ||
					string(r.body) != `{"detail":"`+want+`","title":"Forbidden","type":"about:blank","status":403}`):
					t.Errorf("%s = %d %s, want 403 %q", tt.name, r.status, r.body, want)
				}
			}
			refused := 0
			if selfServe(plan) {
				refused = 3
			}
			if st := s.State(); st.Counters.PlanRefused != refused || st.Plan != plan {
				t.Errorf("state: %d refused by the plan, plan %q", st.Counters.PlanRefused, st.Plan)
			}
		})
	}
}

// seedQuote stores a post by authorID that quotes id, bypassing the plan
// rules, and returns its id.
func (s *Server) seedQuote(t *testing.T, authorID, id string) string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &post{authorID: authorID, text: "quoting you", createdAt: s.now(), quoteOf: id}
	p.id = s.nextIDLocked()
	p.conversationID = p.id
	p.chain = s.newChainLocked(p, s.userLocked(authorID))
	s.addPostLocked(p)
	return p.id
}

func TestEntities(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text               string
		mentions, cashtags []string
	}{
		{text: "hi @alice and @Bob_2!", mentions: []string{"alice", "Bob_2"}},
		{text: "mail me@example.com or @@x", mentions: nil},
		{text: "＠alice", mentions: []string{"alice"}},
		{text: "@abcdefghijklmnopq is too long", mentions: nil},
		{text: "$AAPL, $BRK.B and $goog.", cashtags: []string{"AAPL", "BRK.B", "goog"}},
		{text: "$5 $TOOLONGX a$BC $AB1", cashtags: nil},
		{text: "$XPST", cashtags: []string{"XPST"}},
	}
	for _, tt := range tests {
		if got := rules.Mentions(tt.text); !slices.Equal(got, tt.mentions) {
			t.Errorf("rules.Mentions(%q) = %q, want %q", tt.text, got, tt.mentions)
		}
		if got := rules.Cashtags(tt.text); !slices.Equal(got, tt.cashtags) {
			t.Errorf("rules.Cashtags(%q) = %q, want %q", tt.text, got, tt.cashtags)
		}
	}
}

func FuzzEntities(f *testing.F) {
	for _, s := range []string{"@a $B", "＠x $AB.CD", "$", "@", "a@b$c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, m := range rules.Mentions(text) {
			if len(m) < 1 || len(m) > 15 {
				t.Errorf("mention %q of %q", m, text)
			}
		}
		for _, c := range rules.Cashtags(text) {
			if len(c) < 1 || len(c) > 9 {
				t.Errorf("cashtag %q of %q", c, text)
			}
		}
		_ = hasURL(text)
	})
}
