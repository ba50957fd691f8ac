package draft

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// texts returns the texts of d's posts, for compact comparisons.
func texts(d *Draft) []string {
	var out []string
	for _, p := range d.Posts {
		out = append(out, p.Text)
	}
	return out
}

// draftOf builds a draft with one post per text.
func draftOf(ts ...string) *Draft {
	d := &Draft{ID: "20260101-000000-000000"}
	for _, t := range ts {
		d.Posts = append(d.Posts, Post{Text: t})
	}
	return d
}

var (
	img   = Media{Path: "/p/a.png", Kind: KindImage, Size: 1000}
	img2  = Media{Path: "/p/b.png", Kind: KindImage, Size: 1000}
	gif   = Media{Path: "/p/c.gif", Kind: KindGIF, Size: 1000}
	video = Media{Path: "/p/d.mp4", Kind: KindVideo, Size: 1000}
	poll  = &Poll{Options: []string{"Yes", "No"}, Duration: time.Hour}
)

func TestNew(t *testing.T) {
	t.Parallel()
	a, b := New(), New()
	if len(a.Posts) != 1 || a.Posts[0].Text != "" {
		t.Errorf("New() posts = %+v, want one empty post", a.Posts)
	}
	if a.ID == b.ID || !validID(a.ID) {
		t.Errorf("New() ids %q and %q: want two different valid ids", a.ID, b.ID)
	}
	if a.Created.IsZero() || !a.Updated.Equal(a.Created) {
		t.Errorf("New() times created=%v updated=%v", a.Created, a.Updated)
	}
}

func TestAddPost(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		after   int
		want    []string
		wantIdx int
		wantErr bool
	}{
		{"at start", -1, []string{"", "a", "b"}, 0, false},
		{"in middle", 0, []string{"a", "", "b"}, 1, false},
		{"at end", 1, []string{"a", "b", ""}, 2, false},
		{"out of range", 2, []string{"a", "b"}, 0, true},
		{"below start", -2, []string{"a", "b"}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := draftOf("a", "b")
			i, err := d.AddPost(tt.after)
			if (err != nil) != tt.wantErr {
				t.Fatalf("AddPost(%d) error = %v, want error %v", tt.after, err, tt.wantErr)
			}
			if err == nil && i != tt.wantIdx {
				t.Errorf("AddPost(%d) = %d, want %d", tt.after, i, tt.wantIdx)
			}
			if diff := cmp.Diff(tt.want, texts(d)); diff != "" {
				t.Errorf("posts (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDeletePost(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		posts   []string
		i       int
		want    []string
		wantErr bool
	}{
		{"first", []string{"a", "b", "c"}, 0, []string{"b", "c"}, false},
		{"last", []string{"a", "b", "c"}, 2, []string{"a", "b"}, false},
		{"only post is emptied", []string{"a"}, 0, []string{""}, false},
		{"out of range", []string{"a"}, 1, []string{"a"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := draftOf(tt.posts...)
			err := d.DeletePost(tt.i)
			if (err != nil) != tt.wantErr {
				t.Fatalf("DeletePost(%d) error = %v, want error %v", tt.i, err, tt.wantErr)
			}
			if tt.wantErr && !errors.Is(err, ErrIndex) {
				t.Errorf("error %v is not ErrIndex", err)
			}
			if diff := cmp.Diff(tt.want, texts(d)); diff != "" {
				t.Errorf("posts (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSplitPost(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		off  int
		want []string
	}{
		{"at a space", "Hello world", 5, []string{"Hello", "world"}},
		{"after the space", "Hello world", 6, []string{"Hello", "world"}},
		{"at a paragraph break", "One.\n\nTwo.", 5, []string{"One.", "Two."}},
		{"at start", "Hello", 0, []string{"", "Hello"}},
		{"at end", "Hello", 5, []string{"Hello", ""}},
		{"past end clamps", "Hello", 50, []string{"Hello", ""}},
		{"inside a flag snaps back", "go 🇫🇷 now", 5, []string{"go", "🇫🇷 now"}},
		{"inside a zwj sequence snaps back", "a👩‍👩‍👧b", 6, []string{"a", "👩‍👩‍👧b"}},
		{"inside a combining sequence", "cafe\u0301s", 5, []string{"caf", "e\u0301s"}},
		{"keeps indentation inside halves", "  a\n  b", 4, []string{"  a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := draftOf("before", tt.text, "after")
			d.Posts[1].Media = []Media{img}
			if err := d.SplitPost(1, tt.off); err != nil {
				t.Fatalf("SplitPost: %v", err)
			}
			want := append(append([]string{"before"}, tt.want...), "after")
			if diff := cmp.Diff(want, texts(d)); diff != "" {
				t.Errorf("posts (-want +got):\n%s", diff)
			}
			if len(d.Posts[1].Media) != 1 || len(d.Posts[2].Media) != 0 {
				t.Errorf("media should stay with the first half: %+v / %+v", d.Posts[1].Media, d.Posts[2].Media)
			}
		})
	}
}

func TestSplitPostKeepsPollWithFirstHalf(t *testing.T) {
	t.Parallel()
	d := draftOf("Question? more")
	d.Posts[0].Poll = poll
	if err := d.SplitPost(0, 9); err != nil {
		t.Fatal(err)
	}
	if d.Posts[0].Poll == nil || d.Posts[1].Poll != nil {
		t.Errorf("poll should stay with the first half: %+v", d.Posts)
	}
}

func TestJoinWithNext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		a, b      Post
		want      Post
		wantAt    int
		wantErrIn string // part of the error message; "" for success
	}{
		{"texts", Post{Text: "One."}, Post{Text: "Two."}, Post{Text: "One.\n\nTwo."}, 6, ""},
		{"first empty", Post{}, Post{Text: "Two."}, Post{Text: "Two."}, 0, ""},
		{"second empty", Post{Text: "One."}, Post{}, Post{Text: "One."}, 4, ""},
		{"images combine", Post{Text: "a", Media: []Media{img}}, Post{Text: "b", Media: []Media{img2}},
			Post{Text: "a\n\nb", Media: []Media{img, img2}}, 3, ""},
		{"poll moves up", Post{Text: "a"}, Post{Text: "b", Poll: poll}, Post{Text: "a\n\nb", Poll: poll}, 3, ""},
		{"five images", Post{Media: []Media{img, img, img}}, Post{Media: []Media{img2, img2}}, Post{}, 0, "5 images"},
		{"gif and image", Post{Media: []Media{gif}}, Post{Media: []Media{img}}, Post{}, 0, "a GIF and 1 image"},
		{"two videos", Post{Media: []Media{video}}, Post{Media: []Media{video}}, Post{}, 0, "2 videos"},
		{"two polls", Post{Poll: poll}, Post{Poll: poll}, Post{}, 0, "both have a poll"},
		{"poll and media", Post{Poll: poll}, Post{Media: []Media{img}}, Post{}, 0, "both a poll and media"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := &Draft{Posts: []Post{tt.a, tt.b, {Text: "tail"}}}
			before := d.Clone()
			at, err := d.JoinWithNext(0)
			if tt.wantErrIn != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErrIn) {
					t.Fatalf("JoinWithNext error = %v, want one mentioning %q", err, tt.wantErrIn)
				}
				if diff := cmp.Diff(before, d); diff != "" {
					t.Errorf("a refused join changed the draft (-before +after):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("JoinWithNext: %v", err)
			}
			if at != tt.wantAt {
				t.Errorf("cursor = %d, want %d", at, tt.wantAt)
			}
			want := []Post{tt.want, {Text: "tail"}}
			if diff := cmp.Diff(want, d.Posts); diff != "" {
				t.Errorf("posts (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJoinWithNextLastPost(t *testing.T) {
	t.Parallel()
	d := draftOf("a", "b")
	if _, err := d.JoinWithNext(1); err == nil || !strings.Contains(err.Error(), "last") {
		t.Errorf("joining the last post: error = %v, want one saying it is the last", err)
	}
}

func TestSplitThenJoinRestoresText(t *testing.T) {
	t.Parallel()
	d := draftOf("First paragraph.\n\nSecond paragraph.")
	if err := d.SplitPost(0, 17); err != nil {
		t.Fatal(err)
	}
	if _, err := d.JoinWithNext(0); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"First paragraph.\n\nSecond paragraph."}, texts(d)); diff != "" {
		t.Errorf("split then join (-want +got):\n%s", diff)
	}
}

func TestMovePost(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		i      int
		delta  int
		want   []string
		wantTo int
	}{
		{"down one", 0, 1, []string{"b", "a", "c", "d"}, 1},
		{"up one", 2, -1, []string{"a", "c", "b", "d"}, 1},
		{"to the end", 1, 2, []string{"a", "c", "d", "b"}, 3},
		{"past the top stops", 1, -5, []string{"b", "a", "c", "d"}, 0},
		{"past the bottom stops", 3, 1, []string{"a", "b", "c", "d"}, 3},
		{"no move", 2, 0, []string{"a", "b", "c", "d"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := draftOf("a", "b", "c", "d")
			to, err := d.MovePost(tt.i, tt.delta)
			if err != nil {
				t.Fatal(err)
			}
			if to != tt.wantTo {
				t.Errorf("MovePost(%d, %d) = %d, want %d", tt.i, tt.delta, to, tt.wantTo)
			}
			if diff := cmp.Diff(tt.want, texts(d)); diff != "" {
				t.Errorf("posts (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPublishedPartsAreLocked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		op   func(d *Draft) error
	}{
		{"delete posted", func(d *Draft) error { return d.DeletePost(0) }},
		{"split posted", func(d *Draft) error { return d.SplitPost(1, 1) }},
		{"split before posted", func(d *Draft) error { return d.SplitPost(0, 1) }},
		{"insert before posted", func(d *Draft) error { _, err := d.AddPost(0); return err }},
		{"join posted", func(d *Draft) error { _, err := d.JoinWithNext(1); return err }},
		{"move across posted", func(d *Draft) error { _, err := d.MovePost(2, -1); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := draftOf("a", "b", "c")
			d.RecordPost(0, "100")
			d.RecordPost(1, "101")
			before := d.Clone()
			err := tt.op(d)
			if err == nil || !strings.Contains(err.Error(), "published") {
				t.Fatalf("error = %v, want one saying the part is published", err)
			}
			if diff := cmp.Diff(before, d); diff != "" {
				t.Errorf("a refused edit changed the draft (-before +after):\n%s", diff)
			}
		})
	}
}

func TestEditsKeepJournalAligned(t *testing.T) {
	t.Parallel()
	d := draftOf("a", "b", "c")
	d.RecordPost(0, "100")
	d.Journal.PostIDs = append(d.Journal.PostIDs, "", "") // as a publisher may leave it
	if _, err := d.AddPost(1); err != nil {
		t.Fatal(err)
	}
	if err := d.SplitPost(3, 0); err != nil {
		t.Fatal(err)
	}
	if err := d.DeletePost(2); err != nil {
		t.Fatal(err)
	}
	if _, err := d.JoinWithNext(1); err != nil {
		t.Fatal(err)
	}
	if id, ok := d.Posted(0); !ok || id != "100" {
		t.Errorf("Posted(0) = %q, %v; want 100", id, ok)
	}
	if got, want := d.Remaining(), len(d.Posts)-1; got != want {
		t.Errorf("Remaining() = %d, want %d", got, want)
	}
	if len(d.Journal.PostIDs) > len(d.Posts) {
		t.Errorf("journal has %d entries for %d posts", len(d.Journal.PostIDs), len(d.Posts))
	}
}

func TestCloneIsDeep(t *testing.T) {
	t.Parallel()
	d := draftOf("a", "b")
	d.Posts[0].Media = []Media{img}
	d.Posts[1].Poll = &Poll{Options: []string{"x", "y"}, Duration: time.Hour}
	d.RecordPost(0, "1")
	d.RecordMedia("/p/a.png", "9", time.Unix(100, 0))
	c := d.Clone()
	if diff := cmp.Diff(d, c); diff != "" {
		t.Fatalf("clone differs (-orig +clone):\n%s", diff)
	}
	c.Posts[0].Text = "changed"
	c.Posts[0].Media[0].Alt = "changed"
	c.Posts[1].Poll.Options[0] = "changed"
	c.Posts[1].Poll.Duration = 0
	c.Journal.PostIDs[0] = "changed"
	c.Journal.MediaIDs["/p/a.png"] = JournalMedia{ID: "changed"}
	if d.Posts[0].Text != "a" || d.Posts[0].Media[0].Alt != "" || d.Posts[1].Poll.Options[0] != "x" ||
		d.Posts[1].Poll.Duration != time.Hour || d.Journal.PostIDs[0] != "1" || d.Journal.MediaIDs["/p/a.png"].ID != "9" {
		t.Errorf("editing the clone changed the original: %+v", d)
	}
}
