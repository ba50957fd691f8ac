package ui

// Drawing the publish screen: the confirmation with the thread and its
// problems, the progress, the failure and the result.

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/textcount"
	"github.com/xpostdev/xpost/ui/draft"
)

// View draws the confirmation, the progress, or the outcome.
func (s *publishScreen) View(width, height int) string {
	st := &s.env.styles
	if s.stage == publishConfirm || s.stage == publishCountdown {
		head := fitWidth(s.confirmHead(width), width, s.env.method)
		if s.askingAlt {
			head = st.Warning.Render(wrapText(iconProblem+" "+s.altQuestion(), max(10, width), s.env.method))
		}
		body := s.threadView(width)
		vh := max(1, height-lipgloss.Height(head))
		s.vp.SetWidth(width)
		s.vp.SetHeight(vh)
		s.vp.SetContent(fitWidth(body, width, s.env.method))
		return head + "\n" + fitView(s.vp.View(), s.env.method)
	}
	var b strings.Builder
	switch s.stage {
	case publishRunning:
		b.WriteString(st.Accent.Render("Publishing…") + "  " + st.Subtle.Render(s.keys.Cancel.Help().Key+" stops; the draft stays") + "\n\n")
	case publishDone:
		first, _ := s.d.Posted(0)
		if e := s.d.Edit; e != nil {
			b.WriteString(st.Success.Render(iconDone+" Edited post "+e.ID+".") + "\n")
			b.WriteString("New version: " + st.Accent.Render(first) + "\n")
		} else {
			b.WriteString(st.Success.Render(fmt.Sprintf(iconDone+" Published %s.", human.Count(len(s.d.Posts), "post", "posts"))) + "\n")
			b.WriteString("First post: " + st.Accent.Render(first) + "\n")
		}
		b.WriteString(st.Subtle.Render(PostLink(first)+" · "+s.keys.Copy.Help().Key+" copies it · "+s.keys.Open.Help().Key+" opens it") + "\n")
		b.WriteString(st.Subtle.Render("The draft is kept among your drafts, marked published.") + "\n\n")
	case publishStopped:
		b.WriteString(s.failureView(width) + "\n\n")
	}
	for _, u := range s.uploads {
		name := truncate(filepath.Base(u.path), 24, "…", s.env.method)
		pct := 0.0
		if u.total > 0 {
			pct = float64(u.sent) / float64(u.total)
		}
		state := fmt.Sprintf("%3.0f%%", pct*100)
		switch {
		case u.done:
			pct, state = 1, st.Success.Render(iconDone)
		case u.sent == 0:
			state = st.Subtle.Render("queued")
		}
		if s.env.accessible {
			// No bar: the percentage, or the state, in words.
			words := fmt.Sprintf("%.0f%% uploaded", pct*100)
			switch {
			case u.done:
				words = "uploaded"
			case u.sent == 0:
				words = "queued"
			}
			b.WriteString(fmt.Sprintf("  %s: %s\n", name, words))
			continue
		}
		s.bar.SetWidth(max(10, min(30, width-36)))
		b.WriteString(fmt.Sprintf("  %-24s %s %s\n", name, s.bar.ViewAs(pct), state))
	}
	if len(s.uploads) > 0 {
		b.WriteString("\n")
	}
	for i, p := range s.d.Posts {
		text := truncate(firstLine(p.Text), max(1, width-24), "…", s.env.method)
		var mark string
		if id, ok := s.d.Posted(i); ok {
			mark = st.Success.Render(iconDone + " " + id)
		} else if s.stage == publishRunning && i == s.nextUnposted() {
			mark = st.Accent.Render("posting…")
		} else {
			mark = st.Subtle.Render("pending")
		}
		if s.env.accessible {
			state := "pending"
			if id, ok := s.d.Posted(i); ok {
				state = "posted as " + id
			} else if s.stage == publishRunning && i == s.nextUnposted() {
				state = "posting now"
			}
			b.WriteString(fmt.Sprintf("  %s: %s, %s\n", capitalized(postOf(i, len(s.d.Posts))), text, state))
			continue
		}
		b.WriteString(fmt.Sprintf("  %d/%d %s  %s\n", i+1, len(s.d.Posts), text, mark))
	}
	if s.stage == publishRunning {
		if !s.waitTill.IsZero() {
			left := s.waitTill.Sub(s.now()).Round(time.Second)
			if s.pacing {
				b.WriteString("\n" + st.Subtle.Render(fmt.Sprintf("pacing: post %d in %s (at %s)", s.posting+1, max(left, 0), s.waitTill.In(s.loc).Format("15:04:05"))) + "\n")
			} else {
				b.WriteString("\n" + st.Warning.Render(fmt.Sprintf("X's rate limit: waiting %s (until %s)", max(left, 0), s.waitTill.In(s.loc).Format("15:04:05"))) + "\n")
			}
		} else if s.note != "" {
			b.WriteString("\n" + st.Warning.Render(truncate(s.note, max(1, width), "…", s.env.method)) + "\n")
		}
	}
	return fitWidth(b.String(), width, s.env.method)
}

func (s *publishScreen) nextUnposted() int {
	for i := range s.d.Posts {
		if _, ok := s.d.Posted(i); !ok {
			return i
		}
	}
	return -1
}

// failureView says what went wrong and what to do, asking the error for
// its behaviour: a message for people, a time to retry at.
func (s *publishScreen) failureView(width int) string {
	st := &s.env.styles
	wrap := lipgloss.NewStyle().Width(max(20, width))
	posted := len(s.d.Posts) - s.d.Remaining()
	var b strings.Builder
	if errors.Is(s.err, context.Canceled) {
		b.WriteString(st.Warning.Render("Stopped.") + " ")
	} else {
		b.WriteString(st.Error.Render(wrap.Render("Publishing failed: "+userMessage(s.err))) + "\n")
	}
	var ra interface{ RetryAt() time.Time }
	if errors.As(s.err, &ra) && !ra.RetryAt().IsZero() {
		at := ra.RetryAt()
		b.WriteString(st.Warning.Render(fmt.Sprintf("X asks to wait until %s (%s from now).", at.In(s.loc).Format("15:04"), max(at.Sub(s.now()).Round(time.Second), 0))) + "\n")
	}
	b.WriteString(wrap.Render(fmt.Sprintf("The draft is kept; %s on X. %s publishes again and resumes at post %d; %s goes back to edit.",
		human.Share(posted, len(s.d.Posts), "post", "posts"), s.keys.Retry.Help().Key, max(1, s.nextUnposted()+1), s.keys.Back.Help().Key)))
	return b.String()
}

// confirmHead is the question above the thread, or the problems to fix.
func (s *publishScreen) confirmHead(width int) string {
	st := &s.env.styles
	if s.stage == publishCountdown && s.env.accessible {
		return wrapText(st.Warning.Render("Posting in "+human.Count(s.undoLeft, "second", "seconds")+", "+s.keys.Undo.Help().Key+" cancels"), width, s.env.method)
	}
	if s.stage == publishCountdown {
		return wrapText(st.Warning.Render(fmt.Sprintf("Posting in %d s", s.undoLeft))+" "+st.Subtle.Render("· "+s.keys.Undo.Help().Key+" cancels"), width, s.env.method)
	}
	if len(s.problems) > 0 {
		var b strings.Builder
		b.WriteString(st.Error.Render(wrapText(fmt.Sprintf("%s to fix before publishing (%s goes back):", human.Count(len(s.problems), "problem", "problems"), s.keys.Back.Help().Key), width, s.env.method)))
		for _, p := range s.problems {
			for l := range strings.SplitSeq(bulleted(p.String(), width, s.env.method), "\n") {
				b.WriteString("\n" + st.Error.Render(l))
			}
		}
		return b.String()
	}
	n := len(s.d.Posts)
	q := fmt.Sprintf("Publish this thread of %s?", human.Count(n, "post", "posts"))
	if n == 1 {
		q = "Publish this post?"
	}
	if s.env.accessible && n > 1 {
		q = fmt.Sprintf("Publish %s?", human.Count(n, "post", "posts"))
	}
	if e := s.d.Edit; e != nil {
		q = "Replace post " + e.ID + " with this edit? (" + editLeft(e.EditsLeft, e.Until, s.now()) + ")"
	}
	if done := n - s.d.Remaining(); done > 0 {
		q = human.Share(done, n, "post", "posts") + " already on X. Publish the rest?"
	}
	if s.env.accessible {
		// A plain question, answered as a prompt is: y, or anything
		// else for no.
		return wrapText(st.Accent.Render(q+" [y/N]"), width, s.env.method)
	}
	return wrapText(st.Accent.Render(q)+"  "+st.Subtle.Render(s.keys.Publish.Help().Key+" publishes · "+s.keys.Back.Help().Key+" goes back"), width, s.env.method)
}

// threadView is the whole thread as it will go out.
func (s *publishScreen) threadView(width int) string {
	st := &s.env.styles
	d := s.d
	cfg := draft.LimitConfig(s.env.Limit())
	var b strings.Builder
	var facts []string
	if d.Edit != nil {
		facts = append(facts, "replaces "+d.Edit.ID+" (an edit)")
	}
	if d.ReplyTo != "" {
		facts = append(facts, "replying to "+s.env.refLabel(d.ReplyTo))
	}
	if d.Quote != "" {
		facts = append(facts, "quoting "+s.env.refLabel(d.Quote))
	}
	facts = append(facts, "replies: "+replyLabels[d.ReplySettings])
	if d.PaidPartnership {
		facts = append(facts, "paid partnership")
	}
	b.WriteString(st.Subtle.Render(wrapText(strings.Join(facts, " · "), width, s.env.method)) + "\n")
	// Posts are indented, not padded by Lip Gloss, whose grapheme widths
	// would push lines past the screen in a terminal that counts code
	// points; the text is wrapped with the terminal's method instead.
	m := s.env.method
	inner := max(8, width-4)
	card := func(block string) string { return "  " + strings.ReplaceAll(block, "\n", "\n  ") }
	for i := range d.Posts {
		p := d.Posts[i]
		text := d.TextForPublish(i)
		res := textcount.ParseWith(text, cfg)
		n := res.WeightedLength
		counter := fmt.Sprintf("%d/%d", n, cfg.MaxWeightedTweetLength)
		over := n > cfg.MaxWeightedTweetLength
		if over {
			counter = st.CounterBad.Render(fmt.Sprintf("%s · %d over", counter, n-cfg.MaxWeightedTweetLength))
		} else {
			counter = st.Counter.Render(counter)
		}
		head := fmt.Sprintf("%d/%d  %s", i+1, len(d.Posts), counter)
		if s.env.accessible {
			head = capitalized(postOf(i, len(d.Posts))) + ", " + charactersOf(n, cfg.MaxWeightedTweetLength)
		}
		if id, ok := d.Posted(i); ok {
			head += "  " + st.Success.Render(iconDone+" on X as "+id)
		}
		b.WriteString("\n" + st.CardTitle.Render(head) + "\n")
		if strings.TrimSpace(text) == "" {
			b.WriteString(card(st.Placeholder.Render("(no text)")) + "\n")
		} else {
			shown := printable(text)
			if over && res.ValidBytes < len(text) {
				shown = printable(text[:res.ValidBytes]) + markOverflow(st, printable(text[res.ValidBytes:]))
			}
			b.WriteString(card(wrapText(shown, inner, m)) + "\n")
		}
		for _, md := range p.Media {
			alt := "no alt text"
			if md.Alt != "" {
				alt = "“" + md.Alt + "”"
			}
			line := fmt.Sprintf("%s %s (%s, %s) %s", mediaIcon(string(md.Kind)), filepath.Base(md.Path), md.Kind, human.Size(md.Size), alt)
			b.WriteString(card(st.Attachment.Render(truncate(line, inner, "…", m))) + "\n")
		}
		if p.Poll != nil {
			line := fmt.Sprintf(iconPoll+" poll, %s: %s", human.Duration(p.Poll.Duration), strings.Join(p.Poll.Options, " / "))
			b.WriteString(card(st.Attachment.Render(truncate(line, inner, "…", m))) + "\n")
		}
		for _, pr := range s.problems {
			if pr.Post == i {
				for _, l := range strings.Split(wrapText(iconProblem+" "+pr.Message, inner, m), "\n") {
					b.WriteString(card(st.Error.Render(l)) + "\n")
				}
			}
		}
	}
	if s.plan.As != "" {
		b.WriteString("\n" + st.CardTitle.Render("Posting as") + "\n")
		b.WriteString(card(wrapText(printable(s.plan.As), inner, m)) + "\n")
	}
	switch {
	case s.planErr != nil:
		b.WriteString("\n" + st.Error.Render(wrapText(iconProblem+" "+userMessage(s.planErr), width, m)) + "\n")
	case len(s.plan.Requests) > 0:
		b.WriteString("\n" + st.CardTitle.Render("What X receives") + "\n")
		for _, l := range s.plan.Requests {
			b.WriteString(card(st.Subtle.Render(wrapText(printable(l), inner, m))) + "\n")
		}
	}
	if len(s.plan.Costs)+len(s.plan.Refused)+len(s.plan.Flagged) > 0 {
		b.WriteString("\n" + st.CardTitle.Render("Cost and plan") + "\n")
		for _, l := range s.plan.Costs {
			b.WriteString(card(wrapText(printable(l), inner, m)) + "\n")
		}
		for _, l := range s.plan.Refused {
			b.WriteString(card(st.Error.Render(wrapText(iconProblem+" "+printable(l), inner, m))) + "\n")
		}
		for _, l := range s.plan.Flagged {
			b.WriteString(card(st.Warning.Render(wrapText(iconProblem+" "+printable(l), inner, m))) + "\n")
		}
	}
	return b.String()
}

// markOverflow draws the text past the limit as the editor does, line by
// line so that no line is padded.
func markOverflow(st *Styles, over string) string {
	lines := strings.Split(over, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = st.Overflow.Render(l)
		}
	}
	return strings.Join(lines, "\n")
}
