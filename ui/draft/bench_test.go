package draft

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xpostdev/xpost/textcount"
)

// benchPost is a realistic post of about 250 characters with a URL, a
// mention, a hashtag and emoji.
const benchPost = "Shipping day! 🚀 The new composer counts exactly like X does, " +
	"so what you see is what gets posted. Thanks @someone for the review 🙏 " +
	"Details: https://example.com/blog/2026/11/composer-release #golang " +
	"Next up: media uploads that stream, and polls. 🇫🇷🇯🇵 "

func benchThread(n int) *Draft {
	d := New()
	d.Posts = nil
	for i := range n {
		p := Post{Text: benchPost}
		if i%5 == 1 {
			p.Media = []Media{{Path: "/p/a.png", Kind: KindImage, Size: 1 << 20, Alt: "a photo"}}
		}
		if i%7 == 3 {
			p.Poll = &Poll{Options: []string{"Yes", "No", "Maybe"}, Duration: 24 * time.Hour}
		}
		d.Posts = append(d.Posts, p)
	}
	d.Numbering = true
	return d
}

func benchLongPost() *Draft {
	var b strings.Builder
	for b.Len() < 25_000 {
		b.WriteString("Paragraph with words, a link https://example.com/x and an emoji 👍🏽. ")
		b.WriteString("Ünïcödé and 日本語 too.\n\n")
	}
	d := New()
	d.Posts[0].Text = b.String()
	return d
}

func BenchmarkValidateThread25(b *testing.B) {
	d := benchThread(25)
	b.ReportAllocs()
	for b.Loop() {
		if ps := d.Validate(textcount.DefaultConfig); len(ps) != 0 {
			b.Fatal(ps)
		}
	}
}

func BenchmarkValidateLongPost(b *testing.B) {
	d := benchLongPost()
	b.SetBytes(int64(len(d.Posts[0].Text)))
	b.ReportAllocs()
	for b.Loop() {
		d.Validate(textcount.PremiumConfig)
	}
}

func benchThreadFile(b *testing.B) []byte {
	b.Helper()
	d := benchThread(200)
	d.Posts[0].Text = benchLongPost().Posts[0].Text
	var buf bytes.Buffer
	if err := WriteThread(&buf, d, "/p"); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkParseThread(b *testing.B) {
	data := benchThreadFile(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseThread(bytes.NewReader(data), "/p"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteThread(b *testing.B) {
	d := benchThread(200)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := WriteThread(&buf, d, "/p"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAutosaverChanged is the cost a keystroke pays for autosaving a
// 25-post thread: a copy of the draft, no I/O.
func BenchmarkAutosaverChanged(b *testing.B) {
	a := NewAutosaver(&Store{Dir: b.TempDir()}, time.Hour)
	defer a.Close()
	d := benchThread(25)
	b.ReportAllocs()
	for b.Loop() {
		a.Changed(*d)
	}
}

func BenchmarkSplitJoinLongPost(b *testing.B) {
	d := benchLongPost()
	b.ReportAllocs()
	for b.Loop() {
		if err := d.SplitPost(0, len(d.Posts[0].Text)/2); err != nil {
			b.Fatal(err)
		}
		if _, err := d.JoinWithNext(0); err != nil {
			b.Fatal(err)
		}
	}
}
