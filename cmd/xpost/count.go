package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"sync/atomic"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/internal/jsonline"
	"github.com/xpostdev/xpost/internal/linemap"
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
			// ctrl+c stops a read from it at once. linemap.Map, which reads
			// --jsonl, does so itself: a second wrapper would only copy
			// every read once more.
			in := a.stdin
			if !f.jsonl {
				in = fsx.ContextReader(cmd.Context(), a.stdin)
			}
			name := "standard input"
			if len(args) == 1 && args[0] != "-" {
				file, err := fsx.OpenRegular(args[0])
				if err != nil {
					if _, ok := errors.AsType[*fsx.NotRegularError](err); ok {
						return fmt.Errorf("%w, or pipe the text to standard input", err)
					}
					if errors.Is(err, fs.ErrNotExist) {
						// "xpost count 'some text'" is the likely mistake.
						return fmt.Errorf(`%w; count reads a FILE: to count text, pipe it (echo "TEXT" | xpost count)`, readFailure(args[0], err, ""))
					}
					return readFailure(args[0], err, "")
				}
				defer file.Close()
				in, name = file, args[0]
			}
			cfg := textcount.DefaultConfig.WithMax(f.max)
			if f.jsonl {
				return countLines(cmd.Context(), in, name, a.stdout, cfg)
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
		if _, err := out.Write(append(appendResult(nil, res), '\n')); err != nil {
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

// countLines counts one JSON object per line, on every core and in order:
// results are written as lines are read, and handed on before every read
// that may wait for more input, so a long input needs little memory and
// a script feeding lines one by one gets each answer at once.
func countLines(ctx context.Context, in io.Reader, name string, out io.Writer, cfg textcount.Config) error {
	var invalid atomic.Bool
	newCounter := func() linemap.Func {
		var dec jsonline.Decoder
		return func(dst, line []byte, n int) ([]byte, error) {
			res, err := countLine(&dec, line, cfg)
			if err != nil {
				return dst, &lineError{fmt.Errorf("%s line %d: %v", name, n, err)}
			}
			if !res.Valid {
				invalid.Store(true)
			}
			return append(appendResult(dst, res), '\n'), nil
		}
	}
	w := &stickyWriter{w: out}
	err := linemap.Map(ctx, in, w, linemap.Options{Limit: maxCountLine}, newCounter)
	if tl, ok := errors.AsType[*fsx.LineTooLongError](err); ok {
		return fmt.Errorf("%s %v: put one post per line (a text of at most %s)", name, tl, human.Size(maxCountText))
	}
	if _, ok := errors.AsType[*lineError](err); ok || err != nil && err == w.err {
		return err
	}
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", name, unwrapPathError(err))
	}
	if invalid.Load() {
		return &exitError{code: exitFailure}
	}
	return nil
}

// lineError is the error of one --jsonl line, told apart from the errors
// of reading and writing.
type lineError struct{ error }

// stickyWriter keeps the first error of its writer, so that a failed write
// is told apart from a failed read.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	if err != nil && s.err == nil {
		s.err = err
	}
	return n, err
}

// appendResult appends r as twitter-text's parseTweet object, exactly as
// encoding/json writes textcount.Result, without reflection. The names
// between two numbers are appended in one piece, the start of each range
// with them when it is 0, as it nearly always is: --jsonl writes one
// object a line, and each piece is a copy.
func appendResult(dst []byte, r textcount.Result) []byte {
	dst = append(dst, `{"weightedLength":`...)
	dst = appendInt(dst, r.WeightedLength)
	if r.Valid {
		dst = append(dst, `,"valid":true,"permillage":`...)
	} else {
		dst = append(dst, `,"valid":false,"permillage":`...)
	}
	dst = appendInt(dst, r.Permillage)
	if r.ValidRangeStart == 0 {
		dst = append(dst, `,"validRangeStart":0,"validRangeEnd":`...)
	} else {
		dst = append(dst, `,"validRangeStart":`...)
		dst = appendInt(dst, r.ValidRangeStart)
		dst = append(dst, `,"validRangeEnd":`...)
	}
	dst = appendInt(dst, r.ValidRangeEnd)
	if r.DisplayRangeStart == 0 {
		dst = append(dst, `,"displayRangeStart":0,"displayRangeEnd":`...)
	} else {
		dst = append(dst, `,"displayRangeStart":`...)
		dst = appendInt(dst, r.DisplayRangeStart)
		dst = append(dst, `,"displayRangeEnd":`...)
	}
	dst = appendInt(dst, r.DisplayRangeEnd)
	return append(dst, '}')
}

// digitPairs holds "00" to "99", two digits of a number at a time.
const digitPairs = "" +
	"00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// appendInt is strconv.AppendInt(dst, int64(v), 10), with the numbers of
// nearly every result (0 to 9999) written in line, two digits at a time:
// seven numbers a line are a noticeable share of --jsonl's work.
func appendInt(dst []byte, v int) []byte {
	switch {
	case v < 0 || v >= 10000:
		return strconv.AppendInt(dst, int64(v), 10)
	case v < 10:
		return append(dst, byte('0'+v))
	case v < 100:
		return append(dst, digitPairs[2*v], digitPairs[2*v+1])
	case v < 1000:
		lo := 2 * (v % 100)
		return append(dst, byte('0'+v/100), digitPairs[lo], digitPairs[lo+1])
	}
	hi, lo := 2*(v/100), 2*(v%100)
	return append(dst, digitPairs[hi], digitPairs[hi+1], digitPairs[lo], digitPairs[lo+1])
}

// countLine decodes and counts one --jsonl line (without its "\n"). The
// text's bytes are checked for UTF-8 by the count itself, which decodes
// them anyway; a line it refuses, or any other fault, goes through
// countLineChecked, whose answer (result or error) it always matches.
func countLine(dec *jsonline.Decoder, line []byte, cfg textcount.Config) (textcount.Result, error) {
	text, err := dec.FieldUnchecked(line, "text")
	if err == nil && len(text) <= maxCountText {
		if res, ok := textcount.ParseUTF8(text, cfg); ok {
			return res, nil
		}
	}
	return countLineChecked(dec, line, cfg)
}

// countLineChecked is countLine, checking the text for UTF-8 as it is read.
func countLineChecked(dec *jsonline.Decoder, line []byte, cfg textcount.Config) (textcount.Result, error) {
	if len(bytes.TrimSpace(line)) == 0 {
		return textcount.Result{}, errors.New(`empty line; every line must be a JSON object with a "text" field`)
	}
	text, err := dec.Field(line, "text")
	if err != nil {
		return textcount.Result{}, jsonlError(err)
	}
	if len(text) > maxCountText {
		return textcount.Result{}, fmt.Errorf("the text is longer than %s: no post is that long (Premium posts hold at most 25,000 characters)", human.Size(maxCountText))
	}
	return textcount.ParseWith(string(text), cfg), nil
}

// jsonlError words an error of jsonline for the user.
func jsonlError(err error) error {
	if errors.Is(err, jsonline.ErrNoField) {
		return errors.New(`no "text" field`)
	}
	if e, ok := errors.AsType[*jsonline.EncodingError](err); ok {
		// Decoding would turn either fault into U+FFFD, and the count
		// would be of a text other than the one given.
		if e.Escape != "" {
			return fmt.Errorf(`the "text" holds %s, half of a UTF-16 surrogate pair without its other half, which is no character: fix how this line was encoded`, e.Escape)
		}
		return fmt.Errorf(`the "text" holds the byte 0x%02x, which is not UTF-8: convert the input to UTF-8 (e.g. with iconv)`, e.Byte)
	}
	if e, ok := errors.AsType[*jsonline.SyntaxError](err); ok && e.Trailing {
		return err
	}
	return fmt.Errorf(`not a JSON object with a "text" string: %v`, err)
}
