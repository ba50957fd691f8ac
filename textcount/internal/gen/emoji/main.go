// Command emoji generates textcount's emoji table from the regular
// expression that the npm package @twemoji/parser 17.0.1 exports
// (dist/lib/regex.js).
//
// The expression has no unbounded repetition, so it denotes a finite set of
// strings; the generator parses it (groups, alternation, optional parts,
// character classes over UTF-16 code units, capturing groups, and negative
// look-ahead, which
// matches the empty string), lists every string it matches, and checks the
// result against the known size of the set before writing the table.
//
// Usage:
//
//	TWEMOJI_REGEX=/path/to/node_modules/@twemoji/parser/dist/lib/regex.js go generate ./textcount
//
// It is a development tool: building and testing textcount never run it.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The numbers docs/counting.md §7.2 gives for @twemoji/parser 17.0.1.
const (
	wantTotal     = 5453
	wantMulti     = 4029
	wantLongestCP = 10
	// Text-default emoji that match alone only when U+FE0E does not follow.
	wantNotBeforeFE0E = 245
)

// lookAheadFE0E stands for the look-ahead (?!\ufe0e) while expanding. It is
// a noncharacter, so no real sequence holds it.
const lookAheadFE0E = 0xFFFF

func main() {
	regexPath := flag.String("regex", os.Getenv("TWEMOJI_REGEX"), "path of @twemoji/parser's dist/lib/regex.js (default $TWEMOJI_REGEX)")
	out := flag.String("out", "emoji_table.go", "output Go file")
	list := flag.String("list", "", "also write every sequence of the set to this `FILE` as a JSON array of strings (the differential corpus generator reads it)")
	flag.Parse()
	if *regexPath == "" {
		// go generate ./... runs every generator; without the npm package
		// at hand this one leaves the committed table as it is.
		fmt.Fprintln(os.Stderr, "emoji table left as is: run `npm i @twemoji/parser@17.0.1` in a scratch folder and set TWEMOJI_REGEX to its node_modules/@twemoji/parser/dist/lib/regex.js")
		return
	}
	src, err := os.ReadFile(*regexPath)
	if err != nil {
		log.Fatal(err)
	}
	table, err := Generate(src)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, table, 0o644); err != nil {
		log.Fatal(err)
	}
	if *list != "" {
		set, _, err := sequences(src)
		if err != nil {
			log.Fatal(err)
		}
		all := make([]string, 0, len(set))
		for s := range set {
			all = append(all, s)
		}
		sort.Strings(all)
		data, err := json.Marshal(all)
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(*list, data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// Generate returns the formatted Go source of the emoji table for the given
// content of regex.js, or an error when the expression cannot be expanded or
// its set does not have the expected size.
func Generate(regexJS []byte) ([]byte, error) {
	set, notBeforeFE0E, err := sequences(regexJS)
	if err != nil {
		return nil, err
	}
	var singles []rune
	var multi [][]rune
	longest := 0
	for _, rs := range set {
		if len(rs) == 1 {
			singles = append(singles, rs[0])
			continue
		}
		multi = append(multi, rs)
		longest = max(longest, len(rs))
	}
	if len(set) != wantTotal || len(multi) != wantMulti || longest != wantLongestCP {
		return nil, fmt.Errorf("expanded set has %d sequences, %d with two or more code points, longest %d code points; want %d, %d, %d (is this @twemoji/parser 17.0.1?)",
			len(set), len(multi), longest, wantTotal, wantMulti, wantLongestCP)
	}
	for r := range notBeforeFE0E {
		if len(set[string(r)]) != 1 {
			return nil, fmt.Errorf("%U carries the look-ahead but is not listed alone", r)
		}
	}
	if len(notBeforeFE0E) != wantNotBeforeFE0E {
		return nil, fmt.Errorf("%d single code points carry the U+FE0E look-ahead, want %d", len(notBeforeFE0E), wantNotBeforeFE0E)
	}
	return render(singles, multi, notBeforeFE0E)
}

// sequences expands regex.js into the set of sequences it matches, keyed
// by their text, and the single code points that match only when U+FE0E
// does not follow.
func sequences(regexJS []byte) (map[string][]rune, map[rune]bool, error) {
	re, err := extractRegex(string(regexJS))
	if err != nil {
		return nil, nil, err
	}
	seqs, err := expand(re)
	if err != nil {
		return nil, nil, err
	}
	set := map[string][]rune{}
	notBeforeFE0E := map[rune]bool{}
	unconditional := map[rune]bool{} // singles some path lists without the look-ahead
	for _, s := range seqs {
		// A look-ahead inside a sequence is met whenever the unit that
		// follows it is not U+FE0E; the sequence is impossible otherwise.
		kept, possible := s[:0:0], true
		for k, u := range s {
			if u == lookAheadFE0E && k+1 < len(s) {
				possible = possible && s[k+1] != 0xFE0E
				continue
			}
			kept = append(kept, u)
		}
		if !possible {
			continue
		}
		s = kept
		if n := len(s); n > 0 && s[n-1] == lookAheadFE0E {
			s = s[:n-1]
			rs := utf16.Decode(s)
			if len(rs) != 1 {
				return nil, nil, fmt.Errorf("look-ahead after a sequence of %d code points: the table cannot represent it", len(rs))
			}
			notBeforeFE0E[rs[0]] = true
		} else if rs := utf16.Decode(s); len(rs) == 1 {
			unconditional[rs[0]] = true
		}
		for _, u := range s {
			if u == 0xFE0E || u == lookAheadFE0E {
				return nil, nil, fmt.Errorf("sequence %X holds U+FE0E or a look-ahead in its middle", s)
			}
		}
		rs := utf16.Decode(s)
		for _, r := range rs {
			if r == 0xFFFD {
				return nil, nil, fmt.Errorf("sequence %X is not well-formed UTF-16", s)
			}
		}
		set[string(rs)] = rs
	}
	for r := range unconditional {
		delete(notBeforeFE0E, r)
	}
	return set, notBeforeFE0E, nil
}

// extractRegex returns the source of the expression literal assigned to
// exports.default.
func extractRegex(js string) (string, error) {
	const marker = "exports.default = /"
	i := strings.Index(js, marker)
	if i < 0 {
		return "", fmt.Errorf("no %q in regex.js", marker)
	}
	rest := js[i+len(marker):]
	j := strings.LastIndex(rest, "/g;")
	if j < 0 {
		return "", fmt.Errorf("regex literal in regex.js does not end with /g;")
	}
	return rest[:j], nil
}

// parser expands a regular expression into the list of UTF-16 strings it
// matches. Sets of strings are kept as slices; duplicates are removed by the
// caller.
type parser struct {
	s   string
	pos int
}

func expand(re string) ([][]uint16, error) {
	p := &parser{s: re}
	out, err := p.alternation()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.s) {
		return nil, fmt.Errorf("unexpected %q at offset %d", p.s[p.pos], p.pos)
	}
	return out, nil
}

func (p *parser) alternation() ([][]uint16, error) {
	var all [][]uint16
	for {
		seq, err := p.sequence()
		if err != nil {
			return nil, err
		}
		all = append(all, seq...)
		if p.pos < len(p.s) && p.s[p.pos] == '|' {
			p.pos++
			continue
		}
		return all, nil
	}
}

func (p *parser) sequence() ([][]uint16, error) {
	cur := [][]uint16{{}}
	for p.pos < len(p.s) && p.s[p.pos] != '|' && p.s[p.pos] != ')' {
		atom, err := p.atom()
		if err != nil {
			return nil, err
		}
		if p.pos < len(p.s) {
			switch p.s[p.pos] {
			case '?':
				p.pos++
				atom = append(atom, []uint16{})
			case '*', '+', '{':
				return nil, fmt.Errorf("unbounded or counted repetition at offset %d: the set would not be finite", p.pos)
			}
		}
		next := make([][]uint16, 0, len(cur)*len(atom))
		for _, a := range cur {
			for _, b := range atom {
				s := make([]uint16, 0, len(a)+len(b))
				next = append(next, append(append(s, a...), b...))
			}
		}
		cur = next
	}
	return cur, nil
}

func (p *parser) atom() ([][]uint16, error) {
	switch c := p.s[p.pos]; c {
	case '(':
		switch {
		case strings.HasPrefix(p.s[p.pos:], "(?:"):
			p.pos += 3
			alts, err := p.alternation()
			if err != nil {
				return nil, err
			}
			if err := p.expect(')'); err != nil {
				return nil, err
			}
			return alts, nil
		case strings.HasPrefix(p.s[p.pos:], "(?!"):
			// A negative look-ahead consumes nothing. In this expression
			// it only keeps a text-default emoji from matching before
			// U+FE0E; it is recorded as the marker lookAheadFE0E so
			// that the table can say which sequences carry it.
			p.pos += 3
			body, err := p.alternation()
			if err != nil {
				return nil, err
			}
			if err := p.expect(')'); err != nil {
				return nil, err
			}
			if len(body) != 1 || len(body[0]) != 1 || body[0][0] != 0xFE0E {
				return nil, fmt.Errorf("unsupported look-ahead before offset %d", p.pos)
			}
			return [][]uint16{{lookAheadFE0E}}, nil
		case strings.HasPrefix(p.s[p.pos:], "(?"):
			return nil, fmt.Errorf("unsupported group at offset %d", p.pos)
		default:
			// A capturing group matches what a non-capturing one does.
			p.pos++
			alts, err := p.alternation()
			if err != nil {
				return nil, err
			}
			if err := p.expect(')'); err != nil {
				return nil, err
			}
			return alts, nil
		}
	case '[':
		p.pos++
		if p.pos < len(p.s) && p.s[p.pos] == '^' {
			return nil, fmt.Errorf("negated class at offset %d", p.pos)
		}
		var units [][]uint16
		for p.pos < len(p.s) && p.s[p.pos] != ']' {
			lo, err := p.char()
			if err != nil {
				return nil, err
			}
			hi := lo
			if p.pos+1 < len(p.s) && p.s[p.pos] == '-' && p.s[p.pos+1] != ']' {
				p.pos++
				if hi, err = p.char(); err != nil {
					return nil, err
				}
			}
			if hi < lo {
				return nil, fmt.Errorf("bad range at offset %d", p.pos)
			}
			for u := int(lo); u <= int(hi); u++ {
				units = append(units, []uint16{uint16(u)})
			}
		}
		if err := p.expect(']'); err != nil {
			return nil, err
		}
		return units, nil
	case '.', '^', '$', '*', '+', '?', '{', '}', ')':
		return nil, fmt.Errorf("unsupported %q at offset %d", c, p.pos)
	default:
		u, err := p.char()
		if err != nil {
			return nil, err
		}
		return [][]uint16{{u}}, nil
	}
}

// char reads one literal code unit: \uXXXX, another escape of an ASCII
// punctuation character, or a literal character of the Basic Multilingual
// Plane.
func (p *parser) char() (uint16, error) {
	c := p.s[p.pos]
	if c != '\\' {
		if c >= 0x80 {
			// The file holds a few characters literally (© and ®).
			r, size := utf8.DecodeRuneInString(p.s[p.pos:])
			if r == utf8.RuneError || r > 0xFFFF {
				return 0, fmt.Errorf("unsupported literal at offset %d", p.pos)
			}
			p.pos += size
			return uint16(r), nil
		}
		p.pos++
		return uint16(c), nil
	}
	if p.pos+1 >= len(p.s) {
		return 0, fmt.Errorf("trailing backslash")
	}
	if p.s[p.pos+1] == 'u' {
		if p.pos+6 > len(p.s) {
			return 0, fmt.Errorf("short \\u escape at offset %d", p.pos)
		}
		v, err := strconv.ParseUint(p.s[p.pos+2:p.pos+6], 16, 16)
		if err != nil {
			return 0, fmt.Errorf("bad \\u escape at offset %d: %v", p.pos, err)
		}
		p.pos += 6
		return uint16(v), nil
	}
	e := p.s[p.pos+1]
	if strings.IndexByte(`\/^$.*+?()[]{}|-#`, e) < 0 {
		return 0, fmt.Errorf("unsupported escape \\%c at offset %d", e, p.pos)
	}
	p.pos += 2
	return uint16(e), nil
}

func (p *parser) expect(c byte) error {
	if p.pos >= len(p.s) || p.s[p.pos] != c {
		return fmt.Errorf("expected %q at offset %d", c, p.pos)
	}
	p.pos++
	return nil
}

// render writes the table: a trie of the multi-code-point sequences over
// their UTF-16 units, for longest-match lookup, and the single code points,
// sorted.
func render(singles []rune, multi [][]rune, notBeforeFE0E map[rune]bool) ([]byte, error) {
	sort.Slice(singles, func(i, j int) bool { return singles[i] < singles[j] })

	// Build the trie, then number its nodes breadth first so that each
	// node's edges are contiguous and sorted by unit.
	type tnode struct {
		kids  map[uint16]*tnode
		final bool
		id    int
	}
	root := &tnode{kids: map[uint16]*tnode{}}
	for _, rs := range multi {
		nd := root
		for _, u := range utf16.Encode(rs) {
			next := nd.kids[u]
			if next == nil {
				next = &tnode{kids: map[uint16]*tnode{}}
				nd.kids[u] = next
			}
			nd = next
		}
		nd.final = true
	}
	order := []*tnode{root}
	for i := 0; i < len(order); i++ {
		nd := order[i]
		nd.id = i
		units := make([]uint16, 0, len(nd.kids))
		for u := range nd.kids {
			units = append(units, u)
		}
		sort.Slice(units, func(a, b int) bool { return units[a] < units[b] })
		for _, u := range units {
			order = append(order, nd.kids[u])
		}
	}
	if len(order) > 0xFFFF {
		return nil, fmt.Errorf("trie has %d nodes, more than uint16 indices allow", len(order))
	}

	var b bytes.Buffer
	b.WriteString("// Code generated by internal/gen/emoji from @twemoji/parser 17.0.1; DO NOT EDIT.\n\npackage textcount\n\n")
	fmt.Fprintf(&b, "// emojiSequenceCount is the size of the whole set, single code points included.\nconst emojiSequenceCount = %d\n\n", len(singles)+len(multi))
	b.WriteString("// emojiNotBeforeFE0E flags an entry of emojiSingles that does not match\n// before U+FE0E.\nconst emojiNotBeforeFE0E = 1 << 30\n\n")
	fmt.Fprintf(&b, "// emojiMultiCount is the number of sequences of two or more code points.\nconst emojiMultiCount = %d\n\n", len(multi))
	b.WriteString(`// emojiNodes is a trie of the sequences of two or more code points, over
// their UTF-16 units; node 0 is the root. The edges of node i are
// emojiEdgeUnits[emojiNodes[i].edges:emojiNodes[i+1].edges] (sorted), leading
// to the nodes emojiEdgeNodes[...]; final marks the end of a sequence. The
// last node is a sentinel.
var emojiNodes = [...]emojiNode{
`)
	edge := 0
	for _, nd := range order {
		fmt.Fprintf(&b, "{%d, %v},", edge, nd.final)
		edge += len(nd.kids)
		if nd.id%8 == 7 {
			b.WriteByte('\n')
		}
	}
	fmt.Fprintf(&b, "{%d, false},\n}\n\nvar emojiEdgeUnits = [...]uint16{\n", edge)
	k := 0
	for _, nd := range order {
		units := make([]uint16, 0, len(nd.kids))
		for u := range nd.kids {
			units = append(units, u)
		}
		sort.Slice(units, func(a, b int) bool { return units[a] < units[b] })
		for _, u := range units {
			fmt.Fprintf(&b, "0x%04X,", u)
			if k++; k%12 == 0 {
				b.WriteByte('\n')
			}
		}
	}
	b.WriteString("\n}\n\nvar emojiEdgeNodes = [...]uint16{\n")
	k = 0
	for _, nd := range order {
		units := make([]uint16, 0, len(nd.kids))
		for u := range nd.kids {
			units = append(units, u)
		}
		sort.Slice(units, func(a, b int) bool { return units[a] < units[b] })
		for _, u := range units {
			fmt.Fprintf(&b, "%d,", nd.kids[u].id)
			if k++; k%16 == 0 {
				b.WriteByte('\n')
			}
		}
	}
	b.WriteString("}\n\n// emojiSingles lists the sequences of one code point, sorted. An entry\n// with emojiNotBeforeFE0E set matches only when U+FE0E does not follow it.\nvar emojiSingles = [...]rune{\n")
	for i, r := range singles {
		if notBeforeFE0E[r] {
			r |= 1 << 30 // emojiNotBeforeFE0E in the table
		}
		fmt.Fprintf(&b, "0x%04X,", r)
		if i%8 == 7 {
			b.WriteByte('\n')
		}
	}
	b.WriteString("\n}\n")
	return format.Source(b.Bytes())
}
