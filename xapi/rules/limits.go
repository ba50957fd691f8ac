// Package rules is X's rules for a post, in one place: the table of limits
// (post length by account, media counts and sizes per kind, poll options
// and durations, alt-text length) and the one validator of a thread
// against them, which returns typed problems that each caller renders.
//
// The composer's document (ui/draft) and the publisher (xapi) both check
// posts with it, so the composer, the command line and a publish agree on
// what X takes. It does no I/O and knows nothing of the network or the
// terminal: a file's kind and size are found by whoever reads the file
// (xapi.DetectMedia) and handed in.
package rules

import (
	"strconv"
	"strings"
	"time"
)

// X's limits on a post, from the X API v2 documentation. X states sizes
// as "5 MB"; like X's own configuration (and the fake X), xpost reads them
// as binary megabytes: 1 MB = 1,048,576 bytes.
const (
	// StandardLimit is the weighted length of a post for most accounts.
	StandardLimit = 280
	// PremiumLimit is the weighted length of a post for Premium and
	// Premium+ accounts.
	PremiumLimit = 25000

	// MaxImages is how many images one post may carry (or one GIF, or
	// one video).
	MaxImages     = 4
	MaxImageBytes = 5 << 20
	MaxGIFBytes   = 15 << 20
	MaxVideoBytes = 512 << 20
	// MaxAltText is the longest media description, in characters (code
	// points).
	MaxAltText = 1000

	MinPollOptions = 2
	MaxPollOptions = 4
	// MaxPollOption is the longest poll option, in characters (code
	// points) of the trimmed option.
	MaxPollOption   = 25
	MinPollDuration = 5 * time.Minute
	MaxPollDuration = 7 * 24 * time.Hour
	// DefaultPollDuration is what a poll runs when nobody says otherwise.
	DefaultPollDuration = 24 * time.Hour
)

// Kind is a kind of media as X's rules tell them apart: it decides the
// size cap and how many may go together on a post.
type Kind string

// The media kinds X takes. An empty Kind means not yet inspected.
const (
	KindImage Kind = "image"
	KindGIF   Kind = "gif"
	KindVideo Kind = "video"
)

// MaxBytes returns the size cap of the kind, and false for a kind X does
// not take.
func (k Kind) MaxBytes() (int64, bool) {
	switch k {
	case KindImage:
		return MaxImageBytes, true
	case KindGIF:
		return MaxGIFBytes, true
	case KindVideo:
		return MaxVideoBytes, true
	}
	return 0, false
}

// plural names the kind in a sentence about all files of that kind.
func (k Kind) plural() string {
	switch k {
	case KindGIF:
		return "GIFs"
	case KindVideo:
		return "videos"
	}
	return "images"
}

// The reply settings X accepts on a new post. Everyone may reply when the
// setting is empty: X has no "everyone" value on create.
const (
	ReplyEveryone       = ""
	ReplyFollowing      = "following"
	ReplyMentionedUsers = "mentionedUsers"
	ReplySubscribers    = "subscribers"
	ReplyVerified       = "verified"
)

// ReplySettings lists the accepted reply settings in the order a picker
// should offer them.
var ReplySettings = []string{ReplyEveryone, ReplyFollowing, ReplyMentionedUsers, ReplySubscribers, ReplyVerified}

// ValidReplySetting reports whether s is one of ReplySettings.
func ValidReplySetting(s string) bool {
	for _, v := range ReplySettings {
		if s == v {
			return true
		}
	}
	return false
}

// maxIDLen is the length of the largest id X gives, 2^63-1.
const maxIDLen = 19

// IsPostID reports whether s is an X post id: a non-empty string of ASCII
// digits, at most 19 long (a 64-bit integer).
func IsPostID(s string) bool {
	if s == "" || len(s) > maxIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FormatPollDuration writes a poll length with the largest units first
// ("3d", "1d12h", "90m" becomes "1h30m"), as thread files write it.
// Durations that are not whole minutes fall back to Go's notation.
func FormatPollDuration(d time.Duration) string {
	if d == 0 {
		return "0m"
	}
	if d < 0 || d%time.Minute != 0 {
		return d.String()
	}
	var b strings.Builder
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}} {
		if n := d / u.unit; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10))
			b.WriteString(u.name)
			d -= n * u.unit
		}
	}
	return b.String()
}

// MediaExtensions are the file name extensions (without the dot, lower
// case) of the media kinds X accepts: JPEG, PNG, GIF and WEBP images, MP4,
// MOV and WebM videos. Files are judged by their bytes; the names serve
// file pickers and shell completion, which can only go by name.
var MediaExtensions = []string{"jpg", "jpeg", "png", "gif", "webp", "mp4", "mov", "webm"}
