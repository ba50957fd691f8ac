package textcount

import "sort"

//go:generate go run ./internal/gen/emoji -out emoji_table.go

// The emoji set is that of @twemoji/parser 17.0.1 (docs/counting.md §7). The
// generated table holds the sequences of two or more code points as a trie
// over UTF-16 units, and the single code points separately: singles only
// matter for a configuration whose ranges give one of them a weight other
// than DefaultWeight, since a single covers the same unit either way.

func isHighSurrogate(u uint16) bool { return u >= 0xD800 && u <= 0xDBFF }
func isLowSurrogate(u uint16) bool  { return u >= 0xDC00 && u <= 0xDFFF }

// codePointAt returns the code point at n[i] and its length in code units.
// A lone surrogate is returned as itself, with length 1.
func codePointAt(n []uint16, i int) (rune, int) {
	u := n[i]
	if isHighSurrogate(u) && i+1 < len(n) && isLowSurrogate(n[i+1]) {
		return 0x10000 + (rune(u)-0xD800)<<10 + rune(n[i+1]) - 0xDC00, 2
	}
	return rune(u), 1
}

// emojiNode is a node of the generated trie (emojiNodes).
type emojiNode struct {
	edges uint16 // index of the node's first edge
	final bool   // a sequence ends here
}

const emojiRootSize = 1024 // a power of two, several times the root's edges

func emojiRootHash(u uint16) uint32 {
	return (uint32(u) * 0x9E3779B1) >> (32 - 10) // 10 = log2(emojiRootSize)
}

// The edges of the nodes with two or more edges, other than the root, are
// in one more hash table, emojiWideEdges, keyed by node and unit; a node of
// one edge is asked directly.
const (
	emojiWideEdgesBits = 13
	emojiWideEdgesSize = 1 << emojiWideEdgesBits // a power of two, about twice the edges it holds
)

func emojiWideHash(key uint32) uint32 {
	return (key * 0x9E3779B1) >> (32 - emojiWideEdgesBits)
}

// emojiWideChild returns the child of a node with two or more edges,
// other than the root, by unit u, or -1.
func emojiWideChild(node int, u uint16) int {
	key := uint32(node)<<16 | uint32(u)
	for h := emojiWideHash(key); ; h = (h + 1) & (emojiWideEdgesSize - 1) {
		switch e := &emojiWideEdges[h]; e[0] {
		case key:
			return int(e[1])
		case 0:
			return -1
		}
	}
}

// emojiRootChild returns the root's child by unit u, or -1, from its hash
// table.
func emojiRootChild(u uint16) int {
	if u == 0 {
		return -1
	}
	for h := emojiRootHash(u); ; h = (h + 1) & (emojiRootSize - 1) {
		switch emojiRoot[h][0] {
		case u:
			return int(emojiRoot[h][1])
		case 0:
			return -1
		}
	}
}

// multiEmojiAt returns the UTF-16 length of the longest emoji sequence of two
// or more code points that starts at n[i], or 0 when there is none.
//
// It walks the trie, each node's step and finality read
// from one word of emojiStep: the unit and child of a node of one edge,
// which most nodes past a sequence's first two units have, are in it, and
// only a node of more edges is looked up in emojiWideEdges.
func multiEmojiAt(n []uint16, i int) int {
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
	st := emojiStep[node&(len(emojiStep)-1)]
	if st&emojiStepFinal != 0 {
		best = 1
	}
	for d := i + 1; d < len(n); d++ {
		u := n[d]
		if st&emojiStepWide != 0 {
			if node = emojiWideChild(node, u); node < 0 {
				return best
			}
		} else {
			// One edge, or none: no node's child is the root (0).
			if uint16(st) != u {
				return best
			}
			if node = int(st >> 16 & emojiStepChild); node == 0 {
				return best
			}
		}
		st = emojiStep[node&(len(emojiStep)-1)]
		if st&emojiStepFinal != 0 {
			best = d + 1 - i
		}
	}
	return best
}

// The fields of an entry of emojiStep (tables.go), one for each node of the
// emoji trie: whether a sequence ends at the node, whether it has two or
// more edges (then looked up in emojiWideEdges), and otherwise the unit of
// its one edge in the low 16 bits and the child it leads to above them (0
// for a node without edges).
const (
	emojiStepFinal = 1 << 31
	emojiStepWide  = 1 << 30
	emojiStepChild = 1<<14 - 1
	emojiStepSize  = 1 << 14 // a power of two above the number of nodes
)

// continuesEmoji reports whether u can follow the first code point of a
// multi-code-point sequence. Every sequence continues with ZWJ, the keycap
// mark, a high surrogate of U+1F1xx/U+1F3xx (flags, skin tones), one of the
// tag block (U+E00xx), or U+FE0F; all of them are at least U+200D.
func continuesEmoji(u uint16) bool {
	return emojiContinuation[u&0xFF] == u
}

// singleEmoji reports whether the code point r at n[i] is a single-code-point
// emoji of the set, given the unit that follows it (next, or 0 at the end).
func singleEmoji(r rune, next uint16) bool {
	j := sort.Search(len(emojiSingles), func(j int) bool { return emojiSingles[j]&^emojiNotBeforeFE0E >= r })
	if j == len(emojiSingles) || emojiSingles[j]&^emojiNotBeforeFE0E != r {
		return false
	}
	return emojiSingles[j]&emojiNotBeforeFE0E == 0 || next != 0xFE0E
}

// emojiHints are the positions, in order, of the units of a text that can
// continue a multi-code-point emoji sequence (continuesEmoji), when the
// code that built the text listed them (known); else the search looks at
// every unit.
type emojiHints struct {
	known bool
	at    []int32
}

// emojiPass is the reference's emoji search (docs/counting.md §7.1), run lazily:
// it yields the same entities, in order, as a separate pass over the whole
// text would, without storing them.
type emojiPass struct {
	n       []uint16
	hints   emojiHints
	hi      int // the next of hints.at to try
	pos     int // where the search resumes
	start   int // start of the next entity, len(n) when there is none
	length  int
	prevEnd int // end of the last entity before start
}

// newEmojiPass starts the search; with known hints it starts at the code
// point before the first of them, as every earlier position would be
// rejected anyway.
func newEmojiPass(n []uint16, hints emojiHints) emojiPass {
	p := emojiPass{n: n, hints: hints}
	if hints.known {
		if len(hints.at) == 0 {
			p.pos, p.start = len(n), len(n)
			return p
		}
		pos := max(int(hints.at[0])-1, 0)
		if pos > 0 && isLowSurrogate(n[pos]) && isHighSurrogate(n[pos-1]) {
			pos--
		}
		p.pos = pos
	}
	p.find()
	return p
}

// find moves to the next multi-code-point entity at or after pos.
func (p *emojiPass) find() {
	n, pos := p.n, p.pos
	// Every multi-code-point sequence continues right after its first code
	// point with one of a few units (continuesEmoji), so the search looks
	// for those and tries the code point before each. That is the code
	// point a unit-by-unit walk from pos would have reached: pos is a code
	// point boundary, and a high surrogate followed by a low one is always
	// one code point.
	try := func(k int) bool {
		st := k - 1
		if st > pos && isLowSurrogate(n[st]) && isHighSurrogate(n[st-1]) {
			st--
		}
		if l := multiEmojiAt(n, st); l > 0 {
			p.start, p.length = st, l
			p.pos = st + l
			return true
		}
		return false
	}
	if p.hints.known {
		for ; p.hi < len(p.hints.at); p.hi++ {
			if k := int(p.hints.at[p.hi]); k > pos && try(k) {
				return
			}
		}
	} else {
		for k := pos + 1; k < len(n); k++ {
			if continuesEmoji(n[k]) && try(k) {
				return
			}
		}
	}
	p.pos = len(n)
	p.start, p.length = len(n), 0
}

// at returns the length of the entity that starts at i, or 0. Calls must come
// with non-decreasing i.
func (p *emojiPass) at(i int) int {
	for p.start < i {
		p.prevEnd = p.start + p.length
		p.find()
	}
	if p.start == i {
		return p.length
	}
	return 0
}

// inside reports whether i lies strictly inside an entity that began before
// it; at(i) must have been called first.
func (p *emojiPass) inside(i int) bool { return p.prevEnd > i }
