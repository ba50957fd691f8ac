package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf16"
)

func TestExpand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		re   string
		want []string
	}{
		{"alternation and option", `a(?:b|c)d?`, []string{"ab", "abd", "ac", "acd"}},
		{"class with range", `[x-z#]`, []string{"x", "y", "z", "#"}},
		{"surrogates", `\ud83d[\ude00\ude01]`, []string{"\U0001F600", "\U0001F601"}},
		{"capturing group", `(a|b)c`, []string{"ac", "bc"}},
		{"look-ahead", `\u263a(?:\ufe0f|(?!\ufe0e))`, []string{"\u263A\uFE0F", "\u263A\uFFFF"}},
		{"escaped punctuation", `\*\u20e3`, []string{"*\u20E3"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			seqs, err := expand(tc.re)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range seqs {
				got = append(got, string(utf16.Decode(s)))
			}
			for i, s := range seqs { // the look-ahead marker does not decode
				if len(s) > 0 && s[len(s)-1] == lookAheadFE0E {
					got[i] = string(utf16.Decode(s[:len(s)-1])) + "\uFFFF"
				}
			}
			slices.Sort(got)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("expand(%q) = %+q, want %+q", tc.re, got, want)
			}
		})
	}
}

func TestExpandRejects(t *testing.T) {
	t.Parallel()
	for _, re := range []string{`a*`, `a+`, `a{2}`, `[^a]`, `(?=a)`, `(?:a`, `.`} {
		if _, err := expand(re); err == nil {
			t.Errorf("expand(%q) succeeded, want an error", re)
		}
	}
}

// TestTableCurrent regenerates the table from the npm package when
// TWEMOJI_REGEX names its regex.js, and compares it with the committed one.
func TestTableCurrent(t *testing.T) {
	t.Parallel()
	path := os.Getenv("TWEMOJI_REGEX")
	if path == "" {
		t.Skip("TWEMOJI_REGEX not set")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Generate(src)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "..", "emoji_table.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("emoji_table.go is not what the generator makes from " + path + "; run go generate ./textcount")
	}
}
