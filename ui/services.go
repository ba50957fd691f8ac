package ui

import (
	"context"
	"errors"
	"time"

	"github.com/xpostdev/xpost/ui/draft"
)

// ErrNotLoggedIn is what Services return when there is no usable token; the
// UI answers it with the login screen.
var ErrNotLoggedIn = errors.New("not logged in")

// Account is the logged-in user as the composer needs it.
type Account struct {
	ID       string
	Username string
	Name     string
	// Limit is the weighted length a post may have: 280, or 25,000 for
	// Premium accounts.
	Limit int
	// Login is the name the login is saved under (xpost --account
	// NAME): drafts remember it, so each is published as the account it
	// was written for. Empty when the program names no accounts.
	Login string
	// Several is true when more than one account is logged in: the
	// status line then names the account by Login as well as by handle,
	// so that posting as the wrong one is seen before it happens.
	Several bool
}

// AccountChoice is one saved account the composer can switch to.
type AccountChoice struct {
	// Name is the account's name (xpost --account NAME).
	Name string
	// Username is the handle it is logged in as, without the @; empty
	// when the login has not saved it.
	Username string
	// Default marks the account commands use when none is named.
	Default bool
	// APIBase is the API base this login is for, set only when it is
	// not the one the composer uses (the list names it then).
	APIBase string
	// Unavailable says why choosing this login cannot switch the
	// composer, and what to run instead; "" when choosing it switches.
	Unavailable string
}

// Switcher is what Services may also do: list the saved accounts and
// switch the composer to one. Neither asks anything of X.
type Switcher interface {
	// Accounts lists every saved login, by name: those at the API base
	// in use, then those at another base (APIBase set). It reads local
	// files, so it may block.
	Accounts() ([]AccountChoice, error)
	// SwitchAccount makes name the account every later call uses and
	// returns it as Account does (ErrNotLoggedIn when it has no login:
	// Login then logs in to it).
	SwitchAccount(ctx context.Context, name string) (Account, error)
}

// Post is one of the account's published posts, as the recent list shows it.
type Post struct {
	ID          string
	Text        string
	CreatedAt   time.Time
	ReplyTo     string
	QuoteOf     string
	Likes       int
	Reposts     int
	Replies     int
	Quotes      int
	Impressions int
	// Media is what the post shows besides its text, in order; a
	// reviewer checks that the right pictures went out, with their
	// descriptions.
	Media []PostMedia
	// Poll is the post's poll, or nil.
	Poll *PostPoll
	// ReplySettings is who may reply, as draft.Draft.ReplySettings says
	// it ("" for everyone); ReplyUnknown when X only said "other"
	// (subscribers or verified accounts) or nothing.
	ReplySettings string
	// Private is what X shows the author only, for young posts; nil when
	// X gave none (older posts, or another author's).
	Private *PrivateMetrics
	// Refers is the post this one replies to or quotes, when X sent it
	// along; nil otherwise (the ids above still say which).
	Refers *RefPost
	// EditEligible, EditableUntil and EditsLeft are X's edit controls:
	// whether the post could ever be edited, until when, and how many
	// more times.
	EditEligible  bool
	EditableUntil time.Time
	EditsLeft     int
}

// Editable reports whether X still takes an edit of p at now.
func (p Post) Editable(now time.Time) bool {
	return p.EditEligible && p.EditsLeft > 0 && now.Before(p.EditableUntil)
}

// PrivateMetrics are the counts X gives the author of a young post.
type PrivateMetrics struct {
	Impressions   int
	ProfileClicks int
	LinkClicks    int
}

// RefPost is a post another one replies to or quotes, as X sent it.
type RefPost struct {
	// Kind is "replied_to" or "quoted".
	Kind string
	ID   string
	// Author is the @username without the @; empty when X did not say.
	Author string
	Text   string
}

// The kinds of PostMedia, as X names them.
const (
	MediaPhoto = "photo"
	MediaVideo = "video"
	MediaGIF   = "animated_gif"
)

// PostMedia is one picture, video or GIF attached to a published post.
type PostMedia struct {
	// Kind is MediaPhoto, MediaVideo or MediaGIF; anything else X may
	// add is shown as it is named.
	Kind string
	// Alt is the description read to people who cannot see it; empty
	// when none was given, which the full view points out.
	Alt string
}

// PostPoll is the poll of a published post, with the votes so far.
type PostPoll struct {
	// Options are in the order the poll shows them.
	Options []PollOption
	// Ends is when voting closes (or closed); zero when X did not say.
	Ends time.Time
	// Closed reports that voting is over, so the counts are final.
	Closed bool
	// Duration is how long the poll ran or runs; zero when X did not
	// say.
	Duration time.Duration
}

// ReplyUnknown is Post.ReplySettings when X did not say who may reply.
const ReplyUnknown = "?"

// PollOption is one choice of a poll and the votes it has.
type PollOption struct {
	Label string
	Votes int
}

// Page is one page of recent posts; Next is empty on the last page.
type Page struct {
	Posts []Post
	Next  string
	// Rate is what X said about the limit on reading the timeline, if it
	// said anything.
	Rate Rate
}

// Rate is what X said about one rate limit: Remaining of Limit calls
// until Reset. The status bar shows it, so that a limit is seen coming
// before X refuses a post.
type Rate struct {
	// Of names what is limited, as the status bar says it: RatePosts,
	// RateReads.
	Of        string
	Remaining int
	Limit     int
	Reset     time.Time
}

// The limits the composer knows of, as Rate.Of names them. The status
// bar always shows RatePosts once known, and any other limit when it runs
// low.
const (
	RatePosts = "posts" // creating posts (POST /2/tweets)
	RateReads = "reads" // reading the account's timeline
)

// Known reports whether X sent this limit at all.
func (r Rate) Known() bool { return r.Limit > 0 }

// low reports whether so few calls are left that the user should know
// before making more: a tenth of the limit, and never fewer than three.
func (r Rate) low() bool { return r.Remaining <= max(3, r.Limit/10) }

// PublishEventKind says what a PublishEvent reports.
type PublishEventKind int

// The steps of publishing a thread, in the order they usually happen.
const (
	EventUploadProgress PublishEventKind = iota // Path: Sent of Total bytes
	EventUploaded                               // Path is uploaded and processed
	EventPosted                                 // post Index is live as ID
	EventRetrying                               // a transient failure; Err says why
	EventWaiting                                // rate limited until Until
	EventPacing                                 // post Index goes out at Until (thread pacing)
)

// PublishEvent reports progress while a draft is published.
type PublishEvent struct {
	Kind  PublishEventKind
	Index int
	Path  string
	Sent  int64
	Total int64
	ID    string
	Err   error
	Until time.Time
	// Rate is the limit on posting as X reported it in the answer to the
	// post (EventPosted), when it did: the tighter of the 15-minute window
	// and the 24-hour cap.
	Rate Rate
}

// Journal persists what publishing has done, before the next request is
// made, so publishing again resumes and never posts twice. The composer
// backs it with the draft file.
type Journal interface {
	Posted(i int) (id string, ok bool)
	RecordPost(i int, id string) error
	UploadedMedia(key string) (id string, ok bool)
	RecordMedia(key, id string, expires time.Time) error
}

// Services is everything the composer needs from the outside world. The
// program adapts the X API client to it; tests use an in-memory fake. Every
// method may block and is only ever called from a tea.Cmd.
type Services interface {
	// Account returns who is logged in, or ErrNotLoggedIn.
	Account(ctx context.Context) (Account, error)
	// LoginReady reports whether Login can run here, before the user
	// tries: nil when it can, else an error whose message (UserMessage,
	// when it has one) says what to set up first, such as the client id
	// of an X app. It does not touch the network.
	LoginReady() error
	// Login runs the browser login; open is called with the URL the user
	// must visit (the UI shows it too).
	Login(ctx context.Context, open func(url string)) (Account, error)
	// Recent lists the account's posts, newest first, from page token next
	// ("" for the first page).
	Recent(ctx context.Context, next string) (Page, error)
	// Delete deletes one of the account's posts.
	Delete(ctx context.Context, id string) error
	// InspectMedia checks a file locally (type from its bytes, size caps)
	// and returns it ready to attach, or an error that says why not.
	InspectMedia(path string) (draft.Media, error)
	// Publish validates and publishes the draft as a thread, reporting
	// progress through events and recording each step in j.
	Publish(ctx context.Context, d draft.Draft, j Journal, events func(PublishEvent)) error
}

// Planner is what Services may also do: say what publishing a draft would
// send and cost, before anything is sent, from the same plan the publish
// follows. The publish confirmation shows it when Services implements it.
type Planner interface {
	// PlanPublish describes the requests publishing sends, in order,
	// given what j records as done, what they cost and what the
	// account's API plan forbids in them. It reads the attached files,
	// so it may block.
	PlanPublish(d draft.Draft, j Journal, limit int) (PublishPlan, error)
}

// PublishPlan is what the confirmation shows of a publish before it
// starts.
type PublishPlan struct {
	// Requests are one line per request: the uploads (with the parts
	// that carry each and its description) and the post requests as X
	// receives them.
	Requests []string
	// Costs are what publishing costs: a line per post, alt texts, the
	// total (or that the plan is not billed per request).
	Costs []string
	// Refused are what the account's plan forbids, each with what to do
	// instead: publishing is not offered while there are any. Flagged
	// are what X will likely refuse.
	Refused, Flagged []string
	// As says which account the draft is published as ("@ada (account
	// ada)"), when the program names accounts.
	As string
}

// PostReader is what Services may also do: read one post by id, for the
// post a draft replies to or quotes when it was typed or pasted rather
// than picked from the recent list, so that the reply header, the quote
// line and the confirmation name its author and text. kind is
// "replied_to" or "quoted". It is a paid read at X: the composer asks
// once per id, and the program keeps what it read; a quote the account's
// plan refuses is not read (ErrNotRead).
type PostReader interface {
	ReadPost(ctx context.Context, id, kind string) (RefPost, error)
}

// ErrNotRead is PostReader's answer for a post it chose not to read: a
// quote X would refuse on the account's plan, where the read would be
// paid for nothing.
var ErrNotRead = errors.New("not read: the plan refuses quote posts")

// Spender is what Services may also do: say what xpost spent at X today
// (UTC, as X bills), from its own ledger, for the status line.
type Spender interface {
	// SpentToday is today's spending as the user reads it ("$0.45"), or
	// "" when nothing was spent or the plan is not billed per request.
	// It reads a local file and makes no request.
	SpentToday() (string, error)
}

// Opener is what Services may also do: open a link in the user's browser.
// Without it (or when it fails) the UI shows the link instead.
type Opener interface {
	OpenURL(url string) error
}

// PostLink is the address of post id on X. X redirects the /i/ form to the
// author's, so it needs no user name.
func PostLink(id string) string { return "https://x.com/i/status/" + id }

// userMessage is what to tell the user about err: its own user message when
// it has one, else its text.
func userMessage(err error) string {
	var um interface{ UserMessage() string }
	if errors.As(err, &um) {
		return um.UserMessage()
	}
	if errors.Is(err, context.Canceled) {
		return "cancelled"
	}
	return err.Error()
}

// isNotLoggedIn reports whether err means the login screen is the answer.
func isNotLoggedIn(err error) bool { return errors.Is(err, ErrNotLoggedIn) }
