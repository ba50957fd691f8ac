package ui

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/textcount"
)

// countPieces are what the live count's edits are made of: the separators
// it cuts at, and what a cut in the wrong place would count differently
// (a URL's preceding character, emoji sequences, characters NFC joins,
// a character X refuses).
var countPieces = []string{
	"a", "b", " ", " ", "\n", "\n\n", "é", "e", "\u0301", "example.com", "http://", "https://t.co/", "abc",
	"x.com/path", ".", "/", "@", "#", "$", "-", "_", "🇺🇸", "🇺", "🧑", "\u200d", "💻", "❤", "\ufe0f", "🔥",
	"1", "\u20e3", "\ufeff", "日本", "가", "\u1100", "\u1161", "ﬀ", "\ufb2c", "\u2066", "müller.de", "?q=1",
}

// checkLive compares the live count of text with the whole text counted
// at once.
func checkLive(t *testing.T, l *liveCount, text, suffix string, head, tail int, what string) {
	t.Helper()
	got := l.update(text, suffix, head, tail)
	want := textcount.ParseWith(text+suffix, l.cfg)
	want.ValidRangeEnd = 0
	got.ValidRangeEnd = 0
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%s: live count of %q + %q differs from the whole count (-whole +live):\n%s", what, text, suffix, diff)
	}
}

// liveEdits replays ops as edits of text: each op picks a piece, a place
// and how much to delete there. It reports every edit to check.
func liveEdits(text string, ops []byte, edit func(text string, head, tail int)) {
	for len(ops) >= 3 {
		piece := countPieces[int(ops[0])%len(countPieces)]
		at := snapRune(text, int(ops[1])*len(text)/255)
		del := 0
		if ops[2]&1 == 1 {
			piece = ""
		}
		if ops[2]&2 == 2 {
			del = int(ops[2]>>2) % 12
		}
		end := at
		for range del {
			if end >= len(text) {
				break
			}
			_, n := utf8.DecodeRuneInString(text[end:])
			end += n
		}
		tail := len(text) - end
		text = text[:at] + piece + text[end:]
		edit(text, at, tail)
		ops = ops[3:]
	}
}

func snapRune(s string, i int) int {
	i = max(0, min(i, len(s)))
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

func TestLiveCountMatchesWholeCount(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Long posts wrap over many lines; 🇺🇸 漢字 example.com/a ", 40)
	tests := []struct {
		name   string
		start  string
		limit  int
		target int
		ops    []byte
	}{
		{"typing at the end", "", 280, 4, []byte{0, 255, 0, 2, 255, 0, 0, 255, 0, 3, 255, 0}},
		{"URL after a cut", "see ", 280, 1, []byte{9, 255, 0, 2, 255, 0, 8, 0, 0}},
		{"accent eaten as P at the start", "xample.com", 280, 1, []byte{6, 0, 0, 2, 0, 0, 6, 128, 0}},
		{"emoji joined across an edit", "🧑 💻", 280, 1, []byte{0, 128, 6, 24, 100, 0}},
		{"deleting a separator", long, 100, 16, []byte{0, 10, 2 | 4<<2, 0, 200, 2 | 8<<2, 2, 50, 0}},
		{"over the limit in the middle", long, 300, 32, []byte{20, 128, 0, 31, 60, 0, 2, 128, 2 | 3<<2}},
		{"invalid character", long, 25000, 32, []byte{33, 200, 0, 0, 10, 0}},
		{"emoji at the limit", strings.Repeat("🧑‍💻 ", 60), 280, 8, []byte{0, 255, 0, 2, 255, 0, 0, 255, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, suffix := range []string{"", " 2/3"} {
				l := &liveCount{target: tt.target}
				l.setConfig(textcount.DefaultConfig.WithMax(tt.limit))
				checkLive(t, l, tt.start, suffix, 0, 0, "start")
				liveEdits(tt.start, tt.ops, func(text string, head, tail int) {
					checkLive(t, l, text, suffix, head, tail, "edit")
				})
			}
		})
	}
}

// FuzzLiveCount types, deletes and pastes at random and checks after each
// edit, or after several at once, that the live count is the whole
// text's.
func FuzzLiveCount(f *testing.F) {
	f.Add("hello world", byte(3), byte(20), []byte{9, 255, 0, 2, 255, 0, 6, 0, 0})
	f.Add("éxample.com foo.com", byte(1), byte(5), []byte{2, 0, 0, 6, 40, 3})
	f.Add(strings.Repeat("🧑‍💻 a ", 30), byte(8), byte(100), []byte{0, 100, 0, 22, 128, 0})
	f.Fuzz(func(t *testing.T, start string, target, limit byte, ops []byte) {
		if !utf8.ValidString(start) {
			return
		}
		suffix := ""
		if target&0x80 != 0 {
			suffix = " 3/4"
		}
		l := &liveCount{target: int(target&0x7f) + 1}
		l.setConfig(textcount.DefaultConfig.WithMax(int(limit) + 1))
		checkLive(t, l, start, suffix, 0, 0, "start")
		// Every other edit is checked with the next one's, reported as
		// one change spanning both, as the editor merges them.
		head, tail, n, text := 0, 0, 0, start
		liveEdits(start, ops, func(t2 string, h, tl int) {
			if n%2 == 0 {
				head, tail = h, tl
			} else {
				head, tail = min(head, h), min(tail, tl)
			}
			text = t2
			if n%2 == 1 || limit&1 == 1 {
				checkLive(t, l, text, suffix, head, tail, "edit")
				n = 0
				return
			}
			n++
		})
		checkLive(t, l, text, suffix, head, tail, "last edit")
	})
}

// TestComposeLiveCountFollowsEdits types, moves, deletes and renumbers in
// the composer and checks after every key that the focused post's counter
// is the count of the text as it will be published.
func TestComposeLiveCountFollowsEdits(t *testing.T) {
	t.Parallel()
	for _, seed := range []uint64{1, 2, 3, 4} {
		m := newTestModel(t, Options{Limit: 60})
		m.compose.live.target = 3
		r := rand.New(rand.NewPCG(seed, 7))
		moves := []string{"backspace", "delete", "left", "right", "ctrl+w", "ctrl+k", "ctrl+u", "enter", "home", "end", "alt+n", "ctrl+n", "tab", "up", "ctrl+z", "ctrl+y"}
		for i := range 400 {
			var s []step
			if r.IntN(3) > 0 {
				s = []step{typed(countPieces[r.IntN(len(countPieces))])}
			} else {
				s = keys(moves[r.IntN(len(moves))])
			}
			m = run(m, s)
			c := m.compose
			got := c.count(c.focus)
			want := textcount.ParseWith(c.d.TextForPublish(c.focus), c.config())
			got.ValidRangeEnd, want.ValidRangeEnd = 0, 0
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("seed %d, step %d (%v): counter differs from the count of %q (-whole +live):\n%s", seed, i, s, c.d.TextForPublish(c.focus), diff)
			}
		}
	}
}
