package textcount

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalization (ALGORITHM.md §4 step 1) is golang.org/x/text's NFC, with
// one correction: that package follows the Stream-Safe Text Format and
// inserts U+034F after 30 combining marks, which JavaScript's normalize()
// never does. Text where that happens is normalized chunk by chunk, and the
// long chunks by slowNFC, a plain implementation of the Unicode algorithm
// without that limit.

// graphemeJoiner is U+034F in UTF-8.
var graphemeJoiner = []byte("\u034F")

// nfcMode says how the NFC text relates to the text it came from, which
// decides how positions map back (sourceOffset).
type nfcMode uint8

const (
	nfcSame    nfcMode = iota // the text was in NFC already
	nfcNorm                   // normalized by golang.org/x/text in one call
	nfcChunked                // normalized chunk by chunk (see chunkEnd)
)

// appendNFC16 appends NFC(s) in UTF-16 to dst; s is valid UTF-8. It uses
// w's scratch space.
func appendNFC16(dst []uint16, w *work, s string) (n []uint16, mode nfcMode) {
	if norm.NFC.QuickSpanString(s) == len(s) {
		return appendUTF16(dst, s), nfcSame
	}
	// The iterator lives in w, so normalizing allocates nothing once the
	// buffers have grown (norm.Form.AppendString allocates on each call).
	tmp := w.tmp[:0]
	it := &w.iter
	it.InitString(norm.NFC, s)
	for !it.Done() {
		tmp = append(tmp, it.Next()...)
	}
	mode = nfcNorm
	if bytes.Contains(tmp, graphemeJoiner) {
		tmp = tmp[:0]
		for p := 0; p < len(s); {
			e := chunkEnd(s, p)
			tmp = appendChunkNFC(tmp, s[p:e])
			p = e
		}
		mode = nfcChunked
	}
	w.tmp = tmp
	return appendUTF16Bytes(dst, tmp), mode
}

// chunkEnd returns the end of the normalization chunk that starts at p: the
// next position before a code point that starts a segment and cannot combine
// with what precedes it. NFC of the text is the concatenation of the NFC of
// its chunks.
func chunkEnd(s string, p int) int {
	_, size := utf8.DecodeRuneInString(s[p:])
	e := p + size
	for e < len(s) {
		if s[e] < utf8.RuneSelf {
			return e
		}
		pr := norm.NFC.PropertiesString(s[e:])
		if pr.BoundaryBefore() {
			return e
		}
		e += max(pr.Size(), 1)
	}
	return e
}

// maxFastChunk is the number of code points up to which a chunk cannot reach
// the 30 non-starters after which golang.org/x/text inserts U+034F (each code
// point decomposes into at most three of them).
const maxFastChunk = 8

// appendChunkNFC appends NFC(chunk) to dst.
func appendChunkNFC(dst []byte, chunk string) []byte {
	if utf8.RuneCountInString(chunk) <= maxFastChunk {
		return norm.NFC.AppendString(dst, chunk)
	}
	return slowNFC(dst, chunk)
}

// slowNFC appends NFC(s) to dst by the definition: full canonical
// decomposition, canonical ordering by combining class (a stable sort,
// however many marks there are), then canonical composition. It is only used
// for chunks with many combining marks.
func slowNFC(dst []byte, s string) []byte {
	var rs []rune
	for _, r := range s {
		for _, d := range norm.NFD.String(string(r)) {
			rs = append(rs, d)
		}
	}
	ccc := func(r rune) uint8 { return norm.NFD.PropertiesString(string(r)).CCC() }
	for i := 1; i < len(rs); i++ {
		c := ccc(rs[i])
		if c == 0 {
			continue
		}
		for j := i; j > 0 && ccc(rs[j-1]) > c; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
	res := make([]rune, 0, len(rs))
	starter := -1
	var last uint8
	for _, r := range rs {
		c := ccc(r)
		if starter >= 0 && ((last == 0 && starter == len(res)-1) || (last != 0 && last < c)) {
			if comp, ok := composePair(res[starter], r); ok {
				res[starter] = comp
				continue
			}
		}
		if c == 0 {
			starter = len(res)
		}
		last = c
		res = append(res, r)
	}
	for _, r := range res {
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// composePair returns the primary composite of a and b, if there is one.
func composePair(a, b rune) (rune, bool) {
	var buf [8]byte
	pair := utf8.AppendRune(utf8.AppendRune(buf[:0], a), b)
	c := norm.NFC.Bytes(pair)
	r, size := utf8.DecodeRune(c)
	if size != len(c) || r == utf8.RuneError {
		return 0, false
	}
	return r, true
}

// appendUTF16 appends valid UTF-8 s to dst in UTF-16.
func appendUTF16(dst []uint16, s string) []uint16 {
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			dst = append(dst, uint16(0xD800+r>>10), uint16(0xDC00+r&0x3FF))
			continue
		}
		dst = append(dst, uint16(r))
	}
	return dst
}

// appendUTF16Bytes is appendUTF16 for a byte slice.
func appendUTF16Bytes(dst []uint16, b []byte) []uint16 {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		i += size
		if r >= 0x10000 {
			r -= 0x10000
			dst = append(dst, uint16(0xD800+r>>10), uint16(0xDC00+r&0x3FF))
			continue
		}
		dst = append(dst, uint16(r))
	}
	return dst
}

// sourceOffset maps position k of the NFC text (in UTF-16 units) back to src
// (valid UTF-8, the text before normalization). Normalization works segment
// by segment: inside a segment it leaves unchanged, every position maps,
// while a changed segment maps only at its ends. sourceOffset returns the
// largest position k2 <= k that maps, and its byte offset b in src.
func sourceOffset(w *work, src string, k int, mode nfcMode) (b, k2 int) {
	switch mode {
	case nfcSame:
		return runesUpTo(src, 0, 0, k)
	case nfcChunked:
		pos := 0 // position in the NFC text of the chunk start p
		for p := 0; p < len(src); {
			e := chunkEnd(src, p)
			w.tmp = appendChunkNFC(w.tmp[:0], src[p:e])
			if b, k2, done := mapSegment(src, p, e, w.tmp, pos, k); done {
				return b, k2
			}
			pos += utf16LenBytes(w.tmp)
			p = e
		}
		return len(src), pos
	}
	// The iterator yields NFC(src) segment by segment, and its position
	// tells where each segment ends in src.
	it := &w.iter
	it.InitString(norm.NFC, src)
	pos, p := 0, 0
	for !it.Done() {
		seg := it.Next()
		e := it.Pos()
		if b, k2, done := mapSegment(src, p, e, seg, pos, k); done {
			return b, k2
		}
		pos += utf16LenBytes(seg)
		p = e
	}
	return len(src), pos
}

// mapSegment handles one segment of sourceOffset: src[p:e] normalizes to
// out, which starts at position pos of the NFC text. done is false when k
// lies after the segment.
func mapSegment(src string, p, e int, out []byte, pos, k int) (b, k2 int, done bool) {
	l := utf16LenBytes(out)
	switch {
	case pos+l < k:
		return 0, 0, false
	case pos+l == k:
		return e, k, true
	case string(out) == src[p:e]:
		b, k2 = runesUpTo(src[:e], p, pos, k)
		return b, k2, true
	}
	return p, pos, true
}

// runesUpTo walks valid UTF-8 s from byte p, which is at UTF-16 position
// pos, up to UTF-16 position k or the last code point boundary before it.
func runesUpTo(s string, p, pos, k int) (b, k2 int) {
	for p < len(s) {
		r, size := utf8.DecodeRuneInString(s[p:])
		l := 1
		if r >= 0x10000 {
			l = 2
		}
		if pos+l > k {
			break
		}
		pos += l
		p += size
	}
	return p, pos
}

func utf16LenBytes(b []byte) int {
	n := 0
	for _, c := range b {
		switch {
		case c < 0x80, c >= 0xC0 && c < 0xF0:
			n++
		case c >= 0xF0:
			n += 2
		}
	}
	return n
}

// originalOffset maps byte offset b of src = replaceInvalid(text) back to
// text, where each U+FFFD standing for a bad byte is one byte long.
func originalOffset(text, src string, b int) int {
	if len(text) == len(src) {
		return b
	}
	i, j := 0, 0
	for i < len(text) && j < b {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			j += len("\uFFFD")
		} else {
			j += size
		}
	}
	return i
}
