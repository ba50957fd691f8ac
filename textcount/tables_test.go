package textcount

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The lookup tables of tables.go are derived from the definitions below
// (and from the generated TLD and emoji tries). They are written into the
// source, rather than built when the package initialises, so that a
// program that links textcount pays nothing for them at start-up:
//
//	go test -run '^TestTables$' -update ./textcount   # or go generate
//
// rewrites tables.go; without -update the test checks that it is current.

var update = flag.Bool("update", false, "rewrite generated files (tables.go)")

// buildASCIIClass returns the character classes of the ASCII units (§6.8).
func buildASCIIClass() (t [128]uint16) {
	set := func(bit uint16, chars string) {
		for i := 0; i < len(chars); i++ {
			t[chars[i]] |= bit
		}
	}
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	for c := 0; c < 128; c++ {
		t[c] |= cDC | cP | cLA
	}
	// Not domain characters: ASCII punctuation except '"' and '`', the
	// spaces.
	for _, c := range "!#$%&'()*+,-./:;<=>?@[\\]^_{|}~\t\n\v\f\r " {
		t[c] &^= cDC
	}
	for _, c := range alnum + "@$#" {
		t[c] &^= cP
	}
	for _, c := range alnum + "@+-" {
		t[c] &^= cLA
	}
	set(cPC, alnum+"!*';:=+,.$/%#[]-_~@|&")
	set(cPEC, alnum+"+-=_#/")
	set(cQC, alnum+"!?*'@();:&=+$/%#[]-_.,~|")
	set(cQEC, alnum+"-_&=#/")
	set(cAD, alnum+"-")
	set(cPuny, alnum+"-")
	return t
}

// buildDCBits returns isDC for every unit as a bit set: anything but ASCII
// punctuation other than '"' and '`', the spaces, the invalid characters
// and the directional marks (§6.8).
func buildDCBits() (t [0x10000 / 64]uint64) {
	for i := range t {
		t[i] = ^uint64(0)
	}
	clear := func(from, to int) {
		for u := from; u <= to; u++ {
			t[u>>6] &^= 1 << (u & 63)
		}
	}
	ascii := buildASCIIClass()
	for c := 0; c < 0x80; c++ {
		if ascii[c]&cDC == 0 {
			clear(c, c)
		}
	}
	for _, r := range [][2]int{{0x85, 0x85}, {0xA0, 0xA0}, {0x61C, 0x61C}, {0x1680, 0x1680}, {0x180E, 0x180E},
		{0x2000, 0x200A}, {0x200E, 0x200F}, {0x2028, 0x202F}, {0x205F, 0x205F}, {0x2066, 0x2069},
		{0x3000, 0x3000}, {0xFEFF, 0xFEFF}, {0xFFFE, 0xFFFF}} {
		clear(r[0], r[1])
	}
	return t
}

// buildRunBits returns isRunUnit for every unit: a domain character, '-'
// or '_'.
func buildRunBits() (t [0x10000 / 64]uint64) {
	t = buildDCBits()
	for _, u := range []uint16{'-', '_'} {
		t[u>>6] |= 1 << (u & 63)
	}
	return t
}

// buildTLDRootASCII returns the TLD trie root's children for ASCII keys.
func buildTLDRootASCII() (t [128]uint16) {
	root := tldNodes[0]
	for _, e := range tldEdges[root.first : root.first+root.n] {
		if e.key < 0x80 {
			t[e.key] = e.next
		}
	}
	return t
}

// buildTLDWideEdges returns the hash table of the edges of the TLD trie's
// nodes with two or more edges other than the root, with linear probing:
// node<<16 | key, and the child.
func buildTLDWideEdges() (t [tldWideEdgesSize][2]uint32) {
	for node := 1; node < len(tldNodes); node++ {
		nd := tldNodes[node]
		if nd.n < 2 {
			continue
		}
		for _, e := range tldEdges[nd.first : nd.first+nd.n] {
			key := uint32(node)<<16 | uint32(e.key)
			h := tldWideHash(key)
			for t[h][0] != 0 {
				h = (h + 1) & (tldWideEdgesSize - 1)
			}
			t[h] = [2]uint32{key, uint32(e.next)}
		}
	}
	return t
}

// buildEmojiRoot returns the hash table of the emoji trie root's children,
// with linear probing.
func buildEmojiRoot() (t [emojiRootSize][2]uint16) {
	for e := emojiNodes[0].edges; e < emojiNodes[1].edges; e++ {
		u := emojiEdgeUnits[e]
		h := emojiRootHash(u)
		for t[h][0] != 0 {
			h = (h + 1) & (emojiRootSize - 1)
		}
		t[h] = [2]uint16{u, emojiEdgeNodes[e]}
	}
	return t
}

// buildEmojiWideEdges returns the hash table of the edges of the nodes
// with two or more edges other than the root, with linear probing:
// node<<16 | unit, and the child.
func buildEmojiWideEdges() (t [emojiWideEdgesSize][2]uint32) {
	for node := 1; node+1 < len(emojiNodes); node++ {
		lo, hi := emojiNodes[node].edges, emojiNodes[node+1].edges
		if hi-lo < 2 {
			continue
		}
		for e := lo; e < hi; e++ {
			key := uint32(node)<<16 | uint32(emojiEdgeUnits[e])
			h := emojiWideHash(key)
			for t[h][0] != 0 {
				h = (h + 1) & (emojiWideEdgesSize - 1)
			}
			t[h] = [2]uint32{key, uint32(emojiEdgeNodes[e])}
		}
	}
	return t
}

// buildEmojiStep returns emojiStep: for each node of the emoji trie, its
// finality, and whether it has two or more edges or else its one edge's
// unit and child (none: 0).
func buildEmojiStep() (t [emojiStepSize]uint32) {
	if len(emojiNodes)-1 > emojiStepSize {
		panic("emojiStepSize is too small for the trie")
	}
	for node := 0; node+1 < len(emojiNodes); node++ {
		var st uint32
		if emojiNodes[node].final {
			st |= emojiStepFinal
		}
		lo, hi := emojiNodes[node].edges, emojiNodes[node+1].edges
		switch {
		case hi-lo >= 2:
			st |= emojiStepWide
		case hi-lo == 1:
			child := uint32(emojiEdgeNodes[lo])
			if child == 0 || child > emojiStepChild {
				panic("an emoji trie child does not fit emojiStep")
			}
			st |= child<<16 | uint32(emojiEdgeUnits[lo])
		}
		t[node] = st
	}
	return t
}

// buildEmojiContinuation returns continuesEmoji's table: each unit that can
// continue a multi-code-point sequence at the index of its low byte, and
// elsewhere a unit whose low byte is not its index.
func buildEmojiContinuation() (t [256]uint16) {
	for i := range t {
		t[i] = uint16(i) ^ 1
	}
	for _, u := range []uint16{0x200D, 0x20E3, 0xD83C, 0xDB40, 0xFE0F} {
		if t[u&0xFF] == u {
			panic("two continuation units share a low byte")
		}
		t[u&0xFF] = u
	}
	return t
}

// isStable reports whether NFC leaves r alone in any context: r is in NFC,
// has combining class 0, and cannot combine with what precedes it.
func isStable(r rune) bool {
	var buf [utf8.UTFMax]byte
	b := utf8.AppendRune(buf[:0], r)
	p := norm.NFC.Properties(b)
	return p.BoundaryBefore() && p.CCC() == 0 && norm.NFC.QuickSpan(b) == len(b)
}

// buildStable returns the stable code points (isStable) of the BMP and of
// U+1F000–U+1FAFF as bit sets; surrogates are not stable.
func buildStable() (bmp [0x10000 / 64]uint64, smp [0xB00 / 64]uint64) {
	for r := rune(0); r < 0x10000; r++ {
		if (r < 0xD800 || r > 0xDFFF) && isStable(r) {
			bmp[r>>6] |= 1 << (r & 63)
		}
	}
	for r := rune(0x1F000); r < 0x1FB00; r++ {
		if isStable(r) {
			smp[(r-0x1F000)>>6] |= 1 << (r & 63)
		}
	}
	return bmp, smp
}

// column returns entry k of each pair in t, widened, for renderTables.
func column[T uint16 | uint32](t [][2]T, k int) []uint32 {
	out := make([]uint32, len(t))
	for i, e := range t {
		out[i] = uint32(e[k])
	}
	return out
}

// renderTables returns the source of tables.go.
func renderTables() []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated by go test -run '^TestTables$' -update; DO NOT EDIT.\n\n")
	b.WriteString("package textcount\n\n")
	b.WriteString("// The lookup tables of the URL scanner and the emoji search, derived in\n")
	b.WriteString("// tables_test.go from their definitions and from the generated tries, and\n")
	b.WriteString("// written out here so that they cost nothing when the package initialises.\n\n")

	words := func(name, doc, typ string, t []uint64) {
		fmt.Fprintf(&b, "%s\nvar %s = %s{", doc, name, typ)
		for i, w := range t {
			if i%4 == 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "%#016x, ", w)
		}
		b.WriteString("\n}\n\n")
	}
	units := func(name, doc, typ string, t []uint16, perLine int) {
		fmt.Fprintf(&b, "%s\nvar %s = %s{", doc, name, typ)
		for i, u := range t {
			if i%perLine == 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "%#04x, ", u)
		}
		b.WriteString("\n}\n\n")
	}
	// sparse writes the used entries of a hash table, by index; an entry
	// whose key (e[0]) is 0 is empty.
	sparse := func(doc, decl, entryFormat string, keys, children []uint32) {
		fmt.Fprintf(&b, "%s\nvar %s{", doc, decl)
		n := 0
		for h, k := range keys {
			if k == 0 {
				continue
			}
			if n%4 == 0 {
				b.WriteString("\n")
			}
			n++
			fmt.Fprintf(&b, "%d: {"+entryFormat+", %d}, ", h, k, children[h])
		}
		b.WriteString("\n}\n\n")
	}

	ascii := buildASCIIClass()
	units("asciiClass", "// asciiClass holds the character classes (cDC, cP, ...) of the ASCII units.",
		"[128]uint16", ascii[:], 8)
	dc := buildDCBits()
	words("dcBits", "// dcBits holds isDC for every unit: the URL scanner asks it for nearly\n"+
		"// every unit of a text that has a dot, so it is one load and a shift.", "[0x10000 / 64]uint64", dc[:])
	run := buildRunBits()
	words("runBits", "// runBits holds isRunUnit for every unit, as dcBits does isDC: the URL walk\n"+
		"// asks it for nearly every unit, and one load and a shift, without a branch\n"+
		"// on ASCII, is the cheapest way to answer.", "[0x10000 / 64]uint64", run[:])
	tld := buildTLDRootASCII()
	units("tldRootASCII", "// tldRootASCII holds the root's children for ASCII keys, which start most\n"+
		"// TLD lookups: the child node, or 0 for none.", "[128]uint16", tld[:], 8)

	tldWide := buildTLDWideEdges()
	sparse("// tldWideEdges is a hash table of the edges of the TLD trie's nodes with two\n"+
		"// or more edges other than the root: a probe or two instead of a binary\n"+
		"// search. An entry holds node<<16 | key and the child; the key 0 (the\n"+
		"// root's) marks an empty entry.", "tldWideEdges = [tldWideEdgesSize][2]uint32", "%#08x", column(tldWide[:], 0), column(tldWide[:], 1))

	root := buildEmojiRoot()
	sparse("// emojiRoot is a hash table of the root's children, which every lookup\n"+
		"// starts with and which has the most edges (165): a probe or two instead of\n"+
		"// eight steps of binary search. An entry holds the unit and the child; the\n"+
		"// unit 0 starts no sequence and marks an empty entry.", "emojiRoot = [emojiRootSize][2]uint16", "%#04x", column(root[:], 0), column(root[:], 1))

	wide := buildEmojiWideEdges()
	sparse("// emojiWideEdges is a hash table of the edges of the nodes with two or more\n"+
		"// edges other than the root: a probe or two instead of a binary search\n"+
		"// over up to 119 edges. An entry holds node<<16 | unit and the child; the\n"+
		"// key 0 (the root's) marks an empty entry.", "emojiWideEdges = [emojiWideEdgesSize][2]uint32", "%#08x", column(wide[:], 0), column(wide[:], 1))

	step := buildEmojiStep()
	b.WriteString("// emojiStep holds, for each node of the emoji trie, what multiEmojiAt needs\n" +
		"// to step from it in one word: emojiStepFinal, emojiStepWide, or the unit\n" +
		"// and child of its one edge (emoji.go). Nodes without edges that end no\n" +
		"// sequence are left out (0).\n" +
		"var emojiStep = [emojiStepSize]uint32{")
	n := 0
	for node, st := range step {
		if st == 0 {
			continue
		}
		if n%4 == 0 {
			b.WriteString("\n")
		}
		n++
		fmt.Fprintf(&b, "%d: %#08x, ", node, st)
	}
	b.WriteString("\n}\n\n")

	cont := buildEmojiContinuation()
	units("emojiContinuation", "// emojiContinuation holds the units of continuesEmoji at the index of\n"+
		"// their low byte, which differs for each of them; every other entry holds\n"+
		"// a unit whose low byte is not its index, so that it matches nothing.", "[256]uint16", cont[:], 8)

	bmp, smp := buildStable()
	fmt.Fprintf(&b, "// stableUnicodeVersion is the Unicode version of the normalization data\n"+
		"// stableBMP and stableSMP were derived from.\nconst stableUnicodeVersion = %q\n\n", norm.Version)
	words("stableBMP", "// stableBMP has bit r set when the BMP code point r is stable (stable.go).",
		"[0x10000 / 64]uint64", bmp[:])
	words("stableSMP", "// stableSMP is stableBMP for U+1F000–U+1FAFF (emoji and symbols), from U+1F000.",
		"[0xB00 / 64]uint64", smp[:])

	src, err := format.Source(b.Bytes())
	if err != nil {
		panic(err)
	}
	return src
}

// TestTables checks that tables.go is what its definitions give, and
// rewrites it with -update.
// olderUnicode reports whether Unicode version a ("15.0.0") is older than b.
func olderUnicode(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(pa), len(pb)) {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}

func TestOlderUnicode(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{{"15.0.0", "17.0.0", true}, {"17.0.0", "15.0.0", false}, {"15.1.0", "15.0.0", false}, {"9.0.0", "15.0.0", true}, {"17.0.0", "17.0.0", false}} {
		if got := olderUnicode(c.a, c.b); got != c.want {
			t.Errorf("olderUnicode(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

func TestTables(t *testing.T) {
	got := renderTables()
	if *update {
		if olderUnicode(norm.Version, stableUnicodeVersion) {
			t.Fatalf("golang.org/x/text has Unicode %s with this Go, older than the %s tables.go was made with: run the update with the go.mod toolchain (GOTOOLCHAIN=go1.27.3)", norm.Version, stableUnicodeVersion)
		}
		if err := os.WriteFile("tables.go", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	switch {
	case olderUnicode(stableUnicodeVersion, norm.Version):
		// Tables older than the normalizer would call a mark added since
		// then stable, and skip normalizing around it: fail, do not skip.
		t.Fatalf("tables.go was made with Unicode %s, older than the %s of golang.org/x/text here: run go test -run '^TestTables$' -update ./textcount", stableUnicodeVersion, norm.Version)
	case norm.Version != stableUnicodeVersion:
		// An older Go picks older normalization data: the tables, made
		// newer, only call fewer characters stable (TestStableTables).
		t.Skipf("SKIPPED: golang.org/x/text has Unicode %s with this Go, tables.go was made with %s (build with the go.mod toolchain to check them)", norm.Version, stableUnicodeVersion)
	}
	want, err := os.ReadFile("tables.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("tables.go is out of date: run go test -run '^TestTables$' -update ./textcount")
	}
	// The tables in use are the ones built here.
	if asciiClass != buildASCIIClass() || dcBits != buildDCBits() || runBits != buildRunBits() ||
		tldRootASCII != buildTLDRootASCII() || emojiRoot != buildEmojiRoot() || emojiContinuation != buildEmojiContinuation() ||
		emojiWideEdges != buildEmojiWideEdges() || tldWideEdges != buildTLDWideEdges() || emojiStep != buildEmojiStep() {
		t.Error("the compiled tables differ from their definitions")
	}
	if bmp, smp := buildStable(); bmp != stableBMP || smp != stableSMP {
		t.Error("the compiled tables differ from their definitions")
	}
}

// TestPremiumConfig checks that the written-out PremiumConfig is
// DefaultConfig with the Premium limit.
func TestPremiumConfig(t *testing.T) {
	t.Parallel()
	want := DefaultConfig.WithMax(25000)
	if PremiumConfig.MaxWeightedTweetLength != want.MaxWeightedTweetLength || PremiumConfig.Scale != want.Scale ||
		PremiumConfig.DefaultWeight != want.DefaultWeight || PremiumConfig.EmojiParsingEnabled != want.EmojiParsingEnabled ||
		PremiumConfig.TransformedURLLength != want.TransformedURLLength || !slices.Equal(PremiumConfig.Ranges, want.Ranges) {
		t.Errorf("PremiumConfig = %+v, want %+v", PremiumConfig, want)
	}
}
