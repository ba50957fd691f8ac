package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/assistant"
	"github.com/xpostdev/xpost/internal/when"
	"github.com/xpostdev/xpost/outbox"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi"
)

func (a *app) newMCPCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "mcp",
		Short: "Serve xpost's counter and drafts to an AI assistant (MCP over stdio)",
		Long: `Mcp runs a Model Context Protocol server on standard input and output, for an
AI assistant (Claude Desktop, Claude Code, VS Code, Cursor...) to prepare posts
with xpost: count a text exactly as X does, split it into a thread, create and
update drafts (posts or threads, media by path with alt text, polls), list and
read drafts, and read your recent posts.

It never publishes. The drafts it writes are marked as the assistant's and
appear in the composer's drafts list (xpost, then alt+d) and in xpost drafts,
for you to review and publish.

With "assistant_may_schedule": true in config.json it may also put its own
drafts in the queue (tool draft_schedule) for a time at least 10 minutes
ahead, after the checks xpost post --at makes; a queue runner posts them then,
and xpost queue cancels or moves them until it does. Nothing is posted at once.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			srv, err := a.mcpServer()
			if err != nil {
				return err
			}
			return srv.Run(cmd.Context(), &mcp.IOTransport{Reader: readCloser{a.stdin}, Writer: writeCloser{a.stdout}})
		},
	}
}

// mcpServer is the assistant's server on the configured drafts folder,
// counting against the configured limit and reading recent posts with
// the saved login.
func (a *app) mcpServer() (*mcp.Server, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	store, err := a.draftStore()
	if err != nil {
		return nil, err
	}
	limit := cfg.postLimit(xapi.StandardLimit)
	if tok, err := a.store(cfg).Load(); err == nil {
		if u := tok.User(); u != nil {
			limit = cfg.postLimit(u.MaxPostLength())
		}
	}
	ac := assistant.Config{
		Store:   store,
		Limit:   limit,
		Version: programVersion(),
		Inspect: inspectMedia,
		Recent: func(ctx context.Context, n int) ([]assistant.Post, error) {
			c, err := a.client()
			if err != nil {
				return nil, err
			}
			posts, _, err := c.RecentPosts(ctx, &xapi.ListOptions{MaxResults: max(n, 5)})
			if err != nil {
				return nil, err
			}
			out := []assistant.Post{}
			for _, p := range posts[:min(n, len(posts))] {
				ap := assistant.Post{ID: p.ID, Text: p.OwnText(), CreatedAt: p.CreatedAt}
				if m := p.Metrics; m != nil {
					ap.Likes, ap.Reposts, ap.Replies = m.Likes, m.Reposts, m.Replies
				}
				out = append(out, ap)
			}
			return out, nil
		},
	}
	if cfg.AssistantMaySchedule {
		q := &outbox.Queue{Store: store}
		ac.Schedule = func(ctx context.Context, d *draft.Draft, at string) (time.Time, error) {
			return a.scheduleForAssistant(ctx, q, d, at)
		}
	}
	return assistant.NewServer(ac), nil
}

// assistantLead is how far ahead, at least, the assistant may queue a
// draft: time for the user to see it in the queue and cancel or move it.
// Nothing the assistant does is posted at once.
const assistantLead = 10 * time.Minute

// scheduleForAssistant queues the assistant's draft d in q at the time
// at, after the checks xpost post --at makes (the account's limit, the
// plan's rules and prices); q shares the assistant's draft store, which
// holds d's lock.
func (a *app) scheduleForAssistant(ctx context.Context, q *outbox.Queue, d *draft.Draft, at string) (time.Time, error) {
	t, err := a.parseTime(at)
	if err != nil {
		return time.Time{}, err
	}
	if earliest := a.now().Add(assistantLead); t.Time.Before(earliest) {
		return time.Time{}, fmt.Errorf("%s is too soon: the assistant queues posts at least %v ahead (from %s), so that the user can review them first", when.Format(t.Time), assistantLead, when.Format(earliest))
	}
	_, _, _, check, err := a.checkForQueue(ctx, publishRun{d: d, t: threadFromDraft(d)})
	if err != nil {
		return time.Time{}, err
	}
	if err := check.Err(); err != nil {
		return time.Time{}, err
	}
	if err := q.Add(d, draft.Schedule{At: t.Time, Zone: zoneName(t.Time.Location())}); err != nil {
		return time.Time{}, err
	}
	a.logger().Info("queued by the assistant", "draft", d.ID, "at", t.Time.Format(time.RFC3339), "parts", len(d.Posts))
	return t.Time, nil
}

// readCloser and writeCloser give the app's standard streams the Close
// the MCP transport wants; the process owns the real ones.
type readCloser struct{ io.Reader }

func (readCloser) Close() error { return nil }

type writeCloser struct{ io.Writer }

func (writeCloser) Close() error { return nil }
