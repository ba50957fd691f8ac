package draft

import (
	"time"

	"github.com/xpostdev/xpost/textcount"
)

// X's limits on a post, from the X API v2 documentation. X states sizes
// as "5 MB"; like the API client and the fake X, xpost reads them as binary
// megabytes (1 MB = 1,048,576 bytes), the unit X's own configuration uses.
const (
	MaxImages       = 4
	MaxImageBytes   = 5 << 20
	MaxGIFBytes     = 15 << 20
	MaxVideoBytes   = 512 << 20
	MaxAltText      = 1000 // characters (code points) of a media description
	MinPollOptions  = 2
	MaxPollOptions  = 4
	MaxPollOption   = 25 // characters (code points) of one trimmed option
	MinPollDuration = 5 * time.Minute
	MaxPollDuration = 7 * 24 * time.Hour
	// DefaultPollDuration is what a poll runs when nobody says otherwise.
	DefaultPollDuration = 24 * time.Hour
)

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

// LimitConfig returns the standard counting rules with a different length
// limit: 280 for everyone, 25,000 for Premium long posts. A limit of 0 or
// less keeps the standard 280.
func LimitConfig(limit int) textcount.Config {
	if limit <= 0 {
		return textcount.DefaultConfig
	}
	return textcount.DefaultConfig.WithMax(limit)
}

// configOrDefault lets callers pass a zero Config to mean the standard
// rules, or a Config with only the limit set to mean the standard rules
// with that limit.
func configOrDefault(cfg textcount.Config) textcount.Config {
	if cfg.Scale <= 0 || cfg.DefaultWeight <= 0 {
		return LimitConfig(cfg.MaxWeightedTweetLength)
	}
	return cfg
}
