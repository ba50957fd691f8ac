package xapi

import (
	"fmt"
	"path/filepath"
	"sync"
	"time"
	"unicode/utf8"

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
//
// Uploads are recorded by key (see [PlannedUpload.Key]): the file's
// content, its media category and its alt text. An upload is reused only
// for an attachment equal in all three, so a file attached twice with two
// descriptions is uploaded twice, each with its own.
type Journal interface {
	// Posted returns the id of post i if it was created.
	Posted(i int) (id string, ok bool)
	// RecordPost notes that post i was created as id.
	RecordPost(i int, id string) error
	// UploadedMedia returns the media id of the upload with this key if
	// it was uploaded and has not expired.
	UploadedMedia(key string) (id string, ok bool)
	// RecordMedia notes that the upload with this key is media id, usable
	// until expires.
	RecordMedia(key, id string, expires time.Time) error
}

// AttemptJournal is a Journal that also records that a post request is
// about to be sent. A publish interrupted at any moment, even killed,
// then knows which part may be on X without a record, and the next
// publish looks for it on X before sending it again.
type AttemptJournal interface {
	Journal
	// RecordAttempt notes, before it returns, that the request creating
	// post i is about to be sent.
	RecordAttempt(i int) error
	// Attempted reports whether a request creating post i may have been
	// sent without its answer being recorded.
	Attempted(i int) bool
	// ClearAttempt notes that the request creating post i certainly
	// created nothing (X refused it).
	ClearAttempt(i int) error
}

// MemoryJournal is a Journal kept in memory: enough for a single `xpost
// post`, and for tests. Its zero value is ready to use.
type MemoryJournal struct {
	mu      sync.Mutex
	posts   map[int]string
	media   map[string]journalMedia
	sending map[int]bool
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
func (j *MemoryJournal) UploadedMedia(key string) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	m, ok := j.media[key]
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
func (j *MemoryJournal) RecordMedia(key, id string, expires time.Time) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.media == nil {
		j.media = map[string]journalMedia{}
	}
	j.media[key] = journalMedia{id: id, expires: expires}
	return nil
}

// RecordAttempt implements AttemptJournal.
func (j *MemoryJournal) RecordAttempt(i int) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.sending == nil {
		j.sending = map[int]bool{}
	}
	j.sending[i] = true
	return nil
}

// Attempted implements AttemptJournal.
func (j *MemoryJournal) Attempted(i int) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	_, posted := j.posts[i]
	return j.sending[i] && !posted
}

// ClearAttempt implements AttemptJournal.
func (j *MemoryJournal) ClearAttempt(i int) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	delete(j.sending, i)
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
