package draft

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// base is the thread file's directory in these tests.
var base = filepath.FromSlash("/home/u/threads")

func abs(rel string) string { return filepath.Join(base, filepath.FromSlash(rel)) }

func TestParseThread(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		base string
		want []Post
	}{
		{"empty file", "", base, []Post{{}}},
		{"one post", "Hello\n", base, []Post{{Text: "Hello"}}},
		{"no final newline", "Hello", base, []Post{{Text: "Hello"}}},
		{"two posts with blank lines trimmed", "\n\nOne\n\n---\n\n  Two\n\n", base,
			[]Post{{Text: "One"}, {Text: "  Two"}}},
		{"interior blank lines kept", "a\n\n\nb\n", base, []Post{{Text: "a\n\n\nb"}}},
		{"separator with trailing spaces", "a\n--- \t\nb\n", base, []Post{{Text: "a"}, {Text: "b"}}},
		{"trailing separator makes an empty part", "a\n---\n", base, []Post{{Text: "a"}, {}}},
		{"crlf and bom", "\uFEFFa\r\nb\r\n---\r\nc\r\n", base, []Post{{Text: "a\nb"}, {Text: "c"}}},
		{"media relative", "Look\n\n![A cat](photos/cat.jpg)\n![](dog.png)\n", base,
			[]Post{{Text: "Look", Media: []Media{{Path: abs("photos/cat.jpg"), Alt: "A cat"}, {Path: abs("dog.png")}}}}},
		{"media parent dir", "![x](../img/a.png)\n", base,
			[]Post{{Media: []Media{{Path: filepath.Join(filepath.Dir(base), "img", "a.png"), Alt: "x"}}}}},
		{"media absolute", "![x](/tmp/a.png)\n", base, []Post{{Media: []Media{{Path: filepath.FromSlash("/tmp/a.png"), Alt: "x"}}}}},
		{"media without base dir", "![x](img/a.png)\n", "", []Post{{Media: []Media{{Path: filepath.FromSlash("img/a.png"), Alt: "x"}}}}},
		{"media escapes", `![a \] b \\ c\d](my\(1\).png)` + "\n", "",
			[]Post{{Media: []Media{{Path: "my(1).png", Alt: `a ] b \ c\d`}}}}},
		{"media alt and path as written", "![ A cat ](my cat.jpg )\n", "", []Post{{Media: []Media{{Path: "my cat.jpg ", Alt: " A cat "}}}}},
		{"not media: text after", "![x](a.png) and more\n", "", []Post{{Text: "![x](a.png) and more"}}},
		{"not media: paren inside path", "![x](a.png) more)\n", "", []Post{{Text: "![x](a.png) more)"}}},
		{"markup removed where it stands", "a\n![x](p.png)\nb\n", "", []Post{{Text: "a\nb", Media: []Media{{Path: "p.png", Alt: "x"}}}}},
		{"poll default length", "Tea or coffee?\n- [ ] Tea\n- [ ]  Coffee \n", "",
			[]Post{{Text: "Tea or coffee?", Poll: &Poll{Options: []string{"Tea", "Coffee"}, Duration: 24 * time.Hour}}}},
		{"poll length before options", "Q\npoll: 90m\n- [ ] A\n- [ ] B\n- [ ] C\n- [ ] D\n", "",
			[]Post{{Text: "Q", Poll: &Poll{Options: []string{"A", "B", "C", "D"}, Duration: 90 * time.Minute}}}},
		{"empty option", "Q\n- [ ]\n- [ ] B\n", "", []Post{{Text: "Q", Poll: &Poll{Options: []string{"", "B"}, Duration: 24 * time.Hour}}}},
		{"poll line without a poll is text", "poll: who is in?\n", "", []Post{{Text: "poll: who is in?"}}},
		{"escaped markup", "\\---\n\\- [ ] not an option\n\\![x](y)\n\\poll: 3d\n\\\\---\n", "",
			[]Post{{Text: "---\n- [ ] not an option\n![x](y)\npoll: 3d\n\\---"}}},
		{"ordinary backslashes untouched", "C:\\Users\\me\n\\o/\n\\\\server\n", "",
			[]Post{{Text: "C:\\Users\\me\n\\o/\n\\\\server"}}},
		{"dashes that are text", "----\n -- -\n- [x] done\n", "", []Post{{Text: "----\n -- -\n- [x] done"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := ParseThread(strings.NewReader(tt.in), tt.base)
			if err != nil {
				t.Fatalf("ParseThread: %v", err)
			}
			if diff := cmp.Diff(tt.want, d.Posts); diff != "" {
				t.Errorf("posts (-want +got):\n%s", diff)
			}
			if !validID(d.ID) || d.Created.IsZero() {
				t.Errorf("draft id %q created %v: want a fresh draft", d.ID, d.Created)
			}
		})
	}
}

func TestParseThreadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		in       string
		part     int
		line     int
		wantText string
	}{
		{"five options", "a\n---\nb\n---\nQ\n- [ ] 1\n- [ ] 2\n- [ ] 3\n- [ ] 4\n- [ ] 5\n", 3, 10,
			"post 3, line 10: poll has 5 options, at most 4 are allowed"},
		{"one option", "Q\n\n- [ ] only\n", 1, 3, "poll has 1 option, it needs at least 2"},
		{"bad length", "Q\n- [ ] a\n- [ ] b\npoll: soon\n", 1, 4, "not a poll length"},
		{"two lengths", "Q\n- [ ] a\npoll: 1h\n- [ ] b\npoll: 2h\n", 1, 5, "second poll length (the first is on line 3)"},
		{"media without file", "a\n---\n![alt]()\n", 2, 3, "no file"},
		{"invalid utf-8", "a\n\xff\n", 1, 2, "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseThread(strings.NewReader(tt.in), "")
			var te *ThreadError
			if !errors.As(err, &te) {
				t.Fatalf("ParseThread error = %v, want a *ThreadError", err)
			}
			if te.Part != tt.part || te.Line != tt.line || !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("error = %q (part %d, line %d), want part %d, line %d, text %q", err, te.Part, te.Line, tt.part, tt.line, tt.wantText)
			}
		})
	}
}

func TestParseThreadTooLarge(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("a", MaxThreadFile+1)
	if _, err := ParseThread(strings.NewReader(big), ""); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("error = %v, want one about the size", err)
	}
}

func TestWriteThread(t *testing.T) {
	t.Parallel()
	d := &Draft{Posts: []Post{
		{Text: "Intro\n---\nstill intro", Media: []Media{{Path: abs("photos/cat.jpg"), Alt: "A [cat]"}, {Path: filepath.FromSlash("/srv/x.png")}}},
		{Text: "Tea or coffee?", Poll: &Poll{Options: []string{"Tea", "Coffee"}, Duration: 3 * 24 * time.Hour}},
		{Media: []Media{{Path: abs("../v.mp4")}}},
		{Text: "The end", Poll: &Poll{Options: []string{"a", "b"}, Duration: 24 * time.Hour}},
	}}
	want := "Intro\n\\---\nstill intro\n\n" +
		"![A [cat\\]](photos/cat.jpg)\n![](/srv/x.png)\n" +
		"\n---\n\n" +
		"Tea or coffee?\n\n- [ ] Tea\n- [ ] Coffee\npoll: 3d\n" +
		"\n---\n\n" +
		"![](../v.mp4)\n" +
		"\n---\n\n" +
		"The end\n\n- [ ] a\n- [ ] b\n"
	if filepath.Separator != '/' {
		t.Skip("the expected file spells paths with slashes")
	}
	var buf bytes.Buffer
	if err := WriteThread(&buf, d, base); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("WriteThread (-want +got):\n%s", diff)
	}
	back, err := ParseThread(&buf, base)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d.Posts, back.Posts); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// expressible reports whether the thread format can hold p exactly (see
// the format notes in thread.go), for a file in baseDir.
func expressible(p Post, baseDir string) bool {
	field := func(s string) bool { return utf8.ValidString(s) && !strings.Contains(s, "\n") }
	option := func(s string) bool { return field(s) && strings.TrimSpace(s) == s }
	if !utf8.ValidString(p.Text) || strings.Contains(p.Text, "\r\n") || strings.HasSuffix(p.Text, "\r") {
		return false
	}
	if strings.Join(trimBlankLines(strings.Split(p.Text, "\n")), "\n") != p.Text {
		return false
	}
	for _, m := range p.Media {
		if !field(m.Alt) || !field(m.Path) || m.Path == "" || m.Kind != "" || m.MIME != "" || m.Size != 0 {
			return false
		}
		if filepath.Clean(m.Path) != m.Path || (baseDir != "" && !filepath.IsAbs(m.Path)) {
			return false
		}
	}
	if p.Poll != nil {
		if len(p.Poll.Options) < MinPollOptions || len(p.Poll.Options) > MaxPollOptions {
			return false
		}
		for _, o := range p.Poll.Options {
			if !option(o) {
				return false
			}
		}
		if d := p.Poll.Duration; d < 0 || d%time.Minute != 0 || d > maxPollLength {
			return false
		}
	}
	return true
}

func roundTrip(t *testing.T, d *Draft, baseDir string) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteThread(&buf, d, baseDir); err != nil {
		t.Fatal(err)
	}
	written := buf.String()
	back, err := ParseThread(&buf, baseDir)
	if err != nil {
		t.Fatalf("parsing what WriteThread wrote: %v\nfile:\n%s", err, written)
	}
	if diff := cmp.Diff(d.Posts, back.Posts); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s\nfile:\n%q", diff, written)
	}
}

func TestThreadRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		posts []Post
	}{
		{"empty post", []Post{{}}},
		{"empty posts around", []Post{{}, {Text: "x"}, {}}},
		{"markup-looking text", []Post{{Text: "---\n- [ ] x\n- [ ]\npoll: 1d\n![a](b)\n\\---\n\\\\- [ ] y\n---  "}}},
		{"backslashes in fields", []Post{{Media: []Media{{Path: `/a\b\)\`, Alt: `x\]\`}}}}},
		{"unicode", []Post{{Text: "日本語 🇯🇵 e\u0301", Poll: &Poll{Options: []string{"🍵", "☕"}, Duration: 7 * 24 * time.Hour}}}},
		{"poll length in minutes", []Post{{Text: "q", Poll: &Poll{Options: []string{"a", "b", "c"}, Duration: 95 * time.Minute}}}},
		{"byte order mark in text", []Post{{Text: "\uFEFFx"}}},
		{"spaces in paths", []Post{{Media: []Media{{Path: abs(" a /b "), Alt: " x "}, {Path: "/a b/c"}}}}},
		{"media far away", []Post{{Media: []Media{{Path: "/elsewhere/x.png", Alt: "x"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, p := range tt.posts {
				if !expressible(p, base) {
					t.Fatalf("test post %+v is not expressible", p)
				}
			}
			roundTrip(t, &Draft{Posts: tt.posts}, base)
		})
	}
}

func FuzzThreadRoundTrip(f *testing.F) {
	f.Add("Hello\n\nworld", "---", "A cat", "photos/cat.jpg", "Yes", "No", uint16(1440), uint8(0))
	f.Add("- [ ] x", "\\---", `a\]`, `b\)`, "", " ", uint16(5), uint8(1))
	f.Add("poll: 3d", "![a](b)", "", "x", "a", "a", uint16(0), uint8(2))
	f.Add("", "", "", "", "", "", uint16(60), uint8(3))
	f.Fuzz(func(t *testing.T, t1, t2, alt, path, o1, o2 string, minutes uint16, shape uint8) {
		p1 := Post{Text: t1}
		p2 := Post{Text: t2}
		if shape&1 != 0 {
			p1.Media = []Media{{Path: filepath.Join(base, path), Alt: alt}}
		}
		if shape&2 != 0 {
			p2.Poll = &Poll{Options: []string{o1, o2}, Duration: time.Duration(minutes) * time.Minute}
		}
		posts := []Post{p1, p2}
		if shape&4 != 0 {
			posts = posts[:1]
		}
		for _, p := range posts {
			if !expressible(p, base) {
				return
			}
		}
		roundTrip(t, &Draft{Posts: posts}, base)
	})
}

func FuzzParseThread(f *testing.F) {
	f.Add("Hello\n---\n![a](b.png)\n- [ ] x\n- [ ] y\npoll: 2h\n")
	f.Add("\\---\r\n\\\\poll: x\n- [ ]\n- [ ]\n")
	f.Add("\uFEFF![x\\](y\\))\n---\n---")
	f.Fuzz(func(t *testing.T, in string) {
		d, err := ParseThread(strings.NewReader(in), base)
		if err != nil {
			var te *ThreadError
			if !errors.As(err, &te) || te.Part < 1 || te.Line < 1 {
				t.Fatalf("error %v does not name a part and line", err)
			}
			return
		}
		if len(d.Posts) == 0 {
			t.Fatal("a parsed thread has no posts")
		}
		// Whatever a file says, writing the draft and reading it back
		// gives the same posts.
		roundTrip(t, d, base)
	})
}
