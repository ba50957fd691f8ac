package ui

import (
	"fmt"
	"strconv"
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

// Messages of the recent-posts screen's commands. run tags each load so a
// refresh drops answers to the loads it replaced.
type (
	recentPageMsg struct {
		run    int
		page   Page
		err    error
		append bool
	}
	recentDeletedMsg struct {
		post   Post
		reopen bool
		err    error
	}
)

// recentKeys are the bindings of the recent-posts screen.
type recentKeys struct {
	Up, Down, View, NextPage, Refresh key.Binding
	Reply, Quote, Delete, Reopen      key.Binding
	Pick                              key.Binding
	Yes, No, Back                     key.Binding
}

func newRecentKeys(km KeyMap) recentKeys {
	view := km.Select
	view.SetHelp("enter", "read")
	del := km.Remove
	del.SetHelp("d", "delete")
	yes, no := km.confirmDelete()
	return recentKeys{
		Up:       km.Up,
		Down:     km.Down,
		View:     view,
		NextPage: key.NewBinding(key.WithKeys("n", "pgdown"), key.WithHelp("n", "more")),
		Refresh:  key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "refresh")),
		Reply:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reply")),
		Quote:    key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quote")),
		Delete:   del,
		Reopen:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "delete & edit")),
		Pick:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "pick")),
		Yes:      yes,
		No:       no,
		Back:     km.Back,
	}
}

// recentScreen lists the account's posts, newest first, a page at a time:
// read one in full, delete it (after a y/N that shows its text), delete it
// and edit it again, or start a reply or a quote. In pick mode it only
// chooses a post for the reply settings.
type recentScreen struct {
	env     *env
	keys    recentKeys
	posts   []Post
	next    string // page token of the next page; "" when all are loaded
	run     int
	loading bool
	loaded  bool // the first page arrived
	err     error
	cursor  int
	top     int // first visible item
	mode    recentMode
	reopen  bool // the pending delete reopens the text in the composer
	busy    bool // a delete is on its way
	vp      viewport.Model
	width   int
	height  int
	// now tells the time for "3h ago", and loc the zone dates are shown
	// in; tests fix both.
	now func() time.Time
	loc *time.Location
	// pick, when set, is called with the chosen post instead of opening
	// a draft: the settings screen uses the list this way.
	pick func(Post) tea.Cmd
}

func newRecentScreenFor(e *env, _ openRequest) (screen, tea.Cmd) {
	s := newRecentScreen(e)
	return s, s.load(false)
}

func newRecentScreen(e *env) *recentScreen {
	s := &recentScreen{env: e, keys: newRecentKeys(e.keys), now: time.Now, loc: time.Local, width: 80, height: 20}
	s.vp = viewport.New()
	s.vp.SoftWrap = true
	s.syncKeys()
	return s
}

// load asks for the first page, or the next one when more is set.
func (s *recentScreen) load(more bool) tea.Cmd {
	if s.loading && more {
		return nil
	}
	s.run++
	s.loading = true
	s.err = nil
	s.syncKeys()
	run, svc, ctx, next := s.run, s.env.svc, s.env.ctx, ""
	if more {
		next = s.next
	}
	return func() tea.Msg {
		p, err := svc.Recent(ctx, next)
		return recentPageMsg{run: run, page: p, err: err, append: more}
	}
}

func (s *recentScreen) syncKeys() {
	list := s.mode == recentList
	has := len(s.posts) > 0 && !s.busy
	picking := s.pick != nil
	s.keys.Up.SetEnabled(list && has)
	s.keys.Down.SetEnabled(list && has)
	s.keys.View.SetEnabled(list && has && !picking)
	s.keys.Pick.SetEnabled(list && has && picking)
	s.keys.NextPage.SetEnabled(list && s.next != "" && !s.loading)
	s.keys.Refresh.SetEnabled(list && !s.loading)
	for _, b := range []*key.Binding{&s.keys.Reply, &s.keys.Quote, &s.keys.Delete, &s.keys.Reopen} {
		b.SetEnabled((list || s.mode == recentView) && has && !picking)
	}
	s.keys.Yes.SetEnabled(s.mode == recentConfirm && !s.busy)
	s.keys.No.SetEnabled(s.mode == recentConfirm && !s.busy)
	s.keys.Back.SetEnabled(s.mode != recentConfirm)
}

// Title names the screen in the header.
func (s *recentScreen) Title() string { return "recent posts" }

// Keys lists the bindings that apply now.
func (s *recentScreen) Keys() []key.Binding {
	k := s.keys
	if s.mode == recentConfirm {
		return []key.Binding{k.Yes, k.No}
	}
	return []key.Binding{k.Pick, k.View, k.Reply, k.Quote, k.Delete, k.Reopen, k.NextPage, k.Refresh}
}

// FullKeys groups the bindings for the full help.
func (s *recentScreen) FullKeys() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Pick, k.View, k.NextPage, k.Refresh},
		{k.Reply, k.Quote, k.Delete, k.Reopen},
		{k.Yes, k.No},
	}
}

// selected is the post under the cursor.
func (s *recentScreen) selected() (Post, bool) {
	if s.cursor < 0 || s.cursor >= len(s.posts) {
		return Post{}, false
	}
	return s.posts[s.cursor], true
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

func (s *recentScreen) gotPage(msg recentPageMsg) tea.Cmd {
	if msg.run != s.run {
		return nil
	}
	s.loading = false
	if msg.err != nil {
		s.err = msg.err
		if isNotLoggedIn(msg.err) {
			return navigate(screenLogin, openRequest{})
		}
		return nil
	}
	rate := rateLimit(msg.page.Rate)
	s.loaded = true
	if msg.append {
		s.posts = append(s.posts, msg.page.Posts...)
	} else {
		s.posts = msg.page.Posts
		s.cursor, s.top = 0, 0
	}
	s.next = msg.page.Next
	s.cursor = min(s.cursor, max(0, len(s.posts)-1))
	return rate
}

func (s *recentScreen) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Back):
		return goBack
	case key.Matches(msg, k.Up):
		s.cursor = max(0, s.cursor-1)
	case key.Matches(msg, k.Down):
		s.cursor = min(len(s.posts)-1, s.cursor+1)
		// Reaching the end loads more, as a feed does.
		if s.cursor == len(s.posts)-1 && s.next != "" {
			return s.load(true)
		}
	case key.Matches(msg, k.NextPage):
		return s.load(true)
	case key.Matches(msg, k.Refresh):
		return s.load(false)
	case key.Matches(msg, k.Pick):
		if p, ok := s.selected(); ok {
			return s.pick(p)
		}
	case key.Matches(msg, k.View):
		if p, ok := s.selected(); ok {
			s.mode = recentView
			s.vp.SetContent(s.fullText(p, s.width))
			s.vp.GotoTop()
		}
	default:
		return s.actionKey(msg)
	}
	return nil
}

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
		return s.startDraft(func(d *draft.Draft) { d.ReplyTo = p.ID }, "Replying to "+p.ID+".")
	case key.Matches(msg, k.Quote):
		return s.startDraft(func(d *draft.Draft) { d.Quote = p.ID }, "Quoting "+p.ID+".")
	case key.Matches(msg, k.Delete):
		s.mode, s.reopen = recentConfirm, false
	case key.Matches(msg, k.Reopen):
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
		svc, ctx, reopen := s.env.svc, s.env.ctx, s.reopen
		return func() tea.Msg {
			return recentDeletedMsg{post: p, reopen: reopen, err: svc.Delete(ctx, p.ID)}
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
	for i, p := range s.posts {
		if p.ID == msg.post.ID {
			s.posts = append(s.posts[:i], s.posts[i+1:]...)
			break
		}
	}
	s.cursor = min(s.cursor, max(0, len(s.posts)-1))
	if msg.reopen {
		text := msg.post.Text
		reply, quote := msg.post.ReplyTo, msg.post.QuoteOf
		return s.startDraft(func(d *draft.Draft) {
			d.Posts[0].Text = text
			d.ReplyTo, d.Quote = reply, quote
		}, "Deleted; its text is back in the composer.")
	}
	return status("Deleted.", levelInfo)
}

// startDraft starts a fresh draft shaped by fill and opens it in the
// composer, leaving the current draft saved among the drafts.
func (s *recentScreen) startDraft(fill func(d *draft.Draft), note string) tea.Cmd {
	d := draft.New()
	fill(d)
	return openNewDraft(s.env, d, note)
}

// relativeTime says how long ago t was, as feeds do: "now", "5m", "3h",
// "2d", then the date.
func relativeTime(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	case d < 7*24*time.Hour:
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
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

// firstLine is the text's first non-blank line, for one-line summaries.
func firstLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			return printable(strings.TrimSpace(l))
		}
	}
	return ""
}

// fullText is the post as the full view shows it, wrapped to width.
func (s *recentScreen) fullText(p Post, width int) string {
	st := &s.env.styles
	var b strings.Builder
	b.WriteString(st.Subtle.Render(fmt.Sprintf("%s · %s", p.ID, p.CreatedAt.In(s.loc).Format("Mon Jan 2 2006 15:04"))) + "\n")
	if p.ReplyTo != "" {
		b.WriteString(st.Subtle.Render("replying to "+p.ReplyTo) + "\n")
	}
	if p.QuoteOf != "" {
		b.WriteString(st.Subtle.Render("quoting "+p.QuoteOf) + "\n")
	}
	b.WriteString("\n" + wrapText(printable(p.Text), width, s.env.method) + "\n\n")
	if a := s.attachmentDetails(p, width); a != "" {
		b.WriteString(a + "\n\n")
	}
	b.WriteString(st.Subtle.Render(metrics(p)+fmt.Sprintf(" · %d quotes", p.Quotes)) + "\n")
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
	return s.listView(width, height)
}

func (s *recentScreen) confirmView(width int) string {
	st := &s.env.styles
	p, _ := s.selected()
	q := "Delete this post from X?"
	if s.reopen {
		q = "Delete this post from X and edit its text in a new draft?"
	}
	text := printable(p.Text)
	if lines := strings.Split(text, "\n"); len(lines) > 8 {
		text = strings.Join(lines[:8], "\n") + "\n…"
	}
	body := st.Error.Render(q) + "\n\n" + text + "\n\n" + st.Subtle.Render(relativeTime(p.CreatedAt, s.now())+" · "+metrics(p))
	if s.busy {
		body += "\n\n" + st.Subtle.Render("Deleting…")
	} else {
		body += "\n\n" + "y deletes · any other key keeps it"
	}
	edge := lipgloss.NewStyle().Foreground(st.Error.GetForeground())
	return boxed(body, max(20, min(width, 78)), s.env.method, edge)
}

func (s *recentScreen) listView(width, height int) string {
	st := &s.env.styles
	switch {
	case !s.loaded && s.err != nil:
		return st.Error.Render(lipgloss.NewStyle().Width(width).Render("Could not load your posts: "+userMessage(s.err))) +
			"\n" + st.Subtle.Render("ctrl+r tries again")
	case !s.loaded:
		return st.Subtle.Render("Loading your posts…")
	case len(s.posts) == 0:
		return st.Subtle.Render("No posts yet. What you publish shows up here.")
	}
	// An item is its text, its attachments when it has any, its metrics
	// and a blank line.
	itemH := func(i int) int {
		if hasAttachments(s.posts[i]) {
			return 4
		}
		return 3
	}
	footer := ""
	switch {
	case s.loading:
		footer = st.Subtle.Render("Loading more…")
	case s.err != nil:
		footer = st.Error.Render(truncate("could not load more: "+userMessage(s.err), width, "…", s.env.method))
	case s.next != "":
		footer = st.Subtle.Render(fmt.Sprintf("%d posts · n loads more", len(s.posts)))
	default:
		footer = st.Subtle.Render(fmt.Sprintf("%d posts · that is all", len(s.posts)))
	}
	room := height - 1 // the footer takes the last line
	s.top = min(s.top, s.cursor)
	for s.top < s.cursor {
		used := 0
		for i := s.top; i <= s.cursor; i++ {
			used += itemH(i)
		}
		if used <= room {
			break
		}
		s.top++
	}
	var b strings.Builder
	for i, used := s.top, 0; i < len(s.posts); i++ {
		if used += itemH(i); used > room && i > s.top {
			break
		}
		p := s.posts[i]
		when := relativeTime(p.CreatedAt, s.now())
		marker, text := "  ", firstLine(p.Text)
		if p.ReplyTo != "" {
			text = "↩ " + text
		}
		m := s.env.method
		textW := max(1, width-4-cellWidth(when, m))
		text = truncate(text, textW, "…", m)
		gap := max(1, width-2-cellWidth(text, m)-cellWidth(when, m))
		line := text + strings.Repeat(" ", gap) + st.Subtle.Render(when)
		if i == s.cursor {
			marker = st.Accent.Render("▌ ")
			line = text + strings.Repeat(" ", gap) + st.Subtle.Render(when)
		}
		b.WriteString(marker + line + "\n")
		if a := attachmentSummary(p, s.now()); a != "" {
			b.WriteString("  " + st.Subtle.Render(truncate(a, max(1, width-2), "…", m)) + "\n")
		}
		b.WriteString("  " + st.Subtle.Render(truncate(metrics(p), max(1, width-2), "…", s.env.method)) + "\n\n")
	}
	b.WriteString(footer)
	return b.String()
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
// "▣ 2 images", "▶ video", "GIF".
func mediaLabel(kind string, count int) string {
	switch kind {
	case MediaPhoto:
		return "▣ " + human.Count(count, "image", "images")
	case MediaVideo:
		return "▶ video"
	case MediaGIF:
		return "GIF"
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
		parts = append(parts, "▤ poll: "+pollStanding(*p.Poll, now))
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
		parts = append(parts, countNoun(total, "vote", "votes"))
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
	d := poll.Ends.Sub(now)
	switch {
	case d < time.Minute:
		return "ends in under a minute"
	case d < time.Hour:
		return fmt.Sprintf("ends in %dm", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("ends in %dh", int(d/time.Hour))
	}
	return fmt.Sprintf("ends in %dd", int(d/(24*time.Hour)))
}

// countNoun writes n with thousands separators and the noun that fits:
// "1 vote", "1,234 votes".
func countNoun(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// thousands writes n with a comma between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
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
			text := m.Wrap("alt: "+alt, max(10, width-len(indent)), "")
			b.WriteString(lead + strings.ReplaceAll(text, "\n", "\n"+indent) + "\n")
		}
	}
	if poll := p.Poll; poll != nil {
		if len(p.Media) > 0 {
			b.WriteString("\n")
		}
		total := pollVotes(*poll)
		head := []string{"▤ poll", countNoun(total, "vote", "votes")}
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
			line := fmt.Sprintf("  %s%s  %3d%%  %s", o.Label, pad, percent(o.Votes, total), countNoun(o.Votes, "vote", "votes"))
			b.WriteString(truncate(line, width, "…", m) + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}
