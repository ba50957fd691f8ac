package main

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/xapi"
)

// recentCacheMax is how many posts the recent cache keeps, newest first.
const recentCacheMax = 100

// cachedPost is one post in the recent cache: enough for the shell to
// offer its id with the start of its text.
type cachedPost struct {
	ID        string    `json:"id"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	// Account is the saved account that posted or listed it, when known:
	// completion with --account offers that account's posts only.
	Account string `json:"account,omitempty"`
}

// recentCache is recent.json in the cache directory: the ids of the
// posts xpost last listed or published, so that completion offers them
// without asking X. Losing it loses nothing: xpost recent fills it again.
// Two programs writing at once may drop one's additions; each write is
// atomic, so the file is never torn.
type recentCache struct {
	Posts []cachedPost `json:"posts"`
}

// cachedOf is the cache entry of a post X returned.
func cachedOf(p xapi.Post) cachedPost {
	return cachedPost{ID: p.ID, Text: oneLine(p.OwnText(), 60), CreatedAt: p.CreatedAt}
}

// readRecentCache reads the cache at path; a missing or damaged cache is
// empty.
func readRecentCache(path string) recentCache {
	var rc recentCache
	if b, err := fsx.ReadFile(path, 1<<20); err == nil {
		_ = json.Unmarshal(b, &rc)
	}
	return rc
}

// rememberPosts puts posts at the head of the recent cache (newest
// first, each id once) and drops the ids in gone. It never fails a
// command: a cache that cannot be written is noted in the log.
func (a *app) rememberPosts(posts []cachedPost, gone ...string) {
	cfg, err := a.config()
	if err != nil {
		return
	}
	path := cfg.Dirs.RecentFile()
	a.storeMu.Lock()
	account := ""
	if a.accountResolved {
		account = a.account
	}
	a.storeMu.Unlock()
	posts = slices.Clone(posts)
	for i := range posts {
		posts[i].Account = account
	}
	rc := readRecentCache(path)
	drop := func(id string) bool {
		return slices.Contains(gone, id) || slices.ContainsFunc(posts, func(p cachedPost) bool { return p.ID == id })
	}
	kept := slices.DeleteFunc(rc.Posts, func(p cachedPost) bool { return drop(p.ID) })
	rc.Posts = append(posts, kept...)
	rc.Posts = slices.DeleteFunc(rc.Posts, func(p cachedPost) bool { return p.ID == "" || slices.Contains(gone, p.ID) })
	if len(rc.Posts) > recentCacheMax {
		rc.Posts = rc.Posts[:recentCacheMax]
	}
	b, err := json.Marshal(rc)
	if err == nil {
		err = fsx.WriteFile(path, append(b, '\n'), 0o600)
	}
	if err != nil {
		a.logger().Warn("recent cache not written", "path", path, "err", err.Error())
	}
}

// rememberPublished records the posts a publish created: ids in the order
// of the thread's posts (an edit replaces the post it edits).
func (a *app) rememberPublished(t *xapi.Thread, ids []string) {
	if len(ids) == 0 {
		return
	}
	now := a.now()
	posts := make([]cachedPost, 0, len(ids))
	for i := len(ids) - 1; i >= 0; i-- { // the last part is the newest
		text := ""
		if i < len(t.Posts) {
			text = oneLine(t.Posts[i].Text, 60)
		}
		posts = append(posts, cachedPost{ID: ids[i], Text: text, CreatedAt: now})
	}
	var gone []string
	if t.EditOf != "" {
		gone = append(gone, t.EditOf)
	}
	a.rememberPosts(posts, gone...)
}

// completeRecentIDs offers the ids of the recent cache, newest first,
// each with the start of its text; many lets every argument be one
// (delete), else only the first (edit). It makes no request.
func (a *app) completeRecentIDs(many bool) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 && !many {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return a.recentCompletions(args, toComplete), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
	}
}

// completeRecentFlag offers the recent cache's ids for a flag that takes
// a post id (--reply-to, --quote).
func (a *app) completeRecentFlag(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return a.recentCompletions(nil, toComplete), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
}

// recentCompletions are the cached ids starting with prefix, less those
// already given; with --account (or XPOST_ACCOUNT), only that account's
// and those of an unknown account.
func (a *app) recentCompletions(given []string, prefix string) []cobra.Completion {
	dirs, err := a.resolveDirs()
	if err != nil {
		return nil
	}
	account, _ := xapi.NormalizeAccountName(a.namedAccount())
	var out []cobra.Completion
	for _, p := range readRecentCache(dirs.RecentFile()).Posts {
		if !strings.HasPrefix(p.ID, prefix) || slices.Contains(given, p.ID) {
			continue
		}
		if account != "" && p.Account != "" && p.Account != account {
			continue
		}
		desc := p.Text
		if !p.CreatedAt.IsZero() {
			desc = p.CreatedAt.Local().Format("Jan 2 15:04") + "  " + desc
		}
		out = append(out, cobra.CompletionWithDesc(p.ID, desc))
	}
	return out
}
