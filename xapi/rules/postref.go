package rules

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ParsePostRef reads a post as people give it: its id, or its link as X
// and Twitter write them (https://x.com/someone/status/1234567890, with or
// without a query, /statuses/ in old links). It returns the id, or an
// error that says what to give instead.
func ParsePostRef(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("type the id of the post, or paste its link")
	}
	if strings.Contains(s, "/") {
		if u, err := url.Parse(s); err == nil {
			parts := strings.Split(strings.Trim(u.Path, "/"), "/")
			for i := 0; i+1 < len(parts); i++ {
				if parts[i] == "status" || parts[i] == "statuses" {
					s = parts[i+1]
					break
				}
			}
		}
	}
	switch {
	case IsPostID(s):
		return s, nil
	case len(s) > maxIDLen && strings.Trim(s, "0123456789") == "":
		return "", fmt.Errorf("%q is too long for a post id", s)
	}
	return "", fmt.Errorf("%q is not a post id: post ids are digits, as in x.com/you/status/1234567890", s)
}
