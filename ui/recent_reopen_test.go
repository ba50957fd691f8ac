package ui

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui/draft"
)

// TestRecentReopenWhole deletes a post with e and y, and checks that the
// new draft holds the whole post (media with descriptions, poll, reply
// settings, the reply or quote target) and that the status says what
// could not come back.
func TestRecentReopenWhole(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	kept := filepath.Join(dir, "kept.png")
	if err := os.WriteFile(kept, []byte("png"), 0o600); err != nil {
		t.Fatal(err)
	}
	gone := filepath.Join(dir, "gone.jpg")
	keptMedia := draft.Media{Path: kept, Alt: "a red square", Kind: draft.KindImage, MIME: "image/png", Size: 3}
	goneMedia := draft.Media{Path: gone, Alt: "a dog", Kind: draft.KindImage, MIME: "image/jpeg", Size: 3}
	tests := []struct {
		name string
		post func(p *Post)
		// source is the draft that published the post (index 1 is the
		// post), or nil: made elsewhere.
		source *draft.Draft
		want   draft.Draft
		note   string
	}{
		{
			name: "published by xpost, numbered, with media",
			post: func(p *Post) {
				p.Text, p.ReplyTo = "The second thought. 2/3", "900"
				p.Media = []PostMedia{{Kind: MediaPhoto, Alt: "a red square"}, {Kind: MediaPhoto, Alt: "a dog"}}
				p.ReplySettings = draft.ReplyFollowing
			},
			source: &draft.Draft{Numbering: true, ReplySettings: draft.ReplyFollowing, PaidPartnership: true, Posts: []draft.Post{
				{Text: "First."}, {Text: "The second thought.", Media: []draft.Media{keptMedia, goneMedia}}, {Text: "Third."},
			}},
			want: draft.Draft{ReplyTo: "900", ReplySettings: draft.ReplyFollowing, PaidPartnership: true,
				Posts: []draft.Post{{Text: "The second thought.", Media: []draft.Media{keptMedia}}}},
			note: "Deleted; its text, 1 attachment with its alt text and who may reply are back in the composer, without its old number. Not brought back (xpost has no copy): gone.jpg (moved or deleted).",
		},
		{
			name: "published by xpost, a poll",
			post: func(p *Post) {
				p.Text = "Tea or coffee?"
				p.Poll = &PostPoll{Options: []PollOption{{Label: "Tea"}, {Label: "Coffee"}}, Duration: time.Hour}
			},
			source: &draft.Draft{Posts: []draft.Post{
				{Text: "Before."}, {Text: "Tea or coffee?", Poll: &draft.Poll{Options: []string{"Tea", "Coffee"}, Duration: 90 * time.Minute}},
			}},
			want: draft.Draft{Posts: []draft.Post{{Text: "Tea or coffee?", Poll: &draft.Poll{Options: []string{"Tea", "Coffee"}, Duration: 90 * time.Minute}}}},
			note: "Deleted; its text and its poll are back in the composer.",
		},
		{
			name: "not numbered by xpost keeps a trailing count",
			post: func(p *Post) { p.Text = "We won 3/4" },
			source: &draft.Draft{Posts: []draft.Post{
				{Text: "x"}, {Text: "We won 3/4"},
			}},
			want: draft.Draft{Posts: []draft.Post{{Text: "We won 3/4"}}},
			note: "Deleted; its text is back in the composer.",
		},
		{
			name: "made elsewhere",
			post: func(p *Post) {
				p.Text, p.QuoteOf = "1/2 Look at this", "777"
				p.Media = []PostMedia{{Kind: MediaPhoto, Alt: "a cat"}, {Kind: MediaVideo}}
				p.ReplySettings = ReplyUnknown
			},
			want: draft.Draft{Quote: "777", Posts: []draft.Post{{Text: "Look at this"}}},
			note: "Deleted; its text is back in the composer, without its old number. Not brought back (xpost has no copy): an image “a cat”, a video, who may reply (X says only that it was limited).",
		},
		{
			name: "made elsewhere, a poll",
			post: func(p *Post) {
				p.Text = "Which?"
				p.Poll = &PostPoll{Options: []PollOption{{Label: "A"}, {Label: "B"}, {Label: "C"}}, Duration: 2 * time.Hour}
				p.ReplySettings = draft.ReplyMentionedUsers
			},
			want: draft.Draft{ReplySettings: draft.ReplyMentionedUsers, Posts: []draft.Post{{Text: "Which?", Poll: &draft.Poll{Options: []string{"A", "B", "C"}, Duration: 2 * time.Hour}}}},
			note: "Deleted; its text, its poll and who may reply are back in the composer.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				svc := newFakeServices().addPosts(1)
				tt.post(&svc.posts[0])
				s, e := newTestRecent(t, svc)
				if tt.source != nil {
					src := tt.source.Clone()
					src.ID = draft.New().ID
					for i := range src.Posts {
						src.RecordPost(i, "50"+string(rune('0'+i)))
					}
					src.Journal.PostIDs[1] = svc.posts[0].ID
					if err := e.store.Save(src); err != nil {
						t.Fatal(err)
					}
				}
				send(s, press("e"))
				cmd := send(s, expectMsg[recentDeletedMsg](t, send(s, press("y"))))
				m := expectMsg[openDraftMsg](t, cmd)
				d, err := e.store.Load(m.ID)
				if err != nil {
					t.Fatal(err)
				}
				got := draft.Draft{Posts: d.Posts, ReplyTo: d.ReplyTo, Quote: d.Quote, ReplySettings: d.ReplySettings, PaidPartnership: d.PaidPartnership}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("reopened draft (-want +got):\n%s", diff)
				}
				if m.Note != tt.note {
					t.Errorf("note:\n got %q\nwant %q", m.Note, tt.note)
				}
			})
		})
	}
}
