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
after the results of the lines before it.

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
			in := a.stdin
			name := "standard input"
			if len(args) == 1 && args[0] != "-" {
				file, err := os.Open(args[0])
				if err != nil {
					return fmt.Errorf("cannot read %s: %w", args[0], unwrapPathError(err))
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

// countText counts the whole input as one post.
func countText(in io.Reader, name string, out io.Writer, cfg textcount.Config, asJSON bool) error {
	b, err := io.ReadAll(in)
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

// jsonlInput is one line of `count --jsonl` input; other fields are ignored.
type jsonlInput struct {
	Text *string `json:"text"`
}

// countLines counts one JSON object per line, streaming: a result is
// written as soon as its line is read, so a long input needs no memory.
func countLines(in io.Reader, name string, out io.Writer, cfg textcount.Config) error {
	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriter(out)
	allValid := true
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if len(line) == 0 && err == io.EOF {
			break
		}
		if err != nil && err != io.EOF {
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
		if err == io.EOF {
			break
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

// countLine decodes and counts one --jsonl line (with or without its "\n").
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
	if in.Text == nil {
		return textcount.Result{}, errors.New(`no "text" field`)
	}
	return textcount.ParseWith(*in.Text, cfg), nil
}
