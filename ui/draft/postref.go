package draft

import (
	"net/url"
	"strings"
)

// ParsePostRef reads what a user pastes to name a post to reply to or
// quote: the post's id ("1460323737035677698") or its link
// ("https://x.com/someone/status/1460323737035677698", twitter.com and
// mobile links too, with or without a query). It returns the id.
func ParsePostRef(s string) (id string, ok bool) {
	s = strings.TrimSpace(s)
	if isPostID(s) {
		return s, true
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return "", false
	}
	switch strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(u.Hostname()), "www."), "mobile.") {
	case "x.com", "twitter.com":
	default:
		return "", false
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := 0; i+1 < len(parts); i++ {
		if (parts[i] == "status" || parts[i] == "statuses") && isPostID(parts[i+1]) {
			return parts[i+1], true
		}
	}
	return "", false
}
