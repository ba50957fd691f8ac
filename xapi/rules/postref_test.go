package rules

import (
	"strings"
	"testing"
)

func TestParsePostRef(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want, err string
	}{
		{name: "digits", in: "1234567890", want: "1234567890"},
		{name: "spaces", in: "  42 ", want: "42"},
		{name: "largest id", in: "9223372036854775807", want: "9223372036854775807"},
		{name: "x link", in: "https://x.com/ada/status/1234567890", want: "1234567890"},
		{name: "twitter link with query", in: "https://twitter.com/ada/status/99?s=20", want: "99"},
		{name: "old statuses link", in: "https://twitter.com/ada/statuses/77", want: "77"},
		{name: "link without scheme", in: "x.com/ada/status/5", want: "5"},
		{name: "letters", in: "12a", err: "not a post id"},
		{name: "empty", in: " ", err: "type the id"},
		{name: "too long", in: "12345678901234567890", err: "too long"},
		{name: "profile link", in: "https://x.com/ada", err: "not a post id"},
		{name: "link to a status that is not a number", in: "https://x.com/ada/status/abc", err: "not a post id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParsePostRef(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParsePostRef(%q) = %q, %v; want error %q", tt.in, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParsePostRef(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}
