package rules

import (
	"go/build"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xpostdev/xpost/textcount"
)

func TestValidateCodes(t *testing.T) {
	t.Parallel()
	img := func(name string) Media { return Media{Path: "/p/" + name, Kind: KindImage, Size: 100} }
	poll := func(opts ...string) *Poll { return &Poll{Options: opts, Duration: time.Hour} }
	tests := []struct {
		name   string
		thread Thread
		limit  int
		want   []Code
		// got and limit of the first problem, when it measures one
		gotLimit [2]int64
	}{
		{name: "valid", thread: Thread{Posts: []Post{{Text: "hi"}}}},
		{name: "no posts", thread: Thread{}, want: []Code{NoPosts}},
		{name: "bad ids", thread: Thread{ReplyTo: "x", Quote: "1/2", Posts: []Post{{Text: "a"}}}, want: []Code{BadReplyTo, BadQuote, ReplyAndQuote}},
		{name: "bad reply setting", thread: Thread{ReplySettings: "everyone", Posts: []Post{{Text: "a"}}}, want: []Code{BadReplySettings}},
		{name: "empty", thread: Thread{Posts: []Post{{Text: " \n"}}}, want: []Code{EmptyPost}},
		{name: "media only is fine", thread: Thread{Posts: []Post{{Media: []Media{img("a.png")}}}}},
		{name: "poll needs text", thread: Thread{Posts: []Post{{Poll: poll("a", "b")}}}, want: []Code{PollWithoutText}},
		{name: "too long", thread: Thread{Posts: []Post{{Text: strings.Repeat("x", 281)}}}, want: []Code{TooLong}, gotLimit: [2]int64{281, 280}},
		{name: "premium limit", thread: Thread{Posts: []Post{{Text: strings.Repeat("x", 281)}}}, limit: PremiumLimit},
		{name: "suffix counts", thread: Thread{Posts: []Post{{Text: strings.Repeat("x", 278), Suffix: " 1/2"}}}, want: []Code{TooLong}, gotLimit: [2]int64{282, 280}},
		{name: "bad utf-8", thread: Thread{Posts: []Post{{Text: "a\xffb"}}}, want: []Code{BadUTF8}},
		{name: "invalid char", thread: Thread{Posts: []Post{{Text: "a\uFEFFb"}}}, want: []Code{InvalidChar}},
		{name: "quote and media", thread: Thread{Quote: "5", Posts: []Post{{Text: "a", Media: []Media{img("a.png")}}}}, want: []Code{QuoteAndMedia}},
		{name: "quote and poll", thread: Thread{Quote: "5", Posts: []Post{{Text: "a", Poll: poll("a", "b")}}}, want: []Code{QuoteAndPoll}},
		{name: "quote and media on a later part", thread: Thread{Quote: "5", Posts: []Post{{Text: "a"}, {Text: "b", Media: []Media{img("a.png")}}}}},
		{name: "poll and media", thread: Thread{Posts: []Post{{Text: "a", Poll: poll("a", "b"), Media: []Media{img("a.png")}}}}, want: []Code{PollAndMedia}},
		{name: "five images", thread: Thread{Posts: []Post{{Text: "a", Media: []Media{img("a"), img("b"), img("c"), img("d"), img("e")}}}}, want: []Code{MediaMix}},
		{name: "gif and image", thread: Thread{Posts: []Post{{Text: "a", Media: []Media{img("a"), {Path: "g", Kind: KindGIF, Size: 1}}}}}, want: []Code{MediaMix}},
		{name: "no file", thread: Thread{Posts: []Post{{Text: "a", Media: []Media{{Kind: KindImage}}}}}, want: []Code{NoFile}},
		{name: "twice", thread: Thread{Posts: []Post{{Text: "a", Media: []Media{img("a"), img("a")}}}}, want: []Code{AttachedTwice}},
		{name: "unchecked", thread: Thread{Posts: []Post{{Text: "a", Media: []Media{{Path: "a"}}}}}, want: []Code{Unchecked}},
		{name: "unsupported", thread: Thread{Posts: []Post{{Text: "a", Media: []Media{{Path: "a", Kind: "pdf"}}}}}, want: []Code{UnsupportedKind}},
		{name: "too large", thread: Thread{Posts: []Post{{Text: "a", Media: []Media{{Path: "v", Kind: KindVideo, Size: MaxVideoBytes + 1}}}}}, want: []Code{TooLarge}, gotLimit: [2]int64{MaxVideoBytes + 1, MaxVideoBytes}},
		{name: "alt too long", thread: Thread{Posts: []Post{{Text: "a", Media: []Media{{Path: "a", Kind: KindImage, Size: 1, Alt: strings.Repeat("é", 1001)}}}}}, want: []Code{AltTooLong}, gotLimit: [2]int64{1001, 1000}},
		{name: "one option", thread: Thread{Posts: []Post{{Text: "a", Poll: poll("a")}}}, want: []Code{FewOptions}, gotLimit: [2]int64{1, 2}},
		{name: "five options", thread: Thread{Posts: []Post{{Text: "a", Poll: poll("a", "b", "c", "d", "e")}}}, want: []Code{ManyOptions}, gotLimit: [2]int64{5, 4}},
		{name: "option problems", thread: Thread{Posts: []Post{{Text: "a", Poll: poll(" ", strings.Repeat("o", 26), "b", "b ")}}}, want: []Code{EmptyOption, LongOption, SameOptions}},
		{name: "poll too short", thread: Thread{Posts: []Post{{Text: "a", Poll: &Poll{Options: []string{"a", "b"}, Duration: 4 * time.Minute}}}}, want: []Code{PollLength}},
		{name: "poll in seconds", thread: Thread{Posts: []Post{{Text: "a", Poll: &Poll{Options: []string{"a", "b"}, Duration: time.Hour + time.Second}}}}, want: []Code{PollMinutes}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ps := Validate(&tt.thread, LimitConfig(tt.limit))
			var got []Code
			for _, p := range ps {
				got = append(got, p.Code)
				if p.Message == "" || !strings.Contains(p.Message, ":") {
					t.Errorf("problem %+v: a message says what is wrong and what to do", p)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("codes %v, want %v (%v)", got, tt.want, ps)
			}
			if tt.gotLimit != [2]int64{} && (len(ps) == 0 || ps[0].Got != tt.gotLimit[0] || ps[0].Limit != tt.gotLimit[1]) {
				t.Errorf("first problem %+v, want got/limit %v", ps, tt.gotLimit)
			}
		})
	}
}

func TestSizeProblem(t *testing.T) {
	t.Parallel()
	// A file over a cap never reads as the cap.
	if pr := SizeProblem("a.png", KindImage, MaxImageBytes+1); pr == nil || strings.Contains(pr.Message, "is 5 MB") {
		t.Errorf("SizeProblem = %+v", pr)
	}
	if SizeProblem("a.png", KindImage, MaxImageBytes) != nil {
		t.Error("a file at the cap is refused")
	}
}

func TestLimitConfigDefaults(t *testing.T) {
	t.Parallel()
	if c := LimitConfig(0); c.MaxWeightedTweetLength != StandardLimit {
		t.Errorf("LimitConfig(0) max = %d", c.MaxWeightedTweetLength)
	}
	if c := configOrDefault(textcount.Config{MaxWeightedTweetLength: 300}); c.MaxWeightedTweetLength != 300 || c.Scale == 0 {
		t.Errorf("configOrDefault = %+v", c)
	}
}

// TestImports keeps the rules free of the network and the terminal: both
// the composer and the publisher import them.
func TestImports(t *testing.T) {
	t.Parallel()
	forbidden := []string{"net/http", "golang.org/x/oauth2", "charm.land", "github.com/xpostdev/xpost/ui", "github.com/xpostdev/xpost/xapi"}
	bad := func(imp string) bool {
		if strings.HasPrefix(imp, "github.com/xpostdev/xpost/xapi/rules") {
			return false
		}
		for _, f := range forbidden {
			if imp == f || strings.HasPrefix(imp, f+"/") {
				return true
			}
		}
		return false
	}
	seen := map[string]bool{}
	var walk func(path, dir string)
	walk = func(path, dir string) {
		if seen[path] {
			return
		}
		seen[path] = true
		pkg, err := build.Default.Import(path, dir, 0)
		if err != nil {
			t.Fatalf("import %s: %v", path, err)
		}
		for _, imp := range pkg.Imports {
			if bad(imp) {
				t.Errorf("%s imports %s", path, imp)
			}
			if strings.HasPrefix(imp, "github.com/xpostdev/xpost/") {
				walk(imp, pkg.Dir)
			}
		}
	}
	dir, _ := filepath.Abs(".")
	walk("github.com/xpostdev/xpost/xapi/rules", dir)
}
