package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/ui/draft"
)

// recentMode is what the recent-posts screen is showing.
type recentMode int

const (
	recentList    recentMode = iota
	recentView               // one post in full
	recentConfirm            // asking before a delete
)

// recentDeletedMsg is the answer to a delete.
type recentDeletedMsg struct {
	post   Post
	reopen bool
	err    error
	// src is what xpost kept of the post, looked up after a delete that
	// reopens it.
	src reopenSource
}

// recentKeys are the bindings of the recent-posts screen; the list's own
// (moving, filtering, enter to read) are its postList's.
type recentKeys struct {
	Reply, Quote, Delete, Reopen key.Binding
	Copy, Open                   key.Binding
	Sort                         key.Binding
	Yes, No, Back                key.Binding
}

func newRecentKeys(km KeyMap) recentKeys {
	del := withDesc(km.Remove, "delete")
	yes, no := km.confirmDelete()
	return recentKeys{
		Reply:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reply")),
		Quote:  key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quote")),
		Delete: del,
		Reopen: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "delete & edit")),
		Copy:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy link")),
		Open:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open in browser")),
		Sort:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Yes:    yes,
		No:     no,
		Back:   km.Back,
	}
}

// recentScreen lists the account's posts, newest first, a page at a time:
// read one in full, delete it (after a y/N that shows its text), delete it
// and edit it again, or start a reply or a quote.
type recentScreen struct {
	postList
	keys   recentKeys
	mode   recentMode
	reopen bool // the pending delete reopens the text in the composer
	busy   bool // a delete is on its way
	vp     viewport.Model
	width  int
	height int
	// loc is the zone dates are shown in; tests fix it.
	loc *time.Location
}

func newRecentScreenFor(e *env, _ openRequest) (screen, tea.Cmd) {
	s := newRecentScreen(e)
	return s, s.load(false)
}

func newRecentScreen(e *env) *recentScreen {
	s := &recentScreen{postList: newPostList(e, "read"), keys: newRecentKeys(e.keys), loc: time.Local, width: 80, height: 20}
	s.vp = viewport.New()
	s.vp.SoftWrap = true
	s.syncKeys()
	return s
}

func (s *recentScreen) syncKeys() {
	list := s.mode == recentList
	s.syncNav(list, s.busy)
	has := len(s.posts) > 0 && !s.busy
	typing := s.list.filtering
	s.keys.Sort.SetEnabled(list && !typing && len(s.all) > 1)
	for _, b := range []*key.Binding{&s.keys.Reply, &s.keys.Quote, &s.keys.Delete, &s.keys.Reopen, &s.keys.Copy, &s.keys.Open} {
		b.SetEnabled((list && !typing || s.mode == recentView) && has)
	}
	help := "delete & edit"
	if p, ok := s.selected(); ok && p.Editable(s.now()) {
		help = "edit"
	}
	s.keys.Reopen.SetHelp(s.keys.Reopen.Help().Key, help)
	s.keys.Yes.SetEnabled(s.mode == recentConfirm && !s.busy)
	s.keys.No.SetEnabled(s.mode == recentConfirm && !s.busy)
	// With a filter kept, esc clears it first (the list's Clear).
	s.keys.Back.SetEnabled(s.mode != recentConfirm && !typing && (s.mode != recentList || s.list.filter == ""))
}

// Title names the screen in the header.
func (s *recentScreen) Title() string { return "recent posts" }

// Keys lists the bindings that apply now.
func (s *recentScreen) Keys() []key.Binding {
	k := s.keys
	if s.mode == recentConfirm {
		return []key.Binding{k.Yes, k.No}
	}
	l := s.list.keys
	return []key.Binding{l.Keep, l.Cancel, l.Open, k.Reply, k.Quote, k.Delete, k.Reopen, k.Copy, k.Open, k.Sort, l.Filter, l.Clear, s.nav.NextPage, s.nav.Refresh}
}

// HelpGroups groups the bindings for the full help.
func (s *recentScreen) HelpGroups() []helpGroup {
	k := s.keys
	return []helpGroup{
		{"list", append(s.list.moveKeys(), s.nav.NextPage, s.nav.Refresh, k.Sort)},
		{"the post", []key.Binding{s.list.keys.Open, k.Reply, k.Quote, k.Delete, k.Reopen, k.Copy, k.Open}},
		{"delete?", []key.Binding{k.Yes, k.No}},
	}
}

// Update handles one message.
func (s *recentScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	cmd := s.update(msg)
	s.syncKeys()
	return s, cmd
}

func (s *recentScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case recentPageMsg:
		return s.gotPage(msg)
	case recentDeletedMsg:
		return s.deleted(msg)
	case tea.KeyPressMsg:
		switch s.mode {
		case recentConfirm:
			return s.confirmKey(msg)
		case recentView:
			return s.viewKey(msg)
		}
		return s.listKey(msg)
	}
	if s.mode == recentView {
		var cmd tea.Cmd
		s.vp, cmd = s.vp.Update(msg)
		return cmd
	}
	return nil
}

func (s *recentScreen) listKey(msg tea.KeyPressMsg) tea.Cmd {
	cmd, act := s.navKey(msg)
	switch act {
	case listIgnored:
	case listOpen:
		if p, ok := s.selected(); ok {
			s.mode = recentView
			s.vp.SetContent(s.fullText(p, s.width))
			s.vp.GotoTop()
		}
		return nil
	default:
		return cmd
	}
	switch {
	case key.Matches(msg, s.keys.Back):
		return goBack
	case key.Matches(msg, s.keys.Sort):
		s.sortBy = (s.sortBy + 1) % sortOrders
		s.reshape()
		return status("Sorted "+sortNames[s.sortBy]+" (of the posts loaded).", levelInfo)
	}
	return s.actionKey(msg)
}

// Cursor is the end of the filter while it is typed: the one place the
// insertion point can be.
func (s *recentScreen) Cursor() (x, y int, ok bool) {
	if s.mode != recentList {
		return 0, 0, false
	}
	return s.list.filterCursor()
}

// Typing reports that keys are text for the filter, not commands.
func (s *recentScreen) Typing() bool { return s.mode == recentList && s.list.filtering }

func (s *recentScreen) viewKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, s.keys.Back) {
		s.mode = recentList
		return nil
	}
	if cmd := s.actionKey(msg); cmd != nil || s.mode != recentView {
		return cmd
	}
	var cmd tea.Cmd
	s.vp, cmd = s.vp.Update(msg)
	return cmd
}

// actionKey handles the keys that act on the selected post, from the list
// or from the full view.
func (s *recentScreen) actionKey(msg tea.KeyPressMsg) tea.Cmd {
	p, ok := s.selected()
	if !ok {
		return nil
	}
	k := s.keys
	switch {
	case key.Matches(msg, k.Reply):
		s.noteOwn(p)
		return s.startDraft(func(d *draft.Draft) { d.ReplyTo = p.ID }, "Replying to "+p.ID+".")
	case key.Matches(msg, k.Quote):
		s.noteOwn(p)
		return s.startDraft(func(d *draft.Draft) { d.Quote = p.ID }, "Quoting "+p.ID+".")
	case key.Matches(msg, k.Copy):
		return copyLink(PostLink(p.ID))
	case key.Matches(msg, k.Open):
		return openLink(s.env, PostLink(p.ID))
	case key.Matches(msg, k.Delete):
		s.mode, s.reopen = recentConfirm, false
	case key.Matches(msg, k.Reopen):
		if p.Editable(s.now()) {
			return s.startEdit(p)
		}
		s.mode, s.reopen = recentConfirm, true
	}
	return nil
}

func (s *recentScreen) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	if s.busy {
		return nil
	}
	p, ok := s.selected()
	switch {
	case ok && key.Matches(msg, s.keys.Yes):
		s.busy = true
		svc, ctx, reopen, store := s.env.svc, s.env.ctx, s.reopen, draftStore(s.env)
		return func() tea.Msg {
			msg := recentDeletedMsg{post: p, reopen: reopen, err: svc.Delete(ctx, p.ID)}
			if reopen && msg.err == nil {
				msg.src = findSource(store, p.ID)
			}
			return msg
		}
	default:
		// Anything but y keeps the post: No is the default.
		s.mode = recentList
		return status("Kept.", levelInfo)
	}
}

func (s *recentScreen) deleted(msg recentDeletedMsg) tea.Cmd {
	s.busy = false
	s.mode = recentList
	if msg.err != nil {
		if isNotLoggedIn(msg.err) {
			return navigate(screenLogin, openRequest{})
		}
		return status("could not delete: "+userMessage(msg.err), levelError)
	}
	s.remove(msg.post.ID)
	if msg.reopen {
		return s.startDraft(reopenDraft(msg.post, msg.src))
	}
	return status("Deleted.", levelInfo)
}

// noteOwn remembers p, one of the account's posts, so that the draft
// replying to or quoting it names it by author and text.
func (s *recentScreen) noteOwn(p Post) {
	r := RefPost{ID: p.ID, Text: p.Text}
	if a := s.env.account; a != nil {
		r.Author = a.Username
	}
	s.env.noteRef(r)
}

// copyLink puts link on the clipboard through the terminal (OSC 52, so
// it works over SSH too) and says so, with the link, since not every
// terminal honours it.
func copyLink(link string) tea.Cmd {
	return tea.Batch(tea.SetClipboard(link), status("Copied "+link+" (if the terminal allows it).", levelInfo))
}

// openLink opens link in the browser when Services can, else shows it.
func openLink(e *env, link string) tea.Cmd {
	o, ok := e.svc.(Opener)
	if !ok {
		return status("Open "+link+" in a browser.", levelInfo)
	}
	return func() tea.Msg {
		if err := o.OpenURL(link); err != nil {
			return statusMsg{Text: "Could not open a browser (" + userMessage(err) + "): " + link, Level: levelWarn}
		}
		return statusMsg{Text: "Opened " + link + ".", Level: levelInfo}
	}
}

// startEdit opens p in the composer as an edit: publishing it replaces p
// on X, through the one publish path. What it replies to or quotes stays
// as X has it; only the text (and media given again) is sent.
func (s *recentScreen) startEdit(p Post) tea.Cmd {
	note := "Editing " + p.ID + ": " + editLeft(p.EditsLeft, p.EditableUntil, s.now()) + "."
	if len(p.Media) > 0 {
		note += " Its media must be attached again, or the edit drops them."
	}
	return s.startDraft(func(d *draft.Draft) {
		d.Posts[0].Text = p.Text
		d.Edit = &draft.Edit{ID: p.ID, Until: p.EditableUntil, EditsLeft: p.EditsLeft, Media: len(p.Media)}
	}, note)
}

// editLeft says what is left of an edit window at now: "2 edits left ·
// 41m to go", or that it has closed.
func editLeft(left int, until, now time.Time) string {
	if left <= 0 {
		return "no edits left"
	}
	d := until.Sub(now)
	if d <= 0 {
		return "the edit window has closed"
	}
	return human.Count(left, "edit", "edits") + " left · " + shortDuration(d) + " to go"
}

// shortDuration is d as "41m", "1h05m" or "12s", rounded down.
func shortDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	}
	return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// startDraft starts a fresh draft shaped by fill and opens it in the
// composer, leaving the current draft saved among the drafts.
func (s *recentScreen) startDraft(fill func(d *draft.Draft), note string) tea.Cmd {
	d := draft.New()
	fill(d)
	return openNewDraft(s.env, d, note)
}

// fullText is the post as the full view shows it, wrapped to width.
func (s *recentScreen) fullText(p Post, width int) string {
	st := &s.env.styles
	var b strings.Builder
	b.WriteString(st.Subtle.Render(fmt.Sprintf("%s · %s", p.ID, p.CreatedAt.In(s.loc).Format("Mon Jan 2 2006 15:04"))) + "\n")
	if r := p.Refers; r != nil {
		b.WriteString(st.Subtle.Render(refHead(r)) + "\n")
		if t := strings.TrimSpace(printable(r.Text)); t != "" {
			// Quoted and indented, not only dimmed: without colour
			// (NO_COLOR) it must still read as the other post.
			quoted := wrapText("“"+t+"”", max(10, width-2), s.env.method)
			b.WriteString(st.Subtle.Render(indentLines(quoted, "  ")) + "\n")
		}
	} else {
		if p.ReplyTo != "" {
			b.WriteString(st.Subtle.Render("replying to "+p.ReplyTo) + "\n")
		}
		if p.QuoteOf != "" {
			b.WriteString(st.Subtle.Render("quoting "+p.QuoteOf) + "\n")
		}
	}
	b.WriteString("\n" + wrapText(printable(p.Text), width, s.env.method) + "\n\n")
	if a := s.attachmentDetails(p, width); a != "" {
		b.WriteString(a + "\n\n")
	}
	b.WriteString(st.Subtle.Render(metrics(p)+" · "+human.Count(p.Quotes, "quote", "quotes")) + "\n")
	if m := p.Private; m != nil {
		b.WriteString(st.Subtle.Render(fmt.Sprintf("only you see: %s · %s · %s",
			human.Count(m.Impressions, "impression", "impressions"),
			human.Count(m.ProfileClicks, "profile click", "profile clicks"),
			human.Count(m.LinkClicks, "link click", "link clicks"))) + "\n")
	}
	switch {
	case p.Editable(s.now()):
		b.WriteString(st.Subtle.Render("editable: "+editLeft(p.EditsLeft, p.EditableUntil, s.now())+" · "+s.keys.Reopen.Help().Key+" edits") + "\n")
	case p.EditEligible:
		b.WriteString(st.Subtle.Render("not editable: "+editLeft(p.EditsLeft, p.EditableUntil, s.now())+" · "+s.keys.Reopen.Help().Key+" deletes and reposts") + "\n")
	}
	return b.String()
}

// View draws the list, the post being read, or the delete question.
func (s *recentScreen) View(width, height int) string {
	s.width, s.height = width, height
	switch s.mode {
	case recentView:
		if p, ok := s.selected(); ok && (s.vp.Width() != width || s.vp.Height() != height) {
			s.vp.SetWidth(width)
			s.vp.SetHeight(max(1, height))
			s.vp.SetContent(s.fullText(p, width))
		}
		return fitView(s.vp.View(), s.env.method)
	case recentConfirm:
		return s.confirmView(width)
	}
	var b strings.Builder
	s.list.writeFilterLine(&b, &s.env.styles, width, s.env.method)
	if b.Len() > 0 {
		return b.String() + s.postList.view(width, max(1, height-1))
	}
	return s.postList.view(width, height)
}

func (s *recentScreen) confirmView(width int) string {
	st := &s.env.styles
	p, _ := s.selected()
	q := "Delete this post from X?"
	if s.reopen {
		q = "Delete this post from X and edit its text in a new draft?"
		if p.EditEligible && !p.Editable(s.now()) {
			q = "X takes no more edits of this post (" + editLeft(p.EditsLeft, p.EditableUntil, s.now()) + "). " + q
		}
	}
	text := printable(p.Text)
	if lines := strings.Split(text, "\n"); len(lines) > 8 {
		text = strings.Join(lines[:8], "\n") + "\n…"
	}
	// What goes with the post (images and their alt text, a poll and
	// its votes) is shown too: it goes as well.
	if a := attachmentSummary(p, s.now()); a != "" {
		text += "\n" + a
	}
	q, hint := s.env.yesNo(q, s.keys.Yes, "deletes")
	body := st.Error.Render(q) + "\n\n" + text + "\n\n" + st.Subtle.Render(relativeTime(p.CreatedAt, s.now())+" · "+metrics(p))
	if s.busy {
		body += "\n\n" + st.Subtle.Render("Deleting…")
	} else if hint != "" {
		body += "\n\n" + hint
	}
	if s.env.accessible {
		return wrapText(body, width, s.env.method) // no box drawn
	}
	edge := lipgloss.NewStyle().Foreground(st.Error.GetForeground())
	return boxed(body, max(20, min(width, 78)), s.env.method, edge)
}

// attachmentDetails is p's media and poll as the full view shows them:
// every item with its alt text, and every option of the poll with its
// share and votes; "" when there is neither. Lines fit width.
func (s *recentScreen) attachmentDetails(p Post, width int) string {
	if !hasAttachments(p) {
		return ""
	}
	st := &s.env.styles
	m := s.env.method
	var b strings.Builder
	if len(p.Media) > 0 {
		kinds, n := mediaCounts(p.Media)
		labels := make([]string, len(kinds))
		for i, k := range kinds {
			labels[i] = mediaLabel(k, n[k])
		}
		b.WriteString(truncate(strings.Join(labels, " · "), width, "…", m) + "\n")
		for i, md := range p.Media {
			lead := fmt.Sprintf("  %d. ", i+1)
			if md.Kind != MediaPhoto || len(kinds) > 1 {
				lead += mediaLabel(md.Kind, 1) + ", "
			}
			alt := strings.Join(strings.Fields(md.Alt), " ")
			if alt == "" {
				b.WriteString(st.Warning.Render(truncate(lead+"no alt text", width, "…", m)) + "\n")
				continue
			}
			indent := strings.Repeat(" ", cellWidth(lead, m))
			text := wrapText("alt: "+alt, max(10, width-len(indent)), m)
			b.WriteString(lead + strings.ReplaceAll(text, "\n", "\n"+indent) + "\n")
		}
	}
	if poll := p.Poll; poll != nil {
		if len(p.Media) > 0 {
			b.WriteString("\n")
		}
		total := pollVotes(*poll)
		head := []string{iconPoll + " poll", human.Count(total, "vote", "votes")}
		if e := pollEnd(*poll, s.now()); e != "" {
			head = append(head, e)
		}
		if !poll.Ends.IsZero() {
			head = append(head, poll.Ends.In(s.loc).Format("Mon Jan 2 15:04"))
		}
		b.WriteString(truncate(strings.Join(head, " · "), width, "…", m) + "\n")
		labelW := 0
		for _, o := range poll.Options {
			labelW = max(labelW, cellWidth(o.Label, m))
		}
		for _, o := range poll.Options {
			pad := strings.Repeat(" ", max(0, labelW-cellWidth(o.Label, m)))
			line := fmt.Sprintf("  %s%s  %3d%%  %s", o.Label, pad, percent(o.Votes, total), human.Count(o.Votes, "vote", "votes"))
			b.WriteString(truncate(line, width, "…", m) + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}
