package xapi

import (
	"context"
	"time"
)

// EventKind says what an [Event] reports.
type EventKind int

// The kinds of events a publish reports.
const (
	// EventUploadProgress: Sent of Total bytes of a media file are sent.
	EventUploadProgress EventKind = iota + 1
	// EventProcessing: X is processing an uploaded video or GIF
	// (Percent done).
	EventProcessing
	// EventUploaded: a media file is uploaded and ready (ID is its media
	// id); Reused is true when the journal already held it.
	EventUploaded
	// EventPosted: post number Post is created (ID); Reused is true when
	// the journal already held it. Response is X's answer to the post
	// request, for its rate limits (nil when Reused).
	EventPosted
	// EventRetrying: a request failed with Err and is retried after Wait.
	EventRetrying
	// EventRateLimited: X's rate limit is hit; the publish waits until
	// Until.
	EventRateLimited
	// EventChecking: a post request had an unknown outcome; xpost is
	// looking among the recent posts to see whether it went through.
	EventChecking
	// EventPacing: the publish waits Wait, until Until, before post
	// number Post, as PublishOptions.Pace asks.
	EventPacing
)

// String names the event kind in logs.
func (k EventKind) String() string {
	switch k {
	case EventUploadProgress:
		return "upload-progress"
	case EventProcessing:
		return "processing"
	case EventUploaded:
		return "uploaded"
	case EventPosted:
		return "posted"
	case EventRetrying:
		return "retrying"
	case EventRateLimited:
		return "rate-limited"
	case EventChecking:
		return "checking"
	case EventPacing:
		return "pacing"
	default:
		return "unknown"
	}
}

// Event is progress reported while uploading and publishing. Post and
// Media index the thread's post and that post's attachment; they are -1
// when the event is not about one.
type Event struct {
	Kind  EventKind
	Post  int
	Media int
	Path  string
	ID    string

	Sent, Total int64
	Percent     int

	Reused  bool
	Err     error
	Attempt int
	Wait    time.Duration
	Until   time.Time

	// Response is the answer behind the event, when one request stands
	// behind it (EventPosted): a UI reads the rate limits X reported in
	// it (Response.Rate, Response.UserDaily) to say how many posts are
	// left. Nil otherwise.
	Response *Response
}

// EventFunc receives events. It is called from the publishing goroutines
// (uploads run concurrently), so it must be safe for concurrent use and
// quick: a UI should forward the event to its own loop.
type EventFunc func(Event)

type eventKey struct{}

type eventScope struct {
	fn          EventFunc
	post, media int
	path        string
}

// withEvents makes events from deeper layers (retries in the request
// pipeline) reach fn, tagged with the post and media they concern.
func withEvents(ctx context.Context, fn EventFunc, post, media int, path string) context.Context {
	if fn == nil {
		return ctx
	}
	return context.WithValue(ctx, eventKey{}, eventScope{fn: fn, post: post, media: media, path: path})
}

// emit sends e to the events function in ctx, if any, tagged with the
// scope's post, media and path.
func emit(ctx context.Context, e Event) {
	s, ok := ctx.Value(eventKey{}).(eventScope)
	if !ok {
		return
	}
	e.Post, e.Media, e.Path = s.post, s.media, s.path
	s.fn(e)
}
