package main

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/textcount"
	"github.com/xpostdev/xpost/ui/draft"
)

// splitThread is `xpost thread --split`: text in, thread file out.
func (a *app) splitThread(cmd *cobra.Command, path string, f threadFlags) error {
	if f.max < 1 {
		return usagef(cmd, "--max must be a positive number of characters, such as 280")
	}
	var data []byte
	var err error
	name := path
	if path == "-" {
		name = "standard input"
		data, err = fsx.ReadAll(fsx.ContextReader(cmd.Context(), a.stdin), name, draft.MaxThreadFile)
	} else {
		data, err = fsx.ReadFile(path, draft.MaxThreadFile)
	}
	if err != nil {
		return readFailure(name, err, "split it into several files")
	}
	if !utf8.Valid(data) {
		return fmt.Errorf("%s is not UTF-8 text; convert it (e.g. with iconv) and split again", name)
	}
	text := string(bytes.TrimPrefix(bytes.TrimSuffix(data, []byte("\n")), []byte("\uFEFF")))
	pieces, err := draft.SplitText(text, textcount.DefaultConfig.WithMax(f.max), f.number)
	if err != nil {
		return err
	}
	d := draft.New()
	d.Numbering = f.number
	d.Posts = d.Posts[:0]
	for _, t := range draft.PostTexts(pieces) {
		d.Posts = append(d.Posts, draft.Post{Text: t})
	}
	if f.number {
		// A thread file holds no settings: the numbers go into the text.
		texts := make([]string, len(d.Posts))
		for i := range d.Posts {
			texts[i] = d.TextForPublish(i)
		}
		for i := range d.Posts {
			d.Posts[i].Text = texts[i]
		}
	}
	return draft.WriteThread(a.stdout, d, "")
}
