package jsonline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xpostdev/xpost/textcount/countcorpus"
)

// reference reads the field as the code before this package did, with
// encoding/json: it returns the decoded text, or the kind of error
// ("syntax", "type", "no field", "encoding").
func reference(line []byte) (string, string) {
	var v struct {
		Text json.RawMessage `json:"text"`
	}
	if err := json.Unmarshal(line, &v); err != nil {
		if _, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
			return "", "type"
		}
		return "", "syntax"
	}
	if len(v.Text) == 0 || string(v.Text) == "null" {
		return "", "no field"
	}
	if v.Text[0] != '"' {
		return "", "type"
	}
	var s string
	if err := json.Unmarshal(v.Text, &s); err != nil {
		panic(err) // encoding/json accepted it as part of the line
	}
	// Decoding turns a byte that is not UTF-8, and half a surrogate pair,
	// into U+FFFD: the text is valid exactly when it holds no U+FFFD
	// beyond those written in it, as the character or as an escape.
	raw := string(v.Text)
	written := strings.Count(raw, "\uFFFD") + strings.Count(strings.ToLower(strings.ReplaceAll(raw, `\\`, "")), `\ufffd`)
	if strings.Count(s, "\uFFFD") != written {
		return "", "encoding"
	}
	return s, ""
}

// kind names the kind of err as reference does.
func kind(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrNoField):
		return "no field"
	}
	if _, ok := errors.AsType[*SyntaxError](err); ok {
		return "syntax"
	}
	if _, ok := errors.AsType[*TypeError](err); ok {
		return "type"
	}
	if _, ok := errors.AsType[*EncodingError](err); ok {
		return "encoding"
	}
	return "unknown: " + err.Error()
}

var seeds = []string{
	`{"text":"a"}`, ` {"text":"a"} `, "{\"text\":\"a\"}\r", `{}`, `{"id":1}`, `null`, `5`, `"text"`, `[1]`, `[`, ``, ` `,
	`{"TEXT":"a"}`, `{"te_xt":"a"}`, `{"Text":"b","text":"a"}`, `{"text":"a","Text":"b"}`, `{"text":"a","text":"b"}`,
	`{"\u0074ext":"a"}`, `{"TE\u0058T":"a"}`, "{\"text\xff\":\"a\"}", "{\"x\":\"\xff\",\"text\":\"a\"}", `{"ſext":"a"}`,
	`{"text":"a"}}`, `{"text":"a"} x`, `{"text":"a"} {"text":"b"}`, `{"text":"a",}`, `{"text":01}`, `{,}`, `{"text"}`, `{"text":}`,
	`{"text" : "a\u00e9\ud83d\ude00"}`, "{\"text\":\"\t\"}", `{"text":"\x"}`, `{"text":"\u12"}`, `{"text":"\u12g4"}`,
	`{"text":"a","text":null}`, `{"text":null,"text":"a"}`, `{"text":null}`, `{"text":5}`, `{"text":{"a":[1,2]}}`, `{"text":true}`,
	`{"text":"\ud800"}`, `{"text":"a\udc00b"}`, `{"text":"\uD83D x"}`, `{"text":"x\ud83d"}`, `{"text":"\ud83d\ud83d"}`,
	`{"text":"\ud83d\ude00"}`, `{"text":"\\udc00"}`, `{"text":"\ud83d\u0041"}`, `{"text":"\ud83d\ud83d\ude00"}`, `{"text":"\ud83d\udc0g"}`,
	"{\"text\":\"caf\xe9\"}", "{\"text\":\"caf\xe9\\n\"}", "{\"text\":\"\xed\xa0\x80\"}", `{"text":"\ufffd �"}`, `{"text":"\uFFFD"}`,
	`{"text":"\"\\\/\b\f\n\r\t"}`, `{"text":"日本語 🧑‍💻 https://example.com"}`, `{"text":"\u65e5\u672c"}`,
	`{"a":1e}`, `{"a":-}`, `{"a":1.}`, `{"a":-0.5E+3,"text":"x"}`, `{"a":-01}`, `{"a":1.5e}`, `{"a":1e+}`, `{"a":.5}`,
	`{"a":12.34e-5,"text":"x"}`, `{"a":0,"b":-0,"c":9.0E9 ,"text":"x"}`, `{"a":-a}`, `{"a":1.e5}`, `{"a":1e5.5}`, `{"a":[true,false,null,"s",{"b":{}}],"text":"y"}`,
	`{"a":tru}`, `{"a":nul,"text":"z"}`, `{"a":[1,]}`, `{"a":[,1]}`, `{"a":[1 2]}`, `{"a":{"b" 1}}`, `{"a":"\u00"}`,
	"{\"text\":\"a\"}\x00", `{"text":"abcdefghijklmnopqrstuvwxyz0123456789 \" and more plain text after the quote"}`,
	`{"a":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `,"text":"z"}`,
	`{"a":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `,"text":"z"}`,
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
}

func TestField(t *testing.T) {
	t.Parallel()
	var d Decoder
	for _, s := range seeds {
		checkAgainstReference(t, &d, []byte(s))
	}
}

func checkAgainstReference(t *testing.T, d *Decoder, line []byte) {
	t.Helper()
	want, wantKind := reference(line)
	got, err := d.Field(line, "text")
	if k := kind(err); k != wantKind {
		t.Fatalf("Field(%.80q) error %v (%s), encoding/json says %q", line, err, k, wantKind)
	}
	if err == nil && string(got) != want {
		t.Fatalf("Field(%.80q) = %q, encoding/json says %q", line, got, want)
	}
}

// FuzzField checks Field against encoding/json on any line: the same text,
// or the same kind of error.
func FuzzField(f *testing.F) {
	for _, s := range seeds {
		if len(s) < 1000 {
			f.Add([]byte(s))
		}
	}
	var d Decoder
	f.Fuzz(func(t *testing.T, line []byte) {
		checkAgainstReference(t, &d, line)
	})
}

// FuzzFieldUnchecked checks FieldUnchecked against Field on any line: the
// same value or error, except where Field refuses raw bytes that are not
// UTF-8; there FieldUnchecked returns either a value that is not UTF-8 or
// the error of a lone surrogate escape that comes later in the string.
func FuzzFieldUnchecked(f *testing.F) {
	for _, s := range seeds {
		if len(s) < 1000 {
			f.Add([]byte(s))
		}
	}
	f.Add([]byte("{\"text\":\"a\xffb\"}"))
	f.Add([]byte("{\"text\":\"\xff\\ud800\"}"))
	f.Add([]byte("{\"text\":\"\\n\xc3\"}"))
	var d, u Decoder
	f.Fuzz(func(t *testing.T, line []byte) {
		want, wantErr := d.Field(line, "text")
		want = bytes.Clone(want)
		got, err := u.FieldUnchecked(line, "text")
		if e, ok := errors.AsType[*EncodingError](wantErr); ok && e.Escape == "" {
			if err == nil {
				if utf8.Valid(got) {
					t.Fatalf("FieldUnchecked(%q) = %q, valid UTF-8, where Field says %v", line, got, wantErr)
				}
				return
			}
			if e2, ok := errors.AsType[*EncodingError](err); !ok || e2.Escape == "" {
				t.Fatalf("FieldUnchecked(%q) error %v, where Field says %v", line, err, wantErr)
			}
			return
		}
		if fmt.Sprint(err) != fmt.Sprint(wantErr) || !bytes.Equal(got, want) {
			t.Fatalf("FieldUnchecked(%q) = %q, %v; Field: %q, %v", line, got, err, want, wantErr)
		}
	})
}

func TestFieldErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, line, want string
	}{
		{name: "not an object", line: `[1, 2]`, want: "the line is [1, 2], not an object"},
		{name: "not a string", line: `{"text": 12}`, want: `the "text" is 12, not a string`},
		{name: "long value cut", line: `{"text":["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]}`, want: `the "text" is ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…, not a string`},
		{name: "unterminated", line: `{"text":"abc`, want: "unexpected end of the line in a string at byte 13"},
		{name: "bad character", line: `{"text" "a"}`, want: `unexpected '"' after a field name at byte 9`},
		{name: "trailing value", line: `{"text":"a"} {"text":"b"}`, want: "more than one JSON value on the line at byte 14"},
		{name: "trailing brace", line: `{"text":"a"}}`, want: "unexpected '}' after the JSON value at byte 13"},
		{name: "lone surrogate", line: `{"text":"a\udc00b"}`, want: `the string holds \udc00, half of a UTF-16 surrogate pair without its other half`},
		{name: "first fault named", line: "{\"text\":\"\xff\\ud800\"}", want: "the string holds the byte 0xff, which is not UTF-8"},
		{name: "first fault named after an escape", line: "{\"text\":\"\\n\\ud800\xff\"}", want: `the string holds \ud800, half of a UTF-16 surrogate pair without its other half`},
		{name: "missing", line: `{"body":"a"}`, want: "no such field"},
		{name: "too deep", line: `{"a":` + strings.Repeat("[", 10000), want: "more than 10000 nested arrays and objects at byte 10005"},
	}
	var d Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.Field([]byte(tt.line), "text")
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestFieldNoAllocs holds the point of the package: reading a line's text,
// escaped or not, allocates nothing once the buffers have grown.
func TestFieldNoAllocs(t *testing.T) {
	var d Decoder
	for _, line := range []string{`{"id":7,"text":"plain text"}`, `{"text":"caf\u00e9 \ud83d\ude00\n","x":[1,{"y":null}]}`} {
		d.Field([]byte(line), "text")
		if n := testing.AllocsPerRun(100, func() { d.Field([]byte(line), "text") }); n != 0 {
			t.Errorf("Field(%s) allocates %v times, want 0", line, n)
		}
	}
}

var benchLines = [][]byte{
	[]byte(`{"id":1234,"text":"Shipping the new release today: faster start-up, see https://example.com/blog 🎉 東京で発表しました。"}`),
	[]byte(`{"text":"Caf\u00e9 cr\u00e8me \u00e0 Z\u00fcrich \ud83d\udc4d\ud83c\udffd\n\"quoted\"","lang":"und","public_metrics":{"likes":12,"reposts":[1,2.5e3,true,null]}}`),
}

// BenchmarkField compares Field with decoding the line with encoding/json
// as the code before it did.
func BenchmarkField(b *testing.B) {
	n := 0
	for _, l := range benchLines {
		n += len(l)
	}
	b.Run("jsonline", func(b *testing.B) {
		b.SetBytes(int64(n))
		b.ReportAllocs()
		var d Decoder
		for b.Loop() {
			for _, l := range benchLines {
				if _, err := d.Field(l, "text"); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(n))
		b.ReportAllocs()
		for b.Loop() {
			for _, l := range benchLines {
				var v struct{ Text string }
				if err := json.Unmarshal(l, &v); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkFieldCorpus reads the "text" of every line of the count corpus
// with FieldUnchecked, as `xpost count --jsonl` does: the share of its
// work that is this package's.
func BenchmarkFieldCorpus(b *testing.B) {
	corpus, _ := countcorpus.Build(20000)
	lines := bytes.Split(bytes.TrimSuffix(corpus, []byte("\n")), []byte("\n"))
	b.SetBytes(int64(len(corpus)))
	b.ReportAllocs()
	var d Decoder
	for b.Loop() {
		for _, l := range lines {
			if _, err := d.FieldUnchecked(l, "text"); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// FuzzRun checks run and plainEnd, which find the stop within a word from
// its mark, against a byte-by-byte scan from every offset.
func FuzzRun(f *testing.F) {
	f.Add([]byte("abcdefgh\"ijklmnop"))
	f.Add([]byte("\xe4\xb8\xad\xe6\x96\x87\\u00e9 \x01 tail and more text"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for i := range len(b) + 1 {
			end, wide := i, false
			for ; end < len(b) && b[end] >= 0x20 && b[end] != '"' && b[end] != '\\'; end++ {
				wide = wide || b[end] >= 0x80
			}
			if gotEnd, gotWide := run(b, i); gotEnd != end || gotWide != wide {
				t.Fatalf("run(%q, %d) = %d, %v; want %d, %v", b, i, gotEnd, gotWide, end, wide)
			}
			if got := plainEnd(b, i); got != end {
				t.Fatalf("plainEnd(%q, %d) = %d; want %d", b, i, got, end)
			}
		}
	})
}

func TestHexValue(t *testing.T) {
	t.Parallel()
	for c := range 256 {
		want := rune(-1)
		if v, err := strconv.ParseUint(string(rune(c)), 16, 8); err == nil && c < 0x80 {
			want = rune(v)
		}
		if got := hexValue(byte(c)); got != want {
			t.Errorf("hexValue(%q) = %d, want %d", byte(c), got, want)
		}
	}
}

// decodeUncheckedBefore is decodeString with checkUTF8 false as it was
// before decodeEscaped (a run scanned byte by byte, then appended; each
// escape decoded by decodeEscape and appended as a rune): the reference
// decodeEscaped is fuzzed against.
func decodeUncheckedBefore(b []byte, i int) (value []byte, bad error, next int, err error) {
	buf := []byte{}
	for i++; ; {
		for ; i < len(b) && b[i] >= 0x20 && b[i] != '"' && b[i] != '\\'; i++ {
			buf = append(buf, b[i])
		}
		if i == len(b) {
			return nil, nil, 0, syntaxError(b, i, "in a string")
		}
		if b[i] == '"' {
			return buf, bad, i + 1, nil
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
		buf = utf8.AppendRune(buf, r)
		i += n
	}
}

// escapeSeeds are string contents with every kind of escape and fault
// after 0 to 15 plain bytes, so that each falls at every place of an
// 8-byte word, and at the end of the line.
func escapeSeeds() [][]byte {
	tails := []string{
		`\u00e9`, `\u0041`, `\u20ac`, `\u07ff\u0800`, `\ud83d\ude00`, `\ud83d`, `\udc00`, `\ud83d\u0041`,
		`\ud83d\ud83d\ude00`, `\ud83d\udc0g`, `\ud83d\ude`, `\n\t\"\\\/\b\f\r`, `\u12`, `\x`, `\`, `\u`,
		"\xff", "\xe2\x82", "\x01", "\x7f", "é", `\uFFFD`, `\uDBFF\uDFFF`,
	}
	var seeds [][]byte
	for k := range 16 {
		for _, t := range tails {
			plain := strings.Repeat("a", k)
			seeds = append(seeds, []byte(`"`+plain+t+`"`), []byte(`"`+plain+t), []byte(`"`+plain+t+`bcdefghijk"}`))
		}
	}
	return seeds
}

// FuzzDecodeEscaped checks FieldUnchecked's decoding of a string, escapes
// and faults included, against the loop it replaced: the same value, the
// same first lone surrogate, the same end and the same syntax error, on
// any bytes after the opening quote.
func FuzzDecodeEscaped(f *testing.F) {
	for _, s := range escapeSeeds() {
		f.Add(s[1:])
	}
	var d Decoder
	f.Fuzz(func(t *testing.T, s []byte) {
		b := append([]byte{'"'}, s...)
		want, wantBad, wantNext, wantErr := decodeUncheckedBefore(b, 0)
		got, bad, next, err := d.decodeString(b, 0, false)
		if !bytes.Equal(got, want) || fmt.Sprint(bad) != fmt.Sprint(wantBad) || next != wantNext || fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("decodeString(%q) = %q, %v, %d, %v; before: %q, %v, %d, %v", b, got, bad, next, err, want, wantBad, wantNext, wantErr)
		}
	})
}

// TestDecodeEscapedSeeds runs the escape seeds through the reference
// comparisons in every test run, not only under fuzzing: FieldUnchecked
// against Field, and the string decoding against the loop it replaced.
func TestDecodeEscapedSeeds(t *testing.T) {
	t.Parallel()
	var d, u Decoder
	for _, s := range escapeSeeds() {
		checkAgainstReference(t, &d, append(append([]byte(`{"text":`), s...), '}'))
		b := bytes.Clone(s)
		want, wantBad, wantNext, wantErr := decodeUncheckedBefore(b, 0)
		got, bad, next, err := u.decodeString(b, 0, false)
		if !bytes.Equal(got, want) || fmt.Sprint(bad) != fmt.Sprint(wantBad) || next != wantNext || fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("decodeString(%q) = %q, %v, %d, %v; before: %q, %v, %d, %v", b, got, bad, next, err, want, wantBad, wantNext, wantErr)
		}
	}
}

// FuzzSameName checks sameName's quick answers against bytes.EqualFold,
// with keys that fold to the name in other lengths ("ſ", the Kelvin sign).
func FuzzSameName(f *testing.F) {
	for _, k := range []string{"text", "TEXT", "Text", "ſext", "texſ", "id", "", "t", "tex", "texts", "\u212aey", "\xff", "@", "`"} {
		f.Add([]byte(k), "text")
		f.Add([]byte(k), "key")
		f.Add([]byte(k), "@")
	}
	f.Fuzz(func(t *testing.T, key []byte, name string) {
		for _, c := range []byte(name) {
			if c >= utf8.RuneSelf {
				return // names are ASCII
			}
		}
		if got, want := sameName(key, name), bytes.EqualFold(key, []byte(name)); got != want {
			t.Fatalf("sameName(%q, %q) = %v, want %v", key, name, got, want)
		}
	})
}
