package xapi

import (
	"context"
	"sync"

	"github.com/xpostdev/xpost/xapi/rules"
)

// ReplyTarget is the post a draft replies to, as the check before sending
// and the confirmations need it: who wrote it, what it says, and whether it
// quotes the user (which summons the user as a mention does). A post a
// draft quotes is read the same way, to be named by author and text.
type ReplyTarget struct {
	ID       string
	AuthorID string
	// Author is the author's @username without the @; empty when X did
	// not say.
	Author string
	Text   string
	// QuotesUser is true when the post quotes one of the user's posts.
	QuotesUser bool
}

// Parent is the target as the plan's rules take it.
func (t *ReplyTarget) Parent() *rules.Parent {
	if t == nil {
		return nil
	}
	return &rules.Parent{AuthorID: t.AuthorID, Text: t.Text, QuotesUser: t.QuotesUser}
}

// replyTargets caches the posts read by [Client.ReplyTarget], by id, for
// the life of the client: each is a paid read.
type replyTargets struct {
	mu sync.Mutex
	m  map[string]*ReplyTarget
}

// ReplyTarget reads post id (GET /2/tweets/{id} with its author and what
// it quotes, a paid read, recorded in the ledger) and returns it as the
// post a draft replies to (or quotes). The answer is kept for the life of the client:
// asking again for the same id makes no request.
func (c *Client) ReplyTarget(ctx context.Context, id string) (*ReplyTarget, error) {
	c.targets.mu.Lock()
	t := c.targets.m[id]
	c.targets.mu.Unlock()
	if t != nil {
		cp := *t
		return &cp, nil
	}
	p, _, err := c.GetPost(ctx, id)
	if err != nil {
		return nil, err
	}
	t = &ReplyTarget{ID: p.ID, AuthorID: p.AuthorID, Text: p.OwnText()}
	if p.Author != nil {
		t.Author = p.Author.Username
	}
	for _, r := range p.ReferencedPosts {
		if r.Type == "quoted" && r.Post != nil && c.isMe(r.Post.AuthorID) {
			t.QuotesUser = true
		}
	}
	c.targets.mu.Lock()
	if c.targets.m == nil {
		c.targets.m = map[string]*ReplyTarget{}
	}
	c.targets.m[id] = t
	c.targets.mu.Unlock()
	cp := *t
	return &cp, nil
}
