package draft

import (
	"strings"
	"testing"
	"unicode"
)

func TestStripNumbering(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Hello 1/5", "Hello"},
		{"Hello 5/5  ", "Hello"},
		{"Hello\n2/3", "Hello"},
		{"1/5 Hello", "Hello"},
		{"2/3", ""},
		{"Hello 6/5", "Hello 6/5"},
		{"Hello 0/5", "Hello 0/5"},
		{"Hello 1/1", "Hello 1/1"},
		{"Hello -1/5", "Hello -1/5"},
		{"Hello /5", "Hello /5"},
		{"Hello 1/", "Hello 1/"},
		{"and/or", "and/or"},
		{"", ""},
		{"日本語 3/4", "日本語"},
	}
	for _, tt := range tests {
		if got := StripNumbering(tt.in); got != tt.want {
			t.Errorf("StripNumbering(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzStripNumbering: any text comes back unchanged or shortened to a
// part of itself, never longer, and a number appended by Numbering is
// always removed.
func FuzzStripNumbering(f *testing.F) {
	for _, s := range []string{"Hello 1/5", "1/5 Hello", "2/3", "and/or", "", "日本語 3/4", "x 1/0", "\n 9/9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := StripNumbering(s)
		if len(got) > len(s) || !strings.Contains(s, got) {
			t.Fatalf("StripNumbering(%q) = %q: not a part of the text", s, got)
		}
		if StripNumbering(s) != s || strings.TrimSpace(s) == "" {
			return
		}
		d := &Draft{Numbering: true, Posts: []Post{{Text: s}, {Text: "b"}, {Text: "c"}}}
		if out, want := StripNumbering(d.TextForPublish(0)), strings.TrimRightFunc(s, unicode.IsSpace); out != want {
			t.Fatalf("the number appended to %q is not removed: %q, want %q", s, out, want)
		}
	})
}
