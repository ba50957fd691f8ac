package draft

import (
	"github.com/xpostdev/xpost/textcount"
	"github.com/xpostdev/xpost/xapi/rules"
)

// Problem is one reason a draft cannot be published as it is: the rule
// it breaks (Code), where (Post, Field) and the rule's own sentence for
// the user (Message). It is rules.Problem: the composer, the command line
// and the publisher judge drafts by the same rules.
type Problem = rules.Problem

// The fields a Problem can point at.
const (
	FieldPosts         = rules.FieldPosts
	FieldText          = rules.FieldText
	FieldMedia         = rules.FieldMedia
	FieldAlt           = rules.FieldAlt
	FieldPoll          = rules.FieldPoll
	FieldReplyTo       = rules.FieldReplyTo
	FieldQuote         = rules.FieldQuote
	FieldReplySettings = rules.FieldReplySettings
)

// Validate checks the whole draft against X's rules without any I/O and
// returns every problem found, draft-wide ones first, then post by post;
// nil means the draft can be published. cfg sets the counting rules and the
// length limit (see LimitConfig); a zero Config means the standard 280.
// Lengths are measured on TextForPublish, so numbering counts.
func (d *Draft) Validate(cfg textcount.Config) []Problem {
	return rules.Validate(d.Rules(), cfg)
}

// Rules is the draft as X's rules judge it.
func (d *Draft) Rules() *rules.Thread {
	t := &rules.Thread{ReplyTo: d.ReplyTo, Quote: d.Quote, ReplySettings: d.ReplySettings,
		Posts: make([]rules.Post, len(d.Posts))}
	for i, p := range d.Posts {
		rp := rules.Post{Text: p.Text, Suffix: d.NumberSuffix(i)}
		for _, m := range p.Media {
			rp.Media = append(rp.Media, rules.Media{Path: m.Path, Alt: m.Alt, Kind: m.Kind, Size: m.Size})
		}
		if p.Poll != nil {
			rp.Poll = &rules.Poll{Options: p.Poll.Options, Duration: p.Poll.Duration}
		}
		t.Posts[i] = rp
	}
	return t
}
