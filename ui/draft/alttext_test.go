package draft

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseAltPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want AltPolicy
		ok   bool
	}{
		{"", AltAsk, true},
		{"ask", AltAsk, true},
		{"require", AltRequire, true},
		{"off", AltOff, true},
		{"always", "", false},
		{"Require", "", false},
	}
	for _, tt := range tests {
		got, err := ParseAltPolicy(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseAltPolicy(%q) = %q, %v", tt.in, got, err)
		}
	}
}

func TestMissingAlt(t *testing.T) {
	t.Parallel()
	d := New()
	d.Posts = []Post{
		{Text: "posted", Media: []Media{{Path: "/p/old.png", Kind: KindImage}}},
		{Text: "two", Media: []Media{{Path: "/p/a.png", Kind: KindImage, Alt: "A cat"}, {Path: "/p/b.png", Kind: KindImage, Alt: "  "}}},
		{Text: "three", Media: []Media{{Path: "/p/clip.mp4", Kind: KindVideo}}},
		{Text: "four", Media: []Media{{Path: "/p/loop.gif", Kind: KindGIF}}},
	}
	d.RecordPost(0, "100")
	want := []MissingAlt{{Post: 1, Media: 1, Path: "/p/b.png"}, {Post: 3, Media: 0, Path: "/p/loop.gif"}}
	if diff := cmp.Diff(want, d.MissingAlt()); diff != "" {
		t.Errorf("MissingAlt (-want +got):\n%s", diff)
	}
	if got := want[1].Name(); got != "loop.gif" {
		t.Errorf("Name = %q", got)
	}
}
