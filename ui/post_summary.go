package ui

// How a post or a draft is summed up in one line: its age, its counts,
// what is attached, its title. The screens that list posts and drafts
// share these.

import (
	"fmt"
	"strings"
	"time"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/ui/draft"
)

// relativeTime says how long ago t was, as feeds do: "now", "5m", "3h",
// "2d", then the date.
func relativeTime(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "now"
	case d < 7*24*time.Hour:
		return human.Short(d)
	case t.Year() == now.Year():
		return t.Format("Jan 2")
	}
	return t.Format("Jan 2 2006")
}

// metrics is a post's public counts in one short line.
func metrics(p Post) string {
	return strings.Join([]string{
		human.Count(p.Likes, "like", "likes"),
		human.Count(p.Reposts, "repost", "reposts"),
		human.Count(p.Replies, "reply", "replies"),
		human.Count(p.Impressions, "view", "views"),
	}, " · ")
}

// privateLine is the author-only counts as they follow the public ones,
// "" when X gave none.
func privateLine(m *PrivateMetrics) string {
	if m == nil {
		return ""
	}
	return " · " + human.Count(m.ProfileClicks, "profile click", "profile clicks") +
		" · " + human.Count(m.LinkClicks, "link click", "link clicks")
}

// refLine names the post r (a reply's parent or a quoted post) by author
// and first line: "↩ @alice: the text"; "" for nil.
func refLine(r *RefPost) string {
	if r == nil {
		return ""
	}
	lead := iconReply + " "
	if r.Kind == "quoted" {
		lead = iconQuote + " "
	}
	who := r.ID
	if r.Author != "" {
		who = "@" + r.Author
	}
	if t := firstLine(printable(r.Text)); t != "" {
		return lead + who + ": " + t
	}
	return lead + who
}

// noteRef remembers r for refLabel.
func (e *env) noteRef(r RefPost) {
	if e.refs == nil {
		e.refs = map[string]RefPost{}
	}
	e.refs[r.ID] = r
	e.vocab.addHandle(r.Author)
}

// refLabel names post id for "replying to …" and "quoting …": by author
// and first line when the recent list showed it, else by id.
func (e *env) refLabel(id string) string {
	r, ok := e.refs[id]
	if !ok {
		return id
	}
	who := id
	if r.Author != "" {
		who = "@" + r.Author
	}
	if t := firstLine(printable(r.Text)); t != "" {
		return who + ": “" + t + "”"
	}
	return who
}

// refHead is the line naming the post r replies to or quotes, with its
// author when known: "replying to @alice (1234)".
func refHead(r *RefPost) string {
	verb := "replying to "
	if r.Kind == "quoted" {
		verb = "quoting "
	}
	if r.Author == "" {
		return verb + r.ID
	}
	return verb + "@" + r.Author + " (" + r.ID + ")"
}

// firstLine is the text's first non-blank line, for one-line summaries.
func firstLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			return printable(strings.TrimSpace(l))
		}
	}
	return ""
}

// hasAttachments reports whether p shows media or a poll.
func hasAttachments(p Post) bool { return len(p.Media) > 0 || p.Poll != nil }

// mediaCounts groups media by kind in the order kinds first appear, for
// "2 images · video" summaries.
func mediaCounts(media []PostMedia) (kinds []string, n map[string]int) {
	n = map[string]int{}
	for _, m := range media {
		if n[m.Kind] == 0 {
			kinds = append(kinds, m.Kind)
		}
		n[m.Kind]++
	}
	return kinds, n
}

// mediaLabel names count items of one kind, with the mark the lists use:
// "▣ 2 images", "▶ video", "▣ GIF".
func mediaLabel(kind string, count int) string {
	switch kind {
	case MediaPhoto:
		return iconImage + " " + human.Count(count, "image", "images")
	case MediaVideo:
		return iconVideo + " video"
	case MediaGIF:
		return iconImage + " GIF"
	}
	return human.Count(count, kind, kind)
}

// attachmentSummary is p's media and poll in one line, or "" when it has
// neither: what is attached, the first alt text (or that there is none),
// and the poll's standing.
func attachmentSummary(p Post, now time.Time) string {
	var parts []string
	if len(p.Media) > 0 {
		kinds, n := mediaCounts(p.Media)
		for _, k := range kinds {
			parts = append(parts, mediaLabel(k, n[k]))
		}
		missing, first := 0, ""
		for _, m := range p.Media {
			switch {
			case strings.TrimSpace(m.Alt) == "":
				missing++
			case first == "":
				first = strings.Join(strings.Fields(m.Alt), " ")
			}
		}
		if first != "" {
			parts = append(parts, "alt: "+first)
		}
		if missing > 0 {
			parts = append(parts, fmt.Sprintf("%d without alt text", missing))
		}
	}
	if p.Poll != nil {
		parts = append(parts, iconPoll+" poll: "+pollStanding(*p.Poll, now))
	}
	return strings.Join(parts, " · ")
}

// pollStanding is a poll's options with their shares, the votes and when
// it ends: "Tabs 60% · Spaces 40% · 1,234 votes · ends in 3h".
func pollStanding(poll PostPoll, now time.Time) string {
	total := pollVotes(poll)
	var parts []string
	for _, o := range poll.Options {
		if total == 0 {
			parts = append(parts, o.Label)
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %d%%", o.Label, percent(o.Votes, total)))
	}
	if total == 0 {
		parts = append(parts, "no votes yet")
	} else {
		parts = append(parts, human.Count(total, "vote", "votes"))
	}
	if e := pollEnd(poll, now); e != "" {
		parts = append(parts, e)
	}
	return strings.Join(parts, " · ")
}

// pollVotes is the number of votes cast in poll.
func pollVotes(poll PostPoll) int {
	total := 0
	for _, o := range poll.Options {
		total += o.Votes
	}
	return total
}

// percent is n of total in whole percent, rounded to nearest.
func percent(n, total int) int {
	if total <= 0 {
		return 0
	}
	return (200*n + total) / (2 * total)
}

// pollEnd says whether the poll's counts are final or when voting ends.
func pollEnd(poll PostPoll, now time.Time) string {
	switch {
	case poll.Closed:
		return "final"
	case poll.Ends.IsZero():
		return ""
	case !poll.Ends.After(now):
		return "ending now"
	}
	if d := poll.Ends.Sub(now); d >= time.Minute {
		return "ends in " + human.Short(d)
	}
	return "ends in under a minute"
}

// titleOr is a draft's title, or "(empty)" for one without text.
func titleOr(t string) string {
	if t == "" {
		return "(empty)"
	}
	return t
}

// replyLabels name draft.ReplySettings for people.
var replyLabels = map[string]string{
	draft.ReplyEveryone:       "everyone",
	draft.ReplyFollowing:      "people you follow",
	draft.ReplyMentionedUsers: "people you mention",
	draft.ReplySubscribers:    "your subscribers",
	draft.ReplyVerified:       "verified accounts",
}
