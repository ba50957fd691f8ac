package textcount

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"testing"
	"unicode/utf8"
	"unsafe"
)

// appendStableRunPrev is appendStableRun as it was before runs of ASCII and
// of three-byte code points of U+3000–U+EFFF were taken in loops of their
// own and light units were counted as what is left: FuzzStableRunPrev
// compares the two.
func (w *work) appendStableRunPrev(dst []uint16, s string, j int) (_ []uint16, end, lastJ int, lastR rune) {
	dst = slices.Grow(dst, len(s)-j)
	k := len(dst)
	d := dst[:cap(dst)]
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	light, invalid, highs := 0, 0, 0
	start := j
	for j < len(b) {
		c := b[j]
		if c < utf8.RuneSelf {
			if j+8 > len(b) || k+8 > len(d) {
				d[k] = uint16(c)
				k++
				j++
				light++
				continue
			}
			// Eight bytes widened at once; only the ASCII ones before the
			// first that is not are kept.
			v := binary.LittleEndian.Uint64(b[j:])
			t := d[k : k+8]
			t[0], t[1], t[2], t[3] = uint16(v&0xFF), uint16(v>>8&0xFF), uint16(v>>16&0xFF), uint16(v>>24&0xFF)
			t[4], t[5], t[6], t[7] = uint16(v>>32&0xFF), uint16(v>>40&0xFF), uint16(v>>48&0xFF), uint16(v>>56)
			n := 8
			if m := v & 0x8080808080808080; m != 0 {
				n = bits.TrailingZeros64(m) >> 3
			}
			k += n
			j += n
			light += n
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
			light++
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
			highs++
			continue
		}
		if j+2 >= len(b) {
			break
		}
		x1, x2 := b[j+1]^0x80, b[j+2]^0x80
		if x1|x2 >= 0x40 {
			break
		}
		r = rune(c&0x0F)<<12 | rune(x1)<<6 | rune(x2)
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
			switch {
			case v3Light(u):
				light++
			case u >= 0xFEFF && (u == 0xFEFF || u >= 0xFFFE):
				invalid++
			}
		} else if u <= 0x10FF {
			light++
		}
		d[k] = u
		k++
		j += 3
	}
	w.units.light += light
	w.units.invalid += invalid
	w.units.highs += highs
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

// FuzzStableRunPrev checks appendStableRun against appendStableRunPrev from
// every offset of any text, invalid UTF-8 included, after 0 to 9 units
// already in the buffer and with its capacity just enough or larger, so
// that the word stores meet every alignment and the ends of the buffer:
// the same units, end, last code point, emoji hints and tally.
func FuzzStableRunPrev(f *testing.F) {
	fuzzSeeds(f)
	f.Add("abcdefgh\u00e9ijklmnop\u4e2d\u6587e\u0301 \u2026\u200d\ufe0f\ufeff\uffff\u1100\u10ff\u0800\xe0\x80\x80\xed\xa0\x80")
	f.Add("\u4e2d \u6587, \u00e9t\u00e9: \u05e9\u05dc\u05d5\u05dd \u2014 \u0416\u0416\xc2")
	f.Add("\u3000\u3099\u30ab\ucfff\ud7a3\ue000\uefff\uf900\ufffd\u2032\u2038\u1100\u10ff\u0fff\xe3\x80\xe3\x80\x7f\xec\xbf\xbf\xee\x80\x80")
	f.Add("\U0001F389 \U0001F9D1\u200d\U0001F4BB\U0001F44D\U0001F3FD\U0001F1EF\U0001F1F5\U00020000\U0001FAFF\U0001FB00\U0001F000\U0001EFFF\U000E0061\xf0\x9f\x98\xf4\x90\x80\x80\xf0\x8f\xbf\xbf")
	f.Add("0123456789abcdefghijklmnopqrstuvwxyz \u00e9 0123456\u00e9789abcdefg\x80hijklmnopqrstuvwx")
	f.Fuzz(func(t *testing.T, text string) {
		for pre := range 10 {
			for _, extra := range []int{0, 7} {
				for j := 0; j <= len(text); j++ {
					var w, r work
					w.noteEmoji(0)
					r.noteEmoji(0)
					buf := make([]uint16, pre, pre+len(text)-j+extra)
					for i := range buf {
						buf[i] = uint16('a' + i)
					}
					n, end, lastJ, lastR := w.appendStableRun(slices.Clone(buf), text, j)
					rn, rend, rlastJ, rlastR := r.appendStableRunPrev(buf, text, j)
					if !slices.Equal(n, rn) || end != rend || lastJ != rlastJ || lastR != rlastR {
						t.Fatalf("appendStableRun(%+q, %d) after %d = %v, %d, %d, %q; previous %v, %d, %d, %q", text, j, pre, n, end, lastJ, lastR, rn, rend, rlastJ, rlastR)
					}
					if !slices.Equal(w.emojiHints, r.emojiHints) || w.units != r.units {
						t.Fatalf("appendStableRun(%+q, %d) after %d: hints %v, tally %+v; previous %v, %+v", text, j, pre, w.emojiHints, w.units, r.emojiHints, r.units)
					}
				}
			}
		}
	})
}

// TestNoSurrogateIsStable checks what appendStableRun's loop over U+3000–
// U+EFFF relies on to end a run at the bytes of a surrogate (0xED 0xA0–0xBF,
// not UTF-8): no surrogate is in the stable table.
func TestNoSurrogateIsStable(t *testing.T) {
	for r := rune(0xD800); r <= 0xDFFF; r++ {
		if stableBMP[r>>6]&(1<<(r&63)) != 0 {
			t.Fatalf("U+%04X is in stableBMP", r)
		}
	}
}
