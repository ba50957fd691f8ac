package xapi_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestRecentPostsAttachments lists posts with media and a poll from the
// fake and checks what ListUserPosts made of includes.media and
// includes.polls, before and after the poll closes.
func TestRecentPostsAttachments(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := xapitest.NewFakeClock(start)
	e := newEnv(t, xapitest.Options{Clock: clock})
	ctx := t.Context()
	dir := t.TempDir()
	var ids []string
	for _, f := range []struct{ name, alt string }{{"a.png", "a dancing cat"}, {"b.png", ""}, {"c.gif", "a loop"}} {
		head := pngHead
		if f.name == "c.gif" {
			head = animGIF
		}
		mf, err := xapi.DetectMedia(writeFile(t, dir, f.name, head, 0))
		if err != nil {
			t.Fatal(err)
		}
		m, _, err := e.c.UploadMedia(ctx, mf, xapi.UploadOptions{Alt: f.alt})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	if _, _, err := e.c.CreatePost(ctx, &xapi.CreatePostRequest{Text: "pictures", Media: &xapi.PostMedia{MediaIDs: ids[:2]}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.c.CreatePost(ctx, &xapi.CreatePostRequest{Text: "a gif", Media: &xapi.PostMedia{MediaIDs: ids[2:]}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.c.CreatePost(ctx, &xapi.CreatePostRequest{Text: "tabs or spaces?",
		Poll: &xapi.Poll{Options: []string{"Tabs", "Spaces"}, DurationMinutes: 60}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.c.CreatePost(ctx, &xapi.CreatePostRequest{Text: "just words"}); err != nil {
		t.Fatal(err)
	}

	list := func() map[string]xapi.Post {
		t.Helper()
		posts, _, err := e.c.RecentPosts(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		byText := map[string]xapi.Post{}
		for _, p := range posts {
			byText[p.OwnText()] = p
		}
		return byText
	}
	wantPoll := &xapi.PollInfo{Options: []xapi.PollChoice{{Position: 1, Label: "Tabs"}, {Position: 2, Label: "Spaces"}},
		DurationMinutes: 60}
	ignoreID := cmp.FilterPath(func(p cmp.Path) bool { return p.String() == "ID" || p.String() == "Ends" }, cmp.Ignore())

	got := list()
	pics := got["pictures"]
	wantMedia := []xapi.MediaInfo{{Key: "3_" + ids[0], Type: "photo", AltText: "a dancing cat"}, {Key: "3_" + ids[1], Type: "photo"}}
	if diff := cmp.Diff(wantMedia, pics.Media); diff != "" {
		t.Errorf("media (-want +got):\n%s", diff)
	}
	wantGIF := []xapi.MediaInfo{{Key: "16_" + ids[2], Type: "animated_gif", AltText: "a loop"}}
	if diff := cmp.Diff(wantGIF, got["a gif"].Media); diff != "" {
		t.Errorf("gif (-want +got):\n%s", diff)
	}
	if pics.Poll != nil {
		t.Errorf("post with media has poll %+v", pics.Poll)
	}
	poll := got["tabs or spaces?"]
	if diff := cmp.Diff(wantPoll, poll.Poll, ignoreID); diff != "" {
		t.Errorf("open poll (-want +got):\n%s", diff)
	}
	if poll.Poll != nil && (poll.Poll.ID == "" || len(poll.PollIDs) != 1 || poll.Poll.ID != poll.PollIDs[0]) {
		t.Errorf("poll id %q, PollIDs %v", poll.Poll.ID, poll.PollIDs)
	}
	if poll.Poll != nil && !poll.Poll.Ends.Equal(start.Add(time.Hour)) {
		t.Errorf("poll ends %v, want %v", poll.Poll.Ends, start.Add(time.Hour))
	}
	if plain := got["just words"]; plain.Media != nil || plain.Poll != nil {
		t.Errorf("plain post has media %v poll %v", plain.Media, plain.Poll)
	}

	clock.Advance(61 * time.Minute)
	wantPoll.Closed = true
	if diff := cmp.Diff(wantPoll, list()["tabs or spaces?"].Poll, ignoreID); diff != "" {
		t.Errorf("closed poll (-want +got):\n%s", diff)
	}
}

func TestPollInfoJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    xapi.PollInfo
		wantErr bool
	}{
		{name: "full", in: `{"id":"9","options":[{"position":2,"label":"B","votes":3},{"position":1,"label":"A","votes":1}],"end_datetime":"2026-03-01T13:00:00.000Z","duration_minutes":60,"voting_status":"closed"}`,
			want: xapi.PollInfo{ID: "9", Options: []xapi.PollChoice{{Position: 1, Label: "A", Votes: 1}, {Position: 2, Label: "B", Votes: 3}}, Ends: time.Date(2026, 3, 1, 13, 0, 0, 0, time.UTC), DurationMinutes: 60, Closed: true}},
		{name: "only the defaults", in: `{"id":"9","options":[{"position":1,"label":"A","votes":0},{"position":2,"label":"B","votes":0}]}`,
			want: xapi.PollInfo{ID: "9", Options: []xapi.PollChoice{{Position: 1, Label: "A"}, {Position: 2, Label: "B"}}}},
		{name: "bad end", in: `{"id":"9","options":[],"end_datetime":"tomorrow"}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got xapi.PollInfo
			err := json.Unmarshal([]byte(tt.in), &got)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err == nil {
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			}
		})
	}
}
