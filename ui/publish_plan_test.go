package ui

import (
	"strings"
	"testing"

	"github.com/xpostdev/xpost/ui/draft"
)

// planningServices is the fake services with a Planner that answers the
// given lines, remembering what it was asked.
type planningServices struct {
	*fakeServices
	plan  PublishPlan
	asked []draft.Draft
}

func (p *planningServices) PlanPublish(d draft.Draft, j Journal, limit int) (PublishPlan, error) {
	p.asked = append(p.asked, d)
	return p.plan, nil
}

// TestPublishShowsPlan opens the confirmation with Services that can plan:
// it shows what X receives, as Services described it, under the thread.
func TestPublishShowsPlan(t *testing.T) {
	t.Parallel()
	svc := &planningServices{fakeServices: newFakeServices(), plan: PublishPlan{Requests: []string{
		`upload 1 for parts 1: /pics/cat.png (image/png, 73 bytes) with alt text "A red square"`,
		`POST /2/tweets (part 1 of 3): {"text":"A thread"}`,
	}, Costs: []string{"part 1: $0.015 (post)", "total: $0.045 on pay-per-use"}}}
	e := testEnv(t, svc)
	d := testThread()
	sc, cmd := newPublishScreenFor(e, openRequest{Draft: d.Clone()})
	if cmd == nil {
		t.Fatal("no plan asked for")
	}
	s := sc.(*publishScreen)
	s.Update(cmd())
	if len(svc.asked) != 1 || svc.asked[0].ID != d.ID {
		t.Fatalf("planned %d drafts", len(svc.asked))
	}
	view := s.threadView(200)
	for _, want := range append(append([]string{"What X receives", "Cost and plan"}, svc.plan.Requests...), svc.plan.Costs...) {
		if !strings.Contains(view, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, view)
		}
	}
	if !s.keys.Publish.Enabled() {
		t.Error("publishing is not offered for a plan without refusals")
	}
}

// TestPublishRefusedByPlan: what the account's plan forbids is shown with
// what to do instead, and publishing is not offered; what X will likely
// refuse is shown and publishing stays possible.
func TestPublishRefusedByPlan(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		plan  PublishPlan
		offer bool
	}{
		{"refused", PublishPlan{Refused: []string{"part 1: X refuses quote posts: post the link instead"}}, false},
		{"flagged", PublishPlan{Flagged: []string{"part 2: X refuses more than one cashtag"}}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			svc := &planningServices{fakeServices: newFakeServices(), plan: tt.plan}
			sc, cmd := newPublishScreenFor(testEnv(t, svc), openRequest{Draft: testThread()})
			s := sc.(*publishScreen)
			s.Update(cmd())
			view := s.threadView(200)
			for _, l := range append(tt.plan.Refused, tt.plan.Flagged...) {
				if !strings.Contains(view, "⚠ "+l) {
					t.Errorf("confirmation lacks %q:\n%s", l, view)
				}
			}
			if s.keys.Publish.Enabled() != tt.offer {
				t.Errorf("publish offered: %v, want %v", s.keys.Publish.Enabled(), tt.offer)
			}
		})
	}
}

// TestPublishUploadsDoneWithTheirPost publishes one picture attached to
// two parts with one description: the publisher uploads it once and
// reports it for the first part only. Once the parts are out, both of
// their uploads read done, none stays queued.
func TestPublishUploadsDoneWithTheirPost(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		d := testThread()
		d.Posts[2].Media = d.Posts[0].Media
		s, _ := newTestPublish(t, newFakeServices(), d)
		pump(t, s, s.start())
		if s.stage != publishDone {
			t.Fatalf("stage %v, err %v", s.stage, s.err)
		}
		view := s.View(screenW, 40)
		if strings.Contains(view, "queued") || strings.Count(view, "✓") < 2 {
			t.Errorf("uploads after publishing:\n%s", view)
		}
	})
}
