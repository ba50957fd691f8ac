package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi"
)

func (a *app) newThreadCommand() *cobra.Command {
	var (
		dryRun, resume bool
		replyTo, quote string
	)
	cmd := &cobra.Command{
		Use:   "thread [--dry-run] [--resume] FILE",
		Short: "Publish a thread written in a file",
		Long: `Thread publishes the posts of FILE as a thread, each replying to the one
before, and prints their ids, one per line.

FILE is UTF-8 text; a line holding only --- separates posts. Within a post,
![ALT](PATH) attaches a media file (PATH relative to FILE), lines "- [ ] OPTION"
make a poll, and "poll: 3d" sets its length (default 24h). Every part is
validated before anything is sent; errors name the part and its line.

Progress is journaled beside the file in FILE.journal.json, written before
each next request. If publishing stops (network, rate limit, Ctrl-C), run the
same command with --resume: it continues at the first unposted part and
never posts a part twice. Without --resume an existing journal is refused.`,
		Args: exactArgs(1, "one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.thread(cmd, args[0], dryRun, resume, postID(replyTo), postID(quote))
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&dryRun, "dry-run", false, "validate and print what would be sent, sending nothing")
	fl.BoolVar(&resume, "resume", false, "continue an interrupted publish from its journal")
	fl.StringVar(&replyTo, "reply-to", "", "make the first post a reply to the post with this `ID` (or link)")
	fl.StringVar(&quote, "quote", "", "make the first post quote the post with this `ID` (or link)")
	return cmd
}

func (a *app) thread(cmd *cobra.Command, path string, dryRun, resume bool, replyTo, quote string) error {
	data, err := fsx.ReadFile(path, draft.MaxThreadFile)
	if err != nil {
		return readFailure(path, err, "split it into several threads")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	d, err := draft.ParseThread(bytes.NewReader(data), filepath.Dir(abs))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	d.ReplyTo, d.Quote = replyTo, quote
	starts := partStartLines(data)
	where := func(part int) string {
		if part < len(starts) {
			return fmt.Sprintf("%s:%d: ", path, starts[part])
		}
		return path + ": "
	}
	// Inspect every attachment (type and size from its bytes) so that
	// validation can judge the media without further I/O.
	var bad []string
	for i := range d.Posts {
		for k, m := range d.Posts[i].Media {
			im, err := inspectMedia(m.Path, m.Alt)
			if err != nil {
				bad = append(bad, fmt.Sprintf("%spart %d: %s", where(i), i+1, userMessage(err)))
				continue
			}
			d.Posts[i].Media[k] = im
		}
	}
	if len(bad) > 0 {
		return &problemsError{lines: bad}
	}

	jpath := abs + ".journal.json"
	j, err := openJournal(jpath, d, resume)
	if err != nil {
		return err
	}
	t := threadFromDraft(d)
	cfg, err := a.config()
	if err != nil {
		return err
	}
	if dryRun {
		limit := cfg.postLimit(xapi.StandardLimit)
		if err := validateDraft(d, limit, cfg.limitHint(limit), where); err != nil {
			return err
		}
		return printDryRun(a.stdout, t, j.Posted)
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	me, err := c.CurrentUser(cmd.Context())
	if err != nil {
		return err
	}
	limit := cfg.postLimit(me.MaxPostLength())
	if err := validateDraft(d, limit, cfg.limitHint(limit), where); err != nil {
		return err
	}
	log := a.logger()
	log.Info("thread", "file", abs, "parts", len(d.Posts), "resume", resume)
	ids, err := c.PublishThread(cmd.Context(), t, j, xapi.PublishOptions{
		Resume:  resume,
		Limit:   limit,
		OnEvent: publishEventsTo(a.stderr, len(t.Posts)),
	})
	if err != nil {
		log.Error("thread failed", "file", abs, "err", err.Error())
		// When a request may have gone through unseen, the journal is kept
		// even if it records nothing yet, so that the next run must
		// resume, and resuming checks X before posting that part again.
		if !j.written() && uncertain(err) {
			if jerr := j.save(); jerr != nil {
				return fmt.Errorf("%w (and %v)", err, jerr)
			}
		}
		if j.written() {
			return fmt.Errorf("%w\nwhat was posted is recorded in %s: run `xpost thread --resume %s` to continue", err, jpath, path)
		}
		return err
	}
	if err := j.complete(); err != nil {
		return fmt.Errorf("the thread is posted, but %w", err)
	}
	for _, id := range ids {
		fmt.Fprintln(a.stdout, id)
	}
	log.Info("thread posted", "file", abs, "first", ids[0])
	return nil
}

// partStartLines returns, for each part of a thread file, the number of
// its first non-blank line (or of its first line, if it has none), so
// that validation errors point into the file.
func partStartLines(data []byte) []int {
	text := strings.TrimPrefix(string(data), "\uFEFF")
	var starts []int
	start, found := 1, false
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		n++
		l := strings.TrimRight(line, " \t\r")
		if l == "---" {
			starts = append(starts, start)
			start, found = n+1, false
			continue
		}
		if !found && strings.TrimSpace(l) != "" {
			start, found = n, true
		}
	}
	return append(starts, start)
}

// threadJournal is the publish journal of a thread file, kept beside it
// as FILE.journal.json and rewritten atomically at every step, so that
// `xpost thread --resume` knows exactly what is already on X.
type threadJournal struct {
	mu   sync.Mutex
	path string
	data journalData
	now  func() time.Time
	// texts are the texts being published; RecordPost stores digests.
	texts []string
	// dirty is set once anything was recorded in this run or a previous
	// one: the file then exists.
	dirty bool
}

// journalData is the journal file's content.
type journalData struct {
	Version int `json:"version"`
	// Posts are the posted parts, by index.
	Posts map[int]journalPost `json:"posts"`
	// Media are the uploaded files, by path.
	Media map[string]draft.JournalMedia `json:"media,omitempty"`
	// Complete is set when every part is posted.
	Complete bool `json:"complete,omitempty"`
}

// journalPost is a posted part: its id and a digest of the text that was
// posted, so that a resume notices when a posted part was edited since.
type journalPost struct {
	ID   string `json:"id"`
	Text string `json:"text_sha256"`
}

func textDigest(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// openJournal loads or starts the journal of d. An existing journal needs
// --resume (or is refused), a completed one is reported, and a journal
// whose posted parts no longer match the file is refused: resuming it
// would chain new parts to posts with other text.
func openJournal(path string, d *draft.Draft, resume bool) (*threadJournal, error) {
	j := &threadJournal{path: path, now: time.Now, data: journalData{Version: 1, Posts: map[int]journalPost{}}}
	for i := range d.Posts {
		j.texts = append(j.texts, d.TextForPublish(i))
	}
	b, err := fsx.ReadFile(path, maxJournalFile)
	if errors.Is(err, fs.ErrNotExist) {
		return j, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the journal %s: %w", path, unwrapPathError(err))
	}
	if err := json.Unmarshal(b, &j.data); err != nil || j.data.Posts == nil {
		return nil, fmt.Errorf("the journal %s is damaged: check your recent posts (xpost recent) before deleting it and publishing again", path)
	}
	j.dirty = true
	ids := j.postedIDs()
	if j.data.Complete {
		return nil, fmt.Errorf("this thread was already published (%s); its journal is %s: delete the journal to publish the thread again", strings.Join(ids, ", "), path)
	}
	if !resume {
		return nil, fmt.Errorf("an earlier publish of this thread was interrupted after %s (journal %s): run with --resume to continue it, or delete the journal to start over", plural(len(ids), "post"), path)
	}
	for i, p := range j.data.Posts {
		if i < 0 || i >= len(d.Posts) {
			return nil, fmt.Errorf("the journal %s records part %d, but the file now has %s: restore the file, or delete the journal to start over", path, i+1, plural(len(d.Posts), "part"))
		}
		if p.Text != textDigest(d.TextForPublish(i)) {
			return nil, fmt.Errorf("part %d was posted as %s, but its text has changed since: restore it, or delete the journal %s to start over", i+1, p.ID, path)
		}
	}
	return j, nil
}

func (j *threadJournal) postedIDs() []string {
	var ids []string
	for i := 0; ; i++ {
		p, ok := j.data.Posts[i]
		if !ok {
			return ids
		}
		ids = append(ids, p.ID)
	}
}

var _ xapi.Journal = (*threadJournal)(nil)

// Posted implements xapi.Journal.
func (j *threadJournal) Posted(i int) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	p, ok := j.data.Posts[i]
	return p.ID, ok
}

// RecordPost implements xapi.Journal.
func (j *threadJournal) RecordPost(i int, id string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.data.Posts[i] = journalPost{ID: id, Text: textDigest(j.texts[i])}
	return j.saveLocked()
}

// UploadedMedia implements xapi.Journal.
func (j *threadJournal) UploadedMedia(path string) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	m, ok := j.data.Media[path]
	if !ok || !j.now().Before(m.Expires) {
		return "", false
	}
	return m.ID, true
}

// RecordMedia implements xapi.Journal.
func (j *threadJournal) RecordMedia(path, id string, expires time.Time) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.data.Media == nil {
		j.data.Media = map[string]draft.JournalMedia{}
	}
	j.data.Media[path] = draft.JournalMedia{ID: id, Expires: expires}
	return j.saveLocked()
}

func (j *threadJournal) written() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.dirty
}

// uncertain reports whether a failed publish may have created a post it
// did not record: the connection failed, or the run was interrupted.
func uncertain(err error) bool {
	_, unknown := errors.AsType[*xapi.UnknownOutcomeError](err)
	_, network := errors.AsType[*xapi.NetworkError](err)
	return unknown || network || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// save writes the journal as it is.
func (j *threadJournal) save() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.saveLocked()
}

// complete marks the thread as fully published.
func (j *threadJournal) complete() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.data.Complete = true
	return j.saveLocked()
}

func (j *threadJournal) saveLocked() error {
	b, err := json.MarshalIndent(j.data, "", "  ")
	if err != nil {
		return err
	}
	if err := fsx.WriteFile(j.path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("cannot write the journal %s: %w", j.path, err)
	}
	j.dirty = true
	return nil
}
