package textcount

import (
	"testing"
	"unicode/utf16"
)

// multiEmojiAtRef is multiEmojiAt as it was before the step from a node of
// one edge was made in line and the nodes of more edges were looked up in
// emojiWideEdges: every step below the root by a walk over the node's
// edges (emojiEdgeChildRef, the binary search of before in its plainest
// form). TestMultiEmojiAtTrie and FuzzMultiEmojiAt compare the two.
func multiEmojiAtRef(n []uint16, i int) int {
	_, k := codePointAt(n, i)
	k += i
	if k >= len(n) {
		return 0
	}
	if !continuesEmoji(n[k]) {
		return 0
	}
	best, node := 0, 0
	for d := i; d < len(n); d++ {
		if d == i {
			node = emojiRootChild(n[d])
		} else {
			node = emojiEdgeChildRef(node, n[d])
		}
		if node < 0 {
			break
		}
		if emojiNodes[node].final {
			best = d + 1 - i
		}
	}
	return best
}

// emojiEdgeChildRef is emojiChild below the root by a walk over every edge
// of the node.
func emojiEdgeChildRef(node int, u uint16) int {
	for e := int(emojiNodes[node].edges); e < int(emojiNodes[node+1].edges); e++ {
		if emojiEdgeUnits[e] == u {
			return int(emojiEdgeNodes[e])
		}
	}
	return -1
}

// multiEmojiAtPrev is multiEmojiAt as it was before each node's step was
// read from emojiStep: the node's edges and finality from emojiNodes.
// TestMultiEmojiAtTrie and FuzzMultiEmojiAt compare the two.
func multiEmojiAtPrev(n []uint16, i int) int {
	_, k := codePointAt(n, i)
	k += i
	if k >= len(n) || !continuesEmoji(n[k]) {
		return 0
	}
	node := emojiRootChild(n[i])
	if node < 0 {
		return 0
	}
	best := 0
	if emojiNodes[node].final {
		best = 1
	}
	for d := i + 1; d < len(n); d++ {
		u := n[d]
		lo, hi := int(emojiNodes[node].edges), int(emojiNodes[node+1].edges)
		switch hi - lo {
		case 0:
			return best
		case 1:
			if emojiEdgeUnits[lo] != u {
				return best
			}
			node = int(emojiEdgeNodes[lo])
		default:
			if node = emojiWideChild(node, u); node < 0 {
				return best
			}
		}
		if emojiNodes[node].final {
			best = d + 1 - i
		}
	}
	return best
}

// TestMultiEmojiAtTrie compares multiEmojiAt with multiEmojiAtRef and
// multiEmojiAtPrev on every
// sequence of the set, cut after each of its units and followed by each
// unit that can continue a sequence or end one, and checks emojiChild below
// the root against a walk over the edges for every unit that labels an edge.
func TestMultiEmojiAtTrie(t *testing.T) {
	t.Parallel()
	var keys []uint16
	seen := map[uint16]bool{}
	for _, u := range emojiEdgeUnits {
		if !seen[u] {
			seen[u] = true
			keys = append(keys, u)
		}
	}
	keys = append(keys, 0, ' ', 0xFE0E, 0xDC00, 0xDFFF, 0xFFFF)
	for node := 1; node+1 < len(emojiNodes); node++ {
		for _, u := range keys {
			if got, want := emojiChild(node, u), emojiEdgeChildRef(node, u); got != want {
				t.Fatalf("emojiChild(%d, %#x) = %d, want %d", node, u, got, want)
			}
		}
	}
	tails := []uint16{' ', 0x200D, 0xFE0F, 0x20E3, 0xD83C, 0xDFFB, 0xDB40, 0xDC7F}
	checked := 0
	var walk func(node int, units []uint16)
	walk = func(node int, units []uint16) {
		for cut := 1; cut <= len(units); cut++ {
			for _, tail := range tails {
				n := append(append([]uint16{'x'}, units[:cut]...), tail)
				for i := range n {
					if got, want := multiEmojiAt(n, i), multiEmojiAtRef(n, i); got != want {
						t.Fatalf("multiEmojiAt(%X, %d) = %d, reference %d", n, i, got, want)
					}
					if got, want := multiEmojiAt(n, i), multiEmojiAtPrev(n, i); got != want {
						t.Fatalf("multiEmojiAt(%X, %d) = %d, previous %d", n, i, got, want)
					}
					checked++
				}
			}
		}
		for e := int(emojiNodes[node].edges); e < int(emojiNodes[node+1].edges); e++ {
			walk(int(emojiEdgeNodes[e]), append(units[:len(units):len(units)], emojiEdgeUnits[e]))
		}
	}
	walk(0, nil)
	if checked == 0 {
		t.Fatal("nothing checked")
	}
}

// FuzzMultiEmojiAt compares multiEmojiAt with multiEmojiAtRef and
// multiEmojiAtPrev at every
// position of any text, lone surrogates included (each pair of bytes of
// the input is also read as one unit).
func FuzzMultiEmojiAt(f *testing.F) {
	fuzzSeeds(f)
	f.Add("\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466 1\uFE0F\u20E3 \U0001F44D\U0001F3FD\U0001F1EF\U0001F1F5")
	f.Fuzz(func(t *testing.T, text string) {
		raw := make([]uint16, len(text)/2)
		for i := range raw {
			raw[i] = uint16(text[2*i]) | uint16(text[2*i+1])<<8
		}
		for _, n := range [][]uint16{utf16.Encode([]rune(text)), raw} {
			for i := range n {
				if got, want := multiEmojiAt(n, i), multiEmojiAtRef(n, i); got != want {
					t.Fatalf("multiEmojiAt(%X, %d) = %d, reference %d", n, i, got, want)
				}
				if got, want := multiEmojiAt(n, i), multiEmojiAtPrev(n, i); got != want {
					t.Fatalf("multiEmojiAt(%X, %d) = %d, previous %d", n, i, got, want)
				}
			}
		}
	})
}

// FuzzLabelsFit compares labelsFit, which takes a domain of printable
// ASCII without encoding it, with labelsFitEncoded, which encodes every
// label, on any sequence of units; and checks the fact accept relies on
// when it skips indexOf: a needle found where the search starts is found
// there.
func FuzzLabelsFit(f *testing.F) {
	for _, s := range []string{"example.com", "a..b", ".a", "a.", "", ".", "xn--p1ai.рф", "a\x01b.com", "日本。中国.com",
		"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk.com", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl.é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		raw := make([]uint16, len(text)/2)
		for i := range raw {
			raw[i] = uint16(text[2*i]) | uint16(text[2*i+1])<<8
		}
		for _, n := range [][]uint16{utf16.Encode([]rune(text)), raw} {
			for i := range n {
				if got, want := labelsFit(n[i:]), labelsFitEncoded(n[i:]); got != want {
					t.Fatalf("labelsFit(%X) = %v, encoding every label %v", n[i:], got, want)
				}
			}
			for k := range len(n) + 1 {
				if got := indexOf(n, n[:k]); got != 0 {
					t.Fatalf("indexOf(%X, its first %d units) = %d", n, k, got)
				}
			}
		}
	})
}

// FuzzPlainDomain checks the fact accept relies on when it takes a plain
// domain whole instead of asking asciiDomainIn: for every candidate of
// any text whose domain is plain (plainDomain), asciiDomainIn finds the
// whole domain.
func FuzzPlainDomain(f *testing.F) {
	fuzzSeeds(f)
	for _, s := range []string{"docs.example.org/start", "a.xn--p1ai+", "a.b.c.com", "x.com.", "a-b.co.jp", "http://a.comx.com",
		"foo.comm.com", "é.com", "a.cOm", "1.2.3.museum", "a.b.xn--90ais@", "see x.com/xpost and t.co/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s := utf16.Encode([]rune(text))
		sc := urlScanner{s: s, chainFrom: 1, chainEnd: 0}
		for from := 0; from < len(s); {
			c, ok := sc.next(from, from)
			if !ok {
				break
			}
			from = c.end
			ds := c.start + c.protoLen
			if !plainDomain(s[ds:c.domEnd]) {
				continue
			}
			if a, b, ok := asciiDomainIn(s, ds, c.domEnd); !ok || a != ds || b != c.domEnd {
				t.Fatalf("%+q: plain domain %+q, but asciiDomainIn finds %d, %d, %v, not %d, %d",
					text, string(utf16.Decode(s[ds:c.domEnd])), a, b, ok, ds, c.domEnd)
			}
		}
	})
}

// TestTLDChild compares tldChild, which looks up the nodes of two or more
// edges in tldWideEdges, with a walk over the node's edges, for every node
// of the TLD trie and every key that labels an edge (and a few that label
// none).
func TestTLDChild(t *testing.T) {
	t.Parallel()
	var keys []uint16
	seen := map[uint16]bool{}
	for _, e := range tldEdges {
		if !seen[e.key] {
			seen[e.key] = true
			keys = append(keys, e.key)
		}
	}
	keys = append(keys, 0, ' ', '.', '/', 0x7F, 0xFFFF)
	for n, nd := range tldNodes {
		for _, key := range keys {
			want := -1
			for _, e := range tldEdges[nd.first : nd.first+nd.n] {
				if e.key == key {
					want = int(e.next)
				}
			}
			if got := tldChild(n, key); got != want {
				t.Fatalf("tldChild(%d, %#x) = %d, want %d", n, key, got, want)
			}
		}
	}
}

// FuzzIsASCII compares isASCII, eight bytes at a time, with a byte-by-byte
// look at every suffix of any text.
func FuzzIsASCII(f *testing.F) {
	f.Add("plain ASCII text, long enough for a few words\x7f")
	f.Add("abcdefgh\x80")
	f.Add("abcdefghijklmno\xff")
	f.Fuzz(func(t *testing.T, text string) {
		for i := range len(text) + 1 {
			s := text[i:]
			want := true
			for k := 0; k < len(s); k++ {
				if s[k] >= 0x80 {
					want = false
				}
			}
			if got := isASCII(s); got != want {
				t.Fatalf("isASCII(%+q) = %v, want %v", s, got, want)
			}
		}
	})
}

// emojiChild returns the node reached from node by unit u, or -1: one step
// of multiEmojiAt's walk from any node, through the tables it uses, which
// TestMultiEmojiAtTrie checks edge by edge against emojiEdgeChildRef.
func emojiChild(node int, u uint16) int {
	if node == 0 {
		return emojiRootChild(u)
	}
	lo, hi := int(emojiNodes[node].edges), int(emojiNodes[node+1].edges)
	switch hi - lo {
	case 0:
		return -1
	case 1:
		if emojiEdgeUnits[lo] != u {
			return -1
		}
		return int(emojiEdgeNodes[lo])
	}
	return emojiWideChild(node, u)
}
