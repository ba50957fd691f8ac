package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/ui/draft"
)

// draftStore is the drafts folder of the state directory,
// the composer's.
func (a *app) draftStore() (*draft.Store, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	return &draft.Store{Dir: cfg.Dirs.Drafts()}, nil
}

// draftSummaryJSON is one draft of `xpost drafts --json`.
type draftSummaryJSON struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Posts is the number of parts; Posted how many are already on X
	// (an interrupted publish).
	Posts   int       `json:"posts"`
	Posted  int       `json:"posted"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// ScheduledAt is set on a draft queued to be posted later.
	ScheduledAt time.Time `json:"scheduled_at,omitzero"`
	// Origin says who wrote the draft when it was not the user in the
	// composer ("assistant": an AI assistant through xpost mcp).
	Origin string `json:"origin,omitempty"`
	// Account is the saved account the draft is for (xpost --account).
	Account string `json:"account,omitempty"`
}

// draftJSON is `xpost drafts show --json`: the whole draft.
type draftJSON struct {
	ID              string          `json:"id"`
	Posts           []draftPostJSON `json:"posts"`
	ReplyTo         string          `json:"reply_to,omitempty"`
	Quote           string          `json:"quote,omitempty"`
	ReplySettings   string          `json:"reply_settings,omitempty"`
	PaidPartnership bool            `json:"paid_partnership,omitempty"`
	Created         time.Time       `json:"created"`
	Updated         time.Time       `json:"updated"`
	ScheduledAt     time.Time       `json:"scheduled_at,omitzero"`
	Origin          string          `json:"origin,omitempty"`
	Account         string          `json:"account,omitempty"`
}

// draftPostJSON is one part of draftJSON.
type draftPostJSON struct {
	Text  string           `json:"text"`
	Media []draftMediaJSON `json:"media,omitempty"`
	Poll  *draftPollJSON   `json:"poll,omitempty"`
	// PostedID is the part's id on X when an earlier publish posted it.
	PostedID string `json:"posted_id,omitempty"`
}

// draftMediaJSON is one attachment of draftPostJSON.
type draftMediaJSON struct {
	Path string `json:"path"`
	Alt  string `json:"alt,omitempty"`
}

// draftPollJSON is the poll of draftPostJSON.
type draftPollJSON struct {
	Options         []string `json:"options"`
	DurationMinutes int      `json:"duration_minutes"`
}

func summaryJSON(s draft.Summary) draftSummaryJSON {
	out := draftSummaryJSON{ID: s.ID, Title: s.Title, Posts: s.Posts, Posted: s.Posted, Created: s.Created, Updated: s.Updated, Origin: s.Origin, Account: s.Account}
	if s.Schedule != nil {
		out.ScheduledAt = s.Schedule.At
	}
	return out
}

func fullDraftJSON(d *draft.Draft) draftJSON {
	out := draftJSON{ID: d.ID, Posts: []draftPostJSON{}, ReplyTo: d.ReplyTo, Quote: d.Quote, ReplySettings: d.ReplySettings,
		PaidPartnership: d.PaidPartnership, Created: d.Created, Updated: d.Updated, Origin: d.Origin, Account: d.Account}
	if d.Schedule != nil {
		out.ScheduledAt = d.Schedule.At
	}
	for i, p := range d.Posts {
		pj := draftPostJSON{Text: p.Text}
		for _, m := range p.Media {
			pj.Media = append(pj.Media, draftMediaJSON{Path: m.Path, Alt: m.Alt})
		}
		if p.Poll != nil {
			pj.Poll = &draftPollJSON{Options: p.Poll.Options, DurationMinutes: int(p.Poll.Duration / time.Minute)}
		}
		if i < len(d.Journal.PostIDs) {
			pj.PostedID = d.Journal.PostIDs[i]
		}
		out.Posts = append(out.Posts, pj)
	}
	return out
}

func (a *app) newDraftsCommand() *cobra.Command {
	var asJSON bool
	list := func(cmd *cobra.Command, args []string) error {
		s, err := a.draftStore()
		if err != nil {
			return err
		}
		sums, err := s.List()
		var ce *draft.CorruptError
		if err != nil && !errors.As(err, &ce) {
			return err
		}
		if ce != nil {
			// The others still list; the damaged ones were moved aside.
			fmt.Fprintf(a.stderr, "xpost: %v\n", ce)
		}
		if asJSON {
			out := make([]draftSummaryJSON, 0, len(sums))
			for _, s := range sums {
				out = append(out, summaryJSON(s))
			}
			return writeJSON(a.stdout, out)
		}
		if len(sums) == 0 {
			fmt.Fprintln(a.stdout, "No drafts.")
			return nil
		}
		for _, s := range sums {
			note := ""
			switch {
			case s.Schedule != nil:
				note = "  (queued for " + s.Schedule.At.Local().Format("2006-01-02 15:04") + ")"
			case s.Posted > 0:
				note = fmt.Sprintf("  (%d of %d posted)", s.Posted, s.Posts)
			}
			if s.Origin == draft.OriginAssistant {
				note += "  (from the assistant)"
			}
			fmt.Fprintf(a.stdout, "%s  %s  %s  %s%s\n", s.ID, s.Updated.Local().Format("2006-01-02 15:04"),
				human.Count(s.Posts, "post", "posts"), oneLine(titleOf(s), 60), note)
		}
		return nil
	}
	cmd := &cobra.Command{
		Use:   "drafts [--json]",
		Short: "List, show, export and delete the composer's drafts",
		Long: `Drafts lists the composer's drafts, most recently changed first: id, last
change, posts and first line. Its commands show one, export one to a thread
file (for xpost thread), and delete drafts.

A draft open in a composer window is never changed here: delete refuses it
until the window lets it go.`,
		Args: noArgs,
		RunE: list,
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the drafts as a JSON array")
	listCmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the drafts (the same as xpost drafts)",
		Args:  noArgs,
		RunE:  list,
	}
	listCmd.Flags().BoolVar(&asJSON, "json", false, "print the drafts as a JSON array")
	cmd.AddCommand(listCmd, a.newDraftsShowCommand(), a.newDraftsExportCommand(), a.newDraftsDeleteCommand())
	return cmd
}

// titleOf is a draft's first line, or a word for an empty one.
func titleOf(s draft.Summary) string {
	if s.Title == "" {
		return "(no text)"
	}
	return s.Title
}

// loadDraft reads draft id for reading only (a window may hold it: what
// it last saved is shown).
func (a *app) loadDraft(cmd *cobra.Command, id string) (*draft.Draft, error) {
	s, err := a.draftStore()
	if err != nil {
		return nil, err
	}
	d, err := s.Load(id)
	if errors.Is(err, draft.ErrNotFound) {
		return nil, fmt.Errorf("no draft %s: list them with xpost drafts", id)
	}
	return d, err
}

func (a *app) newDraftsShowCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show [--json] ID",
		Short: "Print a draft, as a thread file (or JSON)",
		Args:  exactArgs(1, "one draft ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := a.loadDraft(cmd, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, fullDraftJSON(d))
			}
			return draft.WriteThread(a.stdout, d, "")
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the whole draft as one JSON object")
	return cmd
}

// exportJSON is `xpost drafts export --json`.
type exportJSON struct {
	ID   string `json:"id"`
	File string `json:"file"`
	// Flags are what the file cannot hold, for xpost thread's command
	// line (--reply-to, --quote).
	Flags []string `json:"flags,omitempty"`
}

func (a *app) newDraftsExportCommand() *cobra.Command {
	var (
		out    string
		force  bool
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "export [-o FILE] [--force] [--json] ID",
		Short: "Write a draft as a thread file that xpost thread publishes",
		Long: `Export writes draft ID in the thread file format (see xpost thread --help) to
FILE, or to standard output without -o; media paths are written relative to
FILE's directory. An existing FILE is kept unless --force is given.

A thread file holds posts, media and polls; what it cannot hold (the post the
draft replies to or quotes) is printed as the flags to give xpost thread.
Reply settings and the paid-partnership label are not carried by a thread
file either: publish such a draft from the composer.`,
		Args: exactArgs(1, "one draft ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := a.loadDraft(cmd, args[0])
			if err != nil {
				return err
			}
			var flags []string
			if d.ReplyTo != "" {
				flags = append(flags, "--reply-to", d.ReplyTo)
			}
			if d.Quote != "" {
				flags = append(flags, "--quote", d.Quote)
			}
			if out == "" || out == "-" {
				if asJSON {
					return usagef(cmd, "--json needs -o FILE: the thread itself goes to standard output otherwise")
				}
				if err := draft.WriteThread(a.stdout, d, ""); err != nil {
					return err
				}
			} else {
				abs, err := filepath.Abs(out)
				if err != nil {
					return err
				}
				if _, err := os.Lstat(abs); err == nil && !force {
					return fmt.Errorf("%s exists: give another -o FILE, or --force to replace it", out)
				} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
					return err
				}
				var buf bytes.Buffer
				if err := draft.WriteThread(&buf, d, filepath.Dir(abs)); err != nil {
					return err
				}
				if err := fsx.WriteFile(abs, buf.Bytes(), 0o600); err != nil {
					return fmt.Errorf("cannot write %s: %w", out, err)
				}
				if asJSON {
					return writeJSON(a.stdout, exportJSON{ID: d.ID, File: abs, Flags: flags})
				}
				fmt.Fprintf(a.stderr, "wrote %s: publish it with xpost thread%s %s\n", out, strings.TrimRight(" "+strings.Join(flags, " "), " "), out)
				return nil
			}
			if len(flags) > 0 {
				fmt.Fprintf(a.stderr, "xpost: a thread file cannot say what the draft replies to or quotes: give xpost thread %s\n", strings.Join(flags, " "))
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the thread file to `FILE` instead of standard output")
	cmd.Flags().BoolVar(&force, "force", false, "replace FILE if it exists")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the file written as one JSON object")
	return cmd
}

// draftsDeleteJSON is `xpost drafts delete --json`.
type draftsDeleteJSON struct {
	Deleted []string `json:"deleted"`
	Failed  string   `json:"failed,omitempty"`
}

func (a *app) newDraftsDeleteCommand() *cobra.Command {
	var yes, asJSON bool
	cmd := &cobra.Command{
		Use:   "delete [--yes] [--json] ID...",
		Short: "Delete drafts",
		Long: `Delete removes drafts. It asks first (y/N) on a terminal; without one, or
with --no-input, it refuses unless --yes is given. A draft open in a composer
window is not deleted: close it there first.`,
		Args: minArgs(1, "at least one draft ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.draftStore()
			if err != nil {
				return err
			}
			if !yes {
				if !a.canAsk() {
					return a.needInput(cmd, "deleting "+human.Count(len(args), "draft", "drafts"), "--yes")
				}
				if !a.confirm(cmd.Context(), fmt.Sprintf("Delete %s (%s)?", human.Count(len(args), "draft", "drafts"), strings.Join(args, ", "))) {
					fmt.Fprintln(a.stderr, "Nothing deleted.")
					return &exitError{code: exitFailure}
				}
			}
			out := draftsDeleteJSON{Deleted: []string{}}
			for _, id := range args {
				if err := s.Delete(id); err != nil {
					if asJSON {
						out.Failed = id
						_ = writeJSON(a.stdout, out)
					}
					if errors.Is(err, draft.ErrNotFound) {
						return fmt.Errorf("no draft %s: list them with xpost drafts", id)
					}
					return err
				}
				a.logger().Info("deleted draft", "id", id)
				out.Deleted = append(out.Deleted, id)
				if !asJSON {
					fmt.Fprintf(a.stdout, "deleted draft %s\n", id)
				}
			}
			if asJSON {
				return writeJSON(a.stdout, out)
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the drafts deleted (and the one that failed) as one JSON object")
	return cmd
}
