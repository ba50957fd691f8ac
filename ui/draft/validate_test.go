package draft

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xpostdev/xpost/textcount"
)

func TestNumbering(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		posts     []string
		numbering bool
		want      []string
	}{
		{"off", []string{"a", "b"}, false, []string{"a", "b"}},
		{"on", []string{"a", "b", "c"}, true, []string{"a 1/3", "b 2/3", "c 3/3"}},
		{"single post is not numbered", []string{"a"}, true, []string{"a"}},
		{"trailing whitespace replaced", []string{"a \n\n", "b"}, true, []string{"a 1/2", "b 2/2"}},
		{"empty text gets the bare number", []string{"", "b"}, true, []string{"1/2", "b 2/2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := draftOf(tt.posts...)
			d.Numbering = tt.numbering
			var got []string
			for i := range d.Posts {
				got = append(got, d.TextForPublish(i))
				if s := d.NumberSuffix(i); !strings.HasSuffix(got[i], s) {
					t.Errorf("TextForPublish(%d) = %q does not end with NumberSuffix %q", i, got[i], s)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("TextForPublish (-want +got):\n%s", diff)
			}
		})
	}
}

// problem is a compact expectation: which post and field, and words the
// message must contain.
type problem struct {
	post  int
	field string
	words string
}

func TestValidate(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 281)
	exact := strings.Repeat("a", 280)
	images := func(n int) []Media {
		var ms []Media
		for i := range n {
			ms = append(ms, Media{Path: "/p/" + string(rune('a'+i)) + ".png", Kind: KindImage, Size: 100})
		}
		return ms
	}
	okPoll := func() *Poll { return &Poll{Options: []string{"Yes", "No"}, Duration: 24 * time.Hour} }
	tests := []struct {
		name  string
		draft Draft
		cfg   textcount.Config
		want  []problem
	}{
		{"valid single post", Draft{Posts: []Post{{Text: "hello"}}}, textcount.Config{}, nil},
		{"exactly 280", Draft{Posts: []Post{{Text: exact}}}, textcount.Config{}, nil},
		{"281 is too long", Draft{Posts: []Post{{Text: long}}}, textcount.Config{},
			[]problem{{0, FieldText, "281 characters long, 1 over the limit of 280"}}},
		{"premium allows 281", Draft{Posts: []Post{{Text: long}}}, textcount.PremiumConfig, nil},
		{"limit-only config", Draft{Posts: []Post{{Text: long}}}, textcount.Config{MaxWeightedTweetLength: 300}, nil},
		{"emoji weigh two", Draft{Posts: []Post{{Text: strings.Repeat("👍", 141)}}}, textcount.Config{},
			[]problem{{0, FieldText, "282 characters long"}}},
		{"numbering counts", Draft{Numbering: true, Posts: []Post{{Text: strings.Repeat("a", 277)}, {Text: "b"}}}, textcount.Config{},
			[]problem{{0, FieldText, "with its number"}}},
		{"no posts", Draft{}, textcount.Config{}, []problem{{-1, FieldPosts, "add one"}}},
		{"empty post", Draft{Posts: []Post{{Text: "a"}, {Text: " \n "}}}, textcount.Config{},
			[]problem{{1, FieldText, "empty"}}},
		{"media without text is fine", Draft{Posts: []Post{{Media: images(1)}}}, textcount.Config{}, nil},
		{"invisible character", Draft{Posts: []Post{{Text: "ab\ncd\uFEFFe"}}}, textcount.Config{},
			[]problem{{0, FieldText, "U+FEFF, line 2, column 3"}}},
		{"invalid utf-8", Draft{Posts: []Post{{Text: "ok\n\xff"}}}, textcount.Config{},
			[]problem{{0, FieldText, "not valid UTF-8 (line 2)"}}},
		{"four images", Draft{Posts: []Post{{Text: "x", Media: images(4)}}}, textcount.Config{}, nil},
		{"five images", Draft{Posts: []Post{{Text: "x", Media: images(5)}}}, textcount.Config{},
			[]problem{{0, FieldMedia, "5 images"}}},
		{"gif with image", Draft{Posts: []Post{{Text: "x", Media: []Media{gif, img}}}}, textcount.Config{},
			[]problem{{0, FieldMedia, "a GIF and 1 image"}}},
		{"two videos", Draft{Posts: []Post{{Text: "x", Media: []Media{video, {Path: "/p/e.mp4", Kind: KindVideo}}}}}, textcount.Config{},
			[]problem{{0, FieldMedia, "2 videos"}}},
		{"unchecked media", Draft{Posts: []Post{{Text: "x", Media: []Media{{Path: "/p/x.heic"}}}}}, textcount.Config{},
			[]problem{{0, FieldMedia, "x.heic has not been checked"}}},
		{"unknown kind", Draft{Posts: []Post{{Text: "x", Media: []Media{{Path: "/p/x.pdf", Kind: "document"}}}}}, textcount.Config{},
			[]problem{{0, FieldMedia, "does not take"}}},
		{"no path", Draft{Posts: []Post{{Text: "x", Media: []Media{{Kind: KindImage}}}}}, textcount.Config{},
			[]problem{{0, FieldMedia, "no file"}}},
		{"same file twice", Draft{Posts: []Post{{Text: "x", Media: []Media{img, img}}}}, textcount.Config{},
			[]problem{{0, FieldMedia, "a.png is attached twice"}}},
		{"image at the cap", Draft{Posts: []Post{{Text: "x", Media: []Media{{Path: "/p/a.png", Kind: KindImage, Size: 5 << 20}}}}}, textcount.Config{}, nil},
		{"image over the cap", Draft{Posts: []Post{{Text: "x", Media: []Media{{Path: "/p/a.png", Kind: KindImage, Size: 5<<20 + 1}}}}}, textcount.Config{},
			[]problem{{0, FieldMedia, "a.png is 5.1 MB; images can be at most 5 MB"}}},
		{"gif over the cap", Draft{Posts: []Post{{Text: "x", Media: []Media{{Path: "/p/c.gif", Kind: KindGIF, Size: 15<<20 + 500_000}}}}}, textcount.Config{},
			[]problem{{0, FieldMedia, "GIFs can be at most 15 MB"}}},
		{"video over the cap", Draft{Posts: []Post{{Text: "x", Media: []Media{{Path: "/p/d.mp4", Kind: KindVideo, Size: 600 << 20}}}}}, textcount.Config{},
			[]problem{{0, FieldMedia, "d.mp4 is 600 MB; videos can be at most 512 MB"}}},
		{"alt at the limit", Draft{Posts: []Post{{Text: "x", Media: []Media{{Path: "/p/a.png", Kind: KindImage, Alt: strings.Repeat("é", 1000)}}}}}, textcount.Config{}, nil},
		{"alt too long", Draft{Posts: []Post{{Text: "x", Media: []Media{{Path: "/p/a.png", Kind: KindImage, Alt: strings.Repeat("é", 1001)}}}}}, textcount.Config{},
			[]problem{{0, FieldAlt, "1001 characters, 1 over the limit of 1000"}}},
		{"valid poll", Draft{Posts: []Post{{Text: "?", Poll: okPoll()}}}, textcount.Config{}, nil},
		{"poll without question", Draft{Posts: []Post{{Poll: okPoll()}}}, textcount.Config{},
			[]problem{{0, FieldText, "needs a question"}}},
		{"poll with one option", Draft{Posts: []Post{{Text: "?", Poll: &Poll{Options: []string{"a"}, Duration: time.Hour}}}}, textcount.Config{},
			[]problem{{0, FieldPoll, "1 option, it needs at least 2: add 1 option"}}},
		{"poll with five options", Draft{Posts: []Post{{Text: "?", Poll: &Poll{Options: []string{"a", "b", "c", "d", "e"}, Duration: time.Hour}}}}, textcount.Config{},
			[]problem{{0, FieldPoll, "5 options, at most 4"}}},
		{"empty option", Draft{Posts: []Post{{Text: "?", Poll: &Poll{Options: []string{"a", "  "}, Duration: time.Hour}}}}, textcount.Config{},
			[]problem{{0, FieldPoll, "option 2 is empty"}}},
		{"option of 25 after trimming", Draft{Posts: []Post{{Text: "?", Poll: &Poll{Options: []string{" " + strings.Repeat("ü", 25) + " ", "b"}, Duration: time.Hour}}}}, textcount.Config{}, nil},
		{"option too long", Draft{Posts: []Post{{Text: "?", Poll: &Poll{Options: []string{"a", strings.Repeat("b", 26)}, Duration: time.Hour}}}}, textcount.Config{},
			[]problem{{0, FieldPoll, "option 2 is 26 characters, 1 over"}}},
		{"duplicate options", Draft{Posts: []Post{{Text: "?", Poll: &Poll{Options: []string{"Yes", "No", " Yes"}, Duration: time.Hour}}}}, textcount.Config{},
			[]problem{{0, FieldPoll, "options 1 and 3 are the same"}}},
		{"poll too short", Draft{Posts: []Post{{Text: "?", Poll: &Poll{Options: []string{"a", "b"}, Duration: 4 * time.Minute}}}}, textcount.Config{},
			[]problem{{0, FieldPoll, "runs 4m"}}},
		{"poll shortest", Draft{Posts: []Post{{Text: "?", Poll: &Poll{Options: []string{"a", "b"}, Duration: 5 * time.Minute}}}}, textcount.Config{}, nil},
		{"poll longest", Draft{Posts: []Post{{Text: "?", Poll: &Poll{Options: []string{"a", "b"}, Duration: 7 * 24 * time.Hour}}}}, textcount.Config{}, nil},
		{"poll too long", Draft{Posts: []Post{{Text: "?", Poll: &Poll{Options: []string{"a", "b"}, Duration: 8 * 24 * time.Hour}}}}, textcount.Config{},
			[]problem{{0, FieldPoll, "runs 8d"}}},
		{"poll not whole minutes", Draft{Posts: []Post{{Text: "?", Poll: &Poll{Options: []string{"a", "b"}, Duration: 10*time.Minute + time.Second}}}}, textcount.Config{},
			[]problem{{0, FieldPoll, "whole minutes"}}},
		{"poll and media", Draft{Posts: []Post{{Text: "?", Poll: okPoll(), Media: images(1)}}}, textcount.Config{},
			[]problem{{0, FieldMedia, "both a poll and media"}}},
		{"poll and quote", Draft{Quote: "123", Posts: []Post{{Text: "?", Poll: okPoll()}}}, textcount.Config{},
			[]problem{{0, FieldPoll, "cannot quote"}}},
		{"poll on a later post with quote", Draft{Quote: "123", Posts: []Post{{Text: "a"}, {Text: "?", Poll: okPoll()}}}, textcount.Config{}, nil},
		{"reply and quote ids", Draft{ReplyTo: "1460323737035677698", Posts: []Post{{Text: "a"}}}, textcount.Config{}, nil},
		{"bad reply id", Draft{ReplyTo: "https://x.com/a/status/1", Posts: []Post{{Text: "a"}}}, textcount.Config{},
			[]problem{{-1, FieldReplyTo, "not a post id"}}},
		{"bad quote id", Draft{Quote: "12a", Posts: []Post{{Text: "a"}}}, textcount.Config{},
			[]problem{{-1, FieldQuote, "not a post id"}}},
		{"reply and quote", Draft{ReplyTo: "1", Quote: "2", Posts: []Post{{Text: "a"}}}, textcount.Config{},
			[]problem{{-1, FieldQuote, "both reply"}}},
		{"reply settings", Draft{ReplySettings: ReplyMentionedUsers, Posts: []Post{{Text: "a"}}}, textcount.Config{}, nil},
		{"bad reply settings", Draft{ReplySettings: "everyone", Posts: []Post{{Text: "a"}}}, textcount.Config{},
			[]problem{{-1, FieldReplySettings, "not a reply setting"}}},
		{"problems in order", Draft{ReplySettings: "x", Posts: []Post{{Text: long}, {}}}, textcount.Config{},
			[]problem{{-1, FieldReplySettings, ""}, {0, FieldText, "over the limit"}, {1, FieldText, "empty"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.draft.Validate(tt.cfg)
			if len(got) != len(tt.want) {
				t.Fatalf("Validate() = %v, want %d problems like %v", got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Post != w.post || g.Field != w.field || !strings.Contains(g.Message, w.words) {
					t.Errorf("problem %d = %+v, want post %d, field %s, message with %q", i, g, w.post, w.field, w.words)
				}
				if !strings.Contains(g.Message, ":") {
					t.Errorf("problem %d message %q does not say what to do", i, g.Message)
				}
			}
		})
	}
}

func TestProblemString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    Problem
		want string
	}{
		{"post", Problem{Post: 2, Field: FieldText, Message: "m"}, "post 3: m"},
		{"draft", Problem{Post: -1, Field: FieldPosts, Message: "m"}, "m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.p.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLimitConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		limit int
		want  int
	}{
		{"default", 0, 280},
		{"premium", 25000, 25000},
		{"negative", -1, 280},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := LimitConfig(tt.limit)
			if cfg.MaxWeightedTweetLength != tt.want || cfg.Scale != textcount.DefaultConfig.Scale {
				t.Errorf("LimitConfig(%d) = %+v, want the default rules with limit %d", tt.limit, cfg, tt.want)
			}
		})
	}
}

func TestPollDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    time.Duration
		wantErr bool
		format  string
	}{
		{"minutes", "90m", 90 * time.Minute, false, "1h30m"},
		{"hours", "24h", 24 * time.Hour, false, "1d"},
		{"days", "3d", 72 * time.Hour, false, "3d"},
		{"combined", "1d12h", 36 * time.Hour, false, "1d12h"},
		{"spaces and case", "  2H ", 2 * time.Hour, false, "2h"},
		{"empty", "", 0, true, ""},
		{"no unit", "90", 0, true, ""},
		{"bad unit", "3w", 0, true, ""},
		{"no number", "h", 0, true, ""},
		{"seven days in minutes", "10080m", 7 * 24 * time.Hour, false, "7d"},
		{"seven days in hours", "168h", 7 * 24 * time.Hour, false, "7d"},
		{"minutes past any day count", "100000m", 100000 * time.Minute, false, "69d10h40m"},
		{"huge", "99999999999d", 0, true, ""},
		{"huge in minutes", "99999999999m", 0, true, ""},
		{"overflowing sum", "10000d10000d", 0, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParsePollDuration(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParsePollDuration(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got != tt.want {
				t.Errorf("ParsePollDuration(%q) = %v, want %v", tt.in, got, tt.want)
			}
			if f := FormatPollDuration(got); f != tt.format {
				t.Errorf("FormatPollDuration(%v) = %q, want %q", got, f, tt.format)
			}
			if back, err := ParsePollDuration(FormatPollDuration(got)); err != nil || back != got {
				t.Errorf("round trip of %v: %v, %v", got, back, err)
			}
		})
	}
}

func TestJournal(t *testing.T) {
	t.Parallel()
	d := draftOf("a", "b", "c")
	if d.Published() || d.Remaining() != 3 {
		t.Fatalf("fresh draft: Published %v, Remaining %d", d.Published(), d.Remaining())
	}
	if _, ok := d.Posted(0); ok {
		t.Error("Posted(0) on a fresh draft")
	}
	d.RecordPost(1, "201")
	if id, ok := d.Posted(1); !ok || id != "201" {
		t.Errorf("Posted(1) = %q, %v", id, ok)
	}
	if _, ok := d.Posted(0); ok {
		t.Error("Posted(0) after recording only post 1")
	}
	d.RecordPost(0, "200")
	d.RecordPost(2, "202")
	if !d.Published() || d.Remaining() != 0 {
		t.Errorf("all recorded: Published %v, Remaining %d", d.Published(), d.Remaining())
	}
	now := time.Unix(1000, 0)
	d.RecordMedia("/p/a.png", "m1", now.Add(time.Hour))
	if id, ok := d.UploadedMedia("/p/a.png", now); !ok || id != "m1" {
		t.Errorf("UploadedMedia before expiry = %q, %v", id, ok)
	}
	if _, ok := d.UploadedMedia("/p/a.png", now.Add(time.Hour)); ok {
		t.Error("UploadedMedia at expiry still returns the id")
	}
	if _, ok := d.UploadedMedia("/p/other.png", now); ok {
		t.Error("UploadedMedia of an unknown file")
	}
	if (&Draft{}).Published() {
		t.Error("a draft without posts counts as published")
	}
}

func TestJournalAttempt(t *testing.T) {
	t.Parallel()
	d := draftOf("a", "b")
	if d.Attempted(0) {
		t.Fatal("a fresh draft has an attempt")
	}
	d.RecordAttempt(1)
	if !d.Attempted(1) || d.Attempted(0) {
		t.Errorf("after RecordAttempt(1): attempted 0 %v, 1 %v", d.Attempted(0), d.Attempted(1))
	}
	c := d.Clone()
	d.ClearAttempt(1)
	if d.Attempted(1) || !c.Attempted(1) {
		t.Error("ClearAttempt did not clear, or the clone shares the journal")
	}
	c.RecordPost(1, "99")
	if c.Attempted(1) || c.Journal.Sending != 0 {
		t.Errorf("a recorded post is still attempted: %+v", c.Journal)
	}
}
