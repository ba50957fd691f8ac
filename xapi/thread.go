package xapi

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"github.com/xpostdev/xpost/textcount"
)

// Poll limits.
const (
	MinPollOptions     = 2
	MaxPollOptions     = 4
	MaxPollOptionChars = 25
	MinPollMinutes     = 5
	MaxPollMinutes     = 10080
)

// Attachment is a media file of a thread post, with its alt text.
type Attachment struct {
	Path string
	Alt  string
}

// ThreadPost is one part of a thread.
type ThreadPost struct {
	Text  string
	Media []Attachment
	Poll  *Poll
	// ReplySettings limits who can reply; empty means everyone.
	ReplySettings   string
	PaidPartnership bool
	MadeWithAI      bool
}

// Thread is a list of posts published in order, each replying to the one
// before. The first may reply to or quote another post.
type Thread struct {
	Posts   []ThreadPost
	ReplyTo string
	QuoteID string
}

// Journal records what a publish has done, so that publishing the same
// thread again resumes where it stopped and never posts twice. Every
// Record method must persist before it returns: the next request is only
// made after it. Calls are serialized by the publisher.
type Journal interface {
	// Posted returns the id of post i if it was created.
	Posted(i int) (id string, ok bool)
	// RecordPost notes that post i was created as id.
	RecordPost(i int, id string) error
	// UploadedMedia returns the media id of the file at path if it was
	// uploaded and has not expired.
	UploadedMedia(path string) (id string, ok bool)
	// RecordMedia notes that path was uploaded as id, usable until expires.
	RecordMedia(path, id string, expires time.Time) error
}

// MemoryJournal is a Journal kept in memory: enough for a single `xpost
// post`, and for tests. Its zero value is ready to use.
type MemoryJournal struct {
	mu    sync.Mutex
	posts map[int]string
	media map[string]journalMedia
	// Now is the clock for media expiry; nil means time.Now.
	Now func() time.Time
}

type journalMedia struct {
	id      string
	expires time.Time
}

// Posted implements Journal.
func (j *MemoryJournal) Posted(i int) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	id, ok := j.posts[i]
	return id, ok
}

// RecordPost implements Journal.
func (j *MemoryJournal) RecordPost(i int, id string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.posts == nil {
		j.posts = map[int]string{}
	}
	j.posts[i] = id
	return nil
}

// UploadedMedia implements Journal.
func (j *MemoryJournal) UploadedMedia(path string) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	m, ok := j.media[path]
	now := time.Now
	if j.Now != nil {
		now = j.Now
	}
	if !ok || !now().Before(m.expires) {
		return "", false
	}
	return m.id, true
}

// RecordMedia implements Journal.
func (j *MemoryJournal) RecordMedia(path, id string, expires time.Time) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.media == nil {
		j.media = map[string]journalMedia{}
	}
	j.media[path] = journalMedia{id: id, expires: expires}
	return nil
}

// PostIDs returns the recorded post ids in thread order, up to the first
// gap.
func (j *MemoryJournal) PostIDs() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	var ids []string
	for i := 0; ; i++ {
		id, ok := j.posts[i]
		if !ok {
			return ids
		}
		ids = append(ids, id)
	}
}

// ValidationError is a local check that failed before anything was sent.
type ValidationError struct {
	// Post is the index of the post (0-based); -1 for the thread itself.
	Post int
	// Problem says what is wrong and what to do.
	Problem string
}

// Error names the part of the thread and what is wrong with it.
func (e *ValidationError) Error() string {
	if e.Post < 0 {
		return e.Problem
	}
	return fmt.Sprintf("post %d: %s", e.Post+1, e.Problem)
}

// Message is a sentence for the user.
func (e *ValidationError) Message() string { return e.Error() }

// ValidateThread checks a thread locally, as X would: text length with
// the account's weighted limit (280, or 25,000 for Premium), media files
// (type from their bytes, size caps, per-post rules, alt text length),
// poll rules and exclusions. It returns the detected media of every post.
func ValidateThread(t *Thread, limit int) ([][]*MediaFile, error) {
	if len(t.Posts) == 0 {
		return nil, &ValidationError{Post: -1, Problem: "the thread has no posts: write something first"}
	}
	if t.ReplyTo != "" {
		if err := checkID(t.ReplyTo); err != nil {
			return nil, &ValidationError{Post: 0, Problem: "reply target: " + err.Error()}
		}
	}
	if t.QuoteID != "" {
		if err := checkID(t.QuoteID); err != nil {
			return nil, &ValidationError{Post: 0, Problem: "quoted post: " + err.Error()}
		}
	}
	if limit <= 0 {
		limit = StandardLimit
	}
	cfg := textcount.DefaultConfig.WithMax(limit)
	files := make([][]*MediaFile, len(t.Posts))
	for i, p := range t.Posts {
		bad := func(format string, args ...any) error {
			return &ValidationError{Post: i, Problem: fmt.Sprintf(format, args...)}
		}
		if p.Text == "" && len(p.Media) == 0 {
			return nil, bad("the post is empty: write some text or attach media")
		}
		if p.Text != "" {
			r := textcount.ParseWith(p.Text, cfg)
			if !r.Valid {
				if r.WeightedLength > limit {
					return nil, bad("the text is %d characters long, the limit is %d: shorten it or split the post", r.WeightedLength, limit)
				}
				return nil, bad("the text contains a character X does not accept: remove it")
			}
		}
		for _, a := range p.Media {
			m, err := DetectMedia(a.Path)
			if err != nil {
				return nil, bad("%s", err.Error())
			}
			if n := utf8.RuneCountInString(a.Alt); n > MaxAltText {
				return nil, bad("the alt text of %s is %d characters, X allows at most %d: shorten it", filepath.Base(a.Path), n, MaxAltText)
			}
			files[i] = append(files[i], m)
		}
		if err := CheckPostMedia(files[i], p.Poll != nil); err != nil {
			return nil, bad("%s", err.Error())
		}
		if p.Poll != nil {
			if err := checkPoll(p.Poll); err != nil {
				return nil, bad("%s", err.Error())
			}
			if i == 0 && t.QuoteID != "" {
				return nil, bad("a post cannot both quote a post and have a poll: drop one")
			}
		}
		if i == 0 && t.QuoteID != "" && len(p.Media) > 0 {
			return nil, bad("a post cannot both quote a post and carry media: move the media to the next post")
		}
		switch p.ReplySettings {
		case "", ReplyFollowing, ReplyMentionedUsers, ReplySubscribers, ReplyVerified:
		default:
			return nil, bad("unknown reply setting %q: use following, mentionedUsers, subscribers or verified", p.ReplySettings)
		}
	}
	return files, nil
}

func checkPoll(p *Poll) error {
	if n := len(p.Options); n < MinPollOptions || n > MaxPollOptions {
		return fmt.Errorf("a poll needs %d to %d options, this one has %d", MinPollOptions, MaxPollOptions, n)
	}
	for _, o := range p.Options {
		if n := utf8.RuneCountInString(o); n < 1 || n > MaxPollOptionChars {
			return fmt.Errorf("poll option %q is %d characters: options must be 1 to %d characters", o, n, MaxPollOptionChars)
		}
	}
	if p.DurationMinutes < MinPollMinutes || p.DurationMinutes > MaxPollMinutes {
		return fmt.Errorf("a poll must run 5 minutes to 7 days, not %d minutes", p.DurationMinutes)
	}
	return nil
}

// PublishOptions configures [Client.PublishThread].
type PublishOptions struct {
	// OnEvent receives progress; it may be nil.
	OnEvent EventFunc
	// Resume says a previous publish of this thread may have sent a post
	// without recording it (it crashed or lost the connection). The first
	// unrecorded post is then matched against the account's recent posts
	// instead of being posted twice. A journal with entries implies it.
	Resume bool
	// Limit overrides the weighted length limit; 0 means the account's
	// (280, or 25,000 for Premium and Premium+).
	Limit int
	// Uploads is how many files upload at once; 0 means 4.
	Uploads int
}

// PublishThread validates a thread, uploads all its media concurrently,
// then creates the posts in order, each replying to the previous one. Each
// created post and uploaded file is recorded in j before the next request,
// so calling PublishThread again with the same journal resumes at the
// first unposted part: never a duplicate, never a gap. It returns the ids
// of all the thread's posts.
func (c *Client) PublishThread(ctx context.Context, t *Thread, j Journal, opts PublishOptions) ([]string, error) {
	var jmu sync.Mutex // serializes journal calls
	limit := opts.Limit
	if limit == 0 {
		me, err := c.CurrentUser(ctx)
		if err != nil {
			return nil, err
		}
		limit = me.MaxPostLength()
	}
	files, err := ValidateThread(t, limit)
	if err != nil {
		return nil, err
	}
	resumed := opts.Resume
	posted := make([]string, len(t.Posts))
	for i := range t.Posts {
		if id, ok := j.Posted(i); ok {
			posted[i] = id
			resumed = true
		}
	}

	// Upload every file of the unposted posts, each path once.
	mediaIDs := map[string]string{}
	type job struct {
		post, idx int
		file      *MediaFile
		alt       string
	}
	var jobs []job
	for i, p := range t.Posts {
		if posted[i] != "" {
			continue
		}
		for k, a := range p.Media {
			if _, seen := mediaIDs[a.Path]; seen {
				continue
			}
			mediaIDs[a.Path] = ""
			if id, ok := j.UploadedMedia(a.Path); ok {
				mediaIDs[a.Path] = id
				resumed = true
				c.event(opts.OnEvent, Event{Kind: EventUploaded, Post: i, Media: k, Path: a.Path, ID: id, Reused: true})
				continue
			}
			jobs = append(jobs, job{post: i, idx: k, file: files[i][k], alt: a.Alt})
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, cmpOr(opts.Uploads, 4)))
	var mmu sync.Mutex
	for _, jb := range jobs {
		g.Go(func() error {
			ectx := withEvents(gctx, opts.OnEvent, jb.post, jb.idx, jb.file.Path)
			up := UploadOptions{Alt: jb.alt}
			if opts.OnEvent != nil {
				up.Progress = func(sent, total int64) {
					emit(ectx, Event{Kind: EventUploadProgress, Sent: sent, Total: total})
				}
			}
			var m *Media
			err := c.waitRateLimit(ectx, func() error {
				var err error
				m, _, err = c.UploadMedia(ectx, jb.file, up)
				return err
			})
			if err != nil {
				return fmt.Errorf("upload %s: %w", filepath.Base(jb.file.Path), err)
			}
			jmu.Lock()
			err = j.RecordMedia(jb.file.Path, m.ID, m.ExpiresAt)
			jmu.Unlock()
			if err != nil {
				return fmt.Errorf("record upload of %s: %w", filepath.Base(jb.file.Path), err)
			}
			mmu.Lock()
			mediaIDs[jb.file.Path] = m.ID
			mmu.Unlock()
			emit(ectx, Event{Kind: EventUploaded, ID: m.ID})
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}

	// Create the posts in order.
	prev := t.ReplyTo
	for i, p := range t.Posts {
		if posted[i] != "" {
			prev = posted[i]
			c.event(opts.OnEvent, Event{Kind: EventPosted, Post: i, Media: -1, ID: posted[i], Reused: true})
			continue
		}
		req := &CreatePostRequest{Text: p.Text, Poll: p.Poll, ReplySettings: p.ReplySettings,
			PaidPartnership: p.PaidPartnership, MadeWithAI: p.MadeWithAI}
		if prev != "" {
			req.Reply = &Reply{InReplyToTweetID: prev}
		}
		if i == 0 {
			req.QuoteTweetID = t.QuoteID
		}
		if len(p.Media) > 0 {
			req.Media = &PostMedia{}
			for _, a := range p.Media {
				req.Media.MediaIDs = append(req.Media.MediaIDs, mediaIDs[a.Path])
			}
		}
		pctx := withEvents(ctx, opts.OnEvent, i, -1, "")
		var post *Post
		var resp *Response
		err := c.waitRateLimit(pctx, func() error {
			var err error
			post, resp, err = c.createPost(pctx, req, resumed)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("publish post %d of %d: %w", i+1, len(t.Posts), err)
		}
		resumed = false // later posts were certainly never sent
		jmu.Lock()
		err = j.RecordPost(i, post.ID)
		jmu.Unlock()
		if err != nil {
			return nil, fmt.Errorf("post %d is live as %s but could not be recorded (do not resume blindly): %w", i+1, post.ID, err)
		}
		posted[i] = post.ID
		prev = post.ID
		c.event(opts.OnEvent, Event{Kind: EventPosted, Post: i, Media: -1, ID: post.ID, Response: resp})
	}
	return posted, nil
}

// waitRateLimit runs fn, and when X answers 429 with a reset within
// MaxRateLimitWait, waits for it and runs fn again.
func (c *Client) waitRateLimit(ctx context.Context, fn func() error) error {
	for {
		err := fn()
		var rl *RateLimitError
		if !errors.As(err, &rl) || rl.RetryAt().IsZero() || c.maxRateWait < 0 {
			return err
		}
		wait := rl.RetryAt().Sub(c.now()) + time.Second
		if wait > c.maxRateWait {
			return err
		}
		emit(ctx, Event{Kind: EventRateLimited, Until: rl.RetryAt(), Wait: wait, Err: err})
		if err := c.sleep(ctx, max(wait, time.Second)); err != nil {
			return err
		}
	}
}

func (c *Client) event(fn EventFunc, e Event) {
	if fn != nil {
		fn(e)
	}
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}
