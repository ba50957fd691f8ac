package textcount

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// Normalization (docs/counting.md §4 step 1) is golang.org/x/text's NFC, with
// one correction: that package follows the Stream-Safe Text Format and
// inserts U+034F after 30 combining marks, which JavaScript's normalize()
// never does. Chunks where that happens are normalized by slowNFC, a plain
// implementation of the Unicode algorithm without that limit.
//
// Text is cut into runs of stable code points (stable.go), which NFC leaves
// alone, and chunks around the others, each normalized on its own
// (appendNFC16). Only the chunks cost normalization work, and the changed
// ones are what maps positions back to the original text (sourceOffset).

// graphemeJoiner is U+034F in UTF-8.
var graphemeJoiner = []byte("\u034F")

// nfcMode says how the NFC text relates to the text it came from, which
// decides how positions map back (sourceOffset).
type nfcMode uint8

const (
	nfcSame    nfcMode = iota // the text was in NFC already
	nfcChanged                // some chunk changed
)

// Decomposed text repeats the same few short chunks (a letter and its
// accent, a Hangul syllable's jamo), so work keeps the NFC forms of recent
// short chunks in a small direct-mapped cache.
const (
	maxCachedChunk = 16  // bytes
	chunkCacheSize = 256 // entries, a power of two
)

type chunkCacheEntry struct {
	chunk string
	nfc   []uint16 // NFC(chunk) in UTF-16
	same  bool     // NFC(chunk) == chunk
}

// chunkNFC16 returns NFC(chunk) in UTF-16, valid until the next call, and
// whether it equals chunk.
func (w *work) chunkNFC16(chunk string) (nfc []uint16, same bool) {
	if len(chunk) > maxCachedChunk {
		w.chunk = appendChunkNFC(w.chunk[:0], chunk, &w.iter)
		w.chunk16 = appendUTF16Bytes(w.chunk16[:0], w.chunk)
		return w.chunk16, string(w.chunk) == chunk
	}
	h := uint32(2166136261)
	for i := 0; i < len(chunk); i++ {
		h = (h ^ uint32(chunk[i])) * 16777619
	}
	if w.cache == nil {
		w.cache = new([chunkCacheSize]chunkCacheEntry)
	}
	e := &w.cache[h&(chunkCacheSize-1)]
	if e.chunk != chunk || e.nfc == nil {
		w.chunk = appendChunkNFC(w.chunk[:0], chunk, &w.iter)
		e.nfc = appendUTF16Bytes(e.nfc[:0], w.chunk)
		e.same = string(w.chunk) == chunk
		e.chunk = strings.Clone(chunk)
	}
	return e.nfc, e.same
}

// Hangul syllables are composed by arithmetic (Unicode §3.12): a leading
// consonant L and a vowel V make an LV syllable, to which a trailing
// consonant T may be added.
const (
	hangulSBase  = 0xAC00
	hangulLBase  = 0x1100
	hangulVBase  = 0x1161
	hangulTBase  = 0x11A7
	hangulLCount = 19
	hangulVCount = 21
	hangulTCount = 28
	hangulNCount = hangulVCount * hangulTCount
	hangulSCount = hangulLCount * hangulNCount
)

// composeHangul returns the syllable that NFC makes of rs, which are the
// whole of a chunk, if they are L V, L V T or LV T.
func composeHangul(rs []rune) (rune, bool) {
	isL := func(r rune) bool { return r >= hangulLBase && r < hangulLBase+hangulLCount }
	isV := func(r rune) bool { return r >= hangulVBase && r < hangulVBase+hangulVCount }
	isT := func(r rune) bool { return r > hangulTBase && r < hangulTBase+hangulTCount }
	switch {
	case len(rs) >= 2 && isL(rs[0]) && isV(rs[1]):
		lv := hangulSBase + ((rs[0]-hangulLBase)*hangulVCount+rs[1]-hangulVBase)*hangulTCount
		if len(rs) == 2 {
			return lv, true
		}
		if isT(rs[2]) {
			return lv + rs[2] - hangulTBase, true
		}
	case len(rs) == 2 && rs[0] >= hangulSBase && rs[0] < hangulSBase+hangulSCount &&
		(rs[0]-hangulSBase)%hangulTCount == 0 && isT(rs[1]):
		return rs[0] + rs[1] - hangulTBase, true
	}
	return 0, false
}

// The cache of two-code-point chunks has 1<<pairCacheBits entries.
const (
	pairCacheBits = 10
	pairCacheSize = 1 << pairCacheBits
)

// pairCacheEntry is the NFC form of a chunk of two BMP code points, key
// being the first in the high half and the second in the low half. NFC
// forms longer than three units are not cached.
type pairCacheEntry struct {
	key  uint32
	len  uint8 // 0 for an empty entry
	same bool
	nfc  [3]uint16
}

// shortNFC16 is chunkNFC16 for a chunk of at most three code points, rs:
// Hangul syllables are composed directly, and pairs of BMP code points are
// looked up by value in a small cache, which is cheaper than hashing and
// comparing the chunk's bytes.
func (w *work) shortNFC16(rs []rune, chunk string) (nfc []uint16, same bool) {
	if r, ok := composeHangul(rs); ok {
		w.hangul[0] = uint16(r)
		return w.hangul[:], false
	}
	if len(rs) != 2 || rs[0] > 0xFFFF || rs[1] > 0xFFFF {
		return w.chunkNFC16(chunk)
	}
	key := uint32(rs[0])<<16 | uint32(rs[1])
	e := &w.pairs[(key*0x9E3779B1)>>(32-pairCacheBits)]
	if e.len == 0 || e.key != key {
		w.chunk = appendChunkNFC(w.chunk[:0], chunk, &w.iter)
		w.chunk16 = appendUTF16Bytes(w.chunk16[:0], w.chunk)
		same = string(w.chunk) == chunk
		if len(w.chunk16) > len(e.nfc) {
			return w.chunk16, same
		}
		e.key, e.len, e.same = key, uint8(len(w.chunk16)), same
		copy(e.nfc[:], w.chunk16)
	}
	return e.nfc[:e.len], e.same
}

// changedChunk records where a chunk that normalization changed lies: bytes
// p to e of the source, units pos to pos+len16 of the NFC text.
type changedChunk struct {
	p, e, pos, len16 int
}

// appendNFC16 appends NFC(s) in UTF-16 to dst, records the chunks that
// normalization changed in w.changed (for sourceOffset), and returns the
// UTF-16 length of s itself. ok is false, and the rest meaningless, when s
// is not valid UTF-8. It also lists in w.emojiHints the positions in dst
// of the units it appends that can continue a multi-code-point emoji
// sequence (continuesEmoji), so that the emoji search looks only there,
// and in w.units the tally of the units' weight classes.
//
// A stable code point (stable.go) is a boundary: nothing before it affects
// it, and it affects nothing before it. Runs of them are copied as they are;
// a chunk starts at the last stable code point before an unstable one
// (which may combine with it), ends before the next stable code point, and
// is normalized on its own. Each code point is decoded once.
func appendNFC16(dst []uint16, w *work, s string) (n []uint16, mode nfcMode, len16 int, ok bool) {
	w.changed = w.changed[:0]
	w.emojiHints = w.emojiHints[:0]
	w.units = unitTally{}
	base, delta := len(dst), 0
	// Unchanged text takes at most one unit per byte.
	dst = slices.Grow(dst, len(s))
	// The last stable code point appended: its offset in s (-1 when an
	// unstable one came after it, or at the start), the code point, and
	// where its units start in dst.
	last, lastDst := -1, 0
	var lastR rune
	for j := 0; j < len(s); {
		{
			// A run of ASCII and stable code points, the bulk of nearly
			// every text, taken in one go.
			k := len(dst)
			var lj int
			var lr rune
			if dst, j, lj, lr = w.appendStableRun(dst, s, j); len(dst) > k {
				last, lastDst, lastR = lj, len(dst)-utf16RuneLen(lr), lr
			}
			if j == len(s) {
				break
			}
		}
		// What stops a run: an unstable code point, a stable one of four
		// bytes outside U+1F000–U+1FAFF, or a byte that is not UTF-8.
		c := s[j]
		// Two- and three-byte sequences, nearly all non-ASCII text, are
		// decoded in line.
		var r rune
		size := 0
		switch {
		case c >= 0xC2 && c < 0xE0 && j+1 < len(s) && s[j+1]&0xC0 == 0x80:
			r, size = rune(c&0x1F)<<6|rune(s[j+1]&0x3F), 2
		case c >= 0xE0 && c < 0xF0 && j+2 < len(s) && s[j+1]&0xC0 == 0x80 && s[j+2]&0xC0 == 0x80:
			r = rune(c&0x0F)<<12 | rune(s[j+1]&0x3F)<<6 | rune(s[j+2]&0x3F)
			if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
				size = 3
			}
		case c >= 0xF0 && c < 0xF5 && j+3 < len(s) && (s[j+1]^0x80)|(s[j+2]^0x80)|(s[j+3]^0x80) < 0x40:
			// Four bytes: emoji, mostly, which runs stop at.
			r = rune(c&0x07)<<18 | rune(s[j+1]&0x3F)<<12 | rune(s[j+2]&0x3F)<<6 | rune(s[j+3]&0x3F)
			if r >= 0x10000 && r <= utf8.MaxRune {
				size = 4
			}
		}
		if size == 0 {
			if r, size = decodeRune(s, j); size == 1 {
				return dst, mode, 0, false
			}
		}
		if stable(r) {
			last, lastDst, lastR = j, len(dst), r
			if r < 0x10000 {
				if continuesEmoji(uint16(r)) {
					w.noteEmoji(len(dst))
				}
				w.units.add(uint16(r), 1)
				dst = append(dst, uint16(r))
			} else {
				// appendRune16, in line.
				v := r - 0x10000
				hi := uint16(0xD800 + v>>10)
				if hi == 0xD83C || hi == 0xDB40 {
					w.noteEmoji(len(dst))
				}
				w.units.highs++
				dst = append(dst, hi, uint16(0xDC00+v&0x3FF))
			}
			j += size
			continue
		}

		// A chunk. rs holds its first code points and nr counts all of
		// them: most chunks are two or three code points long (a letter
		// and its accent, a Hangul syllable's jamo), which shortNFC16
		// handles without normalizing.
		cs, units := j, 0
		var rs [3]rune
		nr := 0
		if last >= 0 {
			cs = last
			dst = dst[:lastDst]
			w.dropEmojiHints(lastDst)
			w.units.addRune(lastR, -1)
			rs[0], nr = lastR, 1
			units = utf16RuneLen(lastR)
		}
		rs[nr] = r
		nr++
		units += utf16RuneLen(r)
		ce := j + size
		next := false // r is a stable code point at ce, already decoded
		for ce < len(s) && s[ce] >= utf8.RuneSelf {
			r, size = decodeRune(s, ce)
			if size == 1 {
				return dst, mode, 0, false
			}
			if stable(r) {
				next = true
				break
			}
			if nr < len(rs) {
				rs[nr] = r
			}
			nr++
			units += utf16RuneLen(r)
			ce += size
		}
		var nfc []uint16
		var same bool
		if nr <= len(rs) {
			nfc, same = w.shortNFC16(rs[:nr], s[cs:ce])
		} else {
			nfc, same = w.chunkNFC16(s[cs:ce])
		}
		if same {
			dst = w.appendUTF16(dst, s[cs:ce])
		} else {
			mode = nfcChanged
			pos := len(dst) - base
			for k, u := range nfc {
				if continuesEmoji(u) {
					w.noteEmoji(len(dst) + k)
				}
				w.units.add(u, 1)
			}
			dst = append(dst, nfc...)
			w.changed = append(w.changed, changedChunk{cs, ce, pos, len(nfc)})
			delta += units - len(nfc)
		}
		last, j = -1, ce
		if next {
			last, lastDst, lastR = ce, len(dst), r
			dst = w.appendRune16(dst, r)
			j += size
		}
	}
	return dst, mode, len(dst) - base + delta, true
}

// appendStableRun appends to dst, in UTF-16, the run of ASCII and stable
// code points (BMP ones of two and three bytes, and those of U+1F000–
// U+1FAFF, emoji mostly) that starts at s[j], noting emoji hints and the
// units' tally as appendNFC16 does, and returns where the run ends in s and
// the offset and value of its last code point. No code point has more
// units than bytes, so the run fits in len(s)-j units, which are reserved
// once and written in place. ASCII is widened eight bytes at a time, a
// short run of it included, in a loop of its own while it lasts; only the
// three-byte code points that can continue an emoji sequence or be invalid
// (U+2xxx and U+Fxxx) are asked so, and those of U+3000–U+EFFF (CJK, kana,
// Hangul) go through a loop of their own that only looks them up.
func (w *work) appendStableRun(dst []uint16, s string, j int) (_ []uint16, end, lastJ int, lastR rune) {
	dst = slices.Grow(dst, len(s)-j)
	k := len(dst)
	d := dst[:cap(dst)]
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	// Only heavy three-byte units are counted in the loop; the rare
	// surrogate pairs and invalid units go to the tally as they come, and
	// light units are what is left, worked out at the end. Fewer values
	// changed in the loop keep it from saving and restoring them on every
	// turn.
	k0, highs0, heavy := k, w.units.highs, 0
	start := j
	for j < len(b) {
		c := b[j]
		if c < utf8.RuneSelf {
			if j+8 > len(b) || k+8 > len(d) {
				d[k] = uint16(c)
				k++
				j++
				continue
			}
			// Eight bytes widened at once; only the ASCII ones before the
			// first that is not are kept. Both ends were checked, so the
			// stores need no bounds checks. Byte j must be the low byte
			// of the word: a plain load on a little-endian machine,
			// binary.LittleEndian elsewhere (littleEndian is a constant,
			// so only one of the two is compiled).
			for {
				var v uint64
				if littleEndian {
					v = *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), j))
				} else {
					v = binary.LittleEndian.Uint64(b[j:])
				}
				t := (*[8]uint16)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(d)), 2*k))
				t[0], t[1], t[2], t[3] = uint16(v&0xFF), uint16(v>>8&0xFF), uint16(v>>16&0xFF), uint16(v>>24&0xFF)
				t[4], t[5], t[6], t[7] = uint16(v>>32&0xFF), uint16(v>>40&0xFF), uint16(v>>48&0xFF), uint16(v>>56)
				if m := v & 0x8080808080808080; m != 0 {
					n := bits.TrailingZeros64(m) >> 3
					k += n
					j += n
					break
				}
				k += 8
				j += 8
				if j+8 > len(b) || k+8 > len(d) {
					break
				}
			}
			continue
		}
		var r rune
		if c < 0xE0 {
			// Two bytes: U+0080–U+07FF, light, neither invalid nor
			// continuing an emoji sequence.
			if c < 0xC2 || j+1 >= len(b) || b[j+1]^0x80 >= 0x40 {
				break
			}
			r = rune(c&0x1F)<<6 | rune(b[j+1]^0x80)
			if stableBMP[r>>6]&(1<<(r&63)) == 0 {
				break
			}
			d[k] = uint16(r)
			k++
			j += 2
			continue
		}
		if c >= 0xF0 {
			// Four bytes, two units: the stable ones are emoji and
			// symbols of U+1F000–U+1FAFF (stableSMP), whose high
			// surrogate may continue an emoji sequence (U+1F3xx).
			if c >= 0xF5 || j+3 >= len(b) {
				break
			}
			x1, x2, x3 := b[j+1]^0x80, b[j+2]^0x80, b[j+3]^0x80
			if x1|x2|x3 >= 0x40 {
				break
			}
			r = rune(c&0x07)<<18 | rune(x1)<<12 | rune(x2)<<6 | rune(x3)
			if r < 0x1F000 || r >= 0x1FB00 || stableSMP[(r-0x1F000)>>6]&(1<<(r&63)) == 0 {
				break
			}
			v := r - 0x10000
			hi := uint16(0xD800 + v>>10)
			if continuesEmoji(hi) {
				w.noteEmoji(k)
			}
			d[k], d[k+1] = hi, uint16(0xDC00+v&0x3FF)
			k += 2
			j += 4
			w.units.highs++
			continue
		}
		if j+2 >= len(b) {
			break
		}
		j0 := j
		x1, x2 := b[j+1]^0x80, b[j+2]^0x80
		if x1|x2 >= 0x40 {
			break
		}
		r = rune(c&0x0F)<<12 | rune(x1)<<6 | rune(x2)
		if plain3>>(c&0x0F)&1 != 0 {
			// U+3000–U+EFFF (CJK, kana, Hangul): not overlong, heavy,
			// valid, continuing no emoji sequence; surrogates are not
			// stable (TestNoSurrogateIsStable), so the look-up ends the
			// run at one. Runs of them are taken in a loop of their own.
			for stableBMP[int(r>>6)&(len(stableBMP)-1)]&(1<<(r&63)) != 0 {
				d[k] = uint16(r)
				k++
				j += 3
				heavy++
				if j+2 >= len(b) {
					break
				}
				c = b[j]
				x1, x2 = b[j+1]^0x80, b[j+2]^0x80
				if c < 0xE0 || c >= 0xF0 || plain3>>(c&0x0F)&1 == 0 || x1|x2 >= 0x40 {
					break
				}
				r = rune(c&0x0F)<<12 | rune(x1)<<6 | rune(x2)
			}
			if j == j0 {
				break
			}
			continue
		}
		if r < 0x800 || r >= 0xD800 && r <= 0xDFFF {
			break
		}
		// r < 0x10000: the mask only spares the bounds check.
		if stableBMP[int(r>>6)&(len(stableBMP)-1)]&(1<<(r&63)) == 0 {
			break
		}
		u := uint16(r)
		if c == 0xE2 || c == 0xEF {
			if continuesEmoji(u) {
				w.noteEmoji(k)
			}
			if !v3Light(u) {
				heavy++
				if u >= 0xFEFF && (u == 0xFEFF || u >= 0xFFFE) {
					w.units.invalid++
				}
			}
		} else if u > 0x10FF {
			heavy++
		}
		d[k] = u
		k++
		j += 3
	}
	// Every unit is light but the heavy three-byte ones and the surrogate
	// pairs.
	w.units.light += k - k0 - heavy - 2*(w.units.highs-highs0)
	lastJ = -1
	if j > start {
		// The run's last code point.
		lastJ = j - 1
		for b[lastJ]&0xC0 == 0x80 {
			lastJ--
		}
		lastR, _ = utf8.DecodeRuneInString(s[lastJ:j])
	}
	return d[:k], j, lastJ, lastR
}

// plain3 has bit c&0x0F set for the lead bytes c of the three-byte code
// points appendStableRun only looks up: 0xE3–0xEE, U+3000–U+EFFF.
const plain3 = (1<<0x0F - 1) &^ (1<<3 - 1)

// unitTally classifies the units of the NFC text as appendNFC16 appends
// them, so that a text that fits is weighed without a pass over its units
// (countFits): under the v3 ranges a unit weighs 100 when it is light, 0
// when it is a high surrogate (its pair weighs what its low surrogate does)
// and DefaultWeight otherwise.
type unitTally struct {
	light   int // units in the v3 light ranges
	highs   int // high surrogates
	invalid int // U+FEFF, U+FFFE and U+FFFF
}

// add counts unit u d times (d = -1 takes it back).
func (t *unitTally) add(u uint16, d int) {
	switch {
	case v3Light(u):
		t.light += d
	case u < 0xD800:
	case u < 0xDC00:
		t.highs += d
	case u >= 0xFEFF && (u == 0xFEFF || u >= 0xFFFE):
		t.invalid += d
	}
}

// addRune counts the units of r d times.
func (t *unitTally) addRune(r rune, d int) {
	if r >= 0x10000 {
		t.highs += d
		return
	}
	t.add(uint16(r), d)
}

// utf16RuneLen is the length of r in UTF-16 code units.
func utf16RuneLen(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// appendRune16 appends r to dst in UTF-16, noting in w.emojiHints whether
// it can continue an emoji sequence.
func (w *work) appendRune16(dst []uint16, r rune) []uint16 {
	if r >= 0x10000 {
		r -= 0x10000
		hi := uint16(0xD800 + r>>10)
		if hi == 0xD83C || hi == 0xDB40 {
			w.noteEmoji(len(dst))
		}
		w.units.highs++
		return append(dst, hi, uint16(0xDC00+r&0x3FF))
	}
	if continuesEmoji(uint16(r)) {
		w.noteEmoji(len(dst))
	}
	w.units.add(uint16(r), 1)
	return append(dst, uint16(r))
}

// noteEmoji records that the unit at position k of the buffer can continue
// an emoji sequence.
func (w *work) noteEmoji(k int) {
	w.emojiHints = append(w.emojiHints, int32(k))
}

// dropEmojiHints forgets the units noted at position k or after, which
// are being taken back from the buffer.
func (w *work) dropEmojiHints(k int) {
	h := w.emojiHints
	for len(h) > 0 && int(h[len(h)-1]) >= k {
		h = h[:len(h)-1]
	}
	w.emojiHints = h
}

// appendUTF16 appends valid UTF-8 s to dst in UTF-16, as appendRune16 does.
func (w *work) appendUTF16(dst []uint16, s string) []uint16 {
	for _, r := range s {
		dst = w.appendRune16(dst, r)
	}
	return dst
}

// decodeRune is utf8.DecodeRuneInString(s[j:]) with the valid multi-byte
// cases done in line, which covers nearly all non-ASCII text.
func decodeRune(s string, j int) (rune, int) {
	if j+2 < len(s) {
		c, c1, c2 := s[j], s[j+1], s[j+2]
		switch {
		case c >= 0xC2 && c < 0xE0 && c1&0xC0 == 0x80:
			return rune(c&0x1F)<<6 | rune(c1&0x3F), 2
		case c >= 0xE0 && c < 0xF0 && c1&0xC0 == 0x80 && c2&0xC0 == 0x80:
			r := rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
			if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
				return r, 3
			}
		case c >= 0xF0 && c < 0xF5 && j+3 < len(s) && c1&0xC0 == 0x80 && c2&0xC0 == 0x80 && s[j+3]&0xC0 == 0x80:
			// Emoji and the rest of the supplementary planes.
			r := rune(c&0x07)<<18 | rune(c1&0x3F)<<12 | rune(c2&0x3F)<<6 | rune(s[j+3]&0x3F)
			if r >= 0x10000 && r <= utf8.MaxRune {
				return r, 4
			}
		}
	}
	return utf8.DecodeRuneInString(s[j:])
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

// appendUTF16Bytes appends valid UTF-8 b to dst in UTF-16.
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
	p, pos := 0, 0 // the end of the previous changed chunk, in src and in NFC
	for _, c := range w.changed {
		switch {
		case k <= c.pos:
			// In the unchanged text before this chunk.
			return runesUpTo(src[:c.p], p, pos, k)
		case k == c.pos+c.len16:
			return c.e, k
		case k < c.pos+c.len16:
			return subchunkOffset(w, src[:c.e], c.p, c.pos, k)
		}
		p, pos = c.e, c.pos+c.len16
	}
	return runesUpTo(src, p, pos, k)
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

// utf8SeqLen is the length of a UTF-8 sequence by the high nibble of its
// lead byte (continuation bytes, 0x8–0xB, never lead in valid UTF-8).
var utf8SeqLen = [16]uint8{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4}

// runesUpTo walks valid UTF-8 s from byte p, which is at UTF-16 position
// pos, up to UTF-16 position k or the last code point boundary before it.
// The lead byte of each sequence gives both its size and its UTF-16 length.
func runesUpTo(s string, p, pos, k int) (b, k2 int) {
	for p < len(s) {
		c := s[p]
		size, l := int(utf8SeqLen[c>>4]), 1
		if c >= 0xF0 {
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
