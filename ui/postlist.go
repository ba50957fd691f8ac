package ui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/xpostdev/xpost/internal/human"
)

// recentPageMsg is a page of the account's posts, or why it did not come.
// run tags each load so a refresh drops answers to the loads it replaced.
type recentPageMsg struct {
	run    int
	page   Page
	err    error
	append bool
}

// postListKeys load more of a post list; it moves with a listNav.
type postListKeys struct {
	NextPage, Refresh key.Binding
}

func newPostListKeys() postListKeys {
	return postListKeys{
		NextPage: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "more")),
		Refresh:  key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "refresh")),
	}
}

// postList is the account's posts, newest first, loaded a page at a time,
// with the keys of every list (listnav.go): what the recent-posts screen
// shows and acts on, and what the reply settings pick a post from. Its
// owner routes recentPageMsg to gotPage and keys to navKey, and calls
// syncNav after each update.
type postList struct {
	env   *env
	nav   postListKeys
	list  listNav
	posts []Post // those shown: all, filtered and sorted
	// all are the posts loaded, in X's order (newest first).
	all []Post
	// sortBy (sortTime…) and the list's filter shape posts from all.
	sortBy  int
	next    string // page token of the next page; "" when all are loaded
	run     int
	loading bool
	loaded  bool // the first page arrived
	err     error
	top     int // first visible item
	// now tells the time for "3h ago"; tests fix it.
	now func() time.Time
}

// newPostList returns an empty list whose enter is described as
// openDesc ("read", "pick").
func newPostList(e *env, openDesc string) postList {
	return postList{env: e, nav: newPostListKeys(), list: newListNav(e.keys, openDesc), now: time.Now}
}

// load asks for the first page, or the next one when more is set.
func (s *postList) load(more bool) tea.Cmd {
	if s.loading && more {
		return nil
	}
	s.run++
	s.loading = true
	s.err = nil
	// Nothing more is asked for until this answer is in.
	s.nav.NextPage.SetEnabled(false)
	s.nav.Refresh.SetEnabled(false)
	run, svc, ctx, next := s.run, s.env.svc, s.env.ctx, ""
	if more {
		next = s.next
	}
	return func() tea.Msg {
		p, err := svc.Recent(ctx, next)
		return recentPageMsg{run: run, page: p, err: err, append: more}
	}
}

// gotPage takes a page of posts; an answer to a load that a later one
// replaced is dropped.
func (s *postList) gotPage(msg recentPageMsg) tea.Cmd {
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
	// What the posts mention and who they answer feed completion.
	for _, p := range msg.page.Posts {
		s.env.vocab.addText(p.Text)
		if p.Refers != nil {
			s.env.vocab.addHandle(p.Refers.Author)
		}
	}
	if msg.append {
		s.all = append(s.all, msg.page.Posts...)
		s.reshape()
	} else {
		s.all = msg.page.Posts
		s.posts = nil
		s.reshape()
		s.list.cursor, s.top = 0, 0
	}
	s.next = msg.page.Next
	return rate
}

// selected is the post under the cursor.
func (s *postList) selected() (Post, bool) {
	if s.list.cursor < 0 || s.list.cursor >= len(s.posts) {
		return Post{}, false
	}
	return s.posts[s.list.cursor], true
}

// navKey moves, filters or loads more for a list key and reports what
// it did; listIgnored leaves the key to the owner, listOpen asks it to act
// on the selected post.
func (s *postList) navKey(msg tea.KeyPressMsg) (tea.Cmd, listAct) {
	switch {
	case !s.list.filtering && key.Matches(msg, s.nav.NextPage):
		return s.load(true), listMoved
	case !s.list.filtering && key.Matches(msg, s.nav.Refresh):
		return s.load(false), listMoved
	}
	act := s.list.key(msg)
	switch act {
	case listEmpty:
		return emptyListNote(), act
	case listFiltered:
		s.reshape()
	case listMoved:
		// Reaching the end loads more, as a feed does.
		if s.list.cursor == len(s.posts)-1 && s.next != "" && !s.loading {
			return s.load(true), act
		}
	}
	return nil, act
}

// syncNav enables the list's keys while the list is shown (shown) and no
// action on a post is under way (busy).
func (s *postList) syncNav(shown, busy bool) {
	s.list.setLen(len(s.posts))
	s.list.sync(shown && !busy, len(s.all))
	s.nav.NextPage.SetEnabled(shown && !s.list.filtering && s.next != "" && !s.loading)
	s.nav.Refresh.SetEnabled(shown && !s.list.filtering && !s.loading)
}

// remove drops the post with this id, once deleted.
func (s *postList) remove(id string) {
	s.all = slices.DeleteFunc(s.all, func(p Post) bool { return p.ID == id })
	s.posts = slices.DeleteFunc(s.posts, func(p Post) bool { return p.ID == id })
	s.list.setLen(len(s.posts))
}

// The orders the list can be sorted in, as the sort key cycles them.
const (
	sortTime        = iota // newest first, as X lists them
	sortImpressions        // most seen first
	sortLikes              // most liked first
	sortOrders
)

// sortNames name the orders for the footer.
var sortNames = [sortOrders]string{"newest first", "by impressions", "by likes"}

// reshape recomputes the posts shown from all those loaded: those whose
// text holds the filter (ignoring case), in the chosen order, keeping the
// selected post selected when it is still shown.
func (s *postList) reshape() {
	var sel string
	if p, ok := s.selected(); ok {
		sel = p.ID
	}
	shown := make([]Post, 0, len(s.all))
	for _, p := range s.all {
		if s.list.matches(p.Text) {
			shown = append(shown, p)
		}
	}
	switch s.sortBy {
	case sortImpressions:
		slices.SortStableFunc(shown, func(a, b Post) int { return cmp.Compare(impressions(b), impressions(a)) })
	case sortLikes:
		slices.SortStableFunc(shown, func(a, b Post) int { return cmp.Compare(b.Likes, a.Likes) })
	}
	s.posts = shown
	s.list.setLen(len(shown))
	s.list.cursor = max(0, slices.IndexFunc(shown, func(p Post) bool { return p.ID == sel }))
	s.top = 0
}

// shapeNote is how the list is sorted and filtered, when not as X lists
// it: " · by likes · filter “word”".
func (s *postList) shapeNote() string {
	note := ""
	if s.sortBy != sortTime {
		note += " · " + sortNames[s.sortBy]
	}
	if s.list.filter != "" {
		note += " · filter “" + printable(s.list.filter) + "”"
	}
	return note
}

// impressions is how often p was seen: the author's own count when X gave
// it, else the public one.
func impressions(p Post) int {
	if p.Private != nil {
		return max(p.Private.Impressions, p.Impressions)
	}
	return p.Impressions
}

// view draws the list to fit width×height: the posts around the cursor
// and a footer line that says whether more can be loaded.
func (s *postList) view(width, height int) string {
	st := &s.env.styles
	switch {
	case !s.loaded && s.err != nil:
		return st.Error.Render(lipgloss.NewStyle().Width(width).Render("Could not load your posts: "+userMessage(s.err))) +
			"\n" + st.Subtle.Render(s.nav.Refresh.Help().Key+" tries again")
	case !s.loaded:
		return st.Subtle.Render("Loading your posts…")
	case len(s.posts) == 0 && len(s.all) > 0:
		return st.Subtle.Render("No post of the " + strconv.Itoa(len(s.all)) + " loaded holds “" + printable(s.list.filter) + "”.")
	case len(s.posts) == 0:
		return st.Subtle.Render("No posts yet. What you publish shows up here.")
	}
	// An item is its text, its attachments when it has any, its metrics
	// and a blank line.
	itemH := func(i int) int {
		h := 3
		if hasAttachments(s.posts[i]) {
			h++
		}
		if s.posts[i].Refers != nil {
			h++
		}
		return h
	}
	footer := ""
	switch {
	case s.loading:
		footer = st.Subtle.Render("Loading more…")
	case s.err != nil:
		footer = st.Error.Render(truncate("could not load more: "+userMessage(s.err), width, "…", s.env.method))
	case s.next != "":
		footer = st.Subtle.Render(human.Count(len(s.posts), "post", "posts") + " · " + s.nav.NextPage.Help().Key + " loads more")
	default:
		footer = st.Subtle.Render(human.Count(len(s.posts), "post", "posts") + " · that is all")
	}
	if shape := s.shapeNote(); shape != "" && !s.loading && s.err == nil {
		footer += st.Subtle.Render(shape)
	}
	room := height - 1 // the footer takes the last line
	cursor := s.list.cursor
	s.top = min(s.top, cursor)
	for s.top < cursor {
		used := 0
		for i := s.top; i <= cursor; i++ {
			used += itemH(i)
		}
		if used <= room {
			break
		}
		s.top++
	}
	var b strings.Builder
	drawn := 0
	for i, used := s.top, 0; i < len(s.posts); i++ {
		if used += itemH(i); used > room && i > s.top {
			break
		}
		drawn++
		p := s.posts[i]
		when := relativeTime(p.CreatedAt, s.now())
		marker, text := "  ", firstLine(p.Text)
		if p.ReplyTo != "" {
			text = iconReply + " " + text
		}
		m := s.env.method
		textW := max(1, width-4-cellWidth(when, m))
		text = truncate(text, textW, "…", m)
		gap := max(1, width-2-cellWidth(text, m)-cellWidth(when, m))
		line := text + strings.Repeat(" ", gap) + st.Subtle.Render(when)
		if i == cursor {
			marker = st.Accent.Render("▌ ")
			line = text + strings.Repeat(" ", gap) + st.Subtle.Render(when)
		}
		b.WriteString(marker + line + "\n")
		if r := refLine(p.Refers); r != "" {
			b.WriteString("  " + st.Subtle.Render(truncate(r, max(1, width-2), "…", m)) + "\n")
		}
		if a := attachmentSummary(p, s.now()); a != "" {
			b.WriteString("  " + st.Subtle.Render(truncate(a, max(1, width-2), "…", m)) + "\n")
		}
		b.WriteString("  " + st.Subtle.Render(truncate(metrics(p)+privateLine(p.Private), max(1, width-2), "…", s.env.method)) + "\n\n")
	}
	s.list.setPage(drawn)
	b.WriteString(footer)
	return b.String()
}
