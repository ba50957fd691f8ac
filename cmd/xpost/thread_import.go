package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/textcount"
	"github.com/xpostdev/xpost/ui/draft"
)

// Formats `xpost thread import` reads.
const (
	importAuto     = "auto"
	importThread   = "thread"
	importMarkdown = "markdown"
)

// importJSON is `xpost thread import --json`.
type importJSON struct {
	ID    string `json:"id"`
	Posts int    `json:"posts"`
	// Format is what the file was read as: "thread" or "markdown".
	Format string `json:"format"`
	// Notes are what the thread does not carry as written, and what to
	// fix before it can be published.
	Notes []string `json:"notes,omitempty"`
}

// newThreadExportCommand is `xpost thread export`: the same command as
// `xpost drafts export`, beside import.
func (a *app) newThreadExportCommand() *cobra.Command {
	cmd := a.newDraftsExportCommand()
	cmd.Use = "export [-o FILE] [--force] [--json] DRAFT"
	cmd.Short = "Write a draft as a thread file (the same as xpost drafts export)"
	return cmd
}

func (a *app) newThreadImportCommand() *cobra.Command {
	var (
		from   string
		max    int
		number bool
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "import [--from auto|thread|markdown] [--max N] [--number] [--json] FILE",
		Short: "Make a draft of a thread file or a Markdown document",
		Long: `Import reads FILE (- for standard input) and saves it as a new draft, which
plain xpost then opens (it continues the draft changed last). It prints the
draft's id.

A thread file (see xpost thread --help) comes in as it is: importing what
xpost thread export wrote gives back the same thread.

A Markdown document (--from markdown, or a FILE named .md or .markdown that has
a heading; thread files are often named .md too) is cut into posts: a heading or a --- starts a post, and
paragraphs, lists and code join the post while it fits --max characters,
else go to the next, and one longer than a post is split at paragraph,
sentence, then word ends. Links are kept as "text URL", emphasis is dropped,
code spans and lists keep their text and bullets, and an image ![alt](path)
whose file exists becomes an attachment with alt as its alt text.

Nothing is published. What the draft cannot carry as written, and what X
would refuse, is printed on standard error for you to fix in the composer.`,
		Args: exactArgs(1, "one FILE (- for standard input)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if max < 1 {
				return usagef(cmd, "--max must be a positive number of characters, such as 280")
			}
			switch from {
			case importAuto, importThread, importMarkdown:
			default:
				return usagef(cmd, "--from must be auto, thread or markdown, not %q", from)
			}
			return a.importThread(cmd, args[0], from, max, number, asJSON)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&from, "from", importAuto, "read FILE as a `thread` file or as `markdown`; auto reads a .md or .markdown FILE with a heading as Markdown, anything else as a thread file")
	fl.IntVar(&max, "max", 280, "the weighted `N` a Markdown document's posts are filled to (25000 for Premium long posts)")
	fl.BoolVar(&number, "number", false, "number the posts (\" i/n\", counted against the limit)")
	fl.BoolVar(&asJSON, "json", false, "print the draft made as one JSON object")
	return cmd
}

// importFormat is what a file named name holding data is read as under
// --from. Thread files are often named .md too (they read as Markdown in
// an editor), so auto takes a .md file for a Markdown document only when
// it has a heading, which a thread file seldom has and a document
// seldom lacks.
func importFormat(from, name string, data []byte) string {
	if from != importAuto {
		return from
	}
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".thread.md") {
		return importThread
	}
	switch filepath.Ext(lower) {
	case ".md", ".markdown", ".mdown", ".mkd":
		if draft.HasMarkdownHeading(string(data)) {
			return importMarkdown
		}
	}
	return importThread
}

// importThread is `xpost thread import`.
func (a *app) importThread(cmd *cobra.Command, path, from string, max int, number, asJSON bool) error {
	store, err := a.draftStore()
	if err != nil {
		return err
	}
	data, name, err := a.readText(cmd, path, "import")
	if err != nil {
		return err
	}
	// Media paths are relative to the file, or to the current directory
	// for standard input.
	baseDir, _ := filepath.Abs(".")
	if path != "-" {
		if abs, err := filepath.Abs(path); err == nil {
			baseDir = filepath.Dir(abs)
		}
	}
	format := importFormat(from, path, data)
	cfg := textcount.DefaultConfig.WithMax(max)
	var d *draft.Draft
	var notes []string
	if format == importMarkdown {
		var mdNotes []draft.MarkdownNote
		d, mdNotes = draft.ParseMarkdown(string(data), draft.MarkdownOptions{Config: cfg, Numbered: number, BaseDir: baseDir})
		for _, n := range mdNotes {
			notes = append(notes, "line "+strconv.Itoa(n.Line)+": "+n.Msg)
		}
	} else {
		d, err = draft.ParseThread(bytes.NewReader(data), baseDir)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		d.Numbering = number
	}
	// Empty input makes no draft: saved, it would only be refused later,
	// at publishing.
	if !slices.ContainsFunc(d.Posts, func(p draft.Post) bool {
		return strings.TrimSpace(p.Text) != "" || len(p.Media) > 0 || p.Poll != nil
	}) {
		return fmt.Errorf("%s holds no post: nothing to import", name)
	}
	// Attachments are inspected as xpost thread inspects them, so the
	// composer and the checks below know their kind and size; one that
	// is not media X takes is left out, and said.
	for i := range d.Posts {
		kept := d.Posts[i].Media[:0]
		for _, m := range d.Posts[i].Media {
			im, err := inspectMedia(m.Path, m.Alt)
			if err != nil {
				notes = append(notes, fmt.Sprintf("post %d: %s: left out", i+1, userMessage(err)))
				continue
			}
			kept = append(kept, im)
		}
		d.Posts[i].Media = kept
	}
	for _, p := range d.Validate(draft.LimitConfig(max)) {
		notes = append(notes, p.String())
	}
	if err := store.Save(d); err != nil {
		return fmt.Errorf("cannot save the draft: %w", err)
	}
	if asJSON {
		return writeJSON(a.stdout, importJSON{ID: d.ID, Posts: len(d.Posts), Format: format, Notes: notes})
	}
	fmt.Fprintln(a.stdout, d.ID)
	for _, n := range notes {
		fmt.Fprintln(a.stderr, "xpost: "+n)
	}
	fmt.Fprintf(a.stderr, "imported %s (%s) as draft %s, %s: xpost opens it\n", name, format, d.ID, human.Count(len(d.Posts), "post", "posts"))
	return nil
}
