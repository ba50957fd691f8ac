package ui

// Delete and reopen: a post taken off X comes back into the composer
// whole (text, media with their descriptions, poll, reply settings, the
// post it replies to or quotes), not only as text.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/ui/draft"
)

// reopenSource is what xpost kept of a post it published: the draft that
// published it and the post's index there, and which of its files are
// still on disk. X reads back no files (only their kinds and
// descriptions), so the files come from here or not at all.
type reopenSource struct {
	draft *draft.Draft // nil when no draft published the post
	index int
	// present reports, by path, the attached files that still exist.
	present map[string]bool
}

// findSource looks for the draft that published post id in store (nil
// in a session that keeps no drafts) and checks its files. It reads the
// disk: only a Cmd calls it.
func findSource(store *draft.Store, id string) reopenSource {
	if store == nil {
		return reopenSource{}
	}
	d, i, err := store.FindPublished(id)
	if err != nil {
		return reopenSource{}
	}
	src := reopenSource{draft: d, index: i, present: map[string]bool{}}
	for _, m := range d.Posts[i].Media {
		if fi, err := os.Stat(m.Path); err == nil && fi.Mode().IsRegular() {
			src.present[m.Path] = true
		}
	}
	return src
}

// reopenDraft fills a new draft with post p as it was published, from
// what X read back and what src kept, and says what came back and what
// could not.
func reopenDraft(p Post, src reopenSource) (fill func(d *draft.Draft), note string) {
	var post draft.Post
	var lost []string
	text := draft.StripNumbering(p.Text)
	numbered := text != p.Text
	if sd := src.draft; sd != nil && !sd.Numbering {
		// xpost did not number it: a trailing "3/4" is the user's.
		text, numbered = p.Text, false
	}
	post.Text = text
	replySettings := p.ReplySettings
	paid := false
	if sd := src.draft; sd != nil {
		sp := sd.Posts[src.index]
		for _, m := range sp.Media {
			if src.present[m.Path] {
				post.Media = append(post.Media, m)
			} else {
				lost = append(lost, filepath.Base(m.Path)+" (moved or deleted)")
			}
		}
		if sp.Poll != nil {
			poll := *sp.Poll
			poll.Options = append([]string(nil), sp.Poll.Options...)
			post.Poll = &poll
		}
		replySettings, paid = sd.ReplySettings, sd.PaidPartnership
	} else {
		for _, m := range p.Media {
			lost = append(lost, lostMedia(m))
		}
	}
	if post.Poll == nil && p.Poll != nil && len(p.Poll.Options) > 0 {
		poll := &draft.Poll{Duration: p.Poll.Duration}
		if poll.Duration <= 0 {
			poll.Duration = draft.DefaultPollDuration
		}
		for _, o := range p.Poll.Options {
			poll.Options = append(poll.Options, o.Label)
		}
		post.Poll = poll
	}
	if replySettings == ReplyUnknown {
		lost = append(lost, "who may reply (X says only that it was limited)")
		replySettings = draft.ReplyEveryone
	}
	fill = func(d *draft.Draft) {
		d.Posts[0] = post
		d.ReplyTo, d.Quote = p.ReplyTo, p.QuoteOf
		d.ReplySettings, d.PaidPartnership = replySettings, paid
	}
	return fill, reopenNote(post, replySettings, numbered, lost)
}

// lostMedia names an attachment X read back but xpost has no file of.
func lostMedia(m PostMedia) string {
	name := mediaNoun(m.Kind)
	if m.Alt != "" {
		name += " “" + m.Alt + "”"
	}
	return name
}

// mediaNoun is what a kind of PostMedia is called in a sentence.
func mediaNoun(kind string) string {
	switch kind {
	case MediaPhoto:
		return "an image"
	case MediaVideo:
		return "a video"
	case MediaGIF:
		return "a GIF"
	}
	return "a " + kind
}

// reopenNote says what came back into the composer and what did not.
func reopenNote(p draft.Post, replySettings string, numbered bool, lost []string) string {
	back := []string{"its text"}
	if n := len(p.Media); n > 0 {
		back = append(back, human.Count(n, "attachment", "attachments")+" with "+human.Plural(n, "its alt text", "their alt text"))
	}
	if p.Poll != nil {
		back = append(back, "its poll")
	}
	if replySettings != draft.ReplyEveryone {
		back = append(back, "who may reply")
	}
	note := "Deleted; " + human.And(back) + " " + human.Plural(len(back), "is", "are") + " back in the composer"
	if numbered {
		note += ", without its old number"
	}
	if len(lost) > 0 {
		note += fmt.Sprintf(". Not brought back (xpost has no copy): %s", strings.Join(lost, ", "))
	}
	return note + "."
}
