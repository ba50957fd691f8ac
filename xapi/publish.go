package xapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/xpostdev/xpost/xapi/billing"
	"github.com/xpostdev/xpost/xapi/rules"
)

// Plan is what publishing a thread sends, worked out before anything is
// sent: the uploads (each distinct content, category and alt text once)
// and, for every post, the create request. The same plan drives
// [Client.PublishPlan], so what a dry run or a confirmation shows is what
// is sent; only the ids X gives appear as placeholders (see
// [MediaPlaceholder] and [PostPlaceholder]).
type Plan struct {
	// Uploads are the files to upload, in the order they are first
	// attached; an upload the journal already holds has its MediaID.
	Uploads []PlannedUpload
	// Posts are the thread's posts, in order.
	Posts []PlannedPost

	thread *Thread
}

// PlannedUpload is one media upload of a plan.
type PlannedUpload struct {
	// Key identifies the upload: the file's content (SHA-256), X's media
	// category and the alt text. Attachments share an upload only when
	// their keys are equal; the journal records uploads by it.
	Key  string
	File *MediaFile
	// Alt is the alt text sent with the upload ("" sends none).
	Alt string
	// MediaID is set when the journal holds this upload from an earlier
	// run: nothing is sent for it.
	MediaID string
	// Posts are the posts (0-based) that carry the upload.
	Posts []int
}

// PlannedPost is one post of a plan.
type PlannedPost struct {
	// PostedID is set when the journal says the post is already on X:
	// nothing is sent for it.
	PostedID string
	// Uploads index Plan.Uploads, in the order of the post's attachments.
	Uploads []int
	// Request is the create request, with placeholders for the ids only
	// X can give (the media ids of new uploads, the ids of earlier parts).
	Request *CreatePostRequest
}

// MediaPlaceholder stands in a planned request for the media id of
// Plan.Uploads[u] until X gives it.
func MediaPlaceholder(u int) string { return "<media id of upload " + strconv.Itoa(u+1) + ">" }

// PostPlaceholder stands in a planned request for the id of post i until
// X gives it.
func PostPlaceholder(i int) string { return "<id of post " + strconv.Itoa(i+1) + ">" }

// PlanThread validates t with the weighted length limit (0 means the
// standard 280) and works out what publishing it sends, given what j
// records as done (nil for nothing). It reads every attached file to
// identify its content, and sends nothing.
func PlanThread(t *Thread, j Journal, limit int) (*Plan, error) {
	if t.EditOf != "" {
		if err := checkEdit(t); err != nil {
			return nil, err
		}
	}
	files, err := ValidateThread(t, limit)
	if err != nil {
		return nil, err
	}
	p := &Plan{thread: t, Posts: make([]PlannedPost, len(t.Posts))}
	digests := map[string]string{} // path -> content digest
	byKey := map[string]int{}
	for i, tp := range t.Posts {
		if j != nil {
			if id, ok := j.Posted(i); ok {
				p.Posts[i].PostedID = id
				continue
			}
		}
		for k, a := range tp.Media {
			f := files[i][k]
			d, ok := digests[f.Path]
			if !ok {
				if d, err = fileDigest(f.Path); err != nil {
					return nil, &ValidationError{Problems: []rules.Problem{{Post: i, Field: rules.FieldMedia, Code: rules.MediaFile, Message: err.Error()}}}
				}
				digests[f.Path] = d
			}
			key := uploadKey(d, f.Category, a.Alt)
			u, ok := byKey[key]
			if !ok {
				u = len(p.Uploads)
				byKey[key] = u
				up := PlannedUpload{Key: key, File: f, Alt: a.Alt}
				if j != nil {
					up.MediaID, _ = j.UploadedMedia(key)
				}
				p.Uploads = append(p.Uploads, up)
			}
			p.Uploads[u].Posts = append(p.Uploads[u].Posts, i)
			p.Posts[i].Uploads = append(p.Posts[i].Uploads, u)
		}
	}
	prev := t.ReplyTo
	for i := range p.Posts {
		if id := p.Posts[i].PostedID; id != "" {
			prev = id
			continue
		}
		p.Posts[i].Request = p.request(i, prev, func(u int) string {
			if id := p.Uploads[u].MediaID; id != "" {
				return id
			}
			return MediaPlaceholder(u)
		})
		prev = PostPlaceholder(i)
	}
	return p, nil
}

// request is the one builder of a post's create request: post i, replying
// to prev (or to nothing when ""), with the media ids mediaID gives.
func (p *Plan) request(i int, prev string, mediaID func(u int) string) *CreatePostRequest {
	tp := p.thread.Posts[i]
	req := &CreatePostRequest{Text: tp.Text, Poll: tp.Poll, ReplySettings: tp.ReplySettings,
		PaidPartnership: tp.PaidPartnership, MadeWithAI: tp.MadeWithAI}
	switch {
	case i == 0 && p.thread.EditOf != "":
		req.EditOptions = &EditOptions{PreviousPostID: p.thread.EditOf}
	default:
		if prev != "" {
			req.Reply = &Reply{InReplyToTweetID: prev}
		}
		if i == 0 {
			req.QuoteTweetID = p.thread.QuoteID
		}
	}
	if us := p.Posts[i].Uploads; len(us) > 0 {
		req.Media = &PostMedia{}
		for _, u := range us {
			req.Media.MediaIDs = append(req.Media.MediaIDs, mediaID(u))
		}
	}
	return req
}

// uploadKey is the journal key of an upload: equal only for the same
// content, category and alt text.
func uploadKey(digest, category, alt string) string {
	a := sha256.Sum256([]byte(alt))
	return "sha256:" + digest + " " + category + " alt:" + hex.EncodeToString(a[:16])
}

// fileDigest is the SHA-256 of a file's content.
func fileDigest(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("media %s: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("media %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// PublishOptions configures [Client.PublishThread].
type PublishOptions struct {
	// OnEvent receives progress; it may be nil.
	OnEvent EventFunc
	// Resume says a previous publish of this thread may have sent a post
	// without recording it (it crashed or lost the connection). The first
	// unrecorded post is then looked for among the account's recent posts
	// before it is sent. A journal with entries implies it, and so does
	// an [AttemptJournal] that recorded an attempt.
	Resume bool
	// Limit overrides the weighted length limit; 0 means the account's
	// (280, or 25,000 for Premium and Premium+).
	Limit int
	// Uploads is how many files upload at once; 0 means 4.
	Uploads int
	// MaxWait bounds the total time spent waiting for X's rate limits to
	// reset; past it the publish stops with the [*RateLimitError], which
	// says when to try again. 0 means the client's MaxRateLimitWait;
	// negative means never wait.
	MaxWait time.Duration
	// Pricing, when set, is checked before anything is sent: a plan the
	// account's API plan forbids (a quote post on a self-serve plan) is
	// refused with a [*PlanRefusedError] without a request.
	Pricing *Pricing
	// UploadFirst waits until every file of the thread is uploaded before
	// the first part is sent, so that a file that cannot be uploaded
	// leaves nothing on X. Without it each part is sent as soon as its
	// own media is ready while the later parts' files upload: the thread
	// is out sooner, but an upload that fails for good stops the publish
	// with the parts before it live (an [*UploadError] says how many),
	// and publishing again with the same journal finishes the thread.
	UploadFirst bool
	// Pace is how long to wait between creating two parts of the
	// thread, so that they reach followers one by one; 0 posts them at
	// once. The wait comes after a part is recorded and before the next
	// is sent, ends with ctx, and is announced (EventPacing). A resumed
	// publish does not wait before its first part. At most MaxPace.
	Pace time.Duration
}

// MaxPace bounds PublishOptions.Pace: a thread paced further apart is
// better queued as separate items.
const MaxPace = time.Hour

// PublishThread validates a thread, starts every upload of its media at
// once (at most PublishOptions.Uploads at a time), and creates the posts
// in order, each replying to the previous one and each sent as soon as its
// own media is ready (or after every upload, with
// PublishOptions.UploadFirst). Each uploaded file is recorded in j as it
// is done, and each created post before the next post is sent, so calling
// PublishThread again with the same journal resumes at the first unposted
// part: never a duplicate, never a gap. It returns the ids of all the
// thread's posts.
func (c *Client) PublishThread(ctx context.Context, t *Thread, j Journal, opts PublishOptions) ([]string, error) {
	limit := opts.Limit
	if limit == 0 {
		me, err := c.CurrentUser(ctx)
		if err != nil {
			return nil, err
		}
		limit = me.MaxPostLength()
	}
	p, err := PlanThread(t, j, limit)
	if err != nil {
		return nil, err
	}
	return c.PublishPlan(ctx, p, j, opts)
}

// PublishPlan sends what p says, recording every step in j (the journal
// p was planned with) before the next request. See [Client.PublishThread].
func (c *Client) PublishPlan(ctx context.Context, p *Plan, j Journal, opts PublishOptions) ([]string, error) {
	var check *Check
	if opts.Pricing != nil {
		check = p.Check(*opts.Pricing)
		if err := check.Err(); err != nil {
			return nil, err
		}
		if c.meter != nil && check.Billed {
			if err := c.meter.Afford(check.Total); err != nil {
				return nil, err
			}
		}
	}
	aj, _ := j.(AttemptJournal)
	var jmu sync.Mutex // serializes journal calls
	resumed := opts.Resume
	posted := make([]string, len(p.Posts))
	for i, pp := range p.Posts {
		if pp.PostedID != "" {
			posted[i] = pp.PostedID
			resumed = true
		}
	}
	fresh := make([]bool, len(p.Uploads)) // uploaded by this run
	for u, up := range p.Uploads {
		if up.MediaID != "" {
			resumed = true
			post := up.Posts[0]
			c.event(opts.OnEvent, Event{Kind: EventUploaded, Post: post, Media: uploadIndex(p.Posts[post].Uploads, u), Path: up.File.Path, ID: up.MediaID, Reused: true})
			continue
		}
		fresh[u] = true
	}
	// Every upload starts now; each part is sent as soon as its own media
	// is ready and the part before it is recorded, while the uploads of
	// later parts go on. stop returns only when no upload is left
	// running, so nothing writes to j after the publish.
	ups := c.startUploads(ctx, p, j, &jmu, opts)
	defer ups.stop()
	// stopped is the error of a publish that stopped before part i was
	// sent, waiting for its media.
	stopped := func(i int, err error) error {
		ue, ok := errors.AsType[*UploadError](err)
		if !ok {
			return fmt.Errorf("publish post %d of %d: %w", i+1, len(p.Posts), err)
		}
		e := *ue
		e.Next = -1
		for k, id := range posted {
			if id != "" {
				e.Posted++
			} else if e.Next < 0 {
				e.Next = k
			}
		}
		return &e
	}
	if opts.UploadFirst {
		if err := ups.all(ctx); err != nil {
			return nil, stopped(max(0, slices.Index(posted, "")), err)
		}
	}

	prev := p.thread.ReplyTo
	created := false // a part was created by this run
	for i, pp := range p.Posts {
		if posted[i] != "" {
			prev = posted[i]
			c.event(opts.OnEvent, Event{Kind: EventPosted, Post: i, Media: -1, ID: posted[i], Reused: true})
			continue
		}
		if pace := min(opts.Pace, MaxPace); pace > 0 && created {
			c.event(opts.OnEvent, Event{Kind: EventPacing, Post: i, Media: -1, Wait: pace, Until: c.now().Add(pace)})
			if err := c.sleep(ctx, pace); err != nil {
				return nil, fmt.Errorf("publish post %d of %d: %w", i+1, len(p.Posts), err)
			}
		}
		if err := ups.ready(ctx, pp.Uploads); err != nil {
			return nil, stopped(i, err)
		}
		req := p.request(i, prev, func(u int) string { return ups.ids[u] })
		co := createOptions{maybeSent: resumed || (aj != nil && aj.Attempted(i))}
		for _, u := range pp.Uploads {
			// An earlier run's copy of this post carries the media ids of
			// that run's upload, not of this one's.
			co.otherMedia = co.otherMedia || fresh[u]
		}
		if aj != nil {
			jmu.Lock()
			err := aj.RecordAttempt(i)
			jmu.Unlock()
			if err != nil {
				return nil, fmt.Errorf("record the publish of post %d before sending it: %w", i+1, err)
			}
		}
		pctx := withEvents(ctx, opts.OnEvent, i, -1, "")
		var post *Post
		var resp *Response
		err := c.waitRateLimit(pctx, opts.MaxWait, func() error {
			var err error
			if req.EditOptions != nil {
				post, resp, err = c.EditPost(pctx, req.EditOptions.PreviousPostID, req)
			} else {
				post, resp, err = c.createPost(pctx, req, co)
			}
			if err != nil && !MaybeSent(err) {
				co.maybeSent = false // X refused it: a retry is a first send
			}
			return err
		})
		if err != nil {
			if aj != nil && !MaybeSent(err) {
				jmu.Lock()
				cerr := aj.ClearAttempt(i)
				jmu.Unlock()
				if cerr != nil {
					err = fmt.Errorf("%w (and %v)", err, cerr)
				}
			}
			return nil, fmt.Errorf("publish post %d of %d: %w", i+1, len(p.Posts), err)
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
		created = true
		if check != nil {
			c.record(check.Posts[i].Kind)
		} else {
			c.record(postKind(req.Text))
		}
		c.event(opts.OnEvent, Event{Kind: EventPosted, Post: i, Media: -1, ID: post.ID, Response: resp})
	}
	return posted, nil
}

// uploadIndex is the position of upload u among a post's attachments.
func uploadIndex(us []int, u int) int {
	for k, v := range us {
		if v == u {
			return k
		}
	}
	return -1
}

// MaybeSent reports whether err leaves open that the request it answers
// was carried out by X: the connection failed or was interrupted after
// sending, or the answer could not be read. Such an outcome is unknown,
// never a failure: the next publish checks X before sending again.
func MaybeSent(err error) bool {
	if err == nil {
		return false
	}
	if _, ok := errors.AsType[*UnknownOutcomeError](err); ok {
		return true
	}
	return isTransient(err) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// maxRateLimitTries bounds how many times one request is tried while X
// keeps answering 429, whatever the resets it announces.
const maxRateLimitTries = 5

// waitRateLimit runs fn, and when X answers 429 with a known reset, waits
// for it and runs fn again: at most maxRateLimitTries times, and never
// longer in total than maxWait (0: the client's MaxRateLimitWait, itself
// 15 minutes unless set; negative: no wait at all). A usage cap or a 402 has no reset and is
// returned at once. The wait is announced with its end (EventRateLimited).
func (c *Client) waitRateLimit(ctx context.Context, maxWait time.Duration, fn func() error) error {
	limit := c.maxRateWait
	if maxWait != 0 {
		limit = maxWait
	}
	var waited time.Duration
	for try := 1; ; try++ {
		err := fn()
		rl, ok := errors.AsType[*RateLimitError](err)
		if !ok || rl.RetryAt().IsZero() || limit < 0 || try >= maxRateLimitTries {
			return err
		}
		// A second past the reset allows for clocks that differ; a reset
		// already past (or X's window is not the limit that bit) still
		// gets that pause, and the tries bound it.
		need := max(rl.RetryAt().Sub(c.now()), 0)
		if need > limit-waited {
			return err
		}
		wait := need + time.Second
		emit(ctx, Event{Kind: EventRateLimited, Until: c.now().Add(wait), Wait: wait, Err: err, Attempt: try})
		if err := c.sleep(ctx, wait); err != nil {
			return err
		}
		waited += need
	}
}

// record tells the meter of a billable request X accepted. The post is
// out whatever the ledger says: a failure to record it is only a miss in
// xpost's own account.
func (c *Client) record(k billing.Kind, resources ...string) {
	if c.meter != nil && k != "" {
		_ = c.meter.Record(k, resources...)
	}
}

// postKind is the price line of a post whose parent is not known.
func postKind(text string) billing.Kind {
	if rules.HasURL(text) {
		return billing.PostURL
	}
	return billing.Post
}

func (c *Client) event(fn EventFunc, e Event) {
	if fn != nil {
		fn(e)
	}
}

func cmp0(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}
