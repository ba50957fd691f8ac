// Package jsonline reads one string field from a JSON Lines record without
// decoding the rest of it: `xpost count --jsonl` needs only each line's
// "text", and decoding whole objects with encoding/json, a new decoder per
// line, cost more than counting the text.
//
// A line is read as encoding/json reads it into a struct with one field of
// that name: the line must be exactly one JSON value (white space around
// it allowed), other fields are checked for syntax and skipped, names
// match exactly or ignoring case, the last matching field wins, and a null
// counts as absent. Unlike encoding/json, the field's string must be text:
// a byte that is not UTF-8 or a \u escape of half a surrogate pair is an
// *EncodingError, where encoding/json would silently read U+FFFD.
//
// It is not a general JSON decoder: it reads no other types and keeps
// nothing of the fields it skips.
package jsonline

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrNoField is returned when the object has no field of the name, or the
// field is null.
var ErrNoField = errors.New("no such field")

// SyntaxError reports a line that is not exactly one JSON value.
type SyntaxError struct {
	Offset int // the byte of the line where reading stopped
	// Trailing is set when the line holds one JSON value followed by
	// something else, most often a second value.
	Trailing bool
	msg      string
}

// Error describes the fault and where it is.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s at byte %d", e.msg, e.Offset+1)
}

// TypeError reports a line that is valid JSON but not an object, or a
// field that is not a string.
type TypeError struct {
	Field string // empty when the line itself is not an object
	Value string // the start of the JSON value found instead
}

// Error says what was found instead.
func (e *TypeError) Error() string {
	if e.Field == "" {
		return "the line is " + e.Value + ", not an object"
	}
	return fmt.Sprintf("the %q is %s, not a string", e.Field, e.Value)
}

// EncodingError reports a string that stands for no valid text.
type EncodingError struct {
	Offset int    // the byte of the line where the fault is
	Byte   byte   // the byte that is not UTF-8, when Escape is empty
	Escape string // a \u escape of half a surrogate pair without its other half
}

// Error names the fault.
func (e *EncodingError) Error() string {
	if e.Escape != "" {
		return fmt.Sprintf("the string holds %s, half of a UTF-16 surrogate pair without its other half", e.Escape)
	}
	return fmt.Sprintf("the string holds the byte 0x%02x, which is not UTF-8", e.Byte)
}

// maxDepth is how deeply arrays and objects may nest, the line's own object
// included; encoding/json refuses deeper input.
const maxDepth = 10000

// Decoder reads fields, reusing its buffers from line to line. The zero
// Decoder is ready to use; a Decoder is not safe for concurrent use.
type Decoder struct {
	buf []byte // the value of an escaped string
	key []byte // an escaped name
}

// Field returns the string value of the field called name (which must be
// ASCII) in the JSON object that line holds, unescaped. The value is line's
// own bytes when the string has no escapes, else the Decoder's buffer: it
// is valid until the next call and until line changes.
//
// A syntax fault anywhere in the line is a *SyntaxError; a line that is not
// an object, or a field that is not a string, a *TypeError; a missing or
// null field ErrNoField; a string that is not valid text an *EncodingError.
func (d *Decoder) Field(line []byte, name string) ([]byte, error) {
	return d.field(line, name, true)
}

// FieldUnchecked is Field without the check that the value's raw bytes are
// UTF-8, for a caller whose next step decodes the text anyway and so can
// tell invalid UTF-8 itself, without a second pass over the bytes: when it
// finds some, Field on the same line gives the error Field reports. Every
// other fault, a \u escape of half a surrogate pair included, is reported
// as Field reports it; when Field returns a value without error,
// FieldUnchecked returns the same.
func (d *Decoder) FieldUnchecked(line []byte, name string) ([]byte, error) {
	return d.field(line, name, false)
}

// field is Field, with checkUTF8 false for FieldUnchecked.
func (d *Decoder) field(line []byte, name string, checkUTF8 bool) ([]byte, error) {
	i := skipSpace(line, 0)
	if i == len(line) || line[i] != '{' {
		return nil, notObject(line, i)
	}
	i = skipSpace(line, i+1)
	var (
		value []byte
		found bool
		bad   error // why the last matching field cannot be used
	)
	if i < len(line) && line[i] == '}' {
		i++
	} else {
		for {
			if i == len(line) || line[i] != '"' {
				return nil, syntaxError(line, i, "looking for the beginning of a field name")
			}
			end, escaped, err := skipString(line, i)
			if err != nil {
				return nil, err
			}
			key := line[i+1 : end-1]
			if escaped {
				d.key = unescape(d.key[:0], key)
				key = d.key
			}
			i = skipSpace(line, end)
			if i == len(line) || line[i] != ':' {
				return nil, syntaxError(line, i, "after a field name")
			}
			i = skipSpace(line, i+1)
			switch {
			case !sameName(key, name):
				i, err = skipValue(line, i, 1)
			case i < len(line) && line[i] == '"':
				value, bad, i, err = d.decodeString(line, i, checkUTF8)
				found = true
			default:
				start := i
				if i, err = skipValue(line, i, 1); err == nil {
					raw := line[start:i]
					found, value, bad = string(raw) != "null", nil, nil
					if found {
						bad = &TypeError{Field: name, Value: describe(raw)}
					}
				}
			}
			if err != nil {
				return nil, err
			}
			i = skipSpace(line, i)
			if i < len(line) && line[i] == ',' {
				i = skipSpace(line, i+1)
				continue
			}
			if i < len(line) && line[i] == '}' {
				i++
				break
			}
			return nil, syntaxError(line, i, "after a field's value")
		}
	}
	if i = skipSpace(line, i); i < len(line) {
		return nil, trailing(line, i)
	}
	if !found {
		return nil, ErrNoField
	}
	return value, bad
}

// sameName is bytes.EqualFold(key, []byte(name)) for an ASCII name, as
// encoding/json matches names, with the two common answers given first:
// the name itself, and a key whose first byte is ASCII and differs from
// the name's in more than case. (A key may match with other lengths: 'ſ'
// folds to 's' and the Kelvin sign to 'k'.)
func sameName(key []byte, name string) bool {
	if string(key) == name {
		return true
	}
	if len(key) > 0 && len(name) > 0 && key[0] < utf8.RuneSelf && key[0]|0x20 != name[0]|0x20 {
		return false
	}
	return bytes.EqualFold(key, []byte(name))
}

// notObject explains why a line that does not start with '{' is no object.
func notObject(line []byte, i int) error {
	end, err := skipValue(line, i, 0)
	if err != nil {
		return err
	}
	if j := skipSpace(line, end); j < len(line) {
		return trailing(line, j)
	}
	if string(line[i:end]) == "null" {
		return ErrNoField
	}
	return &TypeError{Value: describe(line[i:end])}
}

// trailing is the error for what follows the line's value at line[i].
func trailing(line []byte, i int) error {
	if strings.IndexByte(`{["-0123456789tfn`, line[i]) >= 0 {
		return &SyntaxError{Offset: i, Trailing: true, msg: "more than one JSON value on the line"}
	}
	return &SyntaxError{Offset: i, Trailing: true, msg: fmt.Sprintf("unexpected %s after the JSON value", quoteByte(line[i]))}
}

// describe names a JSON value briefly, for an error message.
func describe(raw []byte) string {
	const max = 40
	if len(raw) > max {
		n := max
		for n > 0 && !utf8.RuneStart(raw[n]) {
			n--
		}
		return string(raw[:n]) + "…"
	}
	return string(raw)
}

func syntaxError(line []byte, i int, where string) *SyntaxError {
	if i >= len(line) {
		return &SyntaxError{Offset: len(line), msg: "unexpected end of the line " + where}
	}
	return &SyntaxError{Offset: i, msg: fmt.Sprintf("unexpected %s %s", quoteByte(line[i]), where)}
}

func quoteByte(c byte) string {
	if c < utf8.RuneSelf {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

// skipSpace returns the offset of the first byte from b[i] that is not
// JSON white space. Most calls find none: every byte above ' ' is
// answered by one comparison.
func skipSpace(b []byte, i int) int {
	for i < len(b) && b[i] <= ' ' && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// ones has 0x01 in every byte of a word, highs 0x80.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// stops marks the bytes of w that end a run of string content: a quote, a
// backslash or a control character (which JSON strings may not hold raw),
// with the high bit of their byte. A byte may be marked falsely only above
// (after) one that is marked rightly, since only a marked byte borrows
// from the next: the lowest mark is always the first such byte.
func stops(w uint64) uint64 {
	quote := w ^ (ones * '"')
	backslash := w ^ (ones * '\\')
	return ((w - ones*0x20) | (quote - ones) | (backslash - ones)) &^ w & highs
}

// run returns where the string content from b[i] stops being plain: at
// the first quote, backslash or control character, or the end of b. It
// also reports whether the run holds bytes past ASCII.
func run(b []byte, i int) (end int, wide bool) {
	var high uint64
	for i+8 <= len(b) {
		w := binary.LittleEndian.Uint64(b[i:])
		if m := stops(w); m != 0 {
			k := bits.TrailingZeros64(m) >> 3 // the first stop, 0 to 7
			high |= w & (1<<(8*k) - 1)
			return i + k, high&highs != 0
		}
		high |= w
		i += 8
	}
	for ; i < len(b); i++ {
		c := b[i]
		if c < 0x20 || c == '"' || c == '\\' {
			break
		}
		high |= uint64(c)
	}
	return i, high&highs != 0
}

// plainEnd is run without telling whether the run is ASCII, for the
// strings whose bytes are not checked: the names and values skipped, and
// FieldUnchecked's value.
func plainEnd(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		if m := stops(binary.LittleEndian.Uint64(b[i : i+8])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c < 0x20 || c == '"' || c == '\\' {
			break
		}
	}
	return i
}

// skipString checks the string that starts at b[i] (its quote) and returns
// the offset after its closing quote and whether it holds escapes. Bytes
// that are not UTF-8 are accepted, as encoding/json accepts them.
func skipString(b []byte, i int) (end int, escaped bool, err error) {
	i++
	for {
		i = plainEnd(b, i)
		if i == len(b) {
			return 0, false, syntaxError(b, i, "in a string")
		}
		if b[i] == '"' {
			return i + 1, escaped, nil
		}
		if b[i] != '\\' {
			return 0, false, syntaxError(b, i, "in a string")
		}
		_, n, err := decodeEscape(b, i)
		if err != nil {
			return 0, false, err
		}
		i += n
		escaped = true
	}
}

// decodeEscape reads the escape at b[i] (its backslash) and returns the
// character it stands for and its length. A surrogate pair of \u escapes
// is one character; half of one is returned as it is, for the caller to
// refuse or replace.
func decodeEscape(b []byte, i int) (rune, int, error) {
	if i+1 == len(b) {
		return 0, 0, syntaxError(b, i+1, "in an escape")
	}
	switch b[i+1] {
	case '"', '\\', '/':
		return rune(b[i+1]), 2, nil
	case 'b':
		return '\b', 2, nil
	case 'f':
		return '\f', 2, nil
	case 'n':
		return '\n', 2, nil
	case 'r':
		return '\r', 2, nil
	case 't':
		return '\t', 2, nil
	case 'u':
		r := hex4(b, i+2)
		if r < 0 {
			for k := i + 2; ; k++ {
				if k == len(b) || hexValue(b[k]) < 0 {
					return 0, 0, syntaxError(b, k, "in a \\u escape")
				}
			}
		}
		if r >= 0xD800 && r < 0xDC00 && i+12 <= len(b) && b[i+6] == '\\' && b[i+7] == 'u' {
			if low := hex4(b, i+8); low >= 0xDC00 && low < 0xE000 {
				return utf16.DecodeRune(r, low), 12, nil
			}
		}
		return r, 6, nil
	}
	return 0, 0, syntaxError(b, i+1, "in an escape")
}

// hexValue is the value of the hexadecimal digit c, -1 when it is none.
func hexValue(c byte) rune {
	return rune(int8(hexDigits[c]))
}

// hexDigits holds the value of every hexadecimal digit, 0xff for every
// other byte: one load a digit for the \u escapes of text written in them,
// and nothing to build at start-up.
const hexDigits = "" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\xff\xff\xff\xff\xff\xff" +
	"\xff\x0a\x0b\x0c\x0d\x0e\x0f\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
	"\xff\x0a\x0b\x0c\x0d\x0e\x0f\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"

// hex4 is the value of the four hexadecimal digits at b[i:], negative when
// they are not four such digits.
func hex4(b []byte, i int) rune {
	if i+4 > len(b) {
		return -1
	}
	// A -1 shifted left stays negative, so any bad digit makes the whole
	// value negative.
	return hexValue(b[i])<<12 | hexValue(b[i+1])<<8 | hexValue(b[i+2])<<4 | hexValue(b[i+3])
}

// unescape appends the value of the checked string content s (between its
// quotes) to dst, as encoding/json decodes it: a byte that is not UTF-8 and
// half a surrogate pair each become U+FFFD.
func unescape(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			r, n, _ := decodeEscape(s, i)
			if utf16.IsSurrogate(r) {
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
			i += n
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			i++
		default:
			r, n := utf8.DecodeRune(s[i:])
			dst = utf8.AppendRune(dst, r)
			i += n
		}
	}
	return dst
}

// decodeString reads the string that starts at b[i] (its quote) and returns
// its value, an *EncodingError when it is not valid text, and the offset
// after it. A string without escapes is returned as b's own bytes. With
// checkUTF8 false, raw bytes that are not UTF-8 are returned as they are.
func (d *Decoder) decodeString(b []byte, i int, checkUTF8 bool) (value []byte, bad error, next int, err error) {
	start := i + 1
	if !checkUTF8 {
		end := plainEnd(b, start)
		if end < len(b) && b[end] == '"' {
			return b[start:end], nil, end + 1, nil
		}
		return d.decodeEscaped(b, start, end)
	}
	end, wide := run(b, start)
	if end < len(b) && b[end] == '"' {
		value = b[start:end]
		if wide && !utf8.Valid(value) {
			bad = invalidByte(b, start, end)
		}
		return value, bad, end + 1, nil
	}
	// Escapes (or a fault): decode into the buffer from the start, checking
	// each run and escape in order so that the first fault is the one named.
	d.buf = d.buf[:0]
	for i = start; ; {
		end, wide := run(b, i)
		if wide && checkUTF8 && bad == nil && !utf8.Valid(b[i:end]) {
			bad = invalidByte(b, i, end)
		}
		if end > i { // escapes often follow one another
			d.buf = append(d.buf, b[i:end]...)
		}
		i = end
		if i == len(b) {
			return nil, nil, 0, syntaxError(b, i, "in a string")
		}
		if b[i] == '"' {
			return d.buf, bad, i + 1, nil
		}
		if b[i] != '\\' {
			return nil, nil, 0, syntaxError(b, i, "in a string")
		}
		r, n, err := decodeEscape(b, i)
		if err != nil {
			return nil, nil, 0, err
		}
		if utf16.IsSurrogate(r) {
			if bad == nil {
				bad = &EncodingError{Offset: i, Escape: string(b[i : i+6])}
			}
			r = utf8.RuneError
		}
		d.buf = utf8.AppendRune(d.buf, r)
		i += n
	}
}

// decodeEscaped is decodeString's loop for a string with escapes (or a
// fault) whose raw bytes are not checked for UTF-8, the path every line
// written with \u escapes takes: b[start:end] is the string's first run,
// plain content up to its first stop.
//
// A string's value is never longer than its raw bytes (an escape is at
// least as long as what it stands for, U+FFFD for a lone surrogate
// included), so the buffer is sized once for the rest of the line and 8
// bytes more: runs are copied a word at a time as they are scanned (the
// bytes past a run's stop are written over), and escapes are written
// without checking room.
func (d *Decoder) decodeEscaped(b []byte, start, end int) (value []byte, bad error, next int, err error) {
	need := len(b) - start + 8
	if cap(d.buf) < need {
		d.buf = make([]byte, max(need, 2*cap(d.buf)))
	}
	buf := d.buf[:need]
	n := copy(buf, b[start:end])
	i := end
	lone := -1 // the first \u escape of half a surrogate pair
	// The loop makes no call, so that nothing it keeps in registers is
	// saved and restored around one: a fault in an escape ends it, and
	// decodeEscape names the fault after it.
scan:
	for i+1 < len(b) && b[i] == '\\' {
		if b[i+1] == 'u' {
			if i+6 > len(b) {
				break scan
			}
			h := b[i+2 : i+6 : i+6]
			// A -1 shifted left stays negative, so any bad digit makes
			// the whole value negative.
			r := hexValue(h[0])<<12 | hexValue(h[1])<<8 | hexValue(h[2])<<4 | hexValue(h[3])
			switch {
			case r < 0:
				break scan
			case r < 0x80:
				buf[n] = byte(r)
				n++
			case r < 0x800:
				binary.LittleEndian.PutUint16(buf[n:], uint16(0x80C0|r>>6|(r&0x3F)<<8))
				n += 2
			case r < 0xD800 || r >= 0xE000:
				binary.LittleEndian.PutUint32(buf[n:], uint32(0x8080E0|r>>12|(r>>6&0x3F)<<8|(r&0x3F)<<16))
				n += 3
			case r < 0xDC00 && i+12 <= len(b) && b[i+6] == '\\' && b[i+7] == 'u' && isLowSurrogate(hex4(b, i+8)):
				c := uint32(0x10000 + (r-0xD800)<<10 + (hex4(b, i+8) - 0xDC00))
				binary.LittleEndian.PutUint32(buf[n:], 0x808080F0|c>>18|(c>>12&0x3F)<<8|(c>>6&0x3F)<<16|(c&0x3F)<<24)
				n += 4
				i += 6
			default:
				if lone < 0 {
					lone = i
				}
				n += copy(buf[n:], "\uFFFD")
			}
			i += 6
		} else {
			switch b[i+1] {
			case '"', '\\', '/':
				buf[n] = b[i+1]
			case 'b':
				buf[n] = '\b'
			case 'f':
				buf[n] = '\f'
			case 'n':
				buf[n] = '\n'
			case 'r':
				buf[n] = '\r'
			case 't':
				buf[n] = '\t'
			default:
				break scan
			}
			n, i = n+1, i+2
		}
		// The run up to the next stop, copied a word at a time while the
		// line holds one; escapes often follow one another.
		if i < len(b) && b[i] == '\\' {
			continue
		}
		for i+8 <= len(b) {
			w := binary.LittleEndian.Uint64(b[i:])
			binary.LittleEndian.PutUint64(buf[n:], w)
			if m := stops(w); m != 0 {
				k := bits.TrailingZeros64(m) >> 3
				i, n = i+k, n+k
				continue scan
			}
			i, n = i+8, n+8
		}
		for ; i < len(b); i++ {
			c := b[i]
			if c < 0x20 || c == '"' || c == '\\' {
				break
			}
			buf[n] = c
			n++
		}
	}
	if i < len(b) && b[i] == '\\' {
		// A fault in this escape (every escape without one is read
		// above): decodeEscape names it.
		_, _, err := decodeEscape(b, i)
		return nil, nil, 0, err
	}
	if i == len(b) || b[i] != '"' {
		return nil, nil, 0, syntaxError(b, i, "in a string")
	}
	if lone >= 0 {
		bad = &EncodingError{Offset: lone, Escape: string(b[lone : lone+6])}
	}
	d.buf = buf
	return buf[:n:n], bad, i + 1, nil
}

// isLowSurrogate reports whether the UTF-16 unit u is the second half of a
// surrogate pair.
func isLowSurrogate(u rune) bool {
	return u >= 0xDC00 && u < 0xE000
}

// invalidByte is the error for the first byte of b[from:to] that is not
// UTF-8.
func invalidByte(b []byte, from, to int) error {
	for i := from; i < to; {
		r, n := utf8.DecodeRune(b[i:to])
		if r == utf8.RuneError && n == 1 {
			return &EncodingError{Offset: i, Byte: b[i]}
		}
		i += n
	}
	return nil
}

// skipValue checks the JSON value that starts at b[i], nested depth deep
// (0 for the line's own value), and returns the offset after it.
func skipValue(b []byte, i, depth int) (int, error) {
	if i == len(b) {
		return 0, syntaxError(b, i, "looking for a value")
	}
	switch c := b[i]; {
	case c == '"':
		end, _, err := skipString(b, i)
		return end, err
	case c == '{' || c == '[':
		if depth+1 > maxDepth {
			return 0, &SyntaxError{Offset: i, msg: fmt.Sprintf("more than %d nested arrays and objects", maxDepth)}
		}
		return skipContainer(b, i, depth+1)
	case c == '-' || c >= '0' && c <= '9':
		return skipNumber(b, i)
	case c == 't':
		return skipLiteral(b, i, "true")
	case c == 'f':
		return skipLiteral(b, i, "false")
	case c == 'n':
		return skipLiteral(b, i, "null")
	}
	return 0, syntaxError(b, i, "looking for a value")
}

// skipContainer checks the object or array that starts at b[i].
func skipContainer(b []byte, i, depth int) (int, error) {
	object := b[i] == '{'
	closing := byte(']')
	if object {
		closing = '}'
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == closing {
		return i + 1, nil
	}
	for {
		var err error
		if object {
			if i == len(b) || b[i] != '"' {
				return 0, syntaxError(b, i, "looking for the beginning of a field name")
			}
			if i, _, err = skipString(b, i); err != nil {
				return 0, err
			}
			if i = skipSpace(b, i); i == len(b) || b[i] != ':' {
				return 0, syntaxError(b, i, "after a field name")
			}
			i = skipSpace(b, i+1)
		}
		if i, err = skipValue(b, i, depth); err != nil {
			return 0, err
		}
		i = skipSpace(b, i)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
			continue
		}
		if i < len(b) && b[i] == closing {
			return i + 1, nil
		}
		if object {
			return 0, syntaxError(b, i, "after a field's value")
		}
		return 0, syntaxError(b, i, "after an array element")
	}
}

// skipNumber checks the number that starts at b[i]:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func skipNumber(b []byte, i int) (int, error) {
	if b[i] == '-' {
		i++
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if i = skipDigits(b, i); i < 0 {
		return 0, syntaxError(b, -i-1, "in a number")
	}
	if i < len(b) && b[i] == '.' {
		if i = skipDigits(b, i+1); i < 0 {
			return 0, syntaxError(b, -i-1, "in a number")
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i = skipDigits(b, i); i < 0 {
			return 0, syntaxError(b, -i-1, "in a number")
		}
	}
	return i, nil
}

// skipDigits returns the offset after the digits from b[i], or -i-1 when
// there is none there.
func skipDigits(b []byte, i int) int {
	start := i
	for i < len(b) && b[i]-'0' <= 9 {
		i++
	}
	if i == start {
		return -i - 1
	}
	return i
}

func skipLiteral(b []byte, i int, lit string) (int, error) {
	for k := 0; k < len(lit); k++ {
		if i+k == len(b) || b[i+k] != lit[k] {
			return 0, syntaxError(b, i+k, "in a literal")
		}
	}
	return i + len(lit), nil
}
