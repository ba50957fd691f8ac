package main

import (
	"bytes"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/rules"
)

// editFlags are the options of `xpost edit`.
type editFlags struct {
	file    string
	media   []string
	dryRun  bool
	asJSON  bool
	maxWait time.Duration
}

// editJSON is what `xpost edit --json` prints.
type editJSON struct {
	ID         string `json:"id"`
	PreviousID string `json:"previous_id"`
	// EditableUntil and EditsRemaining are the post's edit controls
	// after this edit, as X gave them before it (the window does not
	// move; one edit fewer is left).
	EditableUntil  time.Time `json:"editable_until,omitzero"`
	EditsRemaining *int      `json:"edits_remaining,omitempty"`
}

// editDryRunJSON is what `xpost edit --dry-run --json` prints.
type editDryRunJSON struct {
	DryRun  bool                    `json:"dry_run"`
	Request *xapi.CreatePostRequest `json:"request"`
}

func (a *app) newEditCommand() *cobra.Command {
	var f editFlags
	cmd := &cobra.Command{
		Use:   "edit [flags] ID [TEXT | -]",
		Short: "Edit one of your recent posts",
		Long: `Edit replaces the text of one of your posts with a new version and prints
the new version's id (X gives every version its own id and keeps the
history).

ID is the post's id or link. The new text is TEXT, - for standard input, or
--file F (one trailing newline is dropped). An edit replaces the whole post:
attach media again with --media, or the new version has none; a post with
media is not edited without --media.

X allows edits only to an X Premium account's own posts, within an hour of
posting and up to 5 times; polls and replies to other people's posts cannot
be edited. xpost reads the post first and stops, saying so, when X would
refuse; to change a post past its window, delete it and post it again.
--dry-run validates and prints what would be sent, sending nothing.`,
		Example: `  xpost edit 1880028106020515840 "Fixed the typo"
  xpost edit https://x.com/me/status/1880028106020515840 --file post.txt
  xpost edit --json 1880028106020515840 - < post.txt`,
		Args: cobra.MatchAll(minArgs(1, "the ID of the post to edit, then the new TEXT"), maxArgs(2, "the post's ID and the new TEXT (quote it)")),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := rules.ParsePostRef(args[0])
			if err != nil {
				return usagef(cmd, "%v", err)
			}
			d, err := a.editDraft(cmd, f, args[1:])
			if err != nil {
				return err
			}
			t := threadFromDraft(d)
			t.EditOf = id
			r := publishRun{d: d, t: t, j: &xapi.MemoryJournal{}, maxWait: f.maxWait}
			if f.dryRun {
				if f.asJSON {
					return a.editDryRunJSON(r)
				}
				return a.dryRun(cmd.Context(), r)
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			// Read the post first: X's refusal would cost nothing, but
			// an edit sent without the post's media would drop it.
			old, _, err := c.GetPost(cmd.Context(), id)
			if err != nil {
				return fmt.Errorf("read post %s before editing it: %w", id, err)
			}
			me, err := a.accountID(cmd)
			if err != nil {
				return err
			}
			if old.AuthorID != "" && old.AuthorID != me {
				return &xapi.EditRefusedError{PostID: id, Reason: xapi.EditNotOwn}
			}
			if err := xapi.EditableError(old, c.Now()); err != nil {
				return err
			}
			if len(old.MediaKeys) > 0 && len(f.media) == 0 {
				them := "it"
				if len(old.MediaKeys) > 1 {
					them = "them"
				}
				return fmt.Errorf("post %s has %s, and an edit replaces the whole post: attach %s again with --media PATH[=ALT]",
					id, human.Count(len(old.MediaKeys), "media attachment", "media attachments"), them)
			}
			a.logger().Info("edit", "id", id, "media", len(d.Posts[0].Media))
			ids, err := a.publish(cmd.Context(), r)
			if err != nil {
				return err
			}
			a.logger().Info("edited", "id", id, "new", ids[0])
			if !f.asJSON {
				fmt.Fprintln(a.stdout, ids[0])
				fmt.Fprintln(a.stderr, "edited:", postURL(ids[0]))
				return nil
			}
			out := editJSON{ID: ids[0], PreviousID: id}
			if ec := old.EditControls; ec != nil {
				out.EditableUntil = ec.EditableUntil
				n := max(ec.EditsRemaining-1, 0)
				out.EditsRemaining = &n
			}
			return writeJSON(a.stdout, out)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.file, "file", "", "read the new text from `FILE` (one trailing newline is dropped)")
	fl.StringArrayVar(&f.media, "media", nil, "attach a file to the new version, with optional alt text: `PATH[=ALT]` (repeat for up to 4 images)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "validate and print what would be sent, sending nothing")
	fl.BoolVar(&f.asJSON, "json", false, "print the result as one JSON object")
	fl.DurationVar(&f.maxWait, "max-wait", defaultMaxWait, "wait at most this `DURATION` in all for X's rate limit to reset, then stop and say when to retry (0: never wait)")
	return cmd
}

// accountID is the logged-in account's id: the one saved with the login,
// or else X's answer to who the user is.
func (a *app) accountID(cmd *cobra.Command) (string, error) {
	if cfg, err := a.config(); err == nil {
		if tok, err := a.store(cfg).Load(); err == nil && tok != nil && tok.UserID != "" {
			return tok.UserID, nil
		}
	}
	c, err := a.client()
	if err != nil {
		return "", err
	}
	me, err := c.CurrentUser(cmd.Context())
	if err != nil {
		return "", err
	}
	return me.ID, nil
}

// editDraft builds the one-post draft of the new version from TEXT, - or
// --file, and --media.
func (a *app) editDraft(cmd *cobra.Command, f editFlags, args []string) (*draft.Draft, error) {
	var p draft.Post
	switch {
	case f.file != "" && len(args) > 0:
		return nil, usagef(cmd, "give the new text either as TEXT or with --file, not both")
	case f.file != "":
		b, err := fsx.ReadFile(f.file, maxCountText)
		if err != nil {
			return nil, fmt.Errorf("cannot read the new text: %w", err)
		}
		p.Text = string(bytes.TrimSuffix(b, []byte("\n")))
	case len(args) == 1 && args[0] == "-":
		b, err := fsx.ReadAll(fsx.ContextReader(cmd.Context(), a.stdin), "standard input", maxCountText)
		if err != nil {
			return nil, fmt.Errorf("cannot read the new text from standard input: %w", err)
		}
		p.Text = string(bytes.TrimSuffix(b, []byte("\n")))
	case len(args) == 1:
		p.Text = args[0]
	}
	for _, spec := range f.media {
		path, alt := splitMediaSpec(spec)
		m, err := inspectMedia(path, alt)
		if err != nil {
			return nil, err
		}
		p.Media = append(p.Media, m)
	}
	if p.Text == "" && len(p.Media) == 0 {
		return nil, usagef(cmd, "nothing to edit the post with: give the new text as an argument, - to read it from standard input, or --file FILE")
	}
	d := draft.New()
	d.Posts = []draft.Post{p}
	return d, nil
}

// editDryRunJSON validates r as the dry run does and prints the request
// it would send as JSON.
func (a *app) editDryRunJSON(r publishRun) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	limit := cfg.postLimit(xapi.StandardLimit)
	if err := validateDraft(r.d, limit, cfg.limitHint(limit), r.where); err != nil {
		return err
	}
	plan, err := xapi.PlanThread(r.t, r.j, limit)
	if err != nil {
		return err
	}
	return writeJSON(a.stdout, editDryRunJSON{DryRun: true, Request: plan.Posts[0].Request})
}
