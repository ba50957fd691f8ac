package textcount

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalization (ALGORITHM.md §4 step 1) is golang.org/x/text's NFC, with
// one correction: that package follows the Stream-Safe Text Format and
// inserts U+034F after 30 combining marks, which JavaScript's normalize()
// never does. Chunks where that happens are normalized by slowNFC, a plain
// implementation of the Unicode algorithm without that limit.
//
// Text is cut into segments (nfcSegments): runs of stable code points
// (stable.go), which NFC leaves alone, and chunks around the others, each
// normalized on its own. Only the chunks cost normalization work, and the
// segments are also what maps positions back to the original text.

// graphemeJoiner is U+034F in UTF-8.
var graphemeJoiner = []byte("\u034F")

// nfcMode says how the NFC text relates to the text it came from, which
// decides how positions map back (sourceOffset).
type nfcMode uint8

const (
	nfcSame    nfcMode = iota // the text was in NFC already
	nfcChanged                // some chunk changed
)

// nfcSegments cuts valid UTF-8 s into segments whose NFC forms, concatenated,
// are NFC(s), and calls yield with each segment s[p:e] and its NFC form
// (out, only valid during the call; same says it equals s[p:e], in which
// case out is nil). It stops when yield returns false.
//
// A stable code point is a boundary: nothing before it affects it, and it
// affects nothing before it. So a chunk starts at the last stable code
// point before an unstable one (which may combine with it) and ends before
// the next stable code point.
func (w *work) nfcSegments(s string, yield func(p, e int, out []byte, same bool) bool) {
	for i := 0; i < len(s); {
		j, last := i, -1
		for j < len(s) {
			if c := s[j]; c < utf8.RuneSelf {
				last = j
				j++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[j:])
			if !stable(r) {
				break
			}
			last = j
			j += size
		}
		if j == len(s) {
			yield(i, j, nil, true)
			return
		}
		cs := j
		if last >= 0 {
			cs = last
		}
		if cs > i && !yield(i, cs, nil, true) {
			return
		}
		_, size := utf8.DecodeRuneInString(s[j:])
		ce := j + size
		for ce < len(s) {
			if s[ce] < utf8.RuneSelf {
				break
			}
			r, size := utf8.DecodeRuneInString(s[ce:])
			if stable(r) {
				break
			}
			ce += size
		}
		out := w.chunkNFC(s[cs:ce])
		same := string(out) == s[cs:ce]
		if !yield(cs, ce, out, same) {
			return
		}
		i = ce
	}
}

// Decomposed text repeats the same few short chunks (a letter and its
// accent, a Hangul syllable's jamo), so work keeps their NFC forms.
const (
	maxCachedChunk = 16   // bytes
	maxCacheSize   = 2048 // entries; the cache is emptied when it is full
)

// chunkNFC returns NFC(chunk), valid until the next call.
func (w *work) chunkNFC(chunk string) []byte {
	if len(chunk) > maxCachedChunk {
		w.chunk = appendChunkNFC(w.chunk[:0], chunk, &w.iter)
		return w.chunk
	}
	if out, ok := w.cache[chunk]; ok {
		return out
	}
	out := appendChunkNFC(nil, chunk, &w.iter)
	if w.cache == nil || len(w.cache) >= maxCacheSize {
		w.cache = make(map[string][]byte, 64)
	}
	w.cache[chunk] = out
	return out
}

// appendNFC16 appends NFC(s) in UTF-16 to dst; s is valid UTF-8.
func appendNFC16(dst []uint16, w *work, s string) (n []uint16, mode nfcMode) {
	w.nfcSegments(s, func(p, e int, out []byte, same bool) bool {
		if same {
			dst = appendUTF16(dst, s[p:e])
			return true
		}
		mode = nfcChanged
		dst = appendUTF16Bytes(dst, out)
		return true
	})
	return dst, mode
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

// appendChunkNFC appends NFC(chunk) to dst, with golang.org/x/text unless
// it inserts U+034F (it never does for 8 code points or fewer: each
// decomposes into at most three non-starters).
func appendChunkNFC(dst []byte, chunk string, it *norm.Iter) []byte {
	start := len(dst)
	it.InitString(norm.NFC, chunk)
	for !it.Done() {
		dst = append(dst, it.Next()...)
	}
	if len(chunk) > 8 && bytes.Count(dst[start:], graphemeJoiner) > strings.Count(chunk, "\u034F") {
		return slowNFC(dst[:start], chunk)
	}
	return dst
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
	// Canonical ordering: a stable sort by combining class of every run of
	// non-starters.
	for i := 0; i < len(rs); {
		if ccc(rs[i]) == 0 {
			i++
			continue
		}
		j := i + 1
		for j < len(rs) && ccc(rs[j]) != 0 {
			j++
		}
		slices.SortStableFunc(rs[i:j], func(a, b rune) int { return int(ccc(a)) - int(ccc(b)) })
		i = j
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
// (valid UTF-8, the text before normalization). Inside a segment that
// normalization leaves unchanged every position maps; a changed chunk is cut
// further at every code point that starts a segment and cannot combine with
// what precedes it (chunkEnd), and only those points map. sourceOffset
// returns the largest position k2 <= k that maps, and its byte offset b in
// src.
func sourceOffset(w *work, src string, k int, mode nfcMode) (b, k2 int) {
	if mode == nfcSame {
		return runesUpTo(src, 0, 0, k)
	}
	pos := 0 // position in the NFC text of the segment's start
	b, k2 = len(src), -1
	w.nfcSegments(src, func(p, e int, out []byte, same bool) bool {
		var l int
		if same {
			l = utf16Len(src[p:e])
		} else {
			l = utf16LenBytes(out)
		}
		switch {
		case pos+l < k:
			pos += l
			return true
		case pos+l == k:
			b, k2 = e, k
		case same:
			b, k2 = runesUpTo(src[:e], p, pos, k)
		default:
			b, k2 = subchunkOffset(w, src[:e], p, pos, k)
		}
		return false
	})
	if k2 < 0 {
		k2 = pos
	}
	return b, k2
}

// subchunkOffset is sourceOffset inside the changed chunk src[p:], which
// starts at position pos of the NFC text.
func subchunkOffset(w *work, src string, p, pos, k int) (b, k2 int) {
	var buf []byte
	for p < len(src) {
		e := chunkEnd(src, p)
		buf = appendChunkNFC(buf[:0], src[p:e], &w.iter)
		l := utf16LenBytes(buf)
		switch {
		case pos+l == k:
			return e, k
		case pos+l > k:
			if string(buf) == src[p:e] {
				return runesUpTo(src[:e], p, pos, k)
			}
			return p, pos
		}
		pos += l
		p = e
	}
	return p, pos
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
