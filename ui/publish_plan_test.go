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
	lines []string
	asked []draft.Draft
}

func (p *planningServices) PlanPublish(d draft.Draft, j Journal, limit int) ([]string, error) {
	p.asked = append(p.asked, d)
	return p.lines, nil
}

// TestPublishShowsPlan opens the confirmation with Services that can plan:
// it shows what X receives, as Services described it, under the thread.
func TestPublishShowsPlan(t *testing.T) {
	t.Parallel()
	svc := &planningServices{fakeServices: newFakeServices(), lines: []string{
		`upload 1 for parts 1: /pics/cat.png (image/png, 73 bytes) with alt text "A red square"`,
		`POST /2/tweets (part 1 of 3): {"text":"A thread"}`,
	}}
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
	for _, want := range append([]string{"What X receives"}, svc.lines...) {
		if !strings.Contains(view, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, view)
		}
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
