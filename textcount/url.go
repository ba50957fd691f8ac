package textcount

import (
	"bytes"
	"strings"
	"unsafe"
)

//go:generate go run ./internal/gen/tld -in ../../shared/twitter-text/conformance/tld_lib.yml -out tld_table.go
//go:generate go test -run ^TestTables$ -update .

// This file finds URLs the way twitter-text 3.1.0's extractUrlsWithIndices
// does (docs/counting.md §6), with a hand-written scanner instead of the
// library's backtracking regular expression. The scanner reproduces the
// expression's leftmost, greedy, backtracking answer, but it decides each
// part in one pass: a label ends where the run of domain characters ends, a
// path ends at its last path-ending token, and whether some later label is
// followed by a TLD is worked out once per chain of labels and remembered.
// That keeps it linear on any input, where the expression is quadratic or
// worse on long runs of labels, dots or parentheses.
//
// Names below follow docs/counting.md: P is the unit before a URL, a run is a
// maximal sequence of domain characters, '-' and '_', a segment is such a run
// as a label, and a chain is a sequence of segments joined by single dots.

const (
	maxURLLength      = 4096 // protocol length + URL length, at most
	maxTcoSlugLength  = 40
	maxLabelLength    = 63 // of a label after Punycode encoding
	defaultProtoLen   = len("https://")
	punycodeBase      = 36
	punycodeTMin      = 1
	punycodeTMax      = 26
	punycodeSkew      = 38
	punycodeDamp      = 700
	punycodeInitBias  = 72
	punycodeInitialN  = 128
	rabinKarpMultiple = 0x100000001B3
)

// tldNode is a node of the TLD trie of tld_table.go.
type tldNode struct {
	first uint16 // index of the first edge in tldEdges
	n     uint16 // number of edges
	prio  int16  // list position of the TLD ending here, or -1
}

// tldEdge is an edge of the TLD trie: the JavaScript-canonical unit and the
// child node.
type tldEdge struct {
	key  uint16
	next uint16
}

// Character classes of the ASCII units, as bit sets.
const (
	cDC   = 1 << iota // domain character
	cP                // may stand before a URL (P)
	cPC               // path character
	cPEC              // path-ending character
	cQC               // query character
	cQEC              // query-ending character
	cAD               // label character of an ASCII domain (§6.4)
	cLA               // may follow a TLD
	cPuny             // may follow "xn--" in a Punycode TLD
)

// isDC reports whether u is a domain character: anything but ASCII
// punctuation other than '"' and '`', the spaces, the invalid characters and
// the directional marks (§6.8).
func isDC(u uint16) bool {
	return dcBits[u>>6]&(1<<(u&63)) != 0
}

// isRunUnit reports whether u can be part of a label: a domain character,
// '-' or '_'.
func isRunUnit(u uint16) bool {
	return runBits[u>>6]&(1<<(u&63)) != 0
}

// isP reports whether u may stand right before a URL.
func isP(u uint16) bool {
	if u < 0x80 {
		return asciiClass[u]&cP != 0
	}
	return u != 0xFEFF && u != 0xFF03 && u != 0xFF20 && u < 0xFFFE
}

// isLatinAccent reports whether a non-ASCII unit belongs to the Latin-accent
// set as the reference's case-insensitive expressions see it: the set of
// §6.8 plus the units whose JavaScript upper-case form falls in it (ɵ → Ɵ,
// ι → ͅ's upper-case Ι, ⱥ → Ⱥ, ƛ's upper-case Ƛ, …).
func isLatinAccent(u uint16) bool {
	switch {
	case u < 0xC0:
		return false
	case u <= 0x24F:
		return u != 0xD7 && u != 0xF7
	case u <= 0x2BB:
		switch u {
		case 0x253, 0x254, 0x256, 0x257, 0x259, 0x25B, 0x260, 0x263, 0x268, 0x269,
			0x26F, 0x272, 0x275, 0x280, 0x283, 0x288, 0x289, 0x28A, 0x28B, 0x28C,
			0x292, 0x2BB:
			return true
		}
		return false
	case u <= 0x36F:
		return u >= 0x300
	}
	return u == 0x399 || u == 0x3B9 || 0x1E00 <= u && u <= 0x1EFF || u == 0x1FBE ||
		u == 0x2C65 || u == 0x2C66 || u == 0x2C7E || u == 0x2C7F || u == 0xA7DC
}

// isCyrillic reports whether a non-ASCII unit matches the reference's
// case-insensitive Cyrillic range U+0400–U+04FF.
func isCyrillic(u uint16) bool {
	return 0x400 <= u && u <= 0x4FF || 0x1C80 <= u && u <= 0x1C87
}

func isPC(u uint16) bool {
	if u < 0x80 {
		return asciiClass[u]&cPC != 0
	}
	return u == 0x2013 || isCyrillic(u) || isLatinAccent(u)
}

func isPEC(u uint16) bool {
	if u < 0x80 {
		return asciiClass[u]&cPEC != 0
	}
	return isCyrillic(u) || isLatinAccent(u)
}

func isAD(u uint16) bool {
	if u < 0x80 {
		return asciiClass[u]&cAD != 0
	}
	return isLatinAccent(u)
}

func asciiIs(u uint16, class uint16) bool {
	return u < 0x80 && asciiClass[u]&class != 0
}

func isDigit(u uint16) bool { return '0' <= u && u <= '9' }

// lowerASCII folds an ASCII letter to lower case and leaves every other unit
// alone, as the reference's case-insensitive matching of ASCII literals does.
func lowerASCII(u uint16) uint16 {
	if 'A' <= u && u <= 'Z' {
		return u + 'a' - 'A'
	}
	return u
}

// hasPrefixFold reports whether s[i:] starts with the lower-case ASCII
// literal lit, in any case.
func hasPrefixFold(s []uint16, i int, lit string) bool {
	if len(s)-i < len(lit) {
		return false
	}
	for k := 0; k < len(lit); k++ {
		if lowerASCII(s[i+k]) != uint16(lit[k]) {
			return false
		}
	}
	return true
}

// tldKey returns the trie key of a text unit: its JavaScript canonical form
// where that form can be a key.
func tldKey(u uint16) uint16 {
	if u < 0x80 {
		if 'a' <= u && u <= 'z' {
			return u - 'a' + 'A'
		}
		return u
	}
	lo, hi := 0, len(tldFold)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if tldFold[m][0] < u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(tldFold) && tldFold[lo][0] == u {
		return tldFold[lo][1]
	}
	return u
}

// tldChild returns the child of trie node n for key, or -1. A node of one
// edge is asked directly, one of more below the root looked up in
// tldWideEdges, and the root's non-ASCII edges searched.
func tldChild(n int, key uint16) int {
	if n == 0 {
		if key < 0x80 {
			if c := tldRootASCII[key]; c != 0 {
				return int(c)
			}
			return -1
		}
		return tldEdgeChild(n, key)
	}
	nd := tldNodes[n]
	switch nd.n {
	case 0:
		return -1
	case 1:
		if e := tldEdges[nd.first]; e.key == key {
			return int(e.next)
		}
		return -1
	}
	k := uint32(n)<<16 | uint32(key)
	for h := tldWideHash(k); ; h = (h + 1) & (tldWideEdgesSize - 1) {
		switch e := &tldWideEdges[h]; e[0] {
		case k:
			return int(e[1])
		case 0:
			return -1
		}
	}
}

// The edges of the nodes with two or more edges, other than the root, are
// in a hash table, tldWideEdges, keyed by node and unit.
const (
	tldWideEdgesBits = 12
	tldWideEdgesSize = 1 << tldWideEdgesBits // a power of two, more than twice the edges it holds
)

func tldWideHash(key uint32) uint32 {
	return (key * 0x9E3779B1) >> (32 - tldWideEdgesBits)
}

// tldEdgeChild is tldChild by a binary search of node n's sorted edges.
func tldEdgeChild(n int, key uint16) int {
	nd := tldNodes[n]
	lo, hi := int(nd.first), int(nd.first)+int(nd.n)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if tldEdges[m].key < key {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < int(nd.first)+int(nd.n) && tldEdges[lo].key == key {
		return int(tldEdges[lo].next)
	}
	return -1
}

// tldAt matches a TLD at s[x:limit] and returns its end. Listed TLDs must be
// followed by limit or by a unit that is not an ASCII letter or digit, '@',
// '+' or '-'; when several match, the earliest in the list wins. Failing
// those, "xn--" and a run of [-0-9a-z] is a TLD, followed by anything.
func tldAt(s []uint16, x, limit int) (int, bool) {
	best, bestPrio := 0, int16(-1)
	n := 0
	for k := x; k < limit && k-x < tldMaxLen; k++ {
		if n = tldChild(n, tldKey(s[k])); n < 0 {
			break
		}
		if p := tldNodes[n].prio; p >= 0 && (bestPrio < 0 || p < bestPrio) &&
			(k+1 == limit || asciiIs(s[k+1], cLA) || s[k+1] >= 0x80) {
			best, bestPrio = k+1, p
		}
	}
	if bestPrio >= 0 {
		return best, true
	}
	if x+4 < limit && hasPrefixFold(s, x, "xn--") && asciiIs(s[x+4], cPuny) {
		k := x + 5
		for k < limit && asciiIs(s[k], cPuny) {
			k++
		}
		return k, true
	}
	return 0, false
}

// urlScanner holds the text and what is known about the chain of labels
// being scanned.
type urlScanner struct {
	s []uint16
	// For a segment followed by a dot at position d with chainFrom <= d+1 <=
	// chainEnd, some later label of its chain is followed by a TLD exactly
	// when lastLabel > d; the domain then ends at lastTLDEnd. chainEnd is the
	// start of the first segment after chainFrom that cannot be a sub-label.
	chainFrom, chainEnd   int
	lastLabel, lastTLDEnd int
}

// run returns the end of the run of label units starting at p, and the
// position of the last '_' in it, or -1.
func (sc *urlScanner) run(p int) (q, lastUS int) {
	lastUS = -1
	q = p
	for _, u := range sc.s[p:] {
		if !isRunUnit(u) {
			break
		}
		if u == '_' {
			lastUS = q
		}
		q++
	}
	return q, lastUS
}

// scanChain records, for the chain of labels starting at t, the last label
// that is followed by a TLD.
func (sc *urlScanner) scanChain(t int) {
	s := sc.s
	sc.chainFrom, sc.lastLabel = t, -1
	for {
		q, lastUS := sc.run(t)
		if q == t || !isDC(s[t]) || !isDC(s[q-1]) || q == len(s) || s[q] != '.' {
			sc.chainEnd = t
			return
		}
		if lastUS < 0 {
			if e, ok := tldAt(s, q+1, len(s)); ok {
				sc.lastLabel, sc.lastTLDEnd = t, e
			}
		}
		t = q + 1
	}
}

// tail reports whether, after the label that ends with the dot at d, some
// later label of the chain is followed by a TLD, and where the greedy
// domain then ends.
func (sc *urlScanner) tail(d int) (int, bool) {
	if d+1 < sc.chainFrom || d+1 > sc.chainEnd {
		sc.scanChain(d + 1)
	}
	if sc.lastLabel > d {
		return sc.lastTLDEnd, true
	}
	return 0, false
}

// domainAt matches DOMAIN at d, the start of a run, and returns its end.
func (sc *urlScanner) domainAt(d int) (int, bool) {
	s := sc.s
	if d >= len(s) || !isDC(s[d]) {
		return 0, false
	}
	q, lastUS := sc.run(d)
	if !isDC(s[q-1]) || q == len(s) || s[q] != '.' {
		return 0, false
	}
	if e, ok := sc.tail(q); ok {
		return e, true
	}
	if lastUS < 0 {
		return tldAt(s, q+1, len(s))
	}
	return 0, false
}

// candidate is one match of the reference's URL expression.
type candidate struct {
	p        int // index of P, or -1 when the URL starts the text
	start    int // start of the URL, scheme included
	protoLen int // length of the scheme, 0 when there is none
	domEnd   int // end of the domain, which starts at start+protoLen
	end      int // end of the URL
	hasPath  bool
}

// next finds the leftmost candidate whose P is at or after from. The walk
// over the runs starts at k >= from, which must be from itself or a
// position before which no candidate can start (earliestStart).
func (sc *urlScanner) next(from, k int) (candidate, bool) {
	s := sc.s
	for k < len(s) {
		if !isRunUnit(s[k]) {
			k++
			continue
		}
		p := k
		q, lastUS := sc.run(p)
		k = q
		if q == len(s) {
			break
		}
		switch s[q] {
		case '.':
			if !isDC(s[q-1]) {
				continue
			}
			var (
				tailKnown, hasTail, tldKnown, hasTLD bool
				tailEnd, tldEnd                      int
			)
			first := p == 0 && from == 0
			for i := 0; p+i < q || first && i < 2; i++ {
				u := p + i
				if first && i < 2 {
					u = 1 - i // P before the first unit is tried before the start of the text
					if u >= q {
						continue
					}
				}
				if !isDC(s[u]) {
					continue
				}
				pos := u - 1
				if u > from && isP(s[u-1]) {
					// P is s[u-1].
				} else if u == 0 && from == 0 {
					pos = -1
				} else {
					continue
				}
				if !tailKnown {
					tailEnd, hasTail = sc.tail(q)
					tailKnown = true
				}
				end := tailEnd
				if !hasTail {
					if u <= lastUS {
						continue
					}
					if !tldKnown {
						tldEnd, hasTLD = tldAt(s, q+1, len(s))
						tldKnown = true
					}
					if !hasTLD {
						break
					}
					end = tldEnd
				}
				return sc.finish(candidate{p: pos, start: u, domEnd: end}), true
			}
		case ':':
			u := q - 4
			if q-5 >= p && hasPrefixFold(s, q-5, "https") {
				u = q - 5
			} else if u < p || !hasPrefixFold(s, u, "http") {
				continue
			}
			pos := u - 1
			if u > from && isP(s[u-1]) {
				// P is s[u-1].
			} else if u == 0 && from == 0 {
				pos = -1
			} else {
				continue
			}
			if q+2 >= len(s) || s[q+1] != '/' || s[q+2] != '/' {
				continue
			}
			if end, ok := sc.domainAt(q + 3); ok {
				return sc.finish(candidate{p: pos, start: u, protoLen: q + 3 - u, domEnd: end}), true
			}
		}
	}
	return candidate{}, false
}

// finish adds the port, path and query to a candidate whose domain is
// known.
func (sc *urlScanner) finish(c candidate) candidate {
	s := sc.s
	e := c.domEnd
	if e+1 < len(s) && s[e] == ':' && isDigit(s[e+1]) {
		e += 2
		for e < len(s) && isDigit(s[e]) {
			e++
		}
	}
	if e < len(s) && s[e] == '/' {
		c.hasPath = true
		e = sc.pathEnd(e + 1)
	}
	if e < len(s) && s[e] == '?' {
		e = queryEnd(s, e, len(s))
	}
	c.end = e
	return c
}

// pathEnd returns the end of the path whose first segment starts at x.
//
// The library's path expression is PATH* with PATH = PC* (BP PC*)* PEC | BP
// | @ PC+ /, where BP is a balanced group and PEC a path-ending character
// (the alternation inside its path-ending part is not grouped, so a balanced
// group ends a path segment only on its own). Greedy and backtracking, that
// takes the run of path characters and balanced groups up to its last
// path-ending character, then any balanced groups that follow right after
// it. The third form never adds anything: the first matches wherever it
// does.
func (sc *urlScanner) pathEnd(x int) int {
	s := sc.s
	end := x
	for k := x; k < len(s); {
		u := s[k]
		if u < 0x80 {
			// ASCII, most of any path, with one look-up.
			if c := asciiClass[u]; c&cPC != 0 {
				k++
				if c&cPEC != 0 {
					end = k
				}
				continue
			}
		} else if isPC(u) {
			k++
			if isPEC(u) {
				end = k
			}
			continue
		}
		if u == '(' {
			if g := sc.balanced(k); g > 0 {
				k = g
				continue
			}
		}
		break
	}
	for end < len(s) && s[end] == '(' {
		g := sc.balanced(end)
		if g == 0 {
			break
		}
		end = g
	}
	return end
}

// balanced matches a balanced group at k, where s[k] is '(', and returns its
// end, or 0: "(" then path characters, or path characters with one nested
// group, then ")".
func (sc *urlScanner) balanced(k int) int {
	s := sc.s
	pcRun := func(j int) int {
		for j < len(s) && isPC(s[j]) {
			j++
		}
		return j
	}
	j := pcRun(k + 1)
	if j == len(s) {
		return 0
	}
	if s[j] == ')' {
		if j > k+1 {
			return j + 1
		}
		return 0
	}
	if s[j] != '(' {
		return 0
	}
	j2 := pcRun(j + 1)
	if j2 == j+1 || j2 == len(s) || s[j2] != ')' {
		return 0
	}
	j3 := pcRun(j2 + 1)
	if j3 == len(s) || s[j3] != ')' {
		return 0
	}
	return j3 + 1
}

// queryEnd matches a query at s[q:limit], where s[q] is '?', and returns its
// end, or q when there is none: "?", query characters, ending in a
// query-ending character.
func queryEnd(s []uint16, q, limit int) int {
	end := q
	for k := q + 1; k < limit && asciiIs(s[k], cQC); k++ {
		if asciiIs(s[k], cQEC) {
			end = k + 1
		}
	}
	return end
}

// appendURLs appends to dst the URL entities of s, the NFC text as UTF-16 code units,
// exactly as twitter-text 3.1.0's extractUrlsWithIndices (defaults: scheme-less URLs on) finds them,
// left to right, and returns dst.
func appendURLs(dst []entity, s []uint16) []entity {
	d := firstDomainDot(s)
	if d < 0 {
		return dst
	}
	return scanURLs(dst, s, earliestStart(s, d))
}

// scanURLs is appendURLs without the pre-check, for callers that made it:
// no candidate starts before k (earliestStart; 0 walks the whole text).
func scanURLs(dst []entity, s []uint16, k int) []entity {
	sc := urlScanner{s: s, chainFrom: 1, chainEnd: 0}
	for from := 0; from < len(s); {
		c, ok := sc.next(from, k)
		if !ok {
			break
		}
		from = c.end
		dst = sc.accept(dst, c)
		// Skip to the next dot that can end a domain, as appendURLs does
		// for the first candidate: no candidate whose P is at or after
		// from starts before the walk back from it (earliestStart).
		d := nextDomainDot(s, from+1)
		if d < 0 {
			break
		}
		k = max(from, earliestStart(s, d))
	}
	return dst
}

// earliestStart returns a position before which no candidate starts, given
// the first dot d that can end a domain (firstDomainDot), so that the search
// skips the text before it. Every candidate's domain reaches such a dot,
// at d or later, through a chain of runs and single dots, and a candidate
// with a scheme has "http://" or "https://" right before its domain. So a
// candidate that starts before d is connected to d by runs and dots,
// possibly with a scheme (a run, then "://") in front: walking back from d
// over those finds the earliest start. The position found is the start of
// a run, or of the text, as the walk over the runs in next expects.
func earliestStart(s []uint16, d int) int {
	k := d
	for k > 0 && (s[k-1] == '.' || isRunUnit(s[k-1])) {
		k--
	}
	if k >= 3 && s[k-1] == '/' && s[k-2] == '/' && s[k-3] == ':' {
		k -= 3
		for k > 0 && isRunUnit(s[k-1]) {
			k--
		}
	}
	return k
}

// firstDomainDot returns the position of the first dot of n that can end a
// domain, or -1 when n holds no URL at all. Every URL's domain has a label
// that ends in a domain character, then an ASCII "." and a top-level domain
// (docs/counting.md §6.2), which starts with a unit of the TLD trie's root or
// with "xn--", so a text without such a dot has none; most text is
// rejected here in one pass.
func firstDomainDot(n []uint16) int {
	return nextDomainDot(n, 1)
}

// nextDomainDot is firstDomainDot from position i on (i >= 1). It looks
// for dots with bytes.IndexByte over the units' bytes, which skips the text
// in wide steps, and checks each byte found is a whole unit '.'.
func nextDomainDot(n []uint16, i int) int {
	if i+1 >= len(n) {
		return -1
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(n))), 2*len(n))
	end := 2 * (len(n) - 1) // a dot must have a unit after it
	for p := 2 * i; p < end; {
		k := bytes.IndexByte(b[p:end], '.')
		if k < 0 {
			return -1
		}
		p += k
		if u := p >> 1; n[u] == '.' && mayEndDomain(n[u-1], n[u+1]) {
			return u
		}
		p++
	}
	return -1
}

// firstDomainDotASCII is firstDomainDot for ASCII text, looking for the
// dots with strings.IndexByte, which skips the text in wide steps.
func firstDomainDotASCII(text string) int {
	for i := 1; i+1 < len(text); i++ {
		k := strings.IndexByte(text[i:len(text)-1], '.')
		if k < 0 {
			return -1
		}
		i += k
		if mayEndDomain(uint16(text[i-1]), uint16(text[i+1])) {
			return i
		}
	}
	return -1
}

// mayEndDomain reports whether a dot between units a and b can be the one
// before a domain's top-level domain.
func mayEndDomain(a, b uint16) bool {
	return isDC(a) && (b|0x20 == 'x' || tldChild(0, tldKey(b)) >= 0)
}

// accept applies the checks of §6.3–§6.5 to a candidate and appends the
// entities it yields.
func (sc *urlScanner) accept(dst []entity, c candidate) []entity {
	s := sc.s
	ds := c.start + c.protoLen
	protoLen := c.protoLen
	if protoLen == 0 {
		protoLen = defaultProtoLen
	}
	if protoLen+c.end-c.start > maxURLLength {
		return dst
	}
	if s[ds] == 'x' && ds+4 <= len(s) && s[ds+1] == 'n' && s[ds+2] == '-' && s[ds+3] == '-' {
		if _, _, ok := asciiDomainIn(s, ds, c.domEnd); !ok {
			return dst
		}
	}
	if !labelsFit(s[ds:c.domEnd]) {
		return dst
	}
	if c.protoLen > 0 {
		end := tcoEnd(s, c.start, c.protoLen, c.end)
		if end < 0 {
			return dst
		}
		return append(dst, entity{start: c.start, length: end - c.start})
	}
	if c.p >= 0 {
		switch s[c.p] {
		case '-', '_', '.', '/':
			return dst
		}
	}
	// Each ASCII domain found in the domain becomes an entity. The
	// reference places each one with indexOf from the end of the previous
	// one, which finds an earlier copy of the same text if there is one.
	n0 := len(dst)
	idxEnd := ds
	for x := ds; x < c.domEnd; {
		var a, b int
		ok := true
		if x == ds && plainDomain(s[ds:c.domEnd]) {
			// Nearly every domain: the whole of it is the one ASCII domain.
			a, b = ds, c.domEnd
		} else if a, b, ok = asciiDomainIn(s, x, c.domEnd); !ok {
			break
		}
		at := idxEnd
		if a != idxEnd {
			// Found where the search starts, it is its own first copy.
			at += indexOf(s[idxEnd:c.domEnd], s[a:b])
		}
		dst = append(dst, entity{start: at, length: b - a})
		idxEnd = at + b - a
		x = b
	}
	if len(dst) > n0 && c.hasPath {
		dst[len(dst)-1].length += c.end - c.domEnd
	}
	return dst
}

// asciiDomainIn finds the leftmost ASCII domain (§6.4) in s[x:limit]:
// labels of ASCII letters, digits, '-' and the Latin-accent set, each
// followed by a dot, then a TLD, which limit may follow.
func asciiDomainIn(s []uint16, x, limit int) (start, end int, ok bool) {
	for x < limit {
		if !isAD(s[x]) {
			x++
			continue
		}
		r, last, lastEnd := x, -1, 0
		q := r
		for {
			for q < limit && isAD(s[q]) {
				q++
			}
			if q == r || q == limit || s[q] != '.' {
				break
			}
			if e, ok := tldAt(s, q+1, limit); ok {
				last, lastEnd = q+1, e
			}
			r = q + 1
			q = r
		}
		if last >= 0 {
			return x, lastEnd, true
		}
		x = q
	}
	return 0, 0, false
}

// plainDomain reports whether dom, the domain of a candidate, is labels of
// ASCII domain characters (isAD) joined by single dots, in which case
// asciiDomainIn finds all of it: the chain of labels reaches its end, and
// its last label is the TLD the scan found, which ends the domain (a TLD
// holds no dot), so it is also the TLD that the walk bounded by the
// domain's end finds (the earliest in the list among the same matches, and
// the one that ends the domain is accepted with or without what follows).
func plainDomain(dom []uint16) bool {
	if len(dom) == 0 || dom[0] == '.' {
		return false
	}
	for i, u := range dom {
		if u == '.' {
			if dom[i-1] == '.' {
				return false
			}
			continue
		}
		if u >= 0x80 || asciiClass[u]&cAD == 0 {
			return false
		}
	}
	return true
}

// indexOf returns the first index of needle in hay, or -1, with a
// Rabin–Karp search, so that it stays linear.
func indexOf(hay, needle []uint16) int {
	n := len(needle)
	if n == 0 {
		return 0
	}
	if n > len(hay) {
		return -1
	}
	var hn, hh, pow uint64 = 0, 0, 1
	for i := 0; i < n; i++ {
		hn = hn*rabinKarpMultiple + uint64(needle[i])
		hh = hh*rabinKarpMultiple + uint64(hay[i])
		if i > 0 {
			pow *= rabinKarpMultiple
		}
	}
	for i := 0; ; i++ {
		if hh == hn && equal16(hay[i:i+n], needle) {
			return i
		}
		if i+n == len(hay) {
			return -1
		}
		hh = (hh-uint64(hay[i])*pow)*rabinKarpMultiple + uint64(hay[i+n])
	}
}

func equal16(a, b []uint16) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// tcoEnd returns the end of a URL with a scheme after the t.co rule (§6.5):
// a t.co URL with a slug of more than 40 units is rejected (-1), a shorter
// one is cut after its slug and optional query, and any other URL keeps its
// end.
func tcoEnd(s []uint16, start, protoLen, end int) int {
	k := start + protoLen
	if !hasPrefixFold(s[:end], k, "t.co/") {
		return end
	}
	k += len("t.co/")
	slug := k
	for k < end && s[k] != '-' && asciiIs(s[k], cPuny) { // [a-z0-9]
		k++
	}
	if k == slug {
		return end
	}
	if k-slug > maxTcoSlugLength {
		return -1
	}
	if k < end && s[k] == '?' {
		k = queryEnd(s, k, end)
	}
	return k
}

// labelsFit reports whether every label of the domain is 1 to 63 units long
// once encoded the way punycode.js 1.4.1's toASCII does (§6.3): U+3002,
// U+FF0E and U+FF61 split a label further, and a part with a unit outside
// U+0020–U+007E becomes "xn--" and its RFC 3492 Punycode, without any
// IDNA mapping.
func labelsFit(dom []uint16) bool {
	// A domain of printable ASCII, nearly every one, encodes to itself:
	// each label fits when it has 1 to 63 units. Labels are checked in
	// order, as labelsFitEncoded does, so one that does not fit before
	// the first other unit gives the same answer.
	n := 0
	for _, u := range dom {
		if u == '.' {
			if n == 0 || n > maxLabelLength {
				return false
			}
			n = 0
			continue
		}
		if u < 0x20 || u > 0x7E {
			return labelsFitEncoded(dom)
		}
		n++
	}
	// After a final dot there is no label to check.
	return n <= maxLabelLength
}

// labelsFitEncoded is labelsFit for any domain: each label is encoded as
// punycode.js does.
func labelsFitEncoded(dom []uint16) bool {
	for len(dom) > 0 {
		i := 0
		for i < len(dom) && dom[i] != '.' {
			i++
		}
		if !labelFits(dom[:i]) {
			return false
		}
		if i == len(dom) {
			break
		}
		dom = dom[i+1:]
	}
	return true
}

// maxShortLabel is the number of code points up to which a label always
// fits. Encoding a part adds "xn--" and a delimiter, and each non-ASCII
// code point a number whose value is below 7 × 0x110000, which takes at
// most 8 digits (every digit but the last divides what is left by at least
// 10): 7 code points encode to at most 4+1+7×8 = 61 units, separators and
// several parts included.
const maxShortLabel = 7

func labelFits(label []uint16) bool {
	// Every part encodes to at least as many units as it has code points,
	// and each separator stays one unit, so a label of more than 63 code
	// points never fits; checking that first also keeps the encoder away
	// from the overflow punycode.js throws on.
	cps := 0
	for i := 0; i < len(label); i++ {
		if isURLHigh(label[i]) && i+1 < len(label) && isURLLow(label[i+1]) {
			i++
		}
		cps++
	}
	if cps == 0 || cps > maxLabelLength {
		return false
	}
	if cps <= maxShortLabel {
		return true
	}
	total := 0
	for part := label; ; {
		i := 0
		for i < len(part) && !isLabelSeparator(part[i]) {
			i++
		}
		total += encodedLen(part[:i])
		if i == len(part) {
			break
		}
		total++
		part = part[i+1:]
	}
	return total >= 1 && total <= maxLabelLength
}

func isLabelSeparator(u uint16) bool {
	return u == 0x3002 || u == 0xFF0E || u == 0xFF61
}

func isURLHigh(u uint16) bool { return 0xD800 <= u && u <= 0xDBFF } // a high surrogate
func isURLLow(u uint16) bool  { return 0xDC00 <= u && u <= 0xDFFF }

// encodedLen returns the length of punycode.js's toASCII of one part of a
// label of at most 63 code points.
func encodedLen(part []uint16) int {
	plain := true
	for _, u := range part {
		if u < 0x20 || u > 0x7E {
			plain = false
			break
		}
	}
	if plain {
		return len(part)
	}
	// Decode as punycode.js's ucs2decode does: a pair makes one code point,
	// a lone surrogate stands for itself.
	var cpBuf [maxLabelLength]rune
	cp := cpBuf[:0]
	for i := 0; i < len(part); i++ {
		r := rune(part[i])
		if isURLHigh(part[i]) && i+1 < len(part) && isURLLow(part[i+1]) {
			r = (r-0xD800)<<10 + rune(part[i+1]-0xDC00) + 0x10000
			i++
		}
		cp = append(cp, r)
	}
	basic := 0
	for _, r := range cp {
		if r < 0x80 {
			basic++
		}
	}
	out := len("xn--") + basic
	if basic > 0 {
		out++ // the delimiter
	}
	n, delta, bias := rune(punycodeInitialN), int64(0), punycodeInitBias
	for h := basic; h < len(cp); {
		m := rune(0x7FFFFFFF)
		for _, r := range cp {
			if r >= n && r < m {
				m = r
			}
		}
		delta += int64(m-n) * int64(h+1)
		n = m
		for _, r := range cp {
			if r < n {
				delta++
			}
			if r == n {
				q := delta
				for k := punycodeBase; ; k += punycodeBase {
					t := k - bias
					if k <= bias {
						t = punycodeTMin
					} else if k >= bias+punycodeTMax {
						t = punycodeTMax
					}
					if q < int64(t) {
						break
					}
					out++
					q = (q - int64(t)) / int64(punycodeBase-t)
				}
				out++
				bias = punycodeAdapt(delta, h+1, h == basic)
				delta = 0
				h++
			}
		}
		delta++
		n++
	}
	return out
}

// punycodeAdapt is RFC 3492's bias adaptation.
func punycodeAdapt(delta int64, numPoints int, first bool) int {
	if first {
		delta /= punycodeDamp
	} else {
		delta /= 2
	}
	delta += delta / int64(numPoints)
	k := 0
	for delta > ((punycodeBase-punycodeTMin)*punycodeTMax)/2 {
		delta /= punycodeBase - punycodeTMin
		k += punycodeBase
	}
	return k + int((punycodeBase-punycodeTMin+1)*delta/(delta+punycodeSkew))
}
