// Package assistant is the Model Context Protocol server of `xpost mcp`:
// the tools an AI assistant uses to prepare posts with xpost's own
// counter, splitter and draft store. It never publishes. The drafts it
// writes are marked as the assistant's (draft.OriginAssistant) and wait
// in the composer's drafts list for the user to review and publish; where
// the user allows it (assistant_may_schedule), it may put them in the
// queue for a later time, which the user can still cancel or move.
//
// It is not for reaching X: the one read it offers (recent posts) is a
// function the caller supplies, through the services the CLI uses.
package assistant

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/xpostdev/xpost/textcount"
	"github.com/xpostdev/xpost/ui/draft"
)

// Post is one of the user's recent posts, as the recent_posts tool
// returns it.
type Post struct {
	ID        string    `json:"id"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	Likes     int       `json:"likes"`
	Reposts   int       `json:"reposts"`
	Replies   int       `json:"replies"`
}

// Config is what the server works with.
type Config struct {
	// Store is the drafts folder the composer reads.
	Store *draft.Store
	// Limit is the weighted length posts are counted against (280, or
	// 25,000 for Premium); 0 means 280.
	Limit int
	// Recent reads the user's latest posts, newest first; nil leaves the
	// recent_posts tool out.
	Recent func(ctx context.Context, limit int) ([]Post, error)
	// Version is the program's version, told to the client.
	Version string
	// Inspect checks a media file by its bytes (kind, type, size) and
	// returns it as a draft attachment; the composer does the same.
	Inspect func(path, alt string) (draft.Media, error)
	// Schedule queues the draft d, which the assistant wrote, to be
	// posted at the time at (RFC 3339 or one of xpost's local forms such
	// as "tomorrow 9:00"), with the checks xpost post --at makes, and
	// returns the time it resolved. It must refuse a time so near that
	// the user could not review the item first: nothing the assistant
	// does is ever posted at once. nil, the default (the user has not
	// set assistant_may_schedule), leaves the draft_schedule tool out.
	Schedule func(ctx context.Context, d *draft.Draft, at string) (time.Time, error)
}

// NewServer returns the MCP server with xpost's tools.
func NewServer(c Config) *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "xpost", Version: c.Version}, &mcp.ServerOptions{
		Instructions: "xpost prepares posts for X. Count with count (X's exact weighted length), split long text with split, " +
			"and save drafts with draft_create or draft_update: they appear in the user's xpost composer, marked as yours, " +
			"for the user to review and publish. Nothing here publishes.",
	})
	t := tools{c: c}
	mcp.AddTool(s, &mcp.Tool{Name: "count", Description: "Count a post's weighted length exactly as X does (URLs 23, most emoji and CJK 2) against the account's limit."}, t.count)
	mcp.AddTool(s, &mcp.Tool{Name: "split", Description: "Split a long text into thread posts that each fit the limit, at paragraph, sentence or word breaks."}, t.split)
	mcp.AddTool(s, &mcp.Tool{Name: "draft_create", Description: "Save a new draft (one post or a thread, with media files by absolute path and alt text, or a poll) for the user to review in the xpost composer. It is not published."}, t.create)
	mcp.AddTool(s, &mcp.Tool{Name: "draft_update", Description: "Replace the posts of a draft this assistant created (by id). Drafts the user wrote, or has open in the composer, are not changed."}, t.update)
	mcp.AddTool(s, &mcp.Tool{Name: "draft_list", Description: "List the drafts: id, first line, parts, last change, and whether the assistant wrote it."}, t.list)
	mcp.AddTool(s, &mcp.Tool{Name: "draft_get", Description: "Read one draft by id: its posts, media, polls."}, t.get)
	if c.Schedule != nil {
		mcp.AddTool(s, &mcp.Tool{Name: "draft_schedule", Description: "Put a draft this assistant created in the user's queue, to be posted at a later time the user agreed to (RFC 3339, or a local form such as \"tomorrow 9:00\"). The user can still cancel or move it with xpost queue; nothing is posted at once."}, t.schedule)
	}
	if c.Recent != nil {
		mcp.AddTool(s, &mcp.Tool{Name: "recent_posts", Description: "Read the user's latest posts on X, newest first (read-only)."}, t.recent)
	}
	return s
}

type tools struct{ c Config }

func (t tools) config() textcount.Config { return draft.LimitConfig(t.limit()) }

func (t tools) limit() int {
	if t.c.Limit > 0 {
		return t.c.Limit
	}
	return textcount.DefaultConfig.MaxWeightedTweetLength
}

// CountIn is the count tool's input.
type CountIn struct {
	Text string `json:"text" jsonschema:"the post's text"`
}

// CountOut is the count tool's result.
type CountOut struct {
	WeightedLength int  `json:"weighted_length"`
	Limit          int  `json:"limit"`
	Valid          bool `json:"valid" jsonschema:"true when X accepts the text as one post"`
	Remaining      int  `json:"remaining" jsonschema:"characters left; negative when over"`
}

func (t tools) count(_ context.Context, _ *mcp.CallToolRequest, in CountIn) (*mcp.CallToolResult, CountOut, error) {
	r := textcount.ParseWith(in.Text, t.config())
	return nil, CountOut{WeightedLength: r.WeightedLength, Limit: t.limit(), Valid: r.Valid, Remaining: t.limit() - r.WeightedLength}, nil
}

// SplitIn is the split tool's input.
type SplitIn struct {
	Text     string `json:"text"`
	Numbered bool   `json:"numbered,omitempty" jsonschema:"leave room for the ' 1/3' numbering a numbered draft adds"`
}

// SplitOut is the split tool's result.
type SplitOut struct {
	Posts []string `json:"posts"`
}

func (t tools) split(_ context.Context, _ *mcp.CallToolRequest, in SplitIn) (*mcp.CallToolResult, SplitOut, error) {
	pieces, err := draft.SplitText(in.Text, t.config(), in.Numbered)
	if err != nil {
		return nil, SplitOut{}, err
	}
	return nil, SplitOut{Posts: draft.PostTexts(pieces)}, nil
}

// DraftPost is one post of a draft the assistant writes or reads.
type DraftPost struct {
	Text  string  `json:"text"`
	Media []Media `json:"media,omitempty" jsonschema:"up to 4 images, or 1 GIF or video"`
	Poll  *Poll   `json:"poll,omitempty"`
}

// Media is an attachment by absolute path, with its alt text.
type Media struct {
	Path string `json:"path" jsonschema:"absolute path of a JPEG, PNG, GIF, WEBP, MP4, MOV or WebM file"`
	Alt  string `json:"alt,omitempty" jsonschema:"alt text describing it for people who cannot see it"`
}

// Poll is a post's poll.
type Poll struct {
	Options         []string `json:"options" jsonschema:"2 to 4 options"`
	DurationMinutes int      `json:"duration_minutes,omitempty" jsonschema:"5 to 10080; default 1440"`
}

// DraftIn is the input of draft_create and draft_update.
type DraftIn struct {
	ID       string      `json:"id,omitempty" jsonschema:"draft_update only: the draft to replace"`
	Posts    []DraftPost `json:"posts" jsonschema:"one post, or a thread's posts in order"`
	ReplyTo  string      `json:"reply_to,omitempty" jsonschema:"id of a post the first one replies to"`
	Quote    string      `json:"quote,omitempty" jsonschema:"id of a post the first one quotes"`
	Numbered bool        `json:"numbered,omitempty" jsonschema:"number the thread's posts (1/3, 2/3...)"`
}

// DraftOut is the result of draft_create, draft_update and draft_get.
type DraftOut struct {
	ID       string      `json:"id"`
	Posts    []DraftPost `json:"posts"`
	ReplyTo  string      `json:"reply_to,omitempty"`
	Quote    string      `json:"quote,omitempty"`
	Numbered bool        `json:"numbered,omitempty"`
	// Problems are what X would refuse, for the assistant to fix; the
	// draft is saved anyway, as the composer saves what is typed.
	Problems  []string  `json:"problems,omitempty"`
	Assistant bool      `json:"assistant" jsonschema:"written by the assistant"`
	Updated   time.Time `json:"updated"`
}

// fill sets d's posts and settings from in, checking the media files.
func (t tools) fill(d *draft.Draft, in DraftIn) error {
	if len(in.Posts) == 0 {
		return errors.New("posts is empty: give at least one post")
	}
	d.Posts = nil
	for i, p := range in.Posts {
		dp := draft.Post{Text: p.Text}
		for _, m := range p.Media {
			if !filepath.IsAbs(m.Path) {
				return fmt.Errorf("post %d: media path %q is not absolute: give the full path", i+1, m.Path)
			}
			fi, err := os.Stat(m.Path)
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return fmt.Errorf("post %d: no file %s", i+1, m.Path)
				}
				return fmt.Errorf("post %d: %w", i+1, err)
			}
			if !fi.Mode().IsRegular() {
				return fmt.Errorf("post %d: %s is not a regular file", i+1, m.Path)
			}
			dm := draft.Media{Path: m.Path, Alt: m.Alt}
			if t.c.Inspect != nil {
				if dm, err = t.c.Inspect(m.Path, m.Alt); err != nil {
					return fmt.Errorf("post %d: %w", i+1, err)
				}
			}
			dp.Media = append(dp.Media, dm)
		}
		if p.Poll != nil {
			dur := time.Duration(p.Poll.DurationMinutes) * time.Minute
			if dur == 0 {
				dur = draft.DefaultPollDuration
			}
			dp.Poll = &draft.Poll{Options: p.Poll.Options, Duration: dur}
		}
		d.Posts = append(d.Posts, dp)
	}
	d.ReplyTo, d.Quote, d.Numbering = in.ReplyTo, in.Quote, in.Numbered
	d.Origin = draft.OriginAssistant
	return nil
}

func (t tools) out(d *draft.Draft) DraftOut {
	o := DraftOut{ID: d.ID, ReplyTo: d.ReplyTo, Quote: d.Quote, Numbered: d.Numbering, Assistant: d.Origin == draft.OriginAssistant, Updated: d.Updated}
	for _, p := range d.Posts {
		dp := DraftPost{Text: p.Text}
		for _, m := range p.Media {
			dp.Media = append(dp.Media, Media{Path: m.Path, Alt: m.Alt})
		}
		if p.Poll != nil {
			dp.Poll = &Poll{Options: p.Poll.Options, DurationMinutes: int(p.Poll.Duration / time.Minute)}
		}
		o.Posts = append(o.Posts, dp)
	}
	for _, pr := range d.Validate(t.config()) {
		o.Problems = append(o.Problems, pr.String())
	}
	return o
}

func (t tools) create(_ context.Context, _ *mcp.CallToolRequest, in DraftIn) (*mcp.CallToolResult, DraftOut, error) {
	if in.ID != "" {
		return nil, DraftOut{}, errors.New("draft_create makes a new draft: leave out id, or use draft_update")
	}
	d := draft.New()
	if err := t.fill(d, in); err != nil {
		return nil, DraftOut{}, err
	}
	if err := t.c.Store.Save(d); err != nil {
		return nil, DraftOut{}, err
	}
	_ = t.c.Store.Release(d.ID)
	return nil, t.out(d), nil
}

func (t tools) update(_ context.Context, _ *mcp.CallToolRequest, in DraftIn) (*mcp.CallToolResult, DraftOut, error) {
	s := t.c.Store
	if err := s.Lock(in.ID); err != nil {
		if errors.Is(err, draft.ErrOpenElsewhere) {
			return nil, DraftOut{}, fmt.Errorf("%w: the user is working on it; make a new draft instead", err)
		}
		return nil, DraftOut{}, err
	}
	defer s.Release(in.ID)
	d, err := s.Load(in.ID)
	if err != nil {
		return nil, DraftOut{}, err
	}
	if d.Origin != draft.OriginAssistant {
		return nil, DraftOut{}, fmt.Errorf("draft %s is the user's own: it is not changed; make a new draft instead", in.ID)
	}
	if d.Schedule != nil || len(d.Journal.PostIDs) > 0 {
		return nil, DraftOut{}, fmt.Errorf("draft %s is queued or partly posted: it is not changed", in.ID)
	}
	if err := t.fill(d, in); err != nil {
		return nil, DraftOut{}, err
	}
	if err := s.Save(d); err != nil {
		return nil, DraftOut{}, err
	}
	return nil, t.out(d), nil
}

// ScheduleIn is draft_schedule's input.
type ScheduleIn struct {
	ID string `json:"id" jsonschema:"the draft to queue, one this assistant created"`
	At string `json:"at" jsonschema:"when to post: RFC 3339 (2026-05-01T09:00:00+02:00) or a local form such as 'tomorrow 9:00' or 'fri 18:30'"`
}

// ScheduleOut is draft_schedule's result.
type ScheduleOut struct {
	ID    string    `json:"id"`
	At    time.Time `json:"at" jsonschema:"when it will be posted"`
	Posts int       `json:"posts"`
}

func (t tools) schedule(ctx context.Context, _ *mcp.CallToolRequest, in ScheduleIn) (*mcp.CallToolResult, ScheduleOut, error) {
	s := t.c.Store
	id := strings.TrimSpace(in.ID)
	if err := s.Lock(id); err != nil {
		if errors.Is(err, draft.ErrOpenElsewhere) {
			return nil, ScheduleOut{}, fmt.Errorf("%w: the user is working on it; it is not queued", err)
		}
		return nil, ScheduleOut{}, err
	}
	defer s.Release(id)
	d, err := s.Load(id)
	if err != nil {
		return nil, ScheduleOut{}, err
	}
	if d.Origin != draft.OriginAssistant {
		return nil, ScheduleOut{}, fmt.Errorf("draft %s is the user's own: only the user queues it", id)
	}
	if d.Schedule.Open() || len(d.Journal.PostIDs) > 0 {
		return nil, ScheduleOut{}, fmt.Errorf("draft %s is already queued or partly posted", id)
	}
	at, err := t.c.Schedule(ctx, d, in.At)
	if err != nil {
		return nil, ScheduleOut{}, err
	}
	return nil, ScheduleOut{ID: d.ID, At: at, Posts: len(d.Posts)}, nil
}

// ListOut is draft_list's result.
type ListOut struct {
	Drafts []DraftSummary `json:"drafts"`
}

// DraftSummary is one draft of ListOut.
type DraftSummary struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Posts     int       `json:"posts"`
	Updated   time.Time `json:"updated"`
	Assistant bool      `json:"assistant"`
	Queued    bool      `json:"queued,omitempty"`
}

func (t tools) list(_ context.Context, _ *mcp.CallToolRequest, _ struct{}) (*mcp.CallToolResult, ListOut, error) {
	sums, err := t.c.Store.List()
	var ce *draft.CorruptError
	if err != nil && !errors.As(err, &ce) {
		return nil, ListOut{}, err
	}
	out := ListOut{Drafts: []DraftSummary{}}
	for _, s := range sums {
		out.Drafts = append(out.Drafts, DraftSummary{ID: s.ID, Title: s.Title, Posts: s.Posts, Updated: s.Updated,
			Assistant: s.Origin == draft.OriginAssistant, Queued: s.Schedule != nil})
	}
	return nil, out, nil
}

// GetIn is draft_get's input.
type GetIn struct {
	ID string `json:"id"`
}

func (t tools) get(_ context.Context, _ *mcp.CallToolRequest, in GetIn) (*mcp.CallToolResult, DraftOut, error) {
	d, err := t.c.Store.Load(strings.TrimSpace(in.ID))
	if err != nil {
		return nil, DraftOut{}, err
	}
	return nil, t.out(d), nil
}

// RecentIn is recent_posts' input.
type RecentIn struct {
	Limit int `json:"limit,omitempty" jsonschema:"how many posts, 1 to 100; default 10"`
}

// RecentOut is recent_posts' result.
type RecentOut struct {
	Posts []Post `json:"posts"`
}

func (t tools) recent(ctx context.Context, _ *mcp.CallToolRequest, in RecentIn) (*mcp.CallToolResult, RecentOut, error) {
	n := in.Limit
	if n <= 0 {
		n = 10
	}
	if n > 100 {
		return nil, RecentOut{}, errors.New("limit is at most 100")
	}
	posts, err := t.c.Recent(ctx, n)
	if err != nil {
		return nil, RecentOut{}, err
	}
	if posts == nil {
		posts = []Post{}
	}
	return nil, RecentOut{Posts: posts}, nil
}
