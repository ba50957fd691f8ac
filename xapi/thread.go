package xapi

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/xpostdev/xpost/xapi/rules"
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
	// EditOf makes publishing an edit: the one post replaces the post
	// with this id as its new version (edit_options.previous_post_id,
	// see [Client.EditPost]), keeping what that post replies to or
	// quotes. ReplyTo and QuoteID are then ignored.
	EditOf string
}

// Journal records what a publish has done, so that publishing the same
// thread again resumes where it stopped and never posts twice. Every
// Record method must persist before it returns: what depends on the
// record (the post that carries an upload, the post after a post) is only
// sent after it. Calls are serialized by the publisher, whose uploads run
// beside its posts.
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

// ValidationError is a thread that breaks X's rules, found before
// anything was sent.
type ValidationError struct {
	// Problems are every rule broken, in thread order, as package rules
	// reports them (with Code rules.MediaFile for a file that cannot be
	// used at all).
	Problems []rules.Problem
}

// Error names the part of the thread and what is wrong with it; more
// problems are counted.
func (e *ValidationError) Error() string {
	if len(e.Problems) == 0 {
		return "the thread breaks X's rules"
	}
	s := e.Problems[0].String()
	if n := len(e.Problems) - 1; n > 0 {
		s += fmt.Sprintf(" (and %d more problem(s))", n)
	}
	return s
}

// Message is a sentence for the user.
func (e *ValidationError) Message() string { return e.Error() }

// ValidateThread checks a thread locally, as X would, with package rules:
// text length with the weighted limit (0 means the standard 280), media
// files (kind and size from their bytes, per-post rules, alt text
// length), poll rules and exclusions. It returns the detected media of
// every post.
func ValidateThread(t *Thread, limit int) ([][]*MediaFile, error) {
	files := make([][]*MediaFile, len(t.Posts))
	rt := &rules.Thread{ReplyTo: t.ReplyTo, Quote: t.QuoteID, Posts: make([]rules.Post, len(t.Posts))}
	var ps []rules.Problem
	for i, p := range t.Posts {
		rp := rules.Post{Text: p.Text}
		for _, a := range p.Media {
			m, err := DetectMedia(a.Path)
			if err != nil {
				ps = append(ps, rules.Problem{Post: i, Field: rules.FieldMedia, Code: rules.MediaFile, Message: err.Error()})
				continue
			}
			files[i] = append(files[i], m)
			rp.Media = append(rp.Media, rules.Media{Path: a.Path, Alt: a.Alt, Kind: m.Kind.Rule(), Size: m.Size})
		}
		if len(p.Media) > 0 && len(rp.Media) == 0 {
			// Its files are reported; do not call the post empty too.
			rp.Media = []rules.Media{{Path: p.Media[0].Path, Kind: rules.KindImage}}
		}
		if p.Poll != nil {
			rp.Poll = &rules.Poll{Options: p.Poll.Options, Duration: time.Duration(p.Poll.DurationMinutes) * time.Minute}
		}
		if p.ReplySettings != "" && (rt.ReplySettings == "" || !rules.ValidReplySetting(p.ReplySettings)) {
			rt.ReplySettings = p.ReplySettings
		}
		rt.Posts[i] = rp
	}
	ps = append(ps, rules.Validate(rt, rules.LimitConfig(limit))...)
	if len(ps) > 0 {
		slices.SortStableFunc(ps, func(a, b rules.Problem) int { return a.Post - b.Post })
		return nil, &ValidationError{Problems: ps}
	}
	return files, nil
}
