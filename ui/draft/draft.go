// Package draft is xpost's document: a thread of posts with their media,
// poll and reply settings, its validation, the thread file format, and the
// on-disk draft store that makes work impossible to lose.
//
// It knows nothing of X's API or of the terminal: the composer edits a
// Draft, the publisher reads it, and the store keeps it on disk. It is not
// where posts are sent or media inspected (cmd/xpost and xapi do that), and
// it counts text only through textcount.
//
// Cursor and split offsets are byte offsets on grapheme-cluster
// boundaries (internal/grapheme); editing operations refuse to change
// parts the journal says are already published.
package draft

import (
	"time"

	"github.com/xpostdev/xpost/xapi/rules"
)

// MediaKind is what X accepts on a post; it decides the size cap and how
// many files may go together (see package rules).
type MediaKind = rules.Kind

// The media kinds X distinguishes. An empty kind means not yet inspected.
const (
	KindImage = rules.KindImage
	KindGIF   = rules.KindGIF
	KindVideo = rules.KindVideo
)

// Media is a file attached to a post. Kind, MIME and Size come from
// inspecting the file's bytes when it is attached, so validation needs no I/O.
type Media struct {
	Path string    `json:"path"`
	Alt  string    `json:"alt,omitempty"`
	Kind MediaKind `json:"kind,omitempty"`
	MIME string    `json:"mime,omitempty"`
	Size int64     `json:"size,omitempty"`
}

// Poll is a post's poll: 2 to 4 options and how long it stays open.
type Poll struct {
	Options  []string      `json:"options"`
	Duration time.Duration `json:"duration"`
}

// Post is one part of a thread.
type Post struct {
	Text  string  `json:"text"`
	Media []Media `json:"media,omitempty"`
	Poll  *Poll   `json:"poll,omitempty"`
}

// Edit is the published post a draft replaces, with X's edit controls as
// they were read, so the composer can show what is left of them.
type Edit struct {
	ID        string    `json:"id"`
	Until     time.Time `json:"until,omitzero"`
	EditsLeft int       `json:"edits_left"`
	// Media is how many attachments the post had: an edit replaces the
	// whole post, so they must be attached again or they are gone.
	Media int `json:"media,omitempty"`
}

// Draft is a whole thread as the user writes it. Reply and quote settings
// apply to the first post; reply settings and paid partnership to every post.
type Draft struct {
	ID      string `json:"id"`
	Posts   []Post `json:"posts"`
	ReplyTo string `json:"reply_to,omitempty"`
	Quote   string `json:"quote,omitempty"`
	// Edit makes publishing replace a post already on X (X's edit)
	// instead of posting a new one; nil for a new post.
	Edit            *Edit     `json:"edit,omitempty"`
	ReplySettings   string    `json:"reply_settings,omitempty"`
	PaidPartnership bool      `json:"paid_partnership,omitempty"`
	Numbering       bool      `json:"numbering,omitempty"`
	Journal         Journal   `json:"journal"`
	Created         time.Time `json:"created"`
	Updated         time.Time `json:"updated"`

	// Schedule is set on a draft queued to be posted later.
	Schedule *Schedule `json:"schedule,omitempty"`

	// Origin says who wrote the draft when it was not the user in the
	// composer: OriginAssistant for an AI assistant (xpost mcp), whose
	// drafts wait for the user to review and publish them. Empty is the
	// user's own.
	Origin string `json:"origin,omitempty"`

	// Account is the saved account (xpost --account NAME) the draft is
	// written for, set when it is created: publishing it, from the
	// composer or the queue, posts as that account and never silently as
	// another. Empty in drafts of older versions and of a session
	// without accounts: they go to the account in use.
	Account string `json:"account,omitempty"`
}

// OriginAssistant marks a draft written by an AI assistant through xpost
// mcp: the drafts list says so, and only the user publishes it.
const OriginAssistant = "assistant"

// Journal records what publishing has already done, so that publishing
// again resumes where it stopped and never posts a part twice.
type Journal struct {
	// PostIDs[i] is the id of post i once X has it; "" while not posted.
	PostIDs []string `json:"post_ids,omitempty"`
	// MediaIDs maps an upload's key (the file's content, media category
	// and alt text, as the publisher keys them) to its media id, so a
	// resume within X's media lifetime need not upload again. Entries
	// keyed by path, from earlier versions, match nothing: the file is
	// uploaded again.
	MediaIDs map[string]JournalMedia `json:"media_ids,omitempty"`
	// Sending is the part (1-based) whose post request went out without
	// its answer being recorded, 0 when none: publishing again looks for
	// that part on X before sending it, even after a crash.
	Sending int `json:"sending,omitempty"`
}

// JournalMedia is an uploaded media file and when its id stops being usable.
type JournalMedia struct {
	ID      string    `json:"id"`
	Expires time.Time `json:"expires"`
}
