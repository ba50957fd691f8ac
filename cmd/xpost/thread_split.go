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

// readText reads the UTF-8 text of FILE, or of standard input for "-",
// at most a thread file's worth, for a command that does what with it
// ("split", "import"); name is what to call it in messages.
func (a *app) readText(cmd *cobra.Command, path, what string) (data []byte, name string, err error) {
	name = path
	if path == "-" {
		name = "standard input"
		data, err = fsx.ReadAll(fsx.ContextReader(cmd.Context(), a.stdin), name, draft.MaxThreadFile)
	} else {
		data, err = fsx.ReadFile(path, draft.MaxThreadFile)
	}
	if err != nil {
		return nil, name, readFailure(name, err, "split it into several files")
	}
	if !utf8.Valid(data) {
		return nil, name, fmt.Errorf("%s is not UTF-8 text; convert it (e.g. with iconv) and %s again", name, what)
	}
	return data, name, nil
}

// splitThread is `xpost thread --split`: text in, thread file out.
func (a *app) splitThread(cmd *cobra.Command, path string, f threadFlags) error {
	if f.max < 1 {
		return usagef(cmd, "--max must be a positive number of characters, such as 280")
	}
	data, _, err := a.readText(cmd, path, "split")
	if err != nil {
		return err
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
