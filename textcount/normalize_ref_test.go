package textcount

import (
	"encoding/binary"
	"slices"
	"testing"
	"unicode/utf8"
	"unsafe"
)

// FuzzNormalizeRuns checks appendNFC16 against appendNFC16Ref on any text,
// invalid UTF-8 included: the same units, answers, changed chunks, emoji
// hints and tally.
func FuzzNormalizeRuns(f *testing.F) {
	fuzzSeeds(f)
	f.Add("abcdefgh\u00e9ijklmnop\u4e2d\u6587e\u0301\U0001F9D1\u200d\U0001F4BB \ufeff\u2026\xff")
	f.Add("\u00e9\u0301abcdefghijk\ud55c\u1100\u1161x\xed\xa0\x80")
	f.Fuzz(func(t *testing.T, text string) {
		var w, r work
		n, mode, len16, ok := appendNFC16([]uint16{'x'}, &w, text)
		rn, rmode, rlen16, rok := appendNFC16Ref([]uint16{'x'}, &r, text)
		if ok != rok || ok && (!slices.Equal(n, rn) || mode != rmode || len16 != rlen16) {
			t.Fatalf("appendNFC16(%+q) = %v, %v, %d, %v; reference %v, %v, %d, %v", text, n, mode, len16, ok, rn, rmode, rlen16, rok)
		}
		if !ok {
			return
		}
		if !slices.Equal(w.changed, r.changed) || !slices.Equal(w.emojiHints, r.emojiHints) || w.units != r.units {
			t.Fatalf("appendNFC16(%+q): changed %v, hints %v, tally %+v; reference %v, %v, %+v", text, w.changed, w.emojiHints, w.units, r.changed, r.emojiHints, r.units)
		}
	})
}

// stableRunRef is appendStableRun put together from its former pieces:
// runs of appendStableRunRef, which stopped at four-byte code points, and
// between them each stable one of U+1F000–U+1FAFF appended by
// appendRune16, as appendNFC16 did.
func stableRunRef(w *work, dst []uint16, s string, j int) (_ []uint16, end, lastJ int, lastR rune) {
	lastJ = -1
	for {
		var lj int
		var lr rune
		if dst, j, lj, lr = w.appendStableRunRef(dst, s, j); lj >= 0 {
			lastJ, lastR = lj, lr
		}
		if j == len(s) {
			return dst, j, lastJ, lastR
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if size != 4 || r < 0x1F000 || r >= 0x1FB00 || !stable(r) {
			return dst, j, lastJ, lastR
		}
		dst = w.appendRune16(dst, r)
		lastJ, lastR = j, r
		j += size
	}
}

// FuzzStableRun checks appendStableRun against stableRunRef from
// every offset of any text, invalid UTF-8 included, after units already
// in the buffer: the same units, end, last code point, emoji hints and
// tally.
func FuzzStableRun(f *testing.F) {
	fuzzSeeds(f)
	f.Add("abcdefgh\u00e9ijklmnop\u4e2d\u6587e\u0301 \u2026\u200d\ufe0f\ufeff\uffff\u1100\u10ff\u0800\xe0\x80\x80\xed\xa0\x80")
	f.Add("\u4e2d \u6587, \u00e9t\u00e9: \u05e9\u05dc\u05d5\u05dd \u2014 \u0416\u0416\xc2")
	f.Add("\U0001F389 \U0001F9D1\u200d\U0001F4BB\U0001F44D\U0001F3FD\U0001F1EF\U0001F1F5\U00020000\U0001FAFF\U0001FB00\U0001F000\U0001EFFF\U000E0061\xf0\x9f\x98\xf4\x90\x80\x80\xf0\x8f\xbf\xbf")
	f.Fuzz(func(t *testing.T, text string) {
		for j := 0; j <= len(text); j++ {
			var w, r work
			w.noteEmoji(0)
			r.noteEmoji(0)
			n, end, lastJ, lastR := w.appendStableRun([]uint16{'x'}, text, j)
			rn, rend, rlastJ, rlastR := stableRunRef(&r, []uint16{'x'}, text, j)
			if !slices.Equal(n, rn) || end != rend || lastJ != rlastJ || lastR != rlastR {
				t.Fatalf("appendStableRun(%+q, %d) = %v, %d, %d, %q; reference %v, %d, %d, %q", text, j, n, end, lastJ, lastR, rn, rend, rlastJ, rlastR)
			}
			if !slices.Equal(w.emojiHints, r.emojiHints) || w.units != r.units {
				t.Fatalf("appendStableRun(%+q, %d): hints %v, tally %+v; reference %v, %+v", text, j, w.emojiHints, w.units, r.emojiHints, r.units)
			}
		}
	})
}

// appendNFC16Ref is appendNFC16 as it was before runs of ASCII and stable
// two- and three-byte code points were taken in one go (appendStableRun):
// every code point through the general loop. FuzzNormalizeRuns compares the
// two.
func appendNFC16Ref(dst []uint16, w *work, s string) (n []uint16, mode nfcMode, len16 int, ok bool) {
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
		c := s[j]
		if c < utf8.RuneSelf {
			// A run of ASCII, stable throughout, widened in place.
			src := s[j:]
			k := len(dst)
			if cap(dst)-k < len(src) {
				dst = slices.Grow(dst, len(src))
			}
			d := dst[k : k+len(src)]
			i := 0
			for ; i < len(src) && src[i] < utf8.RuneSelf; i++ {
				d[i] = uint16(src[i])
			}
			dst = dst[:k+i]
			w.units.light += i
			j += i
			last, lastDst, lastR = j-1, len(dst)-1, rune(s[j-1])
			continue
		}
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
				dst = w.appendRune16(dst, r)
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

// appendStableRunRef is appendStableRun as it was before its units were
// written in place and before short runs of ASCII were widened eight bytes
// at a time: it appends to dst, in UTF-16, the run of ASCII and stable
// BMP code points of two and three bytes that starts at s[j], noting emoji
// hints and the units' tally as appendNFC16 does, and returns where the run
// ends in s and the offset and value of its last code point. Every such
// code point is one unit, and ASCII is widened eight bytes at a time.
func (w *work) appendStableRunRef(dst []uint16, s string, j int) (_ []uint16, end, lastJ int, lastR rune) {
	light, invalid := 0, 0
	lastJ = -1
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			i := j
			if len(s)-i >= 8 {
				// Eight bytes at a time, read from s's bytes in place.
				b := unsafe.Slice(unsafe.StringData(s), len(s))
				dst = slices.Grow(dst, len(s)-i)
				for ; i+8 <= len(b); i += 8 {
					v := binary.LittleEndian.Uint64(b[i:])
					if v&0x8080808080808080 != 0 {
						break
					}
					k := len(dst)
					d := dst[k : k+8]
					d[0], d[1], d[2], d[3] = uint16(v&0xFF), uint16(v>>8&0xFF), uint16(v>>16&0xFF), uint16(v>>24&0xFF)
					d[4], d[5], d[6], d[7] = uint16(v>>32&0xFF), uint16(v>>40&0xFF), uint16(v>>48&0xFF), uint16(v>>56)
					dst = dst[:k+8]
				}
			}
			for ; i < len(s) && s[i] < utf8.RuneSelf; i++ {
				dst = append(dst, uint16(s[i]))
			}
			light += i - j
			lastJ, lastR = i-1, rune(s[i-1])
			j = i
			continue
		}
		var r rune
		var size int
		switch t := s[j:]; {
		case c >= 0xC2 && c < 0xE0 && len(t) > 1 && t[1]&0xC0 == 0x80:
			r, size = rune(c&0x1F)<<6|rune(t[1]&0x3F), 2
		case c >= 0xE0 && c < 0xF0 && len(t) > 2 && t[1]&0xC0 == 0x80 && t[2]&0xC0 == 0x80:
			r = rune(c&0x0F)<<12 | rune(t[1]&0x3F)<<6 | rune(t[2]&0x3F)
			if r < 0x800 || r >= 0xD800 && r <= 0xDFFF {
				w.units.light += light
				w.units.invalid += invalid
				return dst, j, lastJ, lastR
			}
			size = 3
		default:
			w.units.light += light
			w.units.invalid += invalid
			return dst, j, lastJ, lastR
		}
		// r < 0x10000: the mask only spares the bounds check.
		if stableBMP[int(r>>6)&(len(stableBMP)-1)]&(1<<(r&63)) == 0 {
			break
		}
		u := uint16(r)
		if continuesEmoji(u) {
			w.noteEmoji(len(dst))
		}
		switch {
		case v3Light(u):
			light++
		case u >= 0xFEFF && (u == 0xFEFF || u >= 0xFFFE):
			invalid++
		}
		dst = append(dst, u)
		lastJ, lastR = j, r
		j += size
	}
	w.units.light += light
	w.units.invalid += invalid
	return dst, j, lastJ, lastR
}
