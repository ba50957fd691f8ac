package draft

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/textcount"
)

// exists says yes for the files named.
func exists(names ...string) func(string) bool {
	return func(p string) bool {
		for _, n := range names {
			if p == n {
				return true
			}
		}
		return false
	}
}

func TestParseMarkdown(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("A sentence that goes on for a while. ", 12)
	mid := strings.Repeat("A sentence that goes on for a while. ", 5)
	tests := []struct {
		name  string
		src   string
		opts  MarkdownOptions
		want  []Post
		notes []string
	}{
		{
			name: "paragraphs join while they fit",
			src:  "First paragraph\nwraps here.\n\nSecond one.\n",
			want: []Post{{Text: "First paragraph wraps here.\n\nSecond one."}},
		},
		{
			name: "a heading starts a post",
			src:  "# Intro\n\nHello there.\n\n## Part two\n\nMore.\n",
			want: []Post{{Text: "Intro\n\nHello there."}, {Text: "Part two\n\nMore."}},
		},
		{
			name: "setext heading and closing hashes",
			src:  "Title\n=====\n\nBody.\n\n### Next ###\ntext\n",
			want: []Post{{Text: "Title\n\nBody."}, {Text: "Next\n\ntext"}},
		},
		{
			name: "a break starts a post, as in a thread file",
			src:  "One.\n\n---\n\nTwo.\n***\nThree.",
			want: []Post{{Text: "One."}, {Text: "Two."}, {Text: "Three."}},
		},
		{
			name: "a paragraph that does not fit the post goes to the next",
			src:  mid + "\n\n" + mid,
			want: []Post{{Text: strings.TrimSpace(mid)}, {Text: strings.TrimSpace(mid)}},
		},
		{
			name: "a paragraph longer than a post is split",
			src:  "# Essay\n\n" + long + long,
			want: func() []Post {
				pieces, _ := SplitText(strings.TrimSpace(long+long), textcount.DefaultConfig, false)
				out := []Post{{Text: "Essay"}}
				for _, p := range PostTexts(pieces) {
					out = append(out, Post{Text: p})
				}
				return out
			}(),
		},
		{
			name: "links kept as URLs",
			src:  "Read [the docs](https://example.com/docs \"Docs\") and <https://go.dev>, or https://x.com/a_b_c_.\n",
			want: []Post{{Text: "Read the docs https://example.com/docs and https://go.dev, or https://x.com/a_b_c_."}},
		},
		{
			name: "a link whose text is its URL",
			src:  "[https://go.dev](https://go.dev)",
			want: []Post{{Text: "https://go.dev"}},
		},
		{
			name: "reference links",
			src:  "See [the spec][spec] and [Go].\n\n[spec]: https://spec.commonmark.org \"CommonMark\"\n[go]: <https://go.dev>\n",
			want: []Post{{Text: "See the spec https://spec.commonmark.org and Go https://go.dev."}},
		},
		{
			name: "emphasis dropped",
			src:  "This is *very* **bold**, __strong__, _quiet_ and ~~gone~~.",
			want: []Post{{Text: "This is very bold, strong, quiet and gone."}},
		},
		{
			name: "what is not emphasis stays",
			src:  "2 * 3 * 4, snake_case_name, @ada_lovelace_, #go_lang, a * b, __init__ file",
			want: []Post{{Text: "2 * 3 * 4, snake_case_name, @ada_lovelace_, #go_lang, a * b, init file"}},
		},
		{
			name: "code spans kept as text",
			src:  "Run `go test ./...` then ``a `b` c``; *`x`* too.",
			want: []Post{{Text: "Run go test ./... then a `b` c; x too."}},
		},
		{
			name: "escapes and entities",
			src:  `\*not emphasis\*, \[not a link\], AT&amp;T &lt;3`,
			want: []Post{{Text: "*not emphasis*, [not a link], AT&T <3"}},
		},
		{
			name: "lists keep their bullets",
			src:  "Shopping:\n\n- eggs\n- *fresh* milk\n  from the farm\n    - nested\n1. one\n2) two\n",
			want: []Post{{Text: "Shopping:\n\n- eggs\n- fresh milk from the farm\n    - nested\n1. one\n2) two"}},
		},
		{
			name: "fenced code kept as it is",
			src:  "Code:\n\n```go\nfunc main() {\n    fmt.Println(\"*hi*\")\n}\n```\n",
			want: []Post{{Text: "Code:\n\nfunc main() {\n    fmt.Println(\"*hi*\")\n}"}},
		},
		{
			name: "indented code",
			src:  "Text.\n\n    x := 1\n    y := 2\n\nAfter.",
			want: []Post{{Text: "Text.\n\nx := 1\ny := 2\n\nAfter."}},
		},
		{
			name: "block quotes lose their marks",
			src:  "> Quoted\n> text.\n\nMine.",
			want: []Post{{Text: "Quoted text.\n\nMine."}},
		},
		{
			name: "hard breaks keep the line",
			src:  "Roses are red,  \nviolets are blue,\\\nsugar is sweet.",
			want: []Post{{Text: "Roses are red,\nviolets are blue,\nsugar is sweet."}},
		},
		{
			name: "front matter and comments left out",
			src:  "---\ntitle: My post\ntags: [a, b]\n---\n<!-- draft -->\nHello.\n<!--\nlong\ncomment -->\n",
			want: []Post{{Text: "Hello."}},
		},
		{
			name:  "images become media when the file exists",
			src:   "# Cats\n\n![A cat asleep](img/cat.png)\n\nLook ![a dog](dog.png) here.\n",
			opts:  MarkdownOptions{BaseDir: "/doc", Exists: exists(filepath.FromSlash("/doc/img/cat.png"))},
			want:  []Post{{Text: "Cats\n\nLook a dog dog.png here.", Media: []Media{{Path: filepath.FromSlash("/doc/img/cat.png"), Alt: "A cat asleep"}}}},
			notes: []string{"line 5: the image dog.png was not found: kept as text"},
		},
		{
			name:  "a remote image is a link",
			src:   "![logo](https://example.com/logo.png)",
			want:  []Post{{Text: "logo https://example.com/logo.png"}},
			notes: []string{"line 1: the image https://example.com/logo.png is not a local file: kept as a link"},
		},
		{
			name: "a thread file's poll",
			src:  "Which one?\n\n- [ ] Tea\n- [ ] Coffee\npoll: 3d\n",
			want: []Post{{Text: "Which one?", Poll: &Poll{Options: []string{"Tea", "Coffee"}, Duration: 72 * time.Hour}}},
		},
		{
			name: "a task list of one is text",
			src:  "- [ ] only",
			want: []Post{{Text: "- [ ] only"}},
		},
		{
			name: "hashtags are not headings",
			src:  "#golang is fun\n#2",
			want: []Post{{Text: "#golang is fun #2"}},
		},
		{
			name: "CRLF and a BOM",
			src:  "\uFEFF# T\r\n\r\nBody\r\n",
			want: []Post{{Text: "T\n\nBody"}},
		},
		{
			name: "nothing",
			src:  "\n\n<!-- only a comment -->\n",
			want: []Post{{}},
		},
		{
			name: "numbering leaves room",
			src:  strings.Repeat("x", 270) + "\n\nnext",
			opts: MarkdownOptions{Numbered: true},
			want: []Post{{Text: strings.Repeat("x", 270)}, {Text: "next"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.opts.Exists == nil {
				tt.opts.Exists = exists()
			}
			d, notes := ParseMarkdown(tt.src, tt.opts)
			if diff := cmp.Diff(tt.want, d.Posts); diff != "" {
				t.Errorf("posts (-want +got):\n%s", diff)
			}
			var got []string
			for _, n := range notes {
				got = append(got, "line "+strconv.Itoa(n.Line)+": "+n.Msg)
			}
			if diff := cmp.Diff(tt.notes, got); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
			if d.Numbering != tt.opts.Numbered {
				t.Errorf("numbering %v", d.Numbering)
			}
		})
	}
}

// A thread written as a thread file reads the same as Markdown when its
// posts are single paragraphs: breaks, media and polls mean the same.
func TestMarkdownReadsThreadFiles(t *testing.T) {
	t.Parallel()
	d := &Draft{Posts: []Post{
		{Text: "First post.", Media: []Media{{Path: "/t/cat.png", Alt: "A cat"}}},
		{Text: "Which one?", Poll: &Poll{Options: []string{"Tea", "Coffee"}, Duration: 72 * time.Hour}},
		{Text: "Last."},
	}}
	var file bytes.Buffer
	if err := WriteThread(&file, d, "/t"); err != nil {
		t.Fatal(err)
	}
	got, notes := ParseMarkdown(file.String(), MarkdownOptions{BaseDir: "/t", Exists: exists(filepath.FromSlash("/t/cat.png"))})
	if len(notes) > 0 {
		t.Errorf("notes: %v", notes)
	}
	for i := range d.Posts {
		d.Posts[i].Media = fromSlash(d.Posts[i].Media)
	}
	if diff := cmp.Diff(d.Posts, got.Posts); diff != "" {
		t.Errorf("posts (-want +got):\n%s\nfile:\n%s", diff, file.String())
	}
}

func fromSlash(ms []Media) []Media {
	for i := range ms {
		ms[i].Path = filepath.FromSlash(ms[i].Path)
	}
	return ms
}

// Whatever the document, the import does not panic, every post is valid
// UTF-8 and has something, and every post fits unless a piece of it
// cannot be cut (a note says so).
func FuzzParseMarkdown(f *testing.F) {
	for _, s := range []string{
		"# T\n\nA *b* [c](d) `e` ![f](g)\n\n- h\n- i\n\n```\nj\n```\n",
		"---\na: b\n---\n> q\n\n1. x\n2. y\n\n    code\n",
		"[a][b]\n\n[b]: http://x.y\n", "**_~~x~~_**", "\\", "[", "![", "`", "<", "***", "___", "- [ ] a\n- [ ] b\npoll: 9d",
		strings.Repeat("word ", 400), strings.Repeat("https://example.com/"+strings.Repeat("a", 30)+" ", 20),
		"日本語の文章です。" + strings.Repeat("とても長い。", 80), "\xff\xfe bad utf-8 *x*",
	} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, src string, numbered bool) {
		if len(src) > 20000 {
			t.Skip()
		}
		d, notes := ParseMarkdown(src, MarkdownOptions{Numbered: numbered, BaseDir: "/doc", Exists: func(p string) bool { return strings.HasSuffix(p, ".png") }})
		if len(d.Posts) == 0 {
			t.Fatal("no post")
		}
		cfg := textcount.DefaultConfig
		for i, p := range d.Posts {
			if !utf8.ValidString(p.Text) {
				t.Errorf("post %d is not valid UTF-8: %q", i, p.Text)
			}
			if len(d.Posts) > 1 && p.Text == "" && len(p.Media) == 0 && p.Poll == nil {
				t.Errorf("post %d is empty", i)
			}
			text := p.Text
			if numbered {
				text += " 99/99"
			}
			if textcount.ParseWith(text, cfg).WeightedLength > cfg.MaxWeightedTweetLength && len(notes) == 0 && !unsplittable(p.Text) {
				t.Errorf("post %d is too long without a note: %q", i, p.Text)
			}
		}
	})
}

// unsplittable reports whether text holds a word too long for a post, which
// SplitText cuts by character but a code block keeps.
func unsplittable(text string) bool {
	_, err := SplitText(text, textcount.DefaultConfig, false)
	return err != nil
}

// Importing the export of a thread gives the same thread: parse(format(t))
// == t for the thread file, which `xpost thread export` writes and
// `xpost thread import` reads.
func TestThreadExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	d := &Draft{Posts: []Post{
		{Text: "# not a heading in a thread file\n\n*kept* as typed", Media: []Media{{Path: filepath.FromSlash("/t/a b.png"), Alt: "alt ] with ) marks"}}},
		{Text: "---\n- [ ] not an option", Poll: &Poll{Options: []string{"A", "B", "C"}, Duration: 90 * time.Minute}},
	}}
	var file bytes.Buffer
	if err := WriteThread(&file, d, ""); err != nil {
		t.Fatal(err)
	}
	got, err := ParseThread(&file, "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d.Posts, got.Posts); diff != "" {
		t.Errorf("posts (-want +got):\n%s", diff)
	}
}

// Reading a thread file as Markdown gives back its posts when each is a
// paragraph of plain words: breaks separate posts in both, and nothing in
// plain words is markup.
func FuzzMarkdownReadsThreadFiles(f *testing.F) {
	f.Add("First post|Second post, with words.|3")
	f.Add("日本語の投稿|émoji 👍🏽 ok")
	f.Fuzz(func(t *testing.T, src string) {
		d := New()
		d.Posts = nil
		for _, part := range strings.Split(src, "|") {
			var b strings.Builder
			for _, r := range part {
				switch {
				case r == ' ' || r == '.' || r == ',' || unicode.IsLetter(r) || unicode.IsDigit(r):
					b.WriteRune(r)
				}
			}
			text := strings.Join(strings.Fields(b.String()), " ")
			if text == "" || !fitsDefault(text) || (text[0] >= '0' && text[0] <= '9') {
				continue // a number first could read as a list item
			}
			d.Posts = append(d.Posts, Post{Text: text})
		}
		if len(d.Posts) == 0 {
			t.Skip()
		}
		var file bytes.Buffer
		if err := WriteThread(&file, d, ""); err != nil {
			t.Fatal(err)
		}
		got, notes := ParseMarkdown(file.String(), MarkdownOptions{Exists: exists()})
		if len(notes) > 0 {
			t.Errorf("notes %v", notes)
		}
		if diff := cmp.Diff(d.Posts, got.Posts); diff != "" {
			t.Errorf("posts (-want +got):\n%s\nfile:\n%s", diff, file.String())
		}
	})
}

func fitsDefault(text string) bool {
	return textcount.ParseWith(text, textcount.DefaultConfig).WeightedLength <= textcount.DefaultConfig.MaxWeightedTweetLength
}
