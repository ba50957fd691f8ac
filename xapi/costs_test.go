package xapi_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/billing"
	"github.com/xpostdev/xpost/xapi/rules"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestPublishPlanRefusesByPlan: with Pricing, the one publish path
// refuses a quote post on a self-serve plan before any request, and sends
// it on an enterprise plan.
func TestPublishPlanRefusesByPlan(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{DemoPosts: true})
	target := e.srv.State().Posts[0].ID
	th := &xapi.Thread{QuoteID: target, Posts: []xapi.ThreadPost{{Text: "look"}}}
	p, err := xapi.PlanThread(th, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	before := e.srv.Requests()
	_, err = e.c.PublishPlan(t.Context(), p, &xapi.MemoryJournal{}, xapi.PublishOptions{Pricing: &xapi.Pricing{Plan: rules.PlanSelfServeLegacy}})
	if pe, ok := errors.AsType[*xapi.PlanRefusedError](err); !ok || pe.Problems[0].Code != rules.QuoteRefused {
		t.Fatalf("err = %v, want the quote refused", err)
	}
	if n := e.srv.Requests() - before; n != 0 {
		t.Errorf("the refused publish made %d requests", n)
	}
	if _, err := e.c.PublishPlan(t.Context(), p, &xapi.MemoryJournal{}, xapi.PublishOptions{Pricing: &xapi.Pricing{Plan: rules.PlanEnterprise}}); err != nil {
		t.Fatalf("enterprise: %v", err)
	}
}

// TestPlanCheckCosts prices each post as X bills it: a link makes a post a
// post_url, a reply to a post that mentioned the user is a summoned reply,
// a part already posted costs nothing, prices can be overridden, and a
// plan not billed per request costs nothing.
func TestPlanCheckCosts(t *testing.T) {
	t.Parallel()
	me := &xapi.User{ID: "1", Username: "xpostdemo"}
	th := &xapi.Thread{ReplyTo: "77", Posts: []xapi.ThreadPost{{Text: "thanks @friend"}, {Text: "see x.com/about"}, {Text: "done"}}}
	j := &xapi.MemoryJournal{}
	if err := j.RecordPost(2, "99"); err != nil {
		t.Fatal(err)
	}
	p, err := xapi.PlanThread(th, j, 0)
	if err != nil {
		t.Fatal(err)
	}
	parent := &rules.Parent{AuthorID: "5", Text: "@xpostdemo what do you think?"}
	tests := []struct {
		name  string
		pr    xapi.Pricing
		kinds []billing.Kind
		total billing.Cost
	}{
		{"summoned", xapi.Pricing{User: me, Parent: parent}, []billing.Kind{billing.SummonedReply, billing.PostURL, ""}, 210},
		{"parent unknown", xapi.Pricing{User: me}, []billing.Kind{billing.Post, billing.PostURL, ""}, 215},
		{"override", xapi.Pricing{User: me, Prices: billing.Prices{billing.PostURL: 100}}, []billing.Kind{billing.Post, billing.PostURL, ""}, 115},
		{"legacy", xapi.Pricing{Plan: rules.PlanSelfServeLegacy, User: me}, []billing.Kind{billing.Post, billing.PostURL, ""}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ch := p.Check(tt.pr)
			var kinds []billing.Kind
			for _, pc := range ch.Posts {
				kinds = append(kinds, pc.Kind)
			}
			if !slices.Equal(kinds, tt.kinds) || ch.Total != tt.total {
				t.Errorf("kinds %v total %v, want %v %v", kinds, ch.Total, tt.kinds, tt.total)
			}
		})
	}
}
