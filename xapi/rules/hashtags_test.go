package rules

import (
	"slices"
	"testing"
)

func TestHashtags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want []string
	}{
		{"#go and #golang_tips", []string{"go", "golang_tips"}},
		{"日本語 #東京 #café", []string{"東京", "café"}},
		{"no#tag here, &#39; entity", nil},
		{"#2026 is digits only, #2026year is not", []string{"2026year"}},
		{"(#paren) end.#dot", []string{"paren", "dot"}},
		{"＃fullwidth", []string{"fullwidth"}},
		{"#", nil},
	}
	for _, tt := range tests {
		if got := Hashtags(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Hashtags(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func FuzzHashtags(f *testing.F) {
	for _, s := range []string{"#a #b", "＃日本", "a#b", "#\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, h := range Hashtags(s) {
			if h == "" {
				t.Errorf("an empty hashtag in %q", s)
			}
		}
	})
}
