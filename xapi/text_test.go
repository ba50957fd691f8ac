package xapi_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// xEscape escapes text the way X does in its answers.
var xEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// TestReadTextUnescaped posts text with the characters X escapes and reads
// it back through every read path: each gives the text as typed.
func TestReadTextUnescaped(t *testing.T) {
	t.Parallel()
	typed := `NYC < London -> "fish" & 'chips' &amp; &lt;`
	e := newEnv(t, xapitest.Options{})
	ctx := t.Context()
	created, _, err := e.c.CreatePost(ctx, &xapi.CreatePostRequest{Text: typed})
	if err != nil {
		t.Fatal(err)
	}
	if created.Text != typed {
		t.Errorf("create answer text = %q, want %q", created.Text, typed)
	}
	got, _, err := e.c.GetPost(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != typed {
		t.Errorf("GetPost text = %q, want %q", got.Text, typed)
	}
	list, _, err := e.c.RecentPosts(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Text != typed || list[0].OwnText() != typed {
		t.Errorf("RecentPosts = %+v, want the text %q", list, typed)
	}
}

// TestReadMediaPostText posts media with and without text and checks what
// the reads give: Text as X keeps it (with the media link), OwnText as
// typed.
func TestReadMediaPostText(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	ctx := t.Context()
	dir := t.TempDir()
	upload := func(name string) string {
		mf, err := xapi.DetectMedia(writeFile(t, dir, name, pngHead, 0))
		if err != nil {
			t.Fatal(err)
		}
		m, _, err := e.c.UploadMedia(ctx, mf, xapi.UploadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	for _, text := range []string{"cats & dogs https://t.co/typed1234", ""} {
		if _, _, err := e.c.CreatePost(ctx, &xapi.CreatePostRequest{Text: text,
			Media: &xapi.PostMedia{MediaIDs: []string{upload("a.png")}}}); err != nil {
			t.Fatal(err)
		}
	}
	posts, _, err := e.c.RecentPosts(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := e.srv.State().Posts
	if len(posts) != 2 || len(st) != 2 {
		t.Fatalf("posts = %+v", posts)
	}
	for i, want := range []string{"", "cats & dogs https://t.co/typed1234"} { // newest first
		p := posts[i]
		link := st[1-i].MediaLink
		if link == "" || !strings.HasSuffix(p.Text, link) {
			t.Errorf("post %d text = %q, want it to end in the media link %q", i, p.Text, link)
		}
		if p.OwnText() != want {
			t.Errorf("post %d OwnText = %q, want %q", i, p.OwnText(), want)
		}
	}
}

func TestOwnText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		text  string
		media bool
		want  string
	}{
		{name: "no media keeps a typed link", text: "see https://t.co/abcDEF1234", want: "see https://t.co/abcDEF1234"},
		{name: "media link dropped", text: "photo https://t.co/abcDEF1234", media: true, want: "photo"},
		{name: "media only", text: "https://t.co/abcDEF1234", media: true, want: ""},
		{name: "typed link before the media link", text: "a https://t.co/typed https://t.co/abcDEF1234", media: true, want: "a https://t.co/typed"},
		{name: "newline before the link", text: "line one\nline two\nhttps://t.co/abcDEF1234", media: true, want: "line one\nline two"},
		{name: "video answer without link", text: "clip", media: true, want: "clip"},
		{name: "other link last", text: "see https://example.com", media: true, want: "see https://example.com"},
		{name: "bare prefix", text: "x https://t.co/", media: true, want: "x https://t.co/"},
		{name: "empty", text: "", media: true, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := xapi.Post{Text: tt.text}
			if tt.media {
				p.MediaKeys = []string{"3_1"}
			}
			if got := p.OwnText(); got != tt.want {
				t.Errorf("OwnText(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// FuzzPostTextUnescape checks that decoding undoes X's escaping exactly,
// for the text and for a long post's note_tweet, whatever was typed.
func FuzzPostTextUnescape(f *testing.F) {
	for _, s := range []string{"", "a & b", "<3", "&amp;", "&&lt;;", "&#39;&quot;", "fish &amp chips", "\u00e9&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		if !utf8.ValidString(typed) {
			return // JSON cannot carry it; X refuses it
		}
		for _, field := range []string{"text", "note_tweet"} {
			var body []byte
			if field == "text" {
				body, _ = json.Marshal(map[string]any{"id": "1", "text": xEscape(typed)})
			} else {
				body, _ = json.Marshal(map[string]any{"id": "1", "text": "cut", "note_tweet": map[string]string{"text": xEscape(typed)}})
			}
			var p xapi.Post
			if err := json.Unmarshal(body, &p); err != nil {
				t.Fatal(err)
			}
			if field == "note_tweet" && typed == "" {
				continue // an empty note is no note
			}
			if p.Text != typed {
				t.Fatalf("%s: decoded %q, typed %q", field, p.Text, typed)
			}
		}
	})
}
