package draft

import (
	"strings"
	"testing"

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
