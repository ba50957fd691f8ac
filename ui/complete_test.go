package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/ui/draft"
)

func TestWordAt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text   string
		sigil  rune
		from   int
		prefix string
		ok     bool
	}{
		{"Hi @al", '@', 3, "al", true},
		{"@a", '@', 0, "a", true},
		{"Hi @", 0, 0, "", false},
		{"mail me at ada@example", 0, 0, "", false},
		{"#go", '#', 0, "go", true},
		{"I like #東京", '#', 7, "東京", true},
		{"@日本", 0, 0, "", false}, // handles are ASCII
		{"done. #café", '#', 6, "café", true},
		{"no sigil", 0, 0, "", false},
		{"@alice and more", 0, 0, "", false}, // the cursor (the end) is not in the word
	}
	for _, tt := range tests {
		sigil, from, prefix, ok := wordAt(tt.text, len(tt.text))
		if sigil != tt.sigil || from != tt.from || prefix != tt.prefix || ok != tt.ok {
			t.Errorf("wordAt(%q) = %q %d %q %v, want %q %d %q %v", tt.text, sigil, from, prefix, ok, tt.sigil, tt.from, tt.prefix, tt.ok)
		}
	}
}

func FuzzWordAt(f *testing.F) {
	for _, s := range []string{"Hi @al", "#東京", "a@b", "@\xff", "#\u0301x"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, cur int) {
		if _, from, prefix, ok := wordAt(s, cur); ok && (from < 0 || from >= cur || !strings.HasSuffix(s[:cur], prefix) || prefix == "") {
			t.Errorf("wordAt(%q, %d): from %d, prefix %q", s, cur, from, prefix)
		}
	})
}

func TestVocabularySuggest(t *testing.T) {
	t.Parallel()
	v := newVocabulary()
	v.addText("Thanks @Alice and @alan! #golang #GoLang #go")
	v.addText("@alice again, with @albert #gophers")
	v.addHandle("@alfred")
	tests := []struct {
		sigil  rune
		prefix string
		want   []string
	}{
		{'@', "al", []string{"Alice", "alan", "albert", "alfred"}}, // Alice twice, then by name
		{'@', "ALI", []string{"Alice"}},
		{'@', "alice", nil}, // nothing longer
		{'#', "go", []string{"golang", "gophers"}},
		{'#', "x", nil},
	}
	for _, tt := range tests {
		if got := v.suggest(tt.sigil, tt.prefix); !slices.Equal(got, tt.want) {
			t.Errorf("suggest(%c%s) = %q, want %q", tt.sigil, tt.prefix, got, tt.want)
		}
	}
}

// completionModel is a composer whose drafts on disk mention @alice
// (twice), @alan and #golang, read as at start.
func completionModel(t *testing.T, opts Options) Model {
	t.Helper()
	opts.DraftDir = t.TempDir()
	store := &draft.Store{Dir: opts.DraftDir}
	for _, text := range []string{"Lunch with @alice and @alan #golang", "cc @alice"} {
		d := draft.New()
		d.Posts[0].Text = text
		if err := store.Save(d); err != nil {
			t.Fatal(err)
		}
	}
	m := newTestModel(t, opts)
	if cmd := m.env.loadVocabulary(); cmd != nil {
		next, _ := m.Update(cmd())
		m = next.(Model)
	}
	return m
}

// Typing @al offers @alice and @alan from the drafts, tab takes the
// highlighted one, ↓ moves the highlight, esc dismisses; #go offers
// #golang; nothing is offered when completion is off.
func TestCompletionFlow(t *testing.T) {
	t.Parallel()
	m := completionModel(t, Options{})
	m = run(m, []step{typed("Hi @al")})
	line := strings.Split(strings.TrimRight(screenText(m), "\n"), "\n")
	if last := line[len(line)-1]; !strings.Contains(last, "[@alice]  @alan") || !strings.Contains(last, "tab complete") {
		t.Fatalf("the help line does not offer @alice then @alan: %q", last)
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		var tm tea.Model = m
		tm, _ = tm.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		golden(t, fmt.Sprintf("complete_%dx%d", size[0], size[1]), screenText(tm))
	}
	m = run(m, keys("down"), keys("tab"))
	if got := texts(m)[0]; got != "Hi @alan " {
		t.Errorf("after ↓ tab the post is %q", got)
	}
	m = run(m, []step{typed("#go")}, keys("enter"))
	if got := texts(m)[0]; got != "Hi @alan #golang " {
		t.Errorf("after #go enter the post is %q", got)
	}
	m = run(m, []step{typed("@a")}, keys("esc"))
	if m.comp.active() {
		t.Error("esc did not dismiss the suggestions")
	}
	m = run(m, keys("tab"))
	if got := texts(m); len(got) != 1 || got[0] != "Hi @alan #golang @a" {
		t.Errorf("tab after esc completed anyway or did not reach the composer: %q", got)
	}

	off := completionModel(t, Options{NoCompletion: true})
	off = run(off, []step{typed("Hi @al")})
	if off.comp.active() {
		t.Error("suggestions with completion off")
	}
}
