package main

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi"
)

// inspectMedia checks a file by its bytes (type, size cap) and returns it
// as the draft records an attachment.
func inspectMedia(path, alt string) (draft.Media, error) {
	f, err := xapi.DetectMedia(path)
	if err != nil {
		return draft.Media{}, err
	}
	m := draft.Media{Path: f.Path, Alt: alt, MIME: f.Type, Size: f.Size}
	switch f.Kind {
	case xapi.MediaImage:
		m.Kind = draft.KindImage
	case xapi.MediaGIF:
		m.Kind = draft.KindGIF
	case xapi.MediaVideo:
		m.Kind = draft.KindVideo
	}
	return m, nil
}

// problemsError is a draft that fails local validation: every problem,
// one per line, each naming its part (and its line in a thread file).
type problemsError struct {
	lines []string
}

func (e *problemsError) Error() string {
	if len(e.lines) == 1 {
		return e.lines[0]
	}
	return fmt.Sprintf("%d problems, nothing was sent:\n  %s", len(e.lines), strings.Join(e.lines, "\n  "))
}

// validateDraft checks d with limit. where names the part's location for
// the messages ("" for none); hint follows a too-long text's message to
// say where the limit comes from.
func validateDraft(d *draft.Draft, limit int, hint string, where func(part int) string) error {
	ps := d.Validate(draft.LimitConfig(limit))
	if len(ps) == 0 {
		return nil
	}
	e := &problemsError{}
	for _, p := range ps {
		loc := ""
		if where != nil && p.Post >= 0 {
			loc = where(p.Post)
		}
		msg := p.String()
		if hint != "" && p.Field == draft.FieldText && strings.Contains(p.Message, "over the limit") {
			msg += " (" + hint + ")"
		}
		e.lines = append(e.lines, loc+msg)
	}
	return e
}

// threadFromDraft is the thread xapi publishes for a validated draft.
func threadFromDraft(d *draft.Draft) *xapi.Thread {
	t := &xapi.Thread{ReplyTo: d.ReplyTo, QuoteID: d.Quote}
	for i, p := range d.Posts {
		tp := xapi.ThreadPost{Text: d.TextForPublish(i), ReplySettings: d.ReplySettings, PaidPartnership: d.PaidPartnership}
		for _, m := range p.Media {
			tp.Media = append(tp.Media, xapi.Attachment{Path: m.Path, Alt: m.Alt})
		}
		if p.Poll != nil {
			poll := &xapi.Poll{DurationMinutes: int(p.Poll.Duration / time.Minute)}
			for _, o := range p.Poll.Options {
				poll.Options = append(poll.Options, strings.TrimSpace(o))
			}
			tp.Poll = poll
		}
		t.Posts = append(t.Posts, tp)
	}
	return t
}

// printDryRun shows what publishing t would send: the uploads, then each
// post request as X would receive it, with placeholders for the ids only X
// can give.
func printDryRun(w io.Writer, t *xapi.Thread, posted func(i int) (string, bool)) error {
	uploaded := map[string]bool{}
	for i, p := range t.Posts {
		if _, ok := posted(i); ok {
			continue
		}
		for _, m := range p.Media {
			if uploaded[m.Path] {
				continue
			}
			uploaded[m.Path] = true
			f, err := xapi.DetectMedia(m.Path)
			if err != nil {
				return err
			}
			line := fmt.Sprintf("upload %s (%s, %s)", m.Path, f.Type, humanBytes(f.Size))
			if m.Alt != "" {
				line += fmt.Sprintf(" with alt text %q", m.Alt)
			}
			fmt.Fprintln(w, line)
		}
	}
	prev := t.ReplyTo
	for i, p := range t.Posts {
		if id, ok := posted(i); ok {
			fmt.Fprintf(w, "part %d: already posted as %s\n", i+1, id)
			prev = id
			continue
		}
		req := xapi.CreatePostRequest{Text: p.Text, Poll: p.Poll, ReplySettings: p.ReplySettings, PaidPartnership: p.PaidPartnership}
		if prev != "" {
			req.Reply = &xapi.Reply{InReplyToTweetID: prev}
		}
		if i == 0 {
			req.QuoteTweetID = t.QuoteID
		}
		if len(p.Media) > 0 {
			req.Media = &xapi.PostMedia{}
			for _, m := range p.Media {
				req.Media.MediaIDs = append(req.Media.MediaIDs, "<media id of "+m.Path+">")
			}
		}
		fmt.Fprintf(w, "POST /2/tweets (part %d of %d): ", i+1, len(t.Posts))
		if err := writeJSON(w, req); err != nil {
			return err
		}
		prev = fmt.Sprintf("<id of part %d>", i+1)
	}
	return nil
}

// humanBytes prints a size as X states its caps (decimal megabytes).
func humanBytes(n int64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

// postID accepts a post id or a post's link (https://x.com/user/status/ID)
// and returns the id; anything else is returned unchanged for validation
// to reject with a helpful message.
func postID(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return s
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] == "status" || parts[i] == "statuses" {
			return parts[i+1]
		}
	}
	return s
}

// publishEventsTo reports a publish's progress as lines on w (standard
// error), for a person watching; scripts read the ids on standard output.
func publishEventsTo(w io.Writer, total int) xapi.EventFunc {
	return func(e xapi.Event) {
		switch e.Kind {
		case xapi.EventUploaded:
			if !e.Reused {
				fmt.Fprintf(w, "uploaded %s\n", e.Path)
			}
		case xapi.EventPosted:
			if e.Reused {
				fmt.Fprintf(w, "part %d of %d was already posted as %s\n", e.Post+1, total, e.ID)
			} else {
				fmt.Fprintf(w, "posted part %d of %d as %s\n", e.Post+1, total, e.ID)
			}
		case xapi.EventRetrying:
			if e.Err != nil {
				fmt.Fprintf(w, "retrying after an error: %s\n", userMessage(e.Err))
			}
		case xapi.EventRateLimited:
			fmt.Fprintf(w, "rate limited by X: waiting %s (until %s)\n", e.Wait.Round(time.Second), e.Until.Local().Format("15:04:05"))
		case xapi.EventChecking:
			fmt.Fprintf(w, "the connection dropped while posting part %d: checking whether it went through\n", e.Post+1)
		}
	}
}

// errNothingToPost is `xpost post` without text or media.
var errNothingToPost = errors.New("nothing to post: give the text as an argument, - to read it from standard input, or attach media with --media")
