package ui

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/xpostdev/xpost/outbox"
	"github.com/xpostdev/xpost/ui/draft"
)

// screenshotDir is where TestScreenshots writes the README's screenshots
// as ANSI frames; `make screenshots` turns them into images.
var screenshotDir = flag.String("screenshots", "", "write the README's screenshots as ANSI frames into `DIR` (make screenshots)")

// The size of the README's screenshots, in cells; the confirmation is
// taller, to show the costs under the thread.
const shotW, shotH, confirmH = 100, 30, 42

// screenshotThread is the thread the README's screenshots show. It keeps
// to characters every monospaced font draws (the golden tests cover wide
// characters and emoji), so the images do not depend on the fonts of the
// machine that makes them.
func screenshotThread() *draft.Draft {
	d := draft.New()
	d.ID = "screenshot"
	d.Posts = []draft.Post{
		{Text: "xpost is out: a terminal composer for X.\n\nWrite threads with a live count for every post, attach media with alt text, add polls, and publish — without leaving the terminal.",
			Media: []draft.Media{{Path: "/home/ada/shots/composer.png", Kind: draft.KindImage, Alt: "The composer with a thread of three posts", MIME: "image/png", Size: 182_344}}},
		{Text: "Which should come next?", Poll: &draft.Poll{Options: []string{"Bookmarks", "Lists", "Spaces"}, Duration: 24 * time.Hour}},
		{Text: "Every post is counted as X counts it: links as 23, emoji and CJK as 2. Drafts are saved as you type, so nothing is lost. https://github.com/xpostdev/xpost"},
	}
	return d
}

// TestScreenshots draws the screens the README shows, from the same
// models the other golden tests check: the composer, the confirmation with
// its costs, recent posts and the queue. Each frame is a golden file
// (testdata/screenshot_*.golden), so a change to what these screens show
// fails here until the golden files are rewritten (-update) and the
// images redrawn (make screenshots): the README's images never go stale
// unnoticed. With -screenshots DIR it also writes the frames, with their
// colours, as ANSI text for make screenshots.
func TestScreenshots(t *testing.T) {
	t.Parallel()
	svc := &planningServices{fakeServices: newFakeServices(), plan: PublishPlan{
		// What xpost thread --dry-run prints for this thread: the lines
		// the confirmation is given by cmd/xpost (planLines, CostLines).
		Requests: []string{
			`upload 1 for post 1: /home/ada/shots/composer.png (image/png, 178.1 KB) with alt text "The composer with a thread of three posts"`,
			`POST /2/tweets (post 1 of 3): {"text":"xpost is out: a terminal composer for X.\n\nWrite threads with a live count for every post, attach media with alt text, add polls, and publish — without leaving the terminal.","media":{"media_ids":["<media id of upload 1>"]}}`,
			`POST /2/tweets (post 2 of 3): {"text":"Which should come next?","reply":{"in_reply_to_tweet_id":"<id of post 1>"},"poll":{"options":["Bookmarks","Lists","Spaces"],"duration_minutes":1440}}`,
			`POST /2/tweets (post 3 of 3): {"text":"Every post is counted as X counts it: links as 23, emoji and CJK as 2. Drafts are saved as you type, so nothing is lost. https://github.com/xpostdev/xpost","reply":{"in_reply_to_tweet_id":"<id of post 2>"}}`,
		},
		Costs: []string{"post 1: $0.015 (post)", "post 2: $0.015 (post)", "post 3: $0.20 (post with a link: a link makes a post cost about 13 times more)", "alt text: $0.005 (1 × media metadata)", "total: $0.235 on pay-per-use"},
	}}
	svc.spent = "$0.45"
	svc.posts = []Post{
		{ID: "1867000000000000003", Text: "Counting is exact: xpost uses X's own weighting rules, tested against the official conformance suite.", CreatedAt: fakeNow().Add(-40 * time.Minute), Likes: 42, Reposts: 7, Replies: 5, Impressions: 3210},
		{ID: "1867000000000000002", Text: "Threads publish in order and resume where they stopped: never a post twice.", CreatedAt: fakeNow().Add(-3 * time.Hour), Likes: 18, Reposts: 2, Replies: 1, Impressions: 1404,
			Media: []PostMedia{{Kind: MediaPhoto, Alt: "A thread of three posts"}}},
		{ID: "1867000000000000001", Text: "Which terminal do you use?", CreatedAt: fakeNow().Add(-26 * time.Hour), Likes: 9, Replies: 12, Impressions: 980,
			Poll: &PostPoll{Options: []PollOption{{Label: "kitty", Votes: 31}, {Label: "ghostty", Votes: 27}, {Label: "xterm", Votes: 8}}}},
		{ID: "1867000000000000000", Text: "Hello from the terminal!", CreatedAt: fakeNow().Add(-50 * time.Hour), Likes: 64, Reposts: 11, Replies: 9, Impressions: 5120},
	}
	dir := t.TempDir()
	queued := []struct {
		text string
		in   time.Duration
	}{
		{"Release notes for v1.1, with the new queue screen", 2 * time.Hour},
		{"Weekly tip: alt+q shows what is scheduled", 26 * time.Hour},
		{"A thread about scheduling, three posts long", 50 * time.Hour},
	}
	q := &outbox.Queue{Store: &draft.Store{Dir: dir}}
	for i, it := range queued {
		d := draft.New()
		d.Posts = []draft.Post{{Text: it.text}}
		if i == 2 {
			d.Posts = append(d.Posts, draft.Post{Text: "Two"}, draft.Post{Text: "Three"})
		}
		if err := q.Add(d, draft.Schedule{At: fakeNow().Add(it.in)}); err != nil {
			t.Fatal(err)
		}
		_ = q.Store.Release(d.ID)
	}

	model := func(t *testing.T, h int) Model {
		dark := true
		m := New(svc, Options{Draft: screenshotThread(), Dark: &dark, DraftDir: dir})
		var tm tea.Model = m
		tm, _ = tm.Update(accountMsg{Account: Account{ID: "42", Username: "ada", Name: "Ada Lovelace", Limit: 280}})
		tm, _ = tm.Update(tea.WindowSizeMsg{Width: shotW, Height: h})
		tm, _ = tm.Update(spendMsg{Spend: "$0.45"})
		t.Cleanup(func() { closeCompose(t, tm.(Model)) })
		return tm.(Model)
	}
	shots := []struct {
		name   string
		height int
		open   func(t *testing.T, m Model) Model
	}{
		{"composer", shotH, func(t *testing.T, m Model) Model { return m }},
		{"confirm", confirmH, func(t *testing.T, m Model) Model {
			sc, cmd := newPublishScreenFor(m.env, openRequest{Draft: m.compose.request().Draft})
			sc.Update(cmd())
			return push(m, sc)
		}},
		{"recent", shotH, func(t *testing.T, m Model) Model {
			s := newRecentScreen(m.env)
			s.now, s.loc = fakeNow, time.UTC
			s.Update(recentPageMsg{run: s.run, page: Page{Posts: svc.posts}})
			return push(m, s)
		}},
		{"queue", shotH, func(t *testing.T, m Model) Model {
			sc, cmd := newQueueScreenFor(m.env, openRequest{})
			s := sc.(*queueScreen)
			s.now, s.loc = fakeNow, time.UTC
			s.Update(cmd())
			return push(m, s)
		}},
	}
	if *screenshotDir != "" {
		if err := os.MkdirAll(*screenshotDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, sh := range shots {
		t.Run(sh.name, func(t *testing.T) {
			m := sh.open(t, model(t, sh.height))
			var tm tea.Model = m
			// The pushed screen learns the window's size as the program
			// would tell it.
			tm, _ = tm.Update(tea.WindowSizeMsg{Width: shotW, Height: sh.height})
			got := tm.View().Content
			plain := ansi.Strip(got)
			checkFrame(t, plain, shotW, sh.height)
			golden(t, "screenshot_"+sh.name, plain)
			if t.Failed() {
				t.Log("the README's screenshot of this screen is out of date: run go test ./ui -run TestScreenshots -update, then make screenshots, and commit both")
			}
			if *screenshotDir == "" {
				return
			}
			if err := os.WriteFile(filepath.Join(*screenshotDir, sh.name+".ansi"), []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}
