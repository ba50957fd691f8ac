package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/rules"
)

// whoamiJSON is `xpost whoami --json`: the account, the weighted limit
// its posts have, and when X was last asked.
type whoamiJSON struct {
	ID               string    `json:"id"`
	Username         string    `json:"username"`
	Name             string    `json:"name"`
	SubscriptionType string    `json:"subscription_type,omitempty"`
	Limit            int       `json:"limit"`
	ReadAt           time.Time `json:"read_at,omitzero"`
}

func (a *app) newWhoamiCommand() *cobra.Command {
	var asJSON, refresh bool
	cmd := &cobra.Command{
		Use:   "whoami [--json] [--refresh]",
		Short: "Show the logged-in account",
		Long: `Whoami shows the logged-in account as it was saved with the login: its id,
handle, name and the length its posts may have (25,000 for Premium), and
when X was last asked. It asks X only with --refresh, or when the login
holds no account yet; the saved account is also read again in the
background by any command that talks to X once it is a day old.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			var me *xapi.User
			if refresh {
				me, _, err = c.Me(cmd.Context())
			} else {
				me, err = c.CurrentUser(cmd.Context())
			}
			if err != nil {
				return err
			}
			var readAt time.Time
			if cfg, err := a.config(); err == nil {
				if tok, err := a.store(cfg).Load(); err == nil && tok.User() != nil && tok.UserID == me.ID {
					readAt = tok.Account.ReadAt
				}
			}
			if asJSON {
				return writeJSON(a.stdout, whoamiJSON{ID: me.ID, Username: me.Username, Name: me.Name,
					SubscriptionType: me.SubscriptionType, Limit: me.MaxPostLength(), ReadAt: readAt})
			}
			fmt.Fprintf(a.stdout, "@%s (%s), id %s, posts up to %d characters\n", me.Username, me.Name, me.ID, me.MaxPostLength())
			if !readAt.IsZero() && !refresh {
				fmt.Fprintf(a.stdout, "as X said %s ago (xpost whoami --refresh asks again)\n", ago(a.now().Sub(readAt)))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the account as a JSON object")
	cmd.Flags().BoolVar(&refresh, "refresh", false, "ask X again and save the answer with the login")
	return cmd
}

// ago words how long ago something was, to the largest whole unit.
func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return human.Count(int(d/time.Minute), "minute", "minutes")
	case d < 48*time.Hour:
		return human.Count(int(d/time.Hour), "hour", "hours")
	}
	return human.Count(int(d/(24*time.Hour)), "day", "days")
}

// writeJSON prints v as one line of JSON, with <, > and & as they are:
// the output is for scripts and people, not for embedding in HTML.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// recentJSON is one post of `xpost recent --json` (one object per line).
type recentJSON struct {
	ID          string    `json:"id"`
	Text        string    `json:"text"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
	ReplyTo     string    `json:"in_reply_to,omitempty"`
	Quotes      string    `json:"quote_of,omitempty"`
	Likes       int       `json:"likes"`
	Reposts     int       `json:"reposts"`
	Replies     int       `json:"replies"`
	QuoteCount  int       `json:"quotes"`
	Impressions int       `json:"impressions"`
	URL         string    `json:"url"`
	// Private is what X shows the author only, for young posts.
	Private *recentPrivateJSON `json:"private,omitempty"`
	// Edit is X's edit controls, when it sent them.
	Edit *recentEditJSON `json:"edit,omitempty"`
	// Referenced is the post replied to or quoted, when X sent it.
	Referenced *recentRefJSON `json:"referenced,omitempty"`
}

// recentPrivateJSON is recentJSON.Private.
type recentPrivateJSON struct {
	Impressions   int `json:"impressions"`
	ProfileClicks int `json:"profile_clicks"`
	LinkClicks    int `json:"link_clicks"`
}

// recentEditJSON is recentJSON.Edit.
type recentEditJSON struct {
	Eligible       bool      `json:"eligible"`
	EditableUntil  time.Time `json:"editable_until,omitzero"`
	EditsRemaining int       `json:"edits_remaining"`
}

// recentRefJSON is recentJSON.Referenced.
type recentRefJSON struct {
	Type   string `json:"type"` // replied_to or quoted
	ID     string `json:"id"`
	Author string `json:"author,omitempty"` // username, without @
	Text   string `json:"text,omitempty"`
}

// recentOf is p as `xpost recent --json` prints it: the same numbers,
// edit window and referenced post the recent screen shows.
func recentOf(p xapi.Post) recentJSON {
	r := recentJSON{ID: p.ID, Text: p.OwnText(), CreatedAt: p.CreatedAt, ReplyTo: p.InReplyTo(), Quotes: p.Quoted(), URL: postURL(p.ID)}
	if m := p.Metrics; m != nil {
		r.Likes, r.Reposts, r.Replies, r.QuoteCount, r.Impressions = m.Likes, m.Reposts, m.Replies, m.Quotes, m.Impressions
	}
	if m := privateOf(p); m != nil {
		r.Private = &recentPrivateJSON{Impressions: m.Impressions, ProfileClicks: m.ProfileClicks, LinkClicks: m.LinkClicks}
	}
	if ec := p.EditControls; ec != nil {
		r.Edit = &recentEditJSON{Eligible: ec.EditEligible, EditableUntil: ec.EditableUntil, EditsRemaining: ec.EditsRemaining}
	}
	if ref := refersOf(p); ref != nil {
		r.Referenced = &recentRefJSON{Type: ref.Kind, ID: ref.ID, Author: ref.Author, Text: ref.Text}
	}
	return r
}

func (a *app) newRecentCommand() *cobra.Command {
	var (
		asJSON bool
		limit  int
	)
	cmd := &cobra.Command{
		Use:   "recent [--json] [--limit N]",
		Short: "List your recent posts, newest first",
		Long: `Recent lists the logged-in account's posts, newest first: 10 unless --limit
says otherwise, at most 3,200 (X's reach).
With --json it prints one JSON object per post and line.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 1 || limit > 3200 {
				return usagef(cmd, "--limit must be 1 to 3200, got %d", limit)
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			posts, err := recentPosts(cmd, c, limit)
			if err != nil {
				return err
			}
			cached := make([]cachedPost, len(posts))
			for i, p := range posts {
				cached[i] = cachedOf(p)
			}
			a.rememberPosts(cached)
			w := bufio.NewWriter(a.stdout)
			defer w.Flush()
			for _, p := range posts {
				if asJSON {
					if err := writeJSON(w, recentOf(p)); err != nil {
						return err
					}
					continue
				}
				fmt.Fprintln(w, postLine(p))
			}
			if !asJSON && len(posts) == 0 {
				fmt.Fprintln(w, "No posts yet.")
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per post and line")
	cmd.Flags().IntVar(&limit, "limit", defaultRecentLimit, "list at most `N` posts")
	return cmd
}

// recentPosts pages through the account's posts until it has limit.
func recentPosts(cmd *cobra.Command, c *xapi.Client, limit int) ([]xapi.Post, error) {
	var out []xapi.Post
	opts := &xapi.ListOptions{}
	for len(out) < limit {
		// X's page size is 5 to 100; asking for 5 and keeping fewer is
		// cheaper than a second page.
		opts.MaxResults = min(max(limit-len(out), 5), 100)
		page, resp, err := c.RecentPosts(cmd.Context(), opts)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if resp.NextToken == "" || len(page) == 0 {
			break
		}
		opts.PaginationToken = resp.NextToken
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// deletionLine describes post id for the delete confirmation: its id,
// local date and time and the start of its text, or, when it cannot be
// read, its id and why (the delete itself still says what went wrong).
// Not being logged in is an error: nothing could be deleted either.
func deletionLine(ctx context.Context, c *xapi.Client, id string) (string, error) {
	p, _, err := c.GetPost(ctx, id)
	switch {
	case errors.Is(err, xapi.ErrLoginRequired):
		return "", err
	case err != nil:
		return fmt.Sprintf("%s  (could not read it: %v)", id, err), nil
	}
	return postLine(*p), nil
}

// postLine is one post on one line, as xpost recent lists it: id, local
// date and time, the start of its text.
func postLine(p xapi.Post) string {
	when := ""
	if !p.CreatedAt.IsZero() {
		when = p.CreatedAt.Local().Format("2006-01-02 15:04") + "  "
	}
	return fmt.Sprintf("%s  %s%s", p.ID, when, oneLine(p.OwnText(), 100))
}

// oneLine shortens text to one line of at most n characters.
func oneLine(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	return string(r[:n-1]) + "…"
}

func (a *app) newDeleteCommand() *cobra.Command {
	var yes, asJSON bool
	cmd := &cobra.Command{
		Use:   "delete [--yes] [--json] ID...",
		Short: "Delete your posts",
		Long: `Delete deletes posts of the logged-in account by id. On a terminal it first
shows each post's date and text (one read per post) and asks (y/N); without a
terminal, or with --no-input, it refuses (exit status 2) unless --yes is given,
which deletes without reading the posts.`,
		Args: minArgs(1, "at least one post ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, id := range args {
				if !rules.IsPostID(id) {
					return usagef(cmd, "%q is not a post id (the digits at the end of the post's link)", id)
				}
			}
			if !yes && !a.canAsk() {
				return a.needInput(cmd, "deleting "+human.Count(len(args), "post", "posts"), "--yes")
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			if !yes {
				// What is about to go, as the user knows it: its date
				// and text, read once per post (--yes reads nothing).
				fmt.Fprintln(a.stderr, "About to delete:")
				for _, id := range args {
					line, err := deletionLine(cmd.Context(), c, id)
					if err != nil {
						return err
					}
					fmt.Fprintln(a.stderr, "  "+line)
				}
				// ctrl+c stops the question: no answer deletes nothing.
				if !a.confirm(cmd.Context(), fmt.Sprintf("Delete %s? This cannot be undone.", human.Count(len(args), "post", "posts"))) {
					fmt.Fprintln(a.stderr, "Nothing deleted.")
					return &exitError{code: exitFailure}
				}
			}
			out := deleteJSON{Deleted: []string{}}
			for i, id := range args {
				if _, err := c.DeletePost(cmd.Context(), id); err != nil {
					if asJSON {
						out.Failed = id
						_ = writeJSON(a.stdout, out)
					}
					if i > 0 {
						fmt.Fprintf(a.stderr, "xpost: deleted %s before the failure\n", strings.Join(args[:i], ", "))
					}
					return fmt.Errorf("delete %s: %w", id, err)
				}
				a.logger().Info("deleted post", "id", id)
				a.rememberPosts(nil, id)
				out.Deleted = append(out.Deleted, id)
				if !asJSON {
					fmt.Fprintf(a.stdout, "deleted %s\n", id)
				}
			}
			if asJSON {
				return writeJSON(a.stdout, out)
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the posts deleted (and the one that failed) as one JSON object")
	return cmd
}
