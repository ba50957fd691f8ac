package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/textcount"
)

// countFlags are the options of `xpost count`.
type countFlags struct {
	json  bool
	jsonl bool
	max   int
}

func (a *app) newCountCommand() *cobra.Command {
	var f countFlags
	cmd := &cobra.Command{
		Use:   "count [--json | --jsonl] [--max N] [FILE]",
		Short: "Count a post's weighted length as X does",
		Long: `Count reads FILE, or standard input, and weighs the text with X's rules
(twitter-text v3: URLs weigh 23, emoji and CJK 2, text NFC-normalized).

One trailing "\n" is dropped (exactly one, so a file saved by an editor counts
as its text; a "\r" before it is kept and counts). It prints a human line such
as "27/280 ✓ valid", or with --json twitter-text's parseTweet result:
  {"weightedLength":27,"valid":true,"permillage":96,"validRangeStart":0,
   "validRangeEnd":26,"displayRangeStart":0,"displayRangeEnd":26}
Ranges are inclusive UTF-16 offsets into the input.

With --jsonl every input line is a JSON object with a "text" field (other
fields are ignored; empty lines are not allowed) and every output line is the
result for that line, in order; texts are counted as they are, nothing is
trimmed. A malformed line stops the run with an error naming its number,
after the results of the lines before it; so does a text that is not UTF-8
(raw bytes, or a \u escape of half a surrogate pair). Each result is
written before the next line is waited for.

Limits: a text of at most 8 MB (no post comes near it), a --jsonl line of
at most 16 MB. FILE must be a regular file; pipe other input to standard
input.

Exit status: 0 when the text is a valid post (with --jsonl: every line is),
1 when it is not or the input cannot be read, 2 for a usage error.`,
		Example: `  echo "Hello, world" | xpost count
  xpost count --json post.txt
  xpost count --max 25000 long-post.txt
  jq -c '{text: .body}' posts.jsonl | xpost count --jsonl`,
		Args: maxArgs(1, "one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.json && f.jsonl {
				return usagef(cmd, "--json and --jsonl cannot be used together")
			}
			if f.max <= 0 {
				return usagef(cmd, "--max must be a positive integer, got %d", f.max)
			}
			// Standard input may be a terminal or a pipe that never ends:
			// ctrl+c stops a read from it at once.
			in := fsx.ContextReader(cmd.Context(), a.stdin)
			name := "standard input"
			if len(args) == 1 && args[0] != "-" {
				file, err := fsx.OpenRegular(args[0])
				if err != nil {
					if _, ok := errors.AsType[*fsx.NotRegularError](err); ok {
						return fmt.Errorf("%w, or pipe the text to standard input", err)
					}
					return readFailure(args[0], err, "")
				}
				defer file.Close()
				in, name = file, args[0]
			}
			cfg := textcount.DefaultConfig.WithMax(f.max)
			if f.jsonl {
				return countLines(in, name, a.stdout, cfg)
			}
			return countText(in, name, a.stdout, cfg, f.json)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.json, "json", false, "print twitter-text's parseTweet result as one JSON object")
	fl.BoolVar(&f.jsonl, "jsonl", false, "read JSON lines with a \"text\" field, print one result per line")
	fl.IntVar(&f.max, "max", 280, "the weighted `N` a post may have (25000 for Premium long posts)")
	return cmd
}

// unwrapPathError drops the *PathError's repetition of the file name.
func unwrapPathError(err error) error {
	if pe, ok := errors.AsType[*os.PathError](err); ok {
		return pe.Err
	}
	return err
}

// maxCountText is the longest text `xpost count` reads, in bytes. The
// longest valid post, 25,000 weighted characters for Premium, fits many
// times over even when written in the widest way X counts (about 4.5 MB:
// 1,086 URLs of 4,096 characters, 23 each); a longer input is a mistake,
// such as a binary file or an endless stream, not a post.
const maxCountText = 8 << 20

// maxCountLine is the longest line `xpost count --jsonl` reads: a text of
// maxCountText with room for JSON escapes and other fields.
const maxCountLine = 16 << 20

// countText counts the whole input as one post.
func countText(in io.Reader, name string, out io.Writer, cfg textcount.Config, asJSON bool) error {
	// One byte more than the limit: the trailing newline that is dropped.
	b, err := fsx.ReadAll(in, name, maxCountText+1)
	_, tooLarge := errors.AsType[*fsx.TooLargeError](err)
	if tooLarge || err == nil && len(bytes.TrimSuffix(b, []byte("\n"))) > maxCountText {
		return fmt.Errorf("%w: no post is that long (Premium posts hold at most 25,000 characters); count a shorter text", &fsx.TooLargeError{Name: name, Limit: maxCountText})
	}
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", name, unwrapPathError(err))
	}
	b = bytes.TrimSuffix(b, []byte("\n"))
	if !utf8.Valid(b) {
		return fmt.Errorf("%s is not UTF-8 text; convert it (e.g. with iconv) and count again", name)
	}
	res := textcount.ParseWith(string(b), cfg)
	if asJSON {
		line, err := json.Marshal(res)
		if err != nil {
			return err
		}
		line = append(line, '\n')
		if _, err := out.Write(line); err != nil {
			return err
		}
	} else if _, err := fmt.Fprintln(out, humanCount(res, cfg.MaxWeightedTweetLength)); err != nil {
		return err
	}
	if !res.Valid {
		return &exitError{code: exitFailure}
	}
	return nil
}

// humanCount is the one-line summary: "27/280 ✓ valid", "283/280 ✗ 3 over".
func humanCount(r textcount.Result, limit int) string {
	head := fmt.Sprintf("%d/%d", r.WeightedLength, limit)
	switch {
	case r.Valid:
		return head + " ✓ valid"
	case r.WeightedLength > limit:
		return fmt.Sprintf("%s ✗ %d over", head, r.WeightedLength-limit)
	case r.WeightedLength == 0:
		return head + " ✗ empty"
	default:
		return head + " ✗ invalid character"
	}
}

// jsonlInput is one line of `count --jsonl` input; other fields are
// ignored. The text is kept raw, so its encoding can be checked before
// decoding turns every fault into U+FFFD.
type jsonlInput struct {
	Text json.RawMessage `json:"text"`
}

// countLines counts one JSON object per line, streaming: results are
// written as lines are read, and handed on before every read that may
// wait for more input, so a long input needs no memory and a script
// feeding lines one by one gets each answer at once.
func countLines(in io.Reader, name string, out io.Writer, cfg textcount.Config) error {
	w := bufio.NewWriterSize(out, 64<<10)
	lines := fsx.NewLineReader(flushingReader{r: in, w: w}, maxCountLine)
	allValid := true
	for {
		line, n, err := lines.Line()
		if err == io.EOF {
			break
		}
		if tl, ok := errors.AsType[*fsx.LineTooLongError](err); ok {
			w.Flush()
			return fmt.Errorf("%s %v: put one post per line (a text of at most %s)", name, tl, human.Size(maxCountText))
		}
		if err != nil {
			w.Flush()
			return fmt.Errorf("cannot read %s: %w", name, unwrapPathError(err))
		}
		res, perr := countLine(line, cfg)
		if perr != nil {
			w.Flush()
			return fmt.Errorf("%s line %d: %v", name, n, perr)
		}
		allValid = allValid && res.Valid
		enc, merr := json.Marshal(res)
		if merr != nil {
			return merr
		}
		w.Write(enc)
		if werr := w.WriteByte('\n'); werr != nil {
			return werr
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if !allValid {
		return &exitError{code: exitFailure}
	}
	return nil
}

// flushingReader hands on the results written so far before each read of
// the input, which is where the program may wait.
type flushingReader struct {
	r io.Reader
	w *bufio.Writer
}

func (f flushingReader) Read(p []byte) (int, error) {
	if err := f.w.Flush(); err != nil {
		return 0, err
	}
	return f.r.Read(p)
}

// countLine decodes and counts one --jsonl line (without its "\n").
func countLine(line []byte, cfg textcount.Config) (textcount.Result, error) {
	if len(bytes.TrimSpace(line)) == 0 {
		return textcount.Result{}, errors.New(`empty line; every line must be a JSON object with a "text" field`)
	}
	var in jsonlInput
	dec := json.NewDecoder(bytes.NewReader(line))
	if err := dec.Decode(&in); err != nil {
		return textcount.Result{}, fmt.Errorf("not a JSON object with a \"text\" string: %v", err)
	}
	if dec.More() {
		return textcount.Result{}, errors.New("more than one JSON value on the line")
	}
	if len(in.Text) == 0 || string(in.Text) == "null" {
		return textcount.Result{}, errors.New(`no "text" field`)
	}
	if in.Text[0] != '"' {
		return textcount.Result{}, fmt.Errorf("not a JSON object with a \"text\" string: the \"text\" is %s", in.Text)
	}
	escaped, err := checkJSONText(in.Text)
	if err != nil {
		return textcount.Result{}, err
	}
	// Without escapes the literal between the quotes is the text.
	text := string(in.Text[1 : len(in.Text)-1])
	if escaped {
		if err := json.Unmarshal(in.Text, &text); err != nil {
			return textcount.Result{}, fmt.Errorf("not a JSON object with a \"text\" string: %v", err)
		}
	}
	if len(text) > maxCountText {
		return textcount.Result{}, fmt.Errorf("the text is longer than %s: no post is that long (Premium posts hold at most 25,000 characters)", human.Size(maxCountText))
	}
	return textcount.ParseWith(text, cfg), nil
}

// checkJSONText refuses a JSON string literal (quotes included, as the
// decoder accepted it) that does not stand for valid UTF-8 text: raw bytes
// that are not UTF-8, or a \u escape of half a UTF-16 surrogate pair
// without its other half. Decoding would turn either into U+FFFD, and the
// count would be of a text other than the one given. It also reports
// whether the literal holds escapes at all.
func checkJSONText(raw []byte) (escaped bool, err error) {
	end := len(raw) - 1 // the closing quote
	for i := 1; i < end; {
		c := raw[i]
		switch {
		case c == '\\':
			escaped = true
			if raw[i+1] != 'u' {
				i += 2
				continue
			}
			r := hex4(raw[i+2 : i+6])
			if r >= 0xD800 && r < 0xDC00 && i+12 <= end && raw[i+6] == '\\' && raw[i+7] == 'u' {
				if low := hex4(raw[i+8 : i+12]); low >= 0xDC00 && low < 0xE000 {
					i += 12
					continue
				}
			}
			if r >= 0xD800 && r < 0xE000 {
				return true, fmt.Errorf(`the "text" holds %s, half of a UTF-16 surrogate pair without its other half, which is no character: fix how this line was encoded`, raw[i:i+6])
			}
			i += 6
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(raw[i:end])
			if r == utf8.RuneError && size == 1 {
				return escaped, fmt.Errorf(`the "text" holds the byte 0x%02x, which is not UTF-8: convert the input to UTF-8 (e.g. with iconv)`, c)
			}
			i += size
		}
	}
	return escaped, nil
}

// hex4 is the value of four hexadecimal digits the JSON decoder accepted.
func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
