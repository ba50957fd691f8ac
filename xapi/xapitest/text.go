package xapitest

import (
	"crypto/sha256"
	"strconv"
	"strings"
	"unicode/utf8"
)

// htmlEscaper escapes what X escapes in the text of the posts it returns:
// &, < and > only (NOTES §5.5: "NYC &lt; London", "@a &amp; I are
// testing"). Quotes and apostrophes come back as typed.
var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// tcoAlphabet is what the path of a t.co link is made of.
const tcoAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// mediaLink is the t.co link X appends to the text of a post with media
// (e.g. "Alpaca https://t.co/OodoWT1AAA"). It is derived from the post id
// so that a seeded run gives the same links every time.
func mediaLink(postID string) string {
	sum := sha256.Sum256([]byte("t.co/" + postID))
	var b strings.Builder
	b.WriteString("https://t.co/")
	for _, c := range sum[:10] {
		b.WriteByte(tcoAlphabet[int(c)%len(tcoAlphabet)])
	}
	return b.String()
}

// storedText is the text X keeps for p: what was sent, with the media link
// appended after a space (a media-only post's text is just the link).
func (p *post) storedText() string {
	switch {
	case p.link == "":
		return p.text
	case p.text == "":
		return p.link
	default:
		return p.text + " " + p.link
	}
}

// wireText is text as the server returns it: HTML-escaped, as at X,
// unless Options.PlainText switched that off.
func (s *Server) wireText(text string) string {
	if s.opts.PlainText {
		return text
	}
	return htmlEscaper.Replace(text)
}

// urlEntity is one entry of entities.urls. For the media link it carries
// the attachment's media_key, which is how X marks the link as the post's
// own media rather than a link the author typed.
type urlEntity struct {
	Start       int    `json:"start"`
	End         int    `json:"end"`
	URL         string `json:"url"`
	ExpandedURL string `json:"expanded_url"`
	DisplayURL  string `json:"display_url"`
	MediaKey    string `json:"media_key,omitempty"`
}

type entitiesJSON struct {
	URLs []urlEntity `json:"urls,omitempty"`
}

// entitiesLocked renders p's entities: the media link, with its position
// in code points of the unescaped text, one entry per attached media item
// (X lists each attachment with the same link).
func (s *Server) entitiesLocked(p *post) *entitiesJSON {
	if p.link == "" {
		return nil
	}
	start := 0
	if p.text != "" {
		start = utf8.RuneCountInString(p.text) + 1
	}
	end := start + utf8.RuneCountInString(p.link)
	username := "i"
	if u := s.userLocked(p.authorID); u != nil {
		username = u.Username
	}
	e := &entitiesJSON{}
	for i, key := range p.mediaKeys {
		kind := "photo"
		if strings.HasPrefix(key, "13_") {
			kind = "video"
		}
		e.URLs = append(e.URLs, urlEntity{Start: start, End: end, URL: p.link,
			ExpandedURL: "https://x.com/" + username + "/status/" + p.id + "/" + kind + "/" + strconv.Itoa(i+1),
			DisplayURL:  "pic.x.com/" + strings.TrimPrefix(p.link, "https://t.co/"),
			MediaKey:    key})
	}
	return e
}
