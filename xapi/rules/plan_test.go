package rules

import (
	"slices"
	"testing"
)

func TestCheckPlan(t *testing.T) {
	t.Parallel()
	own := &Parent{AuthorID: "1", Text: "mine"}
	mentioned := &Parent{AuthorID: "9", Text: "hey @XpostDemo look"}
	stranger := &Parent{AuthorID: "9", Text: "hello world"}
	tests := []struct {
		name             string
		t                Thread
		plan             string
		parent           *Parent
		refused, flagged []Code
	}{
		{name: "plain", t: Thread{Posts: []Post{{Text: "hi"}}}, plan: PlanPayPerUse},
		{name: "quote pay-per-use", t: Thread{Quote: "5", Posts: []Post{{Text: "hi"}}}, plan: PlanPayPerUse, refused: []Code{QuoteRefused}},
		{name: "quote default plan", t: Thread{Quote: "5", Posts: []Post{{Text: "hi"}}}, refused: []Code{QuoteRefused}},
		{name: "quote legacy", t: Thread{Quote: "5", Posts: []Post{{Text: "hi"}}}, plan: PlanSelfServeLegacy, refused: []Code{QuoteRefused}},
		{name: "quote enterprise", t: Thread{Quote: "5", Posts: []Post{{Text: "hi"}}}, plan: PlanEnterprise},
		{name: "two cashtags", t: Thread{Posts: []Post{{Text: "ok"}, {Text: "$AAPL and $MSFT"}}}, plan: PlanPayPerUse, flagged: []Code{ManyCashtags}},
		{name: "one cashtag", t: Thread{Posts: []Post{{Text: "$AAPL costs $5"}}}, plan: PlanPayPerUse},
		{name: "two cashtags enterprise", t: Thread{Posts: []Post{{Text: "$AAPL and $MSFT"}}}, plan: PlanEnterprise},
		{name: "reply to own", t: Thread{ReplyTo: "5", Posts: []Post{{Text: "hi"}}}, parent: own},
		{name: "reply summoned", t: Thread{ReplyTo: "5", Posts: []Post{{Text: "hi"}}}, parent: mentioned},
		{name: "reply quoting the user", t: Thread{ReplyTo: "5", Posts: []Post{{Text: "hi"}}}, parent: &Parent{AuthorID: "9", QuotesUser: true}},
		{name: "reply to a stranger", t: Thread{ReplyTo: "5", Posts: []Post{{Text: "hi"}}}, parent: stranger, flagged: []Code{ReplyNotSummoned}},
		{name: "reply, parent unknown", t: Thread{ReplyTo: "5", Posts: []Post{{Text: "hi"}}}},
	}
	codes := func(ps []Problem) []Code {
		var out []Code
		for _, p := range ps {
			out = append(out, p.Code)
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, f := CheckPlan(&tt.t, tt.plan, tt.parent, "1", "xpostdemo")
			if !slices.Equal(codes(r), tt.refused) || !slices.Equal(codes(f), tt.flagged) {
				t.Errorf("refused %v flagged %v, want %v and %v", codes(r), codes(f), tt.refused, tt.flagged)
			}
		})
	}
}

func TestHasURL(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]bool{
		"see https://example.com": true, "see example.com": true, "no link here": false, "": false, "a.b": false,
	} {
		if got := HasURL(text); got != want {
			t.Errorf("HasURL(%q) = %v, want %v", text, got, want)
		}
	}
}

func FuzzMentionsCashtags(f *testing.F) {
	for _, s := range []string{"@a $AB", "x@y", "$A.bc!", "＠name"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range Mentions(s) {
			if len(m) == 0 || len(m) > 15 {
				t.Fatalf("mention %q of %q", m, s)
			}
		}
		for _, c := range Cashtags(s) {
			if len(c) == 0 || len(c) > 9 {
				t.Fatalf("cashtag %q of %q", c, s)
			}
		}
	})
}
