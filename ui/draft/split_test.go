package draft

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xpostdev/xpost/internal/grapheme"
	"github.com/xpostdev/xpost/textcount"
)

// checkSplit asserts what every split must hold: the pieces join back to
// the text, each post fits (with room for numbering), and no post is empty.
func checkSplit(t *testing.T, text string, cfg textcount.Config, numbered bool, pieces []string) {
	t.Helper()
	if got := strings.Join(pieces, ""); got != text {
		t.Fatalf("pieces join to %q, want %q", got, text)
	}
	if len(pieces) == 1 {
		return
	}
	d := New()
	d.Numbering = numbered
	d.Posts = d.Posts[:0]
	for _, p := range PostTexts(pieces) {
		if p == "" {
			t.Fatalf("empty post in %q", pieces)
		}
		d.Posts = append(d.Posts, Post{Text: p})
	}
	for i := range d.Posts {
		if n := textcount.ParseWith(d.TextForPublish(i), cfg).WeightedLength; n > cfg.MaxWeightedTweetLength {
			t.Errorf("post %d weighs %d, over %d: %q", i+1, n, cfg.MaxWeightedTweetLength, d.TextForPublish(i))
		}
	}
}

func TestSplitText(t *testing.T) {
	small := textcount.DefaultConfig.WithMax(40)
	tests := []struct {
		name     string
		text     string
		numbered bool
		want     []string
	}{
		{"fits", "Short enough.", false, []string{"Short enough."}},
		{"paragraphs first", "First paragraph is here.\n\nSecond one, also short.", false,
			[]string{"First paragraph is here.\n\n", "Second one, also short."}},
		{"sentences next", "One sentence is here. Another follows it then.", false,
			[]string{"One sentence is here. ", "Another follows it then."}},
		{"words last", "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj", false,
			[]string{"aaaa bbbb cccc dddd eeee ffff gggg hhhh ", "iiii jjjj"}},
		{"url kept whole", "look at this one right now please: https://example.com/a/very/long/path/indeed", false,
			[]string{"look at this one right now please: ", "https://example.com/a/very/long/path/indeed"}},
		{"mention kept whole", "hello there my dear friend @averylongname_xy yes", false,
			[]string{"hello there my dear friend ", "@averylongname_xy yes"}},
		{"numbered leaves room", "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj", true,
			[]string{"aaaa bbbb cccc dddd eeee ffff gggg ", "hhhh iiii jjjj"}},
		{"long word cut at a grapheme", strings.Repeat("👍🏽", 25), false,
			[]string{strings.Repeat("👍🏽", 20), strings.Repeat("👍🏽", 5)}},
		{"cjk sentence", strings.Repeat("漢", 15) + "。" + strings.Repeat("字", 15) + "。", false,
			[]string{strings.Repeat("漢", 15) + "。", strings.Repeat("字", 15) + "。"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SplitText(tt.text, small, tt.numbered)
			if err != nil {
				t.Fatal(err)
			}
			checkSplit(t, tt.text, small, tt.numbered, got)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("SplitText = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSplitTextUnsplittable(t *testing.T) {
	_, err := SplitText("#"+strings.Repeat("x", 50)+" and more", textcount.DefaultConfig.WithMax(40), false)
	if err != ErrUnsplittable {
		t.Fatalf("err = %v, want ErrUnsplittable", err)
	}
}

// TestSplitEssay splits a long essay at the default limit: every post is
// well filled and ends at a sentence.
func TestSplitEssay(t *testing.T) {
	var b strings.Builder
	for p := 0; p < 6; p++ {
		for s := 0; s < 7; s++ {
			b.WriteString("This sentence, number ")
			b.WriteString(strings.Repeat("x", s+p))
			b.WriteString(", says something worth a reader's time. ")
		}
		b.WriteString("\n\n")
	}
	text := strings.TrimSpace(b.String())
	got, err := SplitText(text, textcount.Config{}, true)
	if err != nil {
		t.Fatal(err)
	}
	checkSplit(t, text, textcount.DefaultConfig, true, got)
	for i, p := range PostTexts(got) {
		if !strings.HasSuffix(p, ".") {
			t.Errorf("post %d does not end at a sentence: %q", i+1, p)
		}
	}
}

func FuzzSplitText(f *testing.F) {
	f.Add("Hello world. This is a test.\n\nAnother paragraph with @someone and #tag and https://x.com/a.", 40, true)
	f.Add(strings.Repeat("漢字 ", 40), 30, false)
	f.Add(strings.Repeat("a", 100), 25, true)
	f.Fuzz(func(t *testing.T, text string, limit int, numbered bool) {
		if !utf8.ValidString(text) || limit < 30 || limit > 500 || len(text) > 4000 {
			return
		}
		cfg := textcount.DefaultConfig.WithMax(limit)
		pieces, err := SplitText(text, cfg, numbered)
		if err != nil {
			return
		}
		checkSplit(t, text, cfg, numbered, pieces)
		off := 0
		for _, p := range pieces[:len(pieces)-1] {
			off += len(p)
			if !grapheme.IsBoundary(text, off) {
				t.Fatalf("cut at %d splits a grapheme cluster in %q", off, text)
			}
		}
		// The thread file holds the posts and reads them back as they were.
		d := New()
		d.Posts = d.Posts[:0]
		for _, p := range PostTexts(pieces) {
			d.Posts = append(d.Posts, Post{Text: p})
		}
		var b strings.Builder
		if err := WriteThread(&b, d, ""); err != nil {
			t.Fatal(err)
		}
		back, err := ParseThread(strings.NewReader(b.String()), "")
		if err != nil {
			t.Fatalf("thread file of the split does not parse: %v\n%s", err, b.String())
		}
		if len(back.Posts) != len(d.Posts) {
			t.Fatalf("%d posts read back, want %d", len(back.Posts), len(d.Posts))
		}
		for i := range d.Posts {
			if back.Posts[i].Text != d.Posts[i].Text {
				t.Fatalf("post %d reads back %q, want %q", i+1, back.Posts[i].Text, d.Posts[i].Text)
			}
		}
	})
}

func TestSplitLongPost(t *testing.T) {
	cfg := textcount.DefaultConfig.WithMax(30)
	d := New()
	d.Posts = []Post{{Text: "first"}, {Text: "One sentence here. Another sentence there.", Media: []Media{{Path: "a.png"}}}, {Text: "last"}}
	before := d.Clone()
	n, err := d.SplitLongPost(1, cfg)
	if err != nil || n != 2 {
		t.Fatalf("SplitLongPost = %d, %v; want 2 posts", n, err)
	}
	var got []string
	for _, p := range d.Posts {
		got = append(got, p.Text)
	}
	if want := []string{"first", "One sentence here.", "Another sentence there.", "last"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("posts %q, want %q", got, want)
	}
	if len(d.Posts[1].Media) != 1 || len(d.Posts[2].Media) != 0 {
		t.Error("the media did not stay with the first post of the split")
	}
	if err := d.RestorePosts(before.Posts); err != nil || len(d.Posts) != 3 || d.Posts[1].Text != before.Posts[1].Text {
		t.Errorf("RestorePosts: %v, %d posts", err, len(d.Posts))
	}

	d.RecordPost(0, "100")
	if _, err := d.SplitLongPost(0, textcount.DefaultConfig.WithMax(3)); err == nil {
		t.Error("a published post was split")
	}
	if err := d.RestorePosts(before.Posts); err == nil {
		t.Error("a thread with a published post was put back")
	}
}
