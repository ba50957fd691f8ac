package draft

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/textcount"
)

func TestFitNumbering(t *testing.T) {
	t.Parallel()
	exact := strings.Repeat("word ", 56)[:279] + "." // 280 characters
	tests := []struct {
		name      string
		posts     []string
		numbering bool
		published int // the first posts already published
		changed   bool
		over      []Over
	}{
		{name: "numbering off", posts: []string{exact, "b"}},
		{name: "fits", posts: []string{"a", "b"}, numbering: true},
		{name: "exact first post moves its tail on", posts: []string{exact, "b"}, numbering: true, changed: true},
		{name: "exact last post becomes two", posts: []string{"a", exact}, numbering: true, changed: true},
		{name: "every post exact", posts: []string{exact, exact, exact}, numbering: true, changed: true},
		{name: "nowhere to cut", posts: []string{"#" + strings.Repeat("a", 279), "b"}, numbering: true, over: []Over{{Post: 0, By: 4}}},
		{name: "published post not cut", posts: []string{exact, "b"}, numbering: true, published: 1, over: []Over{{Post: 0, By: 4}}},
		{name: "nothing goes in before a published post", posts: []string{"a", exact, "c"}, numbering: true, published: 3, over: []Over{{Post: 1, By: 4}}},
		{name: "too long without the number is left", posts: []string{exact + " more", "b"}, numbering: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := New()
			d.Numbering = tt.numbering
			d.Posts = nil
			for _, p := range tt.posts {
				d.Posts = append(d.Posts, Post{Text: p})
			}
			for i := range tt.published {
				d.Journal.PostIDs = append(d.Journal.PostIDs, "id"+string(rune('0'+i)))
			}
			words := strings.Join(strings.Fields(strings.Join(tt.posts, " ")), " ")
			changed, over := d.FitNumbering(textcount.Config{})
			if changed != tt.changed {
				t.Errorf("changed = %v, want %v", changed, tt.changed)
			}
			if len(over) != len(tt.over) || (len(over) > 0 && over[0] != tt.over[0]) {
				t.Errorf("over = %v, want %v", over, tt.over)
			}
			var texts []string
			for _, p := range d.Posts {
				texts = append(texts, p.Text)
			}
			if got := strings.Join(strings.Fields(strings.Join(texts, " ")), " "); got != words {
				t.Errorf("the words changed: %q", texts)
			}
			if !tt.changed {
				return
			}
			for i := range d.Posts {
				if n := textcount.Parse(d.TextForPublish(i)).WeightedLength; n > 280 {
					t.Errorf("post %d is %d with its number", i+1, n)
				}
			}
		})
	}
}

// The text numbering moves on joins the next post with the separator that
// was at its cut, not a space: a paragraph break stays a paragraph break,
// a line break a line break. A text split into posts at its paragraphs,
// re-cut by numbering and joined again is the text.
func TestFitNumberingKeepsSeparator(t *testing.T) {
	t.Parallel()
	para := func(c string, n int) string { return strings.TrimSpace(strings.Repeat(c+c+c+" ", n/4+1)[:n]) }
	a, b, c := para("a", 150), para("b", 127), para("c", 100) // a+"\n\n"+b is 279
	tests := []struct {
		name  string
		posts []string
		want  []string
	}{
		{"paragraph break", []string{a + "\n\n" + b, c}, []string{a, b + "\n\n" + c}},
		{"line break", []string{a + "\n" + b + "x", c}, []string{a, b + "x\n" + c}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := draftOf(tt.posts...)
			d.Numbering = true
			if changed, over := d.FitNumbering(textcount.Config{}); !changed || over != nil {
				t.Fatalf("changed %v, over %v", changed, over)
			}
			if diff := cmp.Diff(tt.want, texts(d)); diff != "" {
				t.Errorf("posts (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("space", func(t *testing.T) {
		t.Parallel()
		d := draftOf(a+" "+b+"x", c)
		d.Numbering = true
		d.FitNumbering(textcount.Config{})
		if got := texts(d); len(got) != 2 || !strings.HasSuffix(got[1], "bbbx "+c) {
			t.Errorf("posts %q, want the moved words then a space then the next post", got)
		}
	})
	t.Run("split then join gives back the text", func(t *testing.T) {
		t.Parallel()
		text := strings.Join([]string{a, b, c, a, b, c}, JoinSeparator)
		pieces, err := SplitText(text, textcount.Config{}, false)
		if err != nil {
			t.Fatal(err)
		}
		d := draftOf(PostTexts(pieces)...)
		d.Numbering = true
		if changed, _ := d.FitNumbering(textcount.Config{}); !changed {
			t.Fatal("numbering changed nothing: the case needs a post it pushes over")
		}
		for len(d.Posts) > 1 {
			if _, err := d.JoinWithNext(0); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(text, d.Posts[0].Text); diff != "" {
			t.Errorf("split, numbered, joined (-want +got):\n%s", diff)
		}
	})
}
