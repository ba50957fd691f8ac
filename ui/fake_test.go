package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/xpostdev/xpost/ui/draft"
)

// fakeServices is an in-memory Services for the UI's tests: deterministic
// (ids count up from 1000, times start at fakeEpoch), and able to fail on
// demand. It is safe for concurrent use, since Cmds run on other
// goroutines.
type fakeServices struct {
	mu sync.Mutex

	account  Account
	loggedIn bool
	posts    []Post // newest first
	nextID   int
	pageSize int

	// Errors to return, by method name ("Account", "LoginReady", "Login", "Recent",
	// "Delete", "InspectMedia", "Publish"); consumed when failOnce is set.
	fail     map[string]error
	failOnce map[string]bool
	// failPublishAt makes Publish fail before post index N (after the
	// earlier ones were posted and journaled); -1 never.
	failPublishAt int
	// media answers InspectMedia by path; other paths are an error.
	media map[string]draft.Media

	// postRate, when known, is the limit on posting each posted event
	// reports, one post fewer left each time; readRate is every page's.
	postRate, readRate Rate

	// Calls records every call by method name, in order.
	calls []string
	// published holds the texts of every post Publish created.
	published []string
	loginURL  string
	// opened holds every link OpenURL was given.
	opened []string
	// spent is what SpentToday says.
	spent string
}

// SpentToday implements Spender.
func (f *fakeServices) SpentToday() (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.spent, nil
}

// fakeEpoch is the fake's clock: posts are one minute apart from it.
var fakeEpoch = time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)

func newFakeServices() *fakeServices {
	return &fakeServices{
		account:       Account{ID: "42", Username: "ada", Name: "Ada Lovelace", Limit: 280},
		loggedIn:      true,
		nextID:        1000,
		pageSize:      10,
		fail:          map[string]error{},
		failOnce:      map[string]bool{},
		failPublishAt: -1,
		media:         map[string]draft.Media{},
		loginURL:      "http://127.0.0.1:8765/authorize",
	}
}

// failWith makes method return err from now on (once if once is set).
func (f *fakeServices) failWith(method string, err error, once bool) *fakeServices {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail[method] = err
	f.failOnce[method] = once
	return f
}

// addPosts seeds n published posts, newest first.
func (f *fakeServices) addPosts(n int) *fakeServices {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.posts = append([]Post{f.newPostLocked(fmt.Sprintf("post number %d", len(f.posts)+1))}, f.posts...)
	}
	return f
}

func (f *fakeServices) newPostLocked(text string) Post {
	id := strconv.Itoa(f.nextID)
	f.nextID++
	return Post{ID: id, Text: text, CreatedAt: fakeEpoch.Add(time.Duration(f.nextID-1000) * time.Minute)}
}

// enter records a call and returns the error it should fail with.
func (f *fakeServices) enter(method string) error {
	f.calls = append(f.calls, method)
	err := f.fail[method]
	if err != nil && f.failOnce[method] {
		delete(f.fail, method)
	}
	return err
}

// Calls returns the methods called so far.
func (f *fakeServices) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeServices) Account(ctx context.Context) (Account, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("Account"); err != nil {
		return Account{}, err
	}
	if !f.loggedIn {
		return Account{}, ErrNotLoggedIn
	}
	return f.account, ctx.Err()
}

func (f *fakeServices) LoginReady() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.enter("LoginReady")
}

func (f *fakeServices) Login(ctx context.Context, open func(url string)) (Account, error) {
	f.mu.Lock()
	url := f.loginURL
	err := f.enter("Login")
	f.mu.Unlock()
	if open != nil {
		open(url)
	}
	if err != nil {
		return Account{}, err
	}
	if err := ctx.Err(); err != nil {
		return Account{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.loggedIn = true
	return f.account, nil
}

func (f *fakeServices) Recent(ctx context.Context, next string) (Page, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("Recent"); err != nil {
		return Page{}, err
	}
	if !f.loggedIn {
		return Page{}, ErrNotLoggedIn
	}
	start := 0
	if next != "" {
		n, err := strconv.Atoi(next)
		if err != nil {
			return Page{}, fmt.Errorf("bad page token %q", next)
		}
		start = n
	}
	end := min(start+f.pageSize, len(f.posts))
	p := Page{Posts: slices.Clone(f.posts[min(start, end):end]), Rate: f.readRate}
	if end < len(f.posts) {
		p.Next = strconv.Itoa(end)
	}
	return p, ctx.Err()
}

// OpenURL implements Opener, recording the link.
func (f *fakeServices) OpenURL(url string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("OpenURL"); err != nil {
		return err
	}
	f.opened = append(f.opened, url)
	return nil
}

func (f *fakeServices) Delete(ctx context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("Delete"); err != nil {
		return err
	}
	i := slices.IndexFunc(f.posts, func(p Post) bool { return p.ID == id })
	if i < 0 {
		return fmt.Errorf("post %s not found", id)
	}
	f.posts = slices.Delete(f.posts, i, i+1)
	return ctx.Err()
}

func (f *fakeServices) InspectMedia(path string) (draft.Media, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("InspectMedia"); err != nil {
		return draft.Media{}, err
	}
	m, ok := f.media[path]
	if !ok {
		m, ok = f.media[filepath.Base(path)]
	}
	if !ok {
		return draft.Media{}, fmt.Errorf("%s: not a supported image, GIF or video", filepath.Base(path))
	}
	m.Path = path
	return m, nil
}

// errFakePublish is what Publish fails with at failPublishAt.
//
//lint:ignore ST1005 X is the service's name, capitalized wherever it stands
var errFakePublish = errors.New("X is over capacity; try again in a minute")

func (f *fakeServices) Publish(ctx context.Context, d draft.Draft, j Journal, events func(PublishEvent)) error {
	f.mu.Lock()
	err := f.enter("Publish")
	f.mu.Unlock()
	if err != nil {
		return err
	}
	for i := range d.Posts {
		if _, ok := j.Posted(i); ok {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		f.mu.Lock()
		if f.failPublishAt == i {
			f.failPublishAt = -1
			f.mu.Unlock()
			return errFakePublish
		}
		p := f.newPostLocked(d.TextForPublish(i))
		f.posts = append([]Post{p}, f.posts...)
		f.published = append(f.published, p.Text)
		rate := f.postRate
		if rate.Known() {
			f.postRate.Remaining--
			rate = f.postRate
		}
		f.mu.Unlock()
		if err := j.RecordPost(i, p.ID); err != nil {
			return err
		}
		if events != nil {
			events(PublishEvent{Kind: EventPosted, Index: i, ID: p.ID, Rate: rate})
		}
	}
	return nil
}

// Published returns the texts Publish created, in order.
func (f *fakeServices) Published() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.published)
}

var _ Services = (*fakeServices)(nil)
