package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/xpostdev/xpost/ui/draft"
)

// altDraft is a thread whose second post has an image without alt text.
func altDraft() *draft.Draft {
	d := draft.New()
	d.Posts = []draft.Post{
		{Text: "A thread with pictures", Media: []draft.Media{{Path: "/pics/described.png", Kind: draft.KindImage, MIME: "image/png", Size: 70, Alt: "A red square"}}},
		{Text: "And one more 日本語 🎉", Media: []draft.Media{{Path: "/pics/cat.png", Kind: draft.KindImage, MIME: "image/png", Size: 70}}},
	}
	return d
}

func newAltPublish(t *testing.T, policy draft.AltPolicy, d *draft.Draft) *publishScreen {
	t.Helper()
	e := testEnv(t, newFakeServices())
	e.altText = policy
	if err := e.store.Save(d); err != nil {
		t.Fatal(err)
	}
	sc, _ := newPublishScreenFor(e, openRequest{Draft: d.Clone()})
	s := sc.(*publishScreen)
	s.now, s.loc = fakeNow, time.UTC
	return s
}

// Publishing an image without alt text asks once under "ask": y
// publishes anyway, a opens the media of the post to describe it, any
// other key goes back, and the next publish does not ask again.
func TestPublishAsksForAltText(t *testing.T) {
	t.Parallel()
	t.Run("y publishes anyway", func(t *testing.T) {
		t.Parallel()
		bubble(t, func(t *testing.T) {
			s := newAltPublish(t, draft.AltAsk, altDraft())
			send(s, press("enter"))
			if !s.askingAlt || s.stage != publishConfirm {
				t.Fatalf("enter did not ask (asking %v, stage %d)", s.askingAlt, s.stage)
			}
			goldenFrame(t, "publish_alt_ask", s)
			golden(t, "publish_alt_ask_120", frame(s, 120, 30))
			if f := frame(s, screenW, screenH); !strings.Contains(f, "cat.png") || strings.Contains(f, "described.png)") {
				t.Errorf("the question does not name the file without alt text:\n%s", f)
			}
			if help := s.Keys(); !enabled(help)[0].Enabled() || enabled(help)[0].Help().Desc != "publish anyway" {
				t.Errorf("the help while asking: %v", enabled(help))
			}
			send(s, press("y"))
			if s.stage != publishRunning {
				t.Errorf("y did not publish: stage %d", s.stage)
			}
		})
	})
	t.Run("a adds alt text", func(t *testing.T) {
		t.Parallel()
		bubble(t, func(t *testing.T) {
			// Post 2's first picture has alt text, its second none.
			d := altDraft()
			d.Posts[1].Media = append([]draft.Media{{Path: "/pics/dog.png", Kind: draft.KindImage, MIME: "image/png", Size: 70, Alt: "A dog"}}, d.Posts[1].Media...)
			s := newAltPublish(t, draft.AltAsk, d)
			send(s, press("enter"))
			msgs := drainMsgs(send(s, press("a")))
			var back bool
			var req *openRequest
			for _, m := range msgs {
				switch m := m.(type) {
				case backMsg:
					back = true
				case navigateMsg:
					if m.To == screenMedia {
						req = &m.Req
					}
				}
			}
			if !back || req == nil || req.Post != 1 || req.Media != 1 || s.stage != publishConfirm {
				t.Fatalf("a: back %v, request %+v, stage %d (%v)", back, req, s.stage, msgs)
			}
			// The media list opens on the picture without alt text,
			// which enter then describes.
			sc, _ := newMediaScreenFor(s.env, *req)
			ms := sc.(*mediaScreen)
			if ms.stage != mediaList || ms.nav.cursor != 1 {
				t.Fatalf("media screen: stage %d, selected %d, want the list with 1", ms.stage, ms.nav.cursor)
			}
			if f := frame(ms, 80, 24); !strings.Contains(f, "▌ cat.png") {
				t.Errorf("cat.png is not selected:\n%s", f)
			}
			send(ms, press("enter"))
			if ms.stage != mediaAlt || ms.editing != 1 {
				t.Errorf("enter: stage %d, editing %d", ms.stage, ms.editing)
			}
		})
	})
	t.Run("another key goes back, and it asks once", func(t *testing.T) {
		t.Parallel()
		bubble(t, func(t *testing.T) {
			s := newAltPublish(t, draft.AltAsk, altDraft())
			send(s, press("enter"))
			send(s, press("esc"))
			if s.askingAlt || s.stage != publishConfirm {
				t.Fatalf("esc: asking %v, stage %d", s.askingAlt, s.stage)
			}
			send(s, press("enter"))
			if s.stage != publishRunning {
				t.Errorf("the second enter asked again or did not publish: stage %d", s.stage)
			}
		})
	})
}

// "require" makes each file without alt text a problem that stops the
// publish; "off" and a draft with every image described publish at once.
func TestPublishAltTextPolicies(t *testing.T) {
	t.Parallel()
	described := altDraft()
	described.Posts[1].Media[0].Alt = "A cat"
	tests := []struct {
		name    string
		policy  draft.AltPolicy
		d       *draft.Draft
		publish bool
	}{
		{"require", draft.AltRequire, altDraft(), false},
		{"off", draft.AltOff, altDraft(), true},
		{"ask, all described", draft.AltAsk, described, true},
		{"require, all described", draft.AltRequire, described, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				// Two cases share described: each saves its own copy.
				s := newAltPublish(t, tt.policy, tt.d.Clone())
				send(s, press("enter"))
				if got := s.stage == publishRunning; got != tt.publish || s.askingAlt {
					t.Errorf("published %v (asking %v), want %v", got, s.askingAlt, tt.publish)
				}
				if tt.policy == draft.AltRequire && !tt.publish {
					f := frame(s, 120, 30)
					if !strings.Contains(f, "cat.png has no alt text") || !strings.Contains(f, "alt+m") {
						t.Errorf("the problem does not say which file and how:\n%s", f)
					}
				}
			})
		})
	}
}
