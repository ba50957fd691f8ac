package xapitest

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// typed is a text with every character X escapes, and the quotes it does
// not escape.
const (
	typed   = `Tom & Jerry <3 -> "a" 'b' &amp;`
	escaped = `Tom &amp; Jerry &lt;3 -&gt; "a" 'b' &amp;amp;`
)

// readTexts returns the text of post id as each read endpoint answers it.
func readTexts(t *testing.T, s *Server, tok, id string) map[string]string {
	t.Helper()
	out := map[string]string{}
	r := do(t, s, http.MethodGet, "/2/tweets/"+id, tok, nil, "")
	out["GET /2/tweets/:id"] = r.json(t)["data"].(map[string]any)["text"].(string)
	r = do(t, s, http.MethodGet, "/2/users/1/tweets", tok, nil, "")
	for _, p := range r.json(t)["data"].([]any) {
		if p := p.(map[string]any); p["id"] == id {
			out["GET /2/users/:id/tweets"] = p["text"].(string)
		}
	}
	r = do(t, s, http.MethodGet, "/2/users/me?expansions=most_recent_tweet_id", tok, nil, "")
	out["GET /2/users/me includes"] = r.json(t)["includes"].(map[string]any)["tweets"].([]any)[0].(map[string]any)["text"].(string)
	return out
}

func TestTextEscapedInReads(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{name: "as X does", want: escaped},
		{name: "plain text", opts: Options{PlainText: true}, want: typed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _, tok := newTestServer(t, tt.opts)
			r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": typed}, "")
			if r.status != http.StatusCreated {
				t.Fatalf("create = %d %s", r.status, r.body)
			}
			data := r.json(t)["data"].(map[string]any)
			if data["text"] != tt.want {
				t.Errorf("create answer text = %q, want %q", data["text"], tt.want)
			}
			for where, got := range readTexts(t, s, tok, data["id"].(string)) {
				if got != tt.want {
					t.Errorf("%s text = %q, want %q", where, got, tt.want)
				}
			}
			if got := s.State().Posts[0].Text; got != typed {
				t.Errorf("state text = %q, want it as sent", got)
			}
			// The duplicate check compares what was sent, not what is shown.
			if r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": typed}, ""); r.status != http.StatusForbidden {
				t.Errorf("same text again = %d %s, want 403", r.status, r.body)
			}
		})
	}
}

func TestLongTextEscaped(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{Premium: true})
	long := strings.Repeat("fish & chips ", 30)
	id := createPost(t, s, tok, map[string]any{"text": long})
	r := do(t, s, http.MethodGet, "/2/tweets/"+id+"?tweet.fields=note_tweet", tok, nil, "")
	note := r.json(t)["data"].(map[string]any)["note_tweet"].(map[string]any)["text"]
	if want := strings.ReplaceAll(long, "&", "&amp;"); note != want {
		t.Errorf("note_tweet.text = %q, want %q", note, want)
	}
}

var tcoLink = regexp.MustCompile(`^https://t\.co/[0-9A-Za-z]{10}$`)

func TestMediaLinkAppended(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	img := uploadImage(t, s, tok, pngHead)
	img2 := uploadImage(t, s, tok, pngHead)
	video, fin := uploadChunked(t, s, tok, "video/mp4", "tweet_video", fileOf(mp4Head, 3000), 3000)
	if fin.status != http.StatusOK {
		t.Fatalf("finalize = %d %s", fin.status, fin.body)
	}
	status(t, s, tok, video)
	status(t, s, tok, video)

	tests := []struct {
		name       string
		body       map[string]any
		createText func(link string) string // the create answer's text
		readText   func(link string) string
	}{
		{name: "text and image", body: map[string]any{"text": "Alpaca & co", "media": map[string]any{"media_ids": []string{img}}},
			createText: func(l string) string { return "Alpaca &amp; co " + l },
			readText:   func(l string) string { return "Alpaca &amp; co " + l }},
		{name: "image only", body: map[string]any{"media": map[string]any{"media_ids": []string{img2}}},
			createText: func(l string) string { return l },
			readText:   func(l string) string { return l }},
		{name: "video: the create answer lacks the link, reads have it", body: map[string]any{"text": "clip", "media": map[string]any{"media_ids": []string{video}}},
			createText: func(string) string { return "clip" },
			readText:   func(l string) string { return "clip " + l }},
		{name: "no media, no link", body: map[string]any{"text": "words"},
			createText: func(string) string { return "words" },
			readText:   func(string) string { return "words" }},
	}
	for _, tt := range tests { // in order: one server
		r := do(t, s, http.MethodPost, "/2/tweets", tok, tt.body, "")
		if r.status != http.StatusCreated {
			t.Fatalf("%s: create = %d %s", tt.name, r.status, r.body)
		}
		data := r.json(t)["data"].(map[string]any)
		id := data["id"].(string)
		st := s.State().Posts
		link := st[len(st)-1].MediaLink
		if _, media := tt.body["media"]; media != tcoLink.MatchString(link) {
			t.Errorf("%s: state media link = %q", tt.name, link)
		}
		if data["text"] != tt.createText(link) {
			t.Errorf("%s: create answer text = %q, want %q", tt.name, data["text"], tt.createText(link))
		}
		for where, got := range readTexts(t, s, tok, id) {
			if want := tt.readText(link); got != want {
				t.Errorf("%s: %s text = %q, want %q", tt.name, where, got, want)
			}
		}
	}
}

func TestMediaLinkEntities(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	a, b := uploadImage(t, s, tok, pngHead), uploadImage(t, s, tok, pngHead)
	id := createPost(t, s, tok, map[string]any{"text": "née <3", "media": map[string]any{"media_ids": []string{a, b}}})
	link := s.State().Posts[0].MediaLink
	r := do(t, s, http.MethodGet, "/2/tweets/"+id+"?tweet.fields=entities", tok, nil, "")
	urls := r.json(t)["data"].(map[string]any)["entities"].(map[string]any)["urls"].([]any)
	if len(urls) != 2 {
		t.Fatalf("entities.urls = %v, want one per media item", urls)
	}
	for i, key := range []string{"3_" + a, "3_" + b} {
		u := urls[i].(map[string]any)
		// Positions count code points of the unescaped text: "née <3 " is 7.
		if u["url"] != link || u["media_key"] != key || u["start"] != float64(7) || u["end"] != float64(7+23) ||
			!strings.HasSuffix(u["expanded_url"].(string), "/status/"+id+"/photo/"+string(rune('1'+i))) {
			t.Errorf("entities.urls[%d] = %v", i, u)
		}
	}
	plain := createPost(t, s, tok, map[string]any{"text": "no media"})
	r = do(t, s, http.MethodGet, "/2/tweets/"+plain+"?tweet.fields=entities", tok, nil, "")
	if _, ok := r.json(t)["data"].(map[string]any)["entities"]; ok {
		t.Errorf("a post without links has entities: %s", r.body)
	}
}

func TestNoMediaLinks(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{NoMediaLinks: true})
	img := uploadImage(t, s, tok, pngHead)
	r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": "pic", "media": map[string]any{"media_ids": []string{img}}}, "")
	data := r.json(t)["data"].(map[string]any)
	if data["text"] != "pic" {
		t.Errorf("create answer text = %q, want %q", data["text"], "pic")
	}
	for where, got := range readTexts(t, s, tok, data["id"].(string)) {
		if got != "pic" {
			t.Errorf("%s text = %q, want %q", where, got, "pic")
		}
	}
	if link := s.State().Posts[0].MediaLink; link != "" {
		t.Errorf("state media link = %q", link)
	}
}
