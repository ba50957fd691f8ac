package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/internal/jsonline"
	"github.com/xpostdev/xpost/textcount"
)

// The -update flag rewrites the golden files under testdata/. teatest's
// golden package defines the same flag; both then mean the same.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata/")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// golden compares got with testdata/NAME, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("output differs from %s (-want +got):\n%s", path, diff)
	}
}

func TestCount(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	hello := write("hello.txt", "Hello from xpost: https://example.com 🎉\n")
	long := strings.Repeat("a", 283)
	tests := []struct {
		name     string
		stdin    string
		args     []string
		wantCode int
		golden   string // stdout golden file under testdata/count/, or "" for wantOut
		wantOut  string
		wantErr  string // substring of stderr; "" means stderr must be empty
	}{
		{name: "human valid", stdin: "Hello, world\n", wantCode: 0, wantOut: "12/280 ✓ valid\n"},
		{name: "only one newline dropped", stdin: "Hello\n\n", wantCode: 0, wantOut: "6/280 ✓ valid\n"},
		{name: "carriage return counts", stdin: "Hello\r\n", wantCode: 0, wantOut: "6/280 ✓ valid\n"},
		{name: "no trailing newline", stdin: "Hello", wantCode: 0, wantOut: "5/280 ✓ valid\n"},
		{name: "human over", stdin: long + "\n", wantCode: 1, wantOut: "283/280 ✗ 3 over\n"},
		{name: "human empty", stdin: "", wantCode: 1, wantOut: "0/280 ✗ empty\n"},
		{name: "just a newline is empty", stdin: "\n", wantCode: 1, wantOut: "0/280 ✗ empty\n"},
		{name: "human invalid character", stdin: "bad \uFFFE char", wantCode: 1, wantOut: "11/280 ✗ invalid character\n"},
		{name: "premium limit", stdin: long, args: []string{"--max", "25000"}, wantCode: 0, wantOut: "283/25000 ✓ valid\n"},
		{name: "small limit", stdin: "Hello", args: []string{"--max=3"}, wantCode: 1, wantOut: "5/3 ✗ 2 over\n"},
		{name: "file", args: []string{hello}, wantCode: 0, golden: "count/file.golden"},
		{name: "dash is stdin", stdin: "Hi\n", args: []string{"-"}, wantCode: 0, wantOut: "2/280 ✓ valid\n"},
		{name: "flags after file", args: []string{hello, "--json"}, wantCode: 0, golden: "count/file-json.golden"},
		{name: "json valid", stdin: "Hello from xpost: https://example.com 🎉\n", args: []string{"--json"}, wantCode: 0, golden: "count/file-json.golden"},
		{name: "json over", stdin: long, args: []string{"--json"}, wantCode: 1, golden: "count/over-json.golden"},
		{name: "json cjk and emoji", stdin: "日本語のテキスト 👩‍👩‍👧‍👦 café\n", args: []string{"--json"}, wantCode: 0, golden: "count/cjk-json.golden"},
		{name: "json empty", stdin: "", args: []string{"--json"}, wantCode: 1, golden: "count/empty-json.golden"},
		{name: "jsonl", stdin: jsonlInputText, args: []string{"--jsonl"}, wantCode: 1, golden: "count/lines.golden"},
		{name: "jsonl all valid", stdin: `{"text":"a"}` + "\n" + `{"text":"  spaced  ","id":7}`, args: []string{"--jsonl"}, wantCode: 0, golden: "count/lines-valid.golden"},
		{name: "jsonl empty input", stdin: "", args: []string{"--jsonl"}, wantCode: 0, wantOut: ""},
		{name: "jsonl crlf lines", stdin: "{\"text\":\"a\"}\r\n{\"text\":\"b\"}\r\n", args: []string{"--jsonl"}, wantCode: 0, golden: "count/lines-crlf.golden"},
		{name: "jsonl malformed line", stdin: `{"text":"ok"}` + "\n" + `{"text":` + "\n" + `{"text":"never"}`, args: []string{"--jsonl"}, wantCode: 1, golden: "count/lines-malformed.golden", wantErr: "standard input line 2: not a JSON object"},
		{name: "jsonl missing text", stdin: `{"body":"x"}`, args: []string{"--jsonl"}, wantCode: 1, wantErr: `line 1: no "text" field`},
		{name: "jsonl text not a string", stdin: `{"text":5}`, args: []string{"--jsonl"}, wantCode: 1, wantErr: "line 1: not a JSON object"},
		{name: "jsonl empty line", stdin: `{"text":"a"}` + "\n\n" + `{"text":"b"}`, args: []string{"--jsonl"}, wantCode: 1, wantOut: `{"weightedLength":1,"valid":true,"permillage":3,"validRangeStart":0,"validRangeEnd":0,"displayRangeStart":0,"displayRangeEnd":0}` + "\n", wantErr: "line 2: empty line"},
		{name: "jsonl two values", stdin: `{"text":"a"} {"text":"b"}`, args: []string{"--jsonl"}, wantCode: 1, wantErr: "line 1: more than one JSON value"},
		{name: "missing file", args: []string{filepath.Join(dir, "nope.txt")}, wantCode: 1, wantErr: "cannot read " + filepath.Join(dir, "nope.txt") + ": no such file or directory"},
		{name: "text given instead of a file", args: []string{"Hello world"}, wantCode: 1, wantErr: `cannot read Hello world: no such file or directory; count reads a FILE: to count text, pipe it (echo "TEXT" | xpost count)`},
		{name: "directory", args: []string{dir}, wantCode: 1, wantErr: dir + " is a directory, not a file: pass a regular file, or pipe the text to standard input"},
		{name: "device", args: []string{os.DevNull}, wantCode: 1, wantErr: os.DevNull + " is a character device, not a file: pass a regular file"},
		{name: "text at the size limit", stdin: strings.Repeat("a", maxCountText) + "\n", wantCode: 1, wantOut: fmt.Sprintf("%d/280 ✗ %d over\n", maxCountText, maxCountText-280)},
		{name: "text over the size limit", stdin: strings.Repeat("a", maxCountText+1), wantCode: 1, wantErr: "standard input is larger than 8 MB: no post is that long"},
		{name: "jsonl line over the size limit", stdin: `{"text":"a"}` + "\n" + strings.Repeat(" ", maxCountLine+1) + "\n", args: []string{"--jsonl"}, wantCode: 1, wantOut: `{"weightedLength":1,"valid":true,"permillage":3,"validRangeStart":0,"validRangeEnd":0,"displayRangeStart":0,"displayRangeEnd":0}` + "\n", wantErr: "standard input line 2 is longer than 16 MB"},
		{name: "jsonl lone low surrogate", stdin: `{"text":"ok"}` + "\n" + `{"text":"a\udc00b"}`, args: []string{"--jsonl"}, wantCode: 1, golden: "count/lines-malformed.golden", wantErr: `standard input line 2: the "text" holds \udc00, half of a UTF-16 surrogate pair`},
		{name: "jsonl lone high surrogate", stdin: `{"text":"\uD83D x"}`, args: []string{"--jsonl"}, wantCode: 1, wantErr: `line 1: the "text" holds \uD83D, half of a UTF-16 surrogate pair`},
		{name: "jsonl high surrogate at the end", stdin: `{"text":"x\ud83d"}`, args: []string{"--jsonl"}, wantCode: 1, wantErr: `line 1: the "text" holds \ud83d`},
		{name: "jsonl two high surrogates", stdin: `{"text":"\ud83d\ud83d"}`, args: []string{"--jsonl"}, wantCode: 1, wantErr: `line 1: the "text" holds \ud83d`},
		{name: "jsonl surrogate pair", stdin: `{"text":"\ud83d\ude00"}`, args: []string{"--jsonl"}, wantCode: 0, wantOut: `{"weightedLength":2,"valid":true,"permillage":7,"validRangeStart":0,"validRangeEnd":1,"displayRangeStart":0,"displayRangeEnd":1}` + "\n"},
		{name: "jsonl escaped backslash before u", stdin: `{"text":"\\udc00"}`, args: []string{"--jsonl"}, wantCode: 0, wantOut: `{"weightedLength":6,"valid":true,"permillage":21,"validRangeStart":0,"validRangeEnd":5,"displayRangeStart":0,"displayRangeEnd":5}` + "\n"},
		{name: "jsonl invalid byte", stdin: "{\"text\":\"caf\xe9\"}", args: []string{"--jsonl"}, wantCode: 1, wantErr: `line 1: the "text" holds the byte 0xe9, which is not UTF-8`},
		{name: "jsonl invalid byte in another field", stdin: "{\"id\":\"\xff\",\"text\":\"a\"}", args: []string{"--jsonl"}, wantCode: 0, wantOut: `{"weightedLength":1,"valid":true,"permillage":3,"validRangeStart":0,"validRangeEnd":0,"displayRangeStart":0,"displayRangeEnd":0}` + "\n"},
		{name: "jsonl null text", stdin: `{"text":null}`, args: []string{"--jsonl"}, wantCode: 1, wantErr: `line 1: no "text" field`},
		{name: "not utf-8", stdin: "caf\xe9", wantCode: 1, wantErr: "not UTF-8 text"},
		{name: "max zero", stdin: "x", args: []string{"--max", "0"}, wantCode: 2, wantErr: "--max must be a positive integer, got 0"},
		{name: "max negative", stdin: "x", args: []string{"--max=-5"}, wantCode: 2, wantErr: "--max must be a positive integer"},
		{name: "max not a number", stdin: "x", args: []string{"--max", "lots"}, wantCode: 2, wantErr: `invalid argument "lots" for "--max"`},
		{name: "json and jsonl", stdin: "x", args: []string{"--json", "--jsonl"}, wantCode: 2, wantErr: "--json and --jsonl cannot be used together"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := newRunner(t).run(tt.stdin, append([]string{"count"}, tt.args...)...)
			if got.code != tt.wantCode {
				t.Errorf("exit status = %d, want %d (stderr %q)", got.code, tt.wantCode, got.stderr)
			}
			if tt.golden != "" {
				golden(t, tt.golden, got.stdout)
			} else if got.stdout != tt.wantOut {
				t.Errorf("stdout = %q, want %q", got.stdout, tt.wantOut)
			}
			if tt.wantErr == "" && got.stderr != "" {
				t.Errorf("stderr = %q, want nothing", got.stderr)
			}
			if tt.wantErr != "" && !strings.Contains(got.stderr, tt.wantErr) {
				t.Errorf("stderr = %q, want it to contain %q", got.stderr, tt.wantErr)
			}
		})
	}
}

// jsonlInputText mixes valid and invalid posts, extra fields, escapes and
// text with surrounding white space, which must be counted as it is.
const jsonlInputText = `{"text":"Hello, world"}
{"id":2,"text":"  leading and trailing spaces  "}
{"text":""}
{"text":"line one\nline two"}
{"text":"https://example.com/a/very/long/path?q=1 counts as 23"}
{"text":"` + "\u00e9\u0301" + ` combining"}
{"text":"🇫🇷🇩🇪 flags"}
`

func TestCountJSONShape(t *testing.T) {
	t.Parallel()
	got := newRunner(t).run("Hello", "count", "--json")
	if got.code != 0 {
		t.Fatalf("exit status %d: %s", got.code, got.stderr)
	}
	// The object has exactly twitter-text's seven fields, in its order.
	dec := json.NewDecoder(strings.NewReader(got.stdout))
	var keys []string
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"weightedLength", "valid", "permillage", "validRangeStart", "validRangeEnd", "displayRangeStart", "displayRangeEnd"}
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Errorf("JSON keys (-want +got):\n%s", diff)
	}
	if !strings.HasSuffix(got.stdout, "}\n") || strings.Count(got.stdout, "\n") != 1 {
		t.Errorf("want one line, got %q", got.stdout)
	}
}

func TestCountJSONLStreams(t *testing.T) {
	t.Parallel()
	// A text far longer than any read buffer still comes out as one line.
	big := strings.Repeat("x", 1<<20)
	var in bytes.Buffer
	for i := 0; i < 3; i++ {
		line, _ := json.Marshal(map[string]string{"text": big})
		in.Write(line)
		in.WriteByte('\n')
	}
	got := newRunner(t).run(in.String(), "count", "--jsonl", "--max", "2000000")
	if got.code != 0 {
		t.Fatalf("exit status %d: %s", got.code, got.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d result lines, want 3", len(lines))
	}
	for i, l := range lines {
		var r struct{ WeightedLength int }
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if r.WeightedLength != len(big) {
			t.Errorf("line %d: weightedLength %d, want %d", i+1, r.WeightedLength, len(big))
		}
	}
}

func FuzzCountJSONL(f *testing.F) {
	f.Add([]byte(jsonlInputText))
	f.Add([]byte(`{"text":"a"}` + "\n\n"))
	f.Add([]byte(`{"text":` + "\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		// Errors are expected for most inputs; the output must stay sound.
		_ = countLines(t.Context(), bytes.NewReader(in), "input", &out, textcount.DefaultConfig)
		// Every result line is one JSON object; there are never more
		// result lines than input lines.
		outLines := strings.Count(out.String(), "\n")
		inLines := bytes.Count(in, []byte("\n")) + 1
		if outLines > inLines {
			t.Fatalf("%d result lines for %d input lines", outLines, inLines)
		}
		for _, l := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
			if l == "" {
				continue
			}
			if !json.Valid([]byte(l)) {
				t.Fatalf("result line is not JSON: %q", l)
			}
		}
	})
}

// FuzzCountLine checks countLine, which leaves the UTF-8 check to the
// count, against countLineChecked, which checks the text as it reads it
// (the form used before): the same result or the same error on any line,
// invalid UTF-8 and lone surrogate escapes included.
func FuzzCountLine(f *testing.F) {
	for _, l := range strings.Split(jsonlInputText, "\n") {
		f.Add([]byte(l))
	}
	f.Add([]byte("{\"text\":\"caf\xc3\xa9 \xff https://example.com\"}"))
	f.Add([]byte("{\"text\":\"\xe2\x82\\u00e9\"}"))
	f.Add([]byte("{\"text\":\"a\xed\xa0\x80\", \"text\":\"b\"}"))
	f.Add([]byte("{\"text\":\"\xff\\udc00\"}"))
	f.Add([]byte("{\"text\":\"e\xcc\x81\xc0\"} x"))
	f.Add([]byte("  "))
	var fast, checked jsonline.Decoder
	f.Fuzz(func(t *testing.T, line []byte) {
		got, err := countLine(&fast, line, textcount.DefaultConfig)
		want, wantErr := countLineChecked(&checked, line, textcount.DefaultConfig)
		if got != want || fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("countLine(%q) = %+v, %v; checked: %+v, %v", line, got, err, want, wantErr)
		}
	})
}

func TestAppendInt(t *testing.T) {
	t.Parallel()
	for _, v := range []int{-1 << 63, -10001, -9999, -1, 0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 1<<63 - 1} {
		if got, want := string(appendInt([]byte("x"), v)), "x"+strconv.Itoa(v); got != want {
			t.Errorf("appendInt(%d) = %q, want %q", v, got, want)
		}
	}
	for v := -100; v <= 20000; v++ {
		if got, want := string(appendInt(nil, v)), strconv.Itoa(v); got != want {
			t.Fatalf("appendInt(%d) = %q, want %q", v, got, want)
		}
	}
}

// FuzzAppendResult checks the hand-written result object against
// encoding/json's.
func FuzzAppendResult(f *testing.F) {
	f.Add(27, true, 96, 0, 26, 0, 26)
	f.Add(-1, false, 1<<40, -5, 0, 1<<62, -1<<63)
	f.Add(300, false, 1071, 0, 279, 0, 299) // over the limit: starts 0, as nearly always
	f.Add(5, true, 17, 0, 4, 3, 4)
	f.Add(10000, true, 99, 1, 9999, 0, 100)
	f.Fuzz(func(t *testing.T, w int, valid bool, p, vs, ve, ds, de int) {
		r := textcount.Result{WeightedLength: w, Valid: valid, Permillage: p, ValidRangeStart: vs, ValidRangeEnd: ve, DisplayRangeStart: ds, DisplayRangeEnd: de}
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendResult(nil, r); string(got) != string(want) {
			t.Fatalf("appendResult = %s, want %s", got, want)
		}
	})
}

// TestCountJSONLAnswersBeforeWaiting feeds --jsonl one line at a time and
// reads each answer before writing the next line, as a script may.
func TestCountJSONLAnswersBeforeWaiting(t *testing.T) {
	t.Parallel()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- countLines(t.Context(), inR, "standard input", outW, textcount.DefaultConfig)
		outW.Close()
	}()
	answers := bufio.NewReader(outR)
	for _, text := range []string{"Hello", "日本語 🎉", "https://example.com"} {
		line, _ := json.Marshal(map[string]string{"text": text})
		if _, err := inW.Write(append(line, '\n')); err != nil {
			t.Fatal(err)
		}
		got, err := answers.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(textcount.Parse(text))
		if got != string(want)+"\n" {
			t.Fatalf("answer %q, want %s", got, want)
		}
	}
	inW.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
