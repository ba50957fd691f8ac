package textcount

import (
	"encoding/binary"
	"math"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// Parse counts text with DefaultConfig. It never fails: any string,
// including invalid UTF-8 (each bad byte reads as U+FFFD), gets a result.
func Parse(text string) Result {
	return parse(text, &DefaultConfig)
}

// ParseWith counts text with cfg, following twitter-text's parseTweet
// (docs/counting.md §4). The zero Config means DefaultConfig; any other value is
// used as it is, without merging in defaults, as the reference does. A Scale
// or MaxWeightedTweetLength below 1 is taken as 1, where the reference would
// divide by zero.
//
// WeightedLength is the weighted sum divided by Scale, rounded down when a
// custom configuration has weights that are not multiples of Scale (the
// reference reports a fraction there).
func ParseWith(text string, cfg Config) Result {
	return parse(text, &cfg)
}

// ParseUTF8 is ParseWith for a caller that holds the text as bytes and
// refuses text that is not UTF-8: it reports false, and no result, for
// such text, and otherwise counts it as ParseWith does. Counting decodes
// every byte of the text anyway, so this spares the caller its own pass
// over the bytes with utf8.Valid, and the copy string(text) would make.
// text is only read, and not kept after the call.
func ParseUTF8(text []byte, cfg Config) (Result, bool) {
	// The count keeps nothing of the string, and text does not change
	// during the call.
	return parseStrict(unsafe.String(unsafe.SliceData(text), len(text)), &cfg, true)
}

// parse is ParseWith.
func parse(text string, cfg *Config) Result {
	r, _ := parseStrict(text, cfg, false)
	return r
}

// parseStrict is ParseWith, and with strict ParseUTF8. It takes the
// configuration by pointer and copies it only when it needs resolving,
// since for short texts copying it is a noticeable share of the work.
func parseStrict(text string, cfg *Config, strict bool) (Result, bool) {
	if cfg.isZero() || cfg.Scale < 1 || cfg.MaxWeightedTweetLength < 1 {
		c := *cfg
		if c.isZero() {
			c = DefaultConfig
		}
		c.Scale = max(c.Scale, 1)
		c.MaxWeightedTweetLength = max(c.MaxWeightedTweetLength, 1)
		cfg = &c
	}

	if len(text) <= stackUnits && isASCII(text) {
		// ASCII is already NFC and one byte is one UTF-16 unit, so the
		// text needs neither normalization nor any offset mapping. Its
		// units live on the stack; short texts get a small buffer, as
		// zeroing the large one would cost more than counting them.
		if len(text) <= smallStackUnits {
			var buf [smallStackUnits]uint16
			return parseASCII(text, buf[:len(text)], cfg), true
		}
		var buf [stackUnits]uint16
		return parseASCII(text, buf[:len(text)], cfg), true
	}

	return parseGeneral(text, cfg, strict)
}

// parseASCII counts ASCII text, with n a buffer of len(text) units.
func parseASCII(text string, n []uint16, cfg *Config) Result {
	for i := range n {
		n[i] = uint16(text[i])
	}
	var urls [stackEntities]entity
	var found []entity
	if d := firstDomainDotASCII(text); d >= 0 {
		found = scanURLs(urls[:0], n, earliestStart(n, d))
	}
	c := countASCII(n, found, cfg)
	return c.result(cfg, len(text), len(text), c.goodEnd)
}

// parseGeneral counts any text, ASCII or not; cfg is already resolved.
// With strict, text that is not UTF-8 gets no result and false.
func parseGeneral(text string, cfg *Config, strict bool) (Result, bool) {
	w := workPool.Get().(*work)
	defer w.release()
	src := text
	n, mode, len16T, ok := appendNFC16(w.n[:0], w, text)
	if !ok {
		if strict {
			w.n = n
			return Result{}, false
		}
		src = replaceInvalid(text)
		n, mode, len16T, _ = appendNFC16(w.n[:0], w, src)
	}
	w.n = n
	w.urls = w.urls[:0]
	if strings.IndexByte(text, '.') >= 0 {
		// Normalization makes no dot (no character decomposes to one),
		// and a URL needs one.
		w.urls = appendURLs(w.urls, w.n)
	}
	hints := emojiHints{known: true, at: w.emojiHints}
	c, ok := countFits(w.n, w.urls, cfg, hints, w.units)
	if !ok {
		c = count(w.n, w.urls, cfg, hints, &w.units)
	}
	validBytes := len(text)
	if c.goodEnd < len(w.n) {
		validBytes = c.validBytes(w, src, text, mode, cfg)
	}
	return c.result(cfg, len16T, len(w.n), validBytes), true
}

const (
	stackUnits      = 1024 // ASCII texts up to this length are counted on the stack
	smallStackUnits = 128  // and those up to this length in a smaller buffer
	stackEntities   = 32
)

// work holds the buffers of one non-ASCII count, reused across calls.
type work struct {
	n       []uint16                         // the NFC text in UTF-16
	chunk   []byte                           // the NFC form of one long chunk
	chunk16 []uint16                         // the same in UTF-16
	cache   *[chunkCacheSize]chunkCacheEntry // NFC forms of recent short chunks
	changed []changedChunk                   // the chunks normalization changed
	urls    []entity
	iter    norm.Iter
	pairs   [pairCacheSize]pairCacheEntry // NFC forms of recent two-code-point chunks
	hangul  [1]uint16                     // a composed Hangul syllable
	units   unitTally                     // the units of n, by weight class
	// emojiHints are the positions in n, in order, of the units that can
	// continue a multi-code-point emoji sequence (set by appendNFC16).
	emojiHints []int32
}

var workPool = sync.Pool{New: func() any { return new(work) }}

// maxPooledUnits bounds the buffers kept for reuse, so that one huge text
// does not pin its memory for the life of the program.
const maxPooledUnits = 1 << 16

// release returns w to the pool, without buffers grown past the bound.
func (w *work) release() {
	if cap(w.n) > maxPooledUnits {
		w.n = nil
	}
	if cap(w.urls) > maxPooledUnits/8 {
		w.urls = nil
	}
	if cap(w.chunk) > maxPooledUnits || cap(w.chunk16) > maxPooledUnits {
		w.chunk, w.chunk16 = nil, nil
	}
	if cap(w.changed) > maxPooledUnits/8 {
		w.changed = nil
	}
	if cap(w.emojiHints) > maxPooledUnits/8 {
		w.emojiHints = nil
	}
	workPool.Put(w)
}

// isASCII reports whether s is ASCII, eight bytes at a time.
func isASCII(s string) bool {
	i := 0
	if len(s) >= 8 {
		b := unsafe.Slice(unsafe.StringData(s), len(s))
		for ; i+8 <= len(b); i += 8 {
			if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
				return false
			}
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// tally is the outcome of the scan over the NFC text.
type tally struct {
	w        int  // sum of the weights, before dividing by Scale
	valid    bool // no invalid character seen
	lastGood int  // the reference's validDisplayIndex, before the offset
	goodEnd  int  // end of the last unit that fits, 0 when none does
}

// count runs the scan of docs/counting.md §4 step 3 over the NFC text n, with
// the URL entities urls sorted by start. hints, when known, list the units
// of n that can continue a multi-code-point emoji sequence: every emoji
// entity starts at the code point right before one of them, so the emoji
// search looks only there.
//
// units, when not nil, is the tally of n's units (appendNFC16): once the
// text is over the limit or invalid, nothing after can fit, and with
// non-negative weights the rest is weighed from the tally (weighRest)
// instead of unit by unit.
func count(n []uint16, urls []entity, cfg *Config, hints emojiHints, units *unitTally) tally {
	t := tally{valid: true}
	limit := cfg.MaxWeightedTweetLength * cfg.Scale
	fast := cfg.hasV3Ranges()
	emoji := cfg.EmojiParsingEnabled
	var ep emojiPass
	// next is the first position at which a URL or an emoji entity may
	// start; before it every unit is an ordinary character.
	ui, next := 0, len(n)
	canFinish := fast && units != nil && cfg.DefaultWeight >= 0 && cfg.TransformedURLLength*cfg.Scale >= 0
	// finish adds the weight of the units from i on, i being the start of
	// a unit, and reports whether it could.
	finish := func(i int) bool {
		if !canFinish {
			return false
		}
		rest := *units
		for _, u := range n[:i] {
			rest.add(u, -1)
		}
		w, ok := weighRest(n, urls, ui, ep, emoji, cfg, i, rest)
		if !ok {
			canFinish = false
			return false
		}
		t.w += w
		if rest.invalid > 0 {
			t.valid = false
		}
		return true
	}
	if len(urls) > 0 {
		next = urls[0].start
	}
	if emoji {
		ep = newEmojiPass(n, hints)
		next = min(next, ep.start)
	}
	for i := 0; i < len(n); i++ {
		if fast {
			// The common case, in a tight loop: ordinary BMP characters
			// (neither surrogates nor, while the text is valid, invalid
			// characters) before the next possible entity.
			w, dw := t.w, cfg.DefaultWeight
			if t.valid && next > i && max(dw, 100) <= (limit-w)/(next-i) {
				// Everything up to next fits whatever it weighs (each
				// unit adds 100 or dw), so the last unit taken is the
				// last that fits. The division keeps a huge custom
				// weight from overflowing the product.
				start := i
				for ; i < next; i++ {
					u := n[i]
					if u >= 0xD800 && (u < 0xE000 || u == 0xFEFF || u >= 0xFFFE) {
						if u >= 0xDC00 || i+1 == len(n) || !isLowSurrogate(n[i+1]) {
							break
						}
						i++
						u = n[i]
					}
					w += v3Weight(u, dw)
				}
				if i > start {
					t.lastGood, t.goodEnd = i-1, i
				}
			} else if t.valid {
				lastGood, goodEnd := t.lastGood, t.goodEnd
				over := false
				for ; i < next; i++ {
					u := n[i]
					if u >= 0xD800 && (u < 0xE000 || u == 0xFEFF || u >= 0xFFFE) {
						if u >= 0xDC00 || i+1 == len(n) || !isLowSurrogate(n[i+1]) {
							break
						}
						// A surrogate pair: its low surrogate, which
						// no v3 range holds, gives the weight.
						i++
						u = n[i]
					}
					w += v3Weight(u, dw)
					if w <= limit {
						lastGood, goodEnd = i, i+1
					} else if canFinish {
						i++
						over = true
						break
					}
				}
				t.lastGood, t.goodEnd = lastGood, goodEnd
				if over {
					t.w = w
					if finish(i) {
						return t
					}
				}
			} else {
				// Nothing fits any more: only the sum changes.
				if finish(i) {
					return t
				}
				for ; i < next; i++ {
					u := n[i]
					if u >= 0xD800 && u < 0xE000 {
						if u >= 0xDC00 || i+1 == len(n) || !isLowSurrogate(n[i+1]) {
							break
						}
						i++
						u = n[i]
					}
					w += v3Weight(u, dw)
				}
			}
			t.w = w
			if i == len(n) {
				break
			}
		}
		l := 0
		if i >= next {
			for ui < len(urls) && urls[ui].start < i {
				ui++
			}
			if ui < len(urls) && urls[ui].start == i {
				// Entities are keyed by start: a later one with the
				// same start replaces an earlier one, as in the
				// reference's map.
				for ui+1 < len(urls) && urls[ui+1].start == i {
					ui++
				}
				t.w += cfg.TransformedURLLength * cfg.Scale
				l = urls[ui].length
			} else if emoji {
				if l = ep.at(i); l > 0 {
					t.w += cfg.DefaultWeight
				}
			}
			next = len(n)
			if ui < len(urls) {
				next = urls[ui].start
			}
			if emoji {
				next = min(next, ep.start)
			}
		}
		if l > 0 {
			i += l - 1
			if i >= len(n) {
				// Only a malformed entity can reach past the text; the
				// reference would read an empty string there.
				break
			}
		} else {
			j := i
			if isHighSurrogate(n[i]) && i+1 < len(n) && isLowSurrogate(n[i+1]) {
				j = i + 1
			}
			switch {
			case fast:
				t.w += v3Weight(n[j], cfg.DefaultWeight)
			case emoji && isSingleEntity(&ep, n, i, j):
				t.w += cfg.DefaultWeight
			default:
				t.w += cfg.weight(n[j])
			}
			i = j
		}
		if u := n[i]; t.valid && u >= 0xFEFF && (u == 0xFEFF || u >= 0xFFFE) {
			t.valid = false
		}
		if t.valid && t.w <= limit {
			t.lastGood = i
			t.goodEnd = i + 1
		}
	}
	return t
}

// countFits is count for the common case of a text under the v3 ranges
// that fits whole and holds no invalid character, which it weighs from the
// tally of its units (weighRest) without a pass over them. ok is false, and
// count must do the work, when the text may not fit, holds an invalid
// character or an entity that count treats specially, or when a negative
// weight would let a prefix weigh more than the whole.
func countFits(n []uint16, urls []entity, cfg *Config, hints emojiHints, units unitTally) (tally, bool) {
	dw, urlWeight := cfg.DefaultWeight, cfg.TransformedURLLength*cfg.Scale
	if len(n) == 0 || units.invalid > 0 || !cfg.hasV3Ranges() || dw < 0 || urlWeight < 0 {
		return tally{}, false
	}
	// Emoji entities only make a text lighter; each URL adds at most its
	// weight. A text that may not fit is left to count, which stops
	// weighing unit by unit where the limit is crossed.
	limit := cfg.MaxWeightedTweetLength * cfg.Scale
	if 100*units.light+dw*(len(n)-units.light-units.highs)+len(urls)*urlWeight > limit {
		return tally{}, false
	}
	var ep emojiPass
	if cfg.EmojiParsingEnabled {
		ep = newEmojiPass(n, hints)
	}
	w, ok := weighRest(n, urls, 0, ep, cfg.EmojiParsingEnabled, cfg, 0, units)
	if !ok || w > limit {
		return tally{}, false
	}
	return tally{w: w, valid: true, lastGood: len(n) - 1, goodEnd: len(n)}, true
}

// weighRest returns the weight count gives the units of n from pos on,
// pos being the start of a unit of the scan, under the v3 ranges with
// non-negative weights, given rest, the tally of those units, and the
// scan's state at pos (urls[ui:] and ep not yet past pos): the units'
// weights summed from the tally, and for each entity the scan takes, its
// weight in place of those of the units it covers. It steps from entity to
// entity as count does, with the same quirks (an entity that starts inside
// a surrogate pair the scan walks over is never seen; after an entity the
// scan goes on at its start plus its length). ok is false when an entity
// would make count do something else (an empty one, or one that reaches
// past the text).
func weighRest(n []uint16, urls []entity, ui int, ep emojiPass, emoji bool, cfg *Config, pos int, rest unitTally) (w int, ok bool) {
	dw, urlWeight := cfg.DefaultWeight, cfg.TransformedURLLength*cfg.Scale
	w = 100*rest.light + dw*(len(n)-pos-rest.light-rest.highs)
	for {
		for ui < len(urls) && urls[ui].start < pos {
			ui++
		}
		c, isURL := len(n), false
		if ui < len(urls) {
			c, isURL = urls[ui].start, true
		}
		if emoji {
			ep.at(pos)
			if ep.start < c {
				c, isURL = ep.start, false
			}
		}
		if c >= len(n) {
			return w, true
		}
		// The scan walks code point by code point from pos: it steps over
		// c when c is the low half of a pair that starts at pos or after.
		if c > pos && isLowSurrogate(n[c]) && isHighSurrogate(n[c-1]) {
			pos = c + 1
			continue
		}
		l, weight := 0, dw
		if isURL {
			for ui+1 < len(urls) && urls[ui+1].start == c {
				ui++
			}
			l, weight = urls[ui].length, urlWeight
		} else {
			l = ep.length
		}
		if l <= 0 || c+l > len(n) {
			return 0, false
		}
		w += weight
		for _, u := range n[c : c+l] {
			switch {
			case v3Light(u):
				w -= 100
			case isHighSurrogate(u):
			default:
				w -= dw
			}
		}
		pos = c + l
	}
}

// countASCII is count for ASCII text under the v3 ranges, where no emoji
// entity and no invalid character can occur (every emoji sequence and every
// invalid character holds a non-ASCII unit) and every character weighs the
// same: it works out the sum and the last unit that fits run by run instead
// of unit by unit.
func countASCII(n []uint16, urls []entity, cfg *Config) tally {
	urlWeight := cfg.TransformedURLLength * cfg.Scale
	if !cfg.hasV3Ranges() || urlWeight < 0 {
		return count(n, urls, cfg, emojiHints{known: true}, nil) // ASCII continues no emoji
	}
	const charWeight = 100 // the weight of U+0000–U+10FF under the v3 ranges
	limit := cfg.MaxWeightedTweetLength * cfg.Scale
	t := tally{valid: true}
	ui := 0
	for pos := 0; pos < len(n); {
		for ui < len(urls) && urls[ui].start < pos {
			ui++
		}
		next := len(n)
		if ui < len(urls) {
			next = urls[ui].start
		}
		if k := next - pos; k > 0 {
			// Characters pos … next-1, each of charWeight.
			if fit := min((limit-t.w)/charWeight, k); t.w <= limit && fit > 0 {
				t.lastGood, t.goodEnd = pos+fit-1, pos+fit
			}
			t.w += k * charWeight
			pos = next
		}
		if ui == len(urls) {
			break
		}
		for ui+1 < len(urls) && urls[ui+1].start == pos {
			ui++
		}
		l := urls[ui].length
		t.w += urlWeight
		if l <= 0 {
			// count treats such an entity's unit as a character too.
			t.w += charWeight
			l = 1
		}
		last := pos + l - 1
		if last >= len(n) {
			break
		}
		if t.w <= limit {
			t.lastGood, t.goodEnd = last, last+1
		}
		pos = last + 1
	}
	return t
}

// isSingleEntity reports whether the code point n[i:j+1] is a
// single-code-point emoji entity: listed, and not inside a longer entity
// that the scan did not take (one that began inside a URL).
func isSingleEntity(ep *emojiPass, n []uint16, i, j int) bool {
	ep.at(i)
	return !ep.inside(i) && isSingle(n, i, j)
}

// isSingle reports whether the code point n[i:j+1] is a single-code-point
// emoji entity.
func isSingle(n []uint16, i, j int) bool {
	r, _ := codePointAt(n, i)
	var next uint16
	if j+1 < len(n) {
		next = n[j+1]
	}
	return singleEmoji(r, next)
}

// result turns the tally into the reference's seven fields, given the UTF-16
// lengths of the original and the NFC text.
func (t tally) result(cfg *Config, len16T, len16N, validBytes int) Result {
	r := Result{
		WeightedLength: t.w / cfg.Scale,
		Valid:          t.valid && t.w > 0 && t.w <= cfg.MaxWeightedTweetLength*cfg.Scale,
		// Divide, then multiply, in float64, as the reference does: the
		// result is one below the exact value for some lengths (§4.7).
		Permillage:      int(math.Floor(float64(t.w) / float64(cfg.Scale) / float64(cfg.MaxWeightedTweetLength) * 1000)),
		ValidRangeEnd:   t.lastGood + len16T - len16N,
		DisplayRangeEnd: max(len16T-1, 0),
		ValidBytes:      validBytes,
	}
	return r
}

// replaceInvalid returns s with each byte that is not part of a valid UTF-8
// sequence replaced by U+FFFD, as ranging over s decodes it.
func replaceInvalid(s string) string {
	b := make([]byte, 0, len(s)+16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

// validBytes returns ValidBytes for a text that does not entirely fit: the
// byte offset in text of the end of the valid prefix. It starts from the end
// of the last unit that fits in the NFC text and, if that position falls
// inside a segment that normalization changed, moves back to the nearest
// position that both maps to the original text (sourceOffset) and is a unit
// boundary, so that the cut never splits a URL, an emoji sequence, a
// surrogate pair or a changed segment.
func (t tally) validBytes(w *work, src, text string, mode nfcMode, cfg *Config) int {
	k := t.goodEnd // the end of a unit, so a unit boundary
	for {
		b, k2 := sourceOffset(w, src, k, mode)
		if k2 == k {
			return originalOffset(text, src, b)
		}
		k = unitStart(w.n, w.urls, cfg.EmojiParsingEnabled, k2)
		if k == k2 {
			return originalOffset(text, src, b)
		}
	}
}

// unitStart returns k when a unit of the scan starts at k (or k is the end
// of the text), else the start of the unit that holds position k. It steps
// through the units exactly as count does.
func unitStart(n []uint16, urls []entity, emoji bool, k int) int {
	var ep emojiPass
	if emoji {
		ep = newEmojiPass(n, emojiHints{})
	}
	ui := 0
	for i := 0; i < len(n) && i < k; {
		for ui < len(urls) && urls[ui].start < i {
			ui++
		}
		l := 0
		if ui < len(urls) && urls[ui].start == i {
			for ui+1 < len(urls) && urls[ui+1].start == i {
				ui++
			}
			l = urls[ui].length
		} else if emoji {
			l = ep.at(i)
		}
		if l <= 0 {
			_, l = codePointAt(n, i)
		}
		if i+l > k {
			return i
		}
		i += l
	}
	return k
}
