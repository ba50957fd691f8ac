package draft

import (
	"github.com/xpostdev/xpost/textcount"
	"github.com/xpostdev/xpost/xapi/rules"
)

// X's limits on a post, as the composer names them; the one table is
// package rules, which the publisher checks against too.
const (
	MaxImages           = rules.MaxImages
	MaxImageBytes       = rules.MaxImageBytes
	MaxGIFBytes         = rules.MaxGIFBytes
	MaxVideoBytes       = rules.MaxVideoBytes
	MaxAltText          = rules.MaxAltText
	MinPollOptions      = rules.MinPollOptions
	MaxPollOptions      = rules.MaxPollOptions
	MaxPollOption       = rules.MaxPollOption
	MinPollDuration     = rules.MinPollDuration
	MaxPollDuration     = rules.MaxPollDuration
	DefaultPollDuration = rules.DefaultPollDuration
)

// The reply settings X accepts on a new post. Everyone may reply when the
// setting is empty: X has no "everyone" value on create.
const (
	ReplyEveryone       = rules.ReplyEveryone
	ReplyFollowing      = rules.ReplyFollowing
	ReplyMentionedUsers = rules.ReplyMentionedUsers
	ReplySubscribers    = rules.ReplySubscribers
	ReplyVerified       = rules.ReplyVerified
)

// ReplySettings lists the accepted reply settings in the order a picker
// should offer them.
var ReplySettings = rules.ReplySettings

// LimitConfig returns the standard counting rules with a different length
// limit: 280 for everyone, 25,000 for Premium long posts. A limit of 0 or
// less keeps the standard 280.
func LimitConfig(limit int) textcount.Config { return rules.LimitConfig(limit) }

// MediaExtensions are the file name extensions (without the dot, lower
// case) of the media X accepts, for pickers that can only go by name; the
// kind of a file is still decided by its bytes.
var MediaExtensions = rules.MediaExtensions
