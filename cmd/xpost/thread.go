package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi"
)

func (a *app) newThreadCommand() *cobra.Command {
	var f threadFlags
	var pace time.Duration
	cmd := &cobra.Command{
		Use:   "thread [--dry-run] [--resume] [--max-wait DURATION] FILE",
		Short: "Publish a thread written in a file",
		Long: `Thread publishes the posts of FILE as a thread, each replying to the one
before, and prints their ids, one per line.

FILE is UTF-8 text; a line holding only --- separates posts. Within a post,
![ALT](PATH) attaches a media file (PATH relative to FILE), lines "- [ ] OPTION"
make a poll, and "poll: 3d" sets its length (default 24h). Every post is
validated before anything is sent; errors name the post and its line.

Progress is journaled beside the file in FILE.journal.json, written before
each next request. If publishing stops (network, rate limit, Ctrl-C), run the
same command with --resume: it continues at the first unposted post, first
looking on X for a post that may have gone out, and never sends a post
twice. Without --resume an existing journal is refused.

Every file starts uploading at once, and each post is sent as soon as its
own files are up, while the later posts' files go on uploading. A file that
cannot be uploaded (X cannot process a video, say) stops the publish there:
the posts before it stay on X, the error says how many, and --resume
finishes the thread once the file is fixed. --upload-first (or upload_first
in config.json) uploads every file before the first post instead, so that
such a failure leaves nothing on X, at the cost of waiting for the slowest
upload.

When X's rate limit is used up, thread says so and waits for it to reset,
at most --max-wait in all; past that it stops, says when to try again, and
the thread can be resumed.

With --split, thread publishes nothing: it reads plain text from FILE (or
standard input for -) and prints a thread file that cuts it into posts of at
most --max characters, at paragraph, then sentence, then word ends, never
inside a link, mention, hashtag or character; --number adds " 1/n" to each
post, counted against the limit. Edit the result, then publish it with
xpost thread FILE.

xpost thread export DRAFT writes a composer's draft as a thread file, and
xpost thread import FILE makes a draft of a thread file or of a Markdown
document (see xpost thread import --help).`,
		Args: exactArgs(1, "one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.split {
				return a.splitThread(cmd, args[0], f)
			}
			if err := checkScheduleFlags(cmd, &f.sched); err != nil {
				return err
			}
			if f.asJSON && f.sched.at != "" {
				return usagef(cmd, "--json does not apply to --at: list the queue with xpost queue --json")
			}
			if f.sched.at != "" && f.resume {
				return usagef(cmd, "--at queues a thread from its start: drop --resume, or resume it now without --at")
			}
			f.replyTo, f.quote = postID(f.replyTo), postID(f.quote)
			if flagChanged(cmd.Flags(), "pace") {
				if pace < 0 || pace > xapi.MaxPace {
					return usagef(cmd, "--pace must be between 0 (at once) and %s", human.Duration(xapi.MaxPace))
				}
				f.pace = &pace
			}
			return a.thread(cmd, args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.dryRun, "dry-run", false, "validate and print what would be sent, sending nothing")
	fl.BoolVar(&f.resume, "resume", false, "continue an interrupted publish from its journal")
	fl.BoolVar(&f.asJSON, "json", false, "print the posts made (or the dry run's plan) as one JSON object")
	fl.StringVar(&f.replyTo, "reply-to", "", "make the first post a reply to the post with this `ID` (or link)")
	fl.StringVar(&f.quote, "quote", "", "make the first post quote the post with this `ID` (or link)")
	fl.DurationVar(&f.maxWait, "max-wait", defaultMaxWait, "wait at most this `DURATION` in all for X's rate limit to reset, then stop and say when to retry (0: never wait)")
	fl.BoolVar(&f.split, "split", false, "print FILE's plain text (- for standard input) cut into a thread file, publishing nothing")
	fl.BoolVar(&f.number, "number", false, "with --split: end each post with \" i/n\", counted against the limit")
	fl.IntVar(&f.max, "max", 280, "with --split: the weighted `N` a post may have (25000 for Premium long posts)")
	fl.BoolVar(&f.uploadFirst, "upload-first", false, "upload every file before the first post, so that a file X refuses leaves nothing on X (default: upload_first in config.json)")
	fl.DurationVar(&pace, "pace", 0, "send the posts this `DURATION` apart (30s, 2m; at most 1h); 0 posts them at once (default: thread_pacing in config.json); kept with --at")
	addScheduleFlags(fl, &f.sched)
	cmd.AddCommand(a.newThreadExportCommand(), a.newThreadImportCommand())
	return cmd
}

// threadFlags are the options of `xpost thread`.
type threadFlags struct {
	dryRun, resume bool
	asJSON         bool
	replyTo, quote string
	maxWait        time.Duration
	sched          scheduleFlags
	split, number  bool
	max            int
	// pace is --pace, set when given.
	pace *time.Duration
	// uploadFirst is --upload-first.
	uploadFirst bool
}

func (a *app) thread(cmd *cobra.Command, path string, f threadFlags) error {
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
	d.ReplyTo, d.Quote = f.replyTo, f.quote
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
				bad = append(bad, fmt.Sprintf("%spost %d: %s", where(i), i+1, userMessage(err)))
				continue
			}
			d.Posts[i].Media[k] = im
		}
	}
	if len(bad) > 0 {
		return &problemsError{lines: bad, files: true}
	}

	t := threadFromDraft(d)
	jpath := abs + ".journal.json"
	altHow := func(m draft.MissingAlt) string {
		rel, err := filepath.Rel(filepath.Dir(abs), m.Path)
		if err != nil {
			rel = m.Path
		}
		return fmt.Sprintf("write it in the file as ![…](%s)", rel)
	}
	if f.sched.at != "" {
		return a.scheduleThread(cmd.Context(), publishRun{d: d, t: t, where: where, altHow: altHow, pace: f.pace}, f.sched, f.dryRun, jpath)
	}
	j, err := xapi.OpenFileJournal(jpath, t)
	if err != nil {
		return err
	}
	if j.Exists() {
		ids := j.PostIDs()
		if j.Complete() {
			return fmt.Errorf("this thread was already published (%s); its journal is %s: delete the journal to publish the thread again", strings.Join(ids, ", "), jpath)
		}
		if !f.resume {
			return fmt.Errorf("an earlier publish of this thread was interrupted after %s (journal %s): run with --resume to continue it, or delete the journal to start over", human.Count(len(ids), "post", "posts"), jpath)
		}
		if err := j.Check(); err != nil {
			return err
		}
	}
	r := publishRun{d: d, t: t, j: j, where: where, altHow: altHow, resume: f.resume, maxWait: f.maxWait, progress: true, asJSON: f.asJSON, pace: f.pace, uploadFirst: f.uploadFirst}
	if f.dryRun {
		return a.dryRun(cmd.Context(), r)
	}
	log := a.logger()
	log.Info("thread", "file", abs, "parts", len(d.Posts), "resume", f.resume)
	before := len(j.PostIDs())
	ids, err := a.publish(cmd.Context(), r)
	if f.asJSON {
		live := ids
		if err != nil {
			live = j.PostIDs()
		}
		out := threadJSON{Complete: err == nil, Posts: []threadPartJS{}, Journal: jpath}
		for i, id := range live {
			out.Posts = append(out.Posts, threadPartJS{Part: i + 1, ID: id, URL: postURL(id), Resumed: i < before})
		}
		if werr := writeJSON(a.stdout, out); werr != nil && err == nil {
			return werr
		}
	}
	if err != nil {
		log.Error("thread failed", "file", abs, "err", err.Error())
		if j.Exists() {
			err = fmt.Errorf("%w\nwhat was posted is recorded in %s: run `xpost thread --resume %s` to continue", err, jpath, path)
		}
		if posted := j.PostIDs(); len(posted) > 0 {
			return &partialError{posted: posted, err: err}
		}
		return err
	}
	if err := j.MarkComplete(); err != nil {
		return fmt.Errorf("the thread is posted, but %w", err)
	}
	if f.asJSON {
		log.Info("thread posted", "file", abs, "first", ids[0])
		return nil
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
