package textcount

import (
	"testing"
	"unicode/utf16"
)

func TestEmojiTable(t *testing.T) {
	t.Parallel()
	// Walk the trie: count the sequences and measure the longest.
	multi, longest := 0, 0
	var walk func(node int, units []uint16)
	walk = func(node int, units []uint16) {
		if emojiNodes[node].final {
			multi++
			cps := len(utf16.Decode(units))
			if cps < 2 {
				t.Errorf("sequence %X of %d code point in the trie", units, cps)
			}
			longest = max(longest, cps)
		}
		lo, hi := int(emojiNodes[node].edges), int(emojiNodes[node+1].edges)
		for e := lo; e < hi; e++ {
			if e > lo && emojiEdgeUnits[e-1] >= emojiEdgeUnits[e] {
				t.Fatalf("edges of node %d not sorted", node)
			}
			walk(int(emojiEdgeNodes[e]), append(units[:len(units):len(units)], emojiEdgeUnits[e]))
		}
	}
	walk(0, nil)
	if multi != emojiMultiCount {
		t.Errorf("%d multi-code-point sequences, but emojiMultiCount is %d", multi, emojiMultiCount)
	}
	if multi != 4029 {
		t.Errorf("%d multi-code-point sequences, want 4029", multi)
	}
	if n := multi + len(emojiSingles); n != 5453 {
		t.Errorf("%d sequences in all, want 5453", n)
	}
	if longest != 10 {
		t.Errorf("longest sequence has %d code points, want 10", longest)
	}
	fe0e := 0
	for _, s := range emojiSingles {
		if s&emojiNotBeforeFE0E != 0 {
			fe0e++
		}
	}
	if fe0e != 245 {
		t.Errorf("%d singles match only before a unit other than U+FE0E, want 245", fe0e)
	}
}

// TestSinglesWeighDefault checks the fact that lets the v3 scan ignore
// single-code-point emoji: each weighs DefaultWeight as an ordinary
// character too, looked up the way the reference does (the last code unit).
func TestSinglesWeighDefault(t *testing.T) {
	t.Parallel()
	for _, s := range emojiSingles {
		r := s &^ emojiNotBeforeFE0E
		u := utf16.Encode([]rune{r})
		last := u[len(u)-1]
		if w := DefaultConfig.weight(last); w != DefaultConfig.DefaultWeight {
			t.Errorf("%U weighs %d as a character", r, w)
		}
		if w := v3Weight(last, 200); w != 200 {
			t.Errorf("%U weighs %d under v3Weight", r, w)
		}
	}
}

// TestSingleEmojiCustomConfig covers the path where single code points do
// matter: ranges that make an emoji code point light.
func TestSingleEmojiCustomConfig(t *testing.T) {
	t.Parallel()
	cfg := Config{
		MaxWeightedTweetLength: 280, Scale: 100, DefaultWeight: 200, EmojiParsingEnabled: true,
		TransformedURLLength: 23, Ranges: []WeightRange{{0, 0xFFFF, 100}},
	}
	tests := []struct {
		name string
		text string
		want int
	}{
		{"listed single BMP emoji weighs default", "\u231A", 2},
		{"unlisted BMP symbol weighs its range", "\u2605", 1},
		{"text-default emoji before FE0E is a character", "\u263A\uFE0E", 2},
		{"text-default emoji alone", "\u263A", 2},
		{"emoji-presentation single before FE0E stays an emoji", "\u23E9\uFE0E", 3},
		{"lone FE0F is listed", "\uFE0F", 2},
		{"multi-code-point sequence", "\u263A\uFE0F", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := ParseWith(tc.text, cfg).WeightedLength; got != tc.want {
				t.Errorf("weighted length of %+q = %d, want %d", tc.text, got, tc.want)
			}
		})
	}
}

func TestMultiEmojiAt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		at   int
		want int
	}{
		{"family", "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466", 0, 11},
		{"longest kiss", "\U0001F9D1\U0001F3FB\u200D\u2764\uFE0F\u200D\U0001F48B\u200D\U0001F9D1\U0001F3FF", 0, 15},
		{"keycap", "1\uFE0F\u20E3", 0, 3},
		{"keycap at the end of text", "x1\u20E3", 1, 2},
		{"prefix of a longer one", "\U0001F468\u200D\U0001F469\u200D", 0, 0},
		{"single", "\U0001F637", 0, 0},
		{"cut at the end", "\u2764", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n := utf16.Encode([]rune(tc.text))
			if got := multiEmojiAt(n, tc.at); got != tc.want {
				t.Errorf("multiEmojiAt(%+q, %d) = %d, want %d", tc.text, tc.at, got, tc.want)
			}
		})
	}
}
