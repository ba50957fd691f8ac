package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/xpostdev/xpost/internal/appdirs"
	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/internal/when"
	"github.com/xpostdev/xpost/outbox"
	"github.com/xpostdev/xpost/ui"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/billing"
)

// scheduleFlags are the options of post and thread that queue instead of
// posting.
type scheduleFlags struct {
	at    string
	late  string
	grace time.Duration
	// lateSet and graceSet say the flags were given: otherwise the item
	// follows the configured policy (queue_late, queue_grace).
	lateSet, graceSet bool
}

// addScheduleFlags adds --at and its policy flags to a publishing command.
func addScheduleFlags(fl *pflag.FlagSet, f *scheduleFlags) {
	fl.StringVar(&f.at, "at", "", "queue it to be posted at `TIME` instead of now: 2026-12-24 09:00, 09:00, fri 18:30, tomorrow 9am, +2h, or RFC 3339 (xpost queue lists it)")
	fl.StringVar(&f.late, "late", draft.LateHold, "with --at: what a runner does when it finds the time passed by more than --grace: hold (and ask) or post (default: queue_late in config.json, else hold)")
	fl.DurationVar(&f.grace, "grace", outbox.DefaultGrace, "with --at: how late it may still be posted (default: queue_grace in config.json, else 1h)")
}

// checkScheduleFlags rejects policy flags without --at, and bad policies.
func checkScheduleFlags(cmd *cobra.Command, f *scheduleFlags) error {
	f.lateSet, f.graceSet = flagChanged(cmd.Flags(), "late"), flagChanged(cmd.Flags(), "grace")
	if f.at == "" {
		for _, n := range []string{"late", "grace"} {
			if flagChanged(cmd.Flags(), n) {
				return usagef(cmd, "--%s needs --at", n)
			}
		}
		return nil
	}
	if f.late != draft.LateHold && f.late != draft.LatePost {
		return usagef(cmd, "--late must be hold or post, not %q", f.late)
	}
	if f.grace <= 0 {
		return usagef(cmd, "--grace must be positive (use --late post to post however late)")
	}
	return nil
}

// now is the program's clock; tests set a.clock.
func (a *app) now() time.Time {
	if a.clock != nil {
		return a.clock()
	}
	return time.Now()
}

// location is the zone local times are read and shown in; tests set it.
func (a *app) location() *time.Location {
	if a.loc != nil {
		return a.loc
	}
	return time.Local
}

// parseTime reads a TIME argument; past times (beyond a minute, for the
// time it takes to type) are refused.
func (a *app) parseTime(s string) (when.Result, error) {
	return when.ParseFuture(s, a.now(), a.location())
}

// queue is the outbox of the configured drafts folder.
func (a *app) queue() (*outbox.Queue, *config, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, nil, err
	}
	return &outbox.Queue{Store: &draft.Store{Dir: cfg.Dirs.Drafts()}}, cfg, nil
}

// schedule validates r's draft as the publish will (with the account's
// limit when X can be asked, else the configured one) and queues it,
// echoing the resolved time. With dryRun it only shows the plan and time.
func (a *app) schedule(ctx context.Context, r publishRun, f scheduleFlags, dryRun bool) error {
	at, err := a.parseTime(f.at)
	if err != nil {
		return err
	}
	q, cfg, plan, check, err := a.checkForQueue(ctx, r)
	if err != nil {
		return err
	}
	echo := when.Format(at.Time)
	if dryRun {
		if err := printPlan(a.stdout, plan); err != nil {
			return err
		}
		if err := printCheck(a.stdout, check); err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "would be queued for %s\n", echo)
		return check.Err()
	}
	if err := check.Err(); err != nil {
		return err
	}
	for _, p := range check.Flagged {
		fmt.Fprintf(a.stderr, "xpost: warning: %s\n", p)
	}
	s := draft.Schedule{At: at.Time, Zone: zoneName(at.Time.Location())}
	if f.lateSet {
		s.Late = f.late
	}
	if f.graceSet {
		s.Grace = int64(f.grace / time.Second)
	}
	if r.pace != nil {
		secs := int64(*r.pace / time.Second)
		s.Pace = &secs
	}
	if err := q.Add(r.d, s); err != nil {
		return err
	}
	a.logger().Info("queued", "draft", r.d.ID, "at", at.Time.Format(time.RFC3339), "parts", len(r.d.Posts))
	fmt.Fprintln(a.stdout, r.d.ID)
	fmt.Fprintf(a.stderr, "queued for %s as %s (%s)\n", echo, r.d.ID, human.Count(len(r.d.Posts), "post", "posts"))
	if at.Note != "" {
		fmt.Fprintln(a.stderr, at.Note)
	}
	a.hintRunner(cfg)
	return nil
}

// checkForQueue validates r's draft as the publish will (with the
// account's limit when X can be asked, else the configured one) and
// checks it against the account's plan and prices, for the queue: what
// the plan refuses is not queued (the runner checks again when it posts,
// with the plan and the spending of that day). Every way into the queue
// (post and thread --at, the assistant) goes through it.
func (a *app) checkForQueue(ctx context.Context, r publishRun) (*outbox.Queue, *config, *xapi.Plan, *xapi.Check, error) {
	q, cfg, err := a.queue()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	// The item remembers the account it is queued for: the runner posts
	// it as that account, whichever is the default then.
	if r.d.Account == "" {
		if r.d.Account, err = a.activeAccount(cfg); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	me := a.savedAccountOf(cfg, r.d.Account)
	if c, err := a.clientOf(cfg, r.d.Account); err == nil {
		if u, err := c.CurrentUser(ctx); err == nil {
			me = u
		}
	}
	limit := cfg.postLimit(me.MaxPostLength())
	if err := validateDraft(r.d, limit, cfg.limitHint(limit), r.where); err != nil {
		return nil, nil, nil, nil, err
	}
	if err := checkAltText(r.d, cfg.AltText, r.where, r.altHow); err != nil {
		return nil, nil, nil, nil, err
	}
	plan, err := xapi.PlanThread(r.t, nil, limit)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return q, cfg, plan, plan.Check(*cfg.pricing(me)), nil
}

// scheduleThread queues a thread file's draft, unless the file has a
// journal: a thread already (partly) on X is resumed, not queued again
// from its start.
func (a *app) scheduleThread(ctx context.Context, r publishRun, f scheduleFlags, dryRun bool, journal string) error {
	if _, err := os.Stat(journal); err == nil {
		return fmt.Errorf("this thread has a journal, %s: it was published, or begun; resume it with --resume, or delete the journal to queue it from the start", journal)
	}
	return a.schedule(ctx, r, f, dryRun)
}

// zoneName is a location's name worth recording ("" for Local).
func zoneName(loc *time.Location) string {
	if n := loc.String(); n != "Local" {
		return n
	}
	return ""
}

// hintRunner says how to get queued items posted when no runner has ever
// run here.
func (a *app) hintRunner(cfg *config) {
	st := outbox.StatusFile{Dir: cfg.Dirs.QueueStatus()}
	if _, ok, _ := st.Read(); ok {
		return
	}
	if w, _, _ := st.Watching(); w {
		return
	}
	fmt.Fprintln(a.stderr, "no runner has run here yet: `xpost queue install` sets one up (or run `xpost queue run --watch`)")
}

func (a *app) newQueueCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "queue [--json]",
		Short: "List the posts and threads queued for later",
		Long: `Queue lists what post --at and thread --at queued, by time: its id, time,
state, number of posts and media, first line, and the link once posted or the
reason it is not.

States: waiting (for its time), posting (a runner has it), retrying (a try
failed in a way that may pass: network, X's 5xx, a rate limit; the time of
the next try is shown), posted, failed (cannot be posted as it is: the
reason says what to fix, then queue move ID now) and held (its time passed
while no runner ran, by more than its grace period: queue move ID now posts
it, queue cancel ID keeps it as a draft).

A queued item is an ordinary draft (the composer's drafts list has it): it
can be edited until its time. Something must run the queue: see
queue install, queue run and queue status.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return a.queueList(asJSON) },
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the queue as a JSON array")
	cmd.AddCommand(a.newQueueCancelCommand(), a.newQueueMoveCommand(), a.newQueueEditCommand(),
		a.newQueueRunCommand(), a.newQueueInstallCommand(), a.newQueueStatusCommand())
	return cmd
}

func (a *app) queueList(asJSON bool) error {
	q, _, err := a.queue()
	if err != nil {
		return err
	}
	items, err := q.List()
	if asJSON {
		if items == nil {
			items = []outbox.Item{}
		}
		enc := json.NewEncoder(a.stdout)
		enc.SetEscapeHTML(false)
		if jerr := enc.Encode(items); jerr != nil {
			return jerr
		}
		return err
	}
	if len(items) == 0 && err == nil {
		fmt.Fprintln(a.stderr, "the queue is empty: post --at TIME and thread FILE --at TIME add to it")
		return nil
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	for _, it := range items {
		as := ""
		if it.Account != "" {
			as = "as " + it.Account + "  "
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s%s\n", it.ID, a.showTime(it.At), it.State, itemSize(it), as, firstLine(it.Title, 40))
		if more := a.itemNote(it); more != "" {
			fmt.Fprintf(tw, "\t%s\n", more)
		}
	}
	if ferr := tw.Flush(); ferr != nil {
		return ferr
	}
	return err
}

// showTime is a queued time as the list shows it, in the local zone.
func (a *app) showTime(t time.Time) string {
	return t.In(a.location()).Format("Mon 2006-01-02 15:04 MST")
}

// itemSize is "3 posts, 2 media, 1 poll".
func itemSize(it outbox.Item) string {
	s := human.Count(it.Posts, "post", "posts")
	if it.Media > 0 {
		s += fmt.Sprintf(", %d media", it.Media)
	}
	if it.Polls > 0 {
		s += ", " + human.Count(it.Polls, "poll", "polls")
	}
	return s
}

// itemNote is the second line of an item: its link, or why it waits.
func (a *app) itemNote(it outbox.Item) string {
	switch it.State {
	case draft.StatePosted:
		return it.Link
	case draft.StateRetrying:
		return fmt.Sprintf("next try %s: %s", a.showTime(it.NextTry), it.Reason)
	case draft.StateHeld:
		if !it.NextTry.IsZero() {
			return fmt.Sprintf("held until %s: %s", a.showTime(it.NextTry), it.Reason)
		}
	case draft.StatePosting:
		if it.Posted > 0 {
			return fmt.Sprintf("%d of %d posted (%s)", it.Posted, it.Posts, it.Link)
		}
	}
	return it.Reason
}

// firstLine cuts s to n characters.
func firstLine(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func (a *app) newQueueCancelCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "cancel ID",
		Short: "Take an item out of the queue; it stays a draft",
		Args:  exactArgs(1, "one ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			q, _, err := a.queue()
			if err != nil {
				return err
			}
			it, err := q.Cancel(args[0])
			if err != nil {
				return err
			}
			a.pruneMedia(q)
			msg := fmt.Sprintf("%s is out of the queue; it stays among the drafts (xpost, then alt+d)", it.ID)
			if it.Posted > 0 {
				msg += "; " + human.Share(it.Posted, it.Posts, "post", "posts") + " on X already, and publishing it goes on from there"
			}
			fmt.Fprintln(a.stderr, msg)
			return nil
		},
	}
}

func (a *app) newQueueMoveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "move ID TIME",
		Short: "Give an item a new time (also: post a held or failed one again)",
		Long: `Move gives a queued item a new TIME and makes it wait again, whatever became
of it: a held item moved to now is posted at the runner's next pass, a
failed one is tried again (after you fixed the cause). TIME takes the forms of
post --at.`,
		Args: exactArgs(2, "ID and TIME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			at, err := a.parseTime(args[1])
			if err != nil {
				return err
			}
			q, _, err := a.queue()
			if err != nil {
				return err
			}
			it, err := q.Move(args[0], at.Time, zoneName(at.Time.Location()))
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "%s is queued for %s\n", it.ID, when.Format(at.Time))
			if at.Note != "" {
				fmt.Fprintln(a.stderr, at.Note)
			}
			return nil
		},
	}
}

func (a *app) newQueueEditCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "edit ID",
		Short: "Open a queued item in the composer",
		Long: `Edit opens a queued item in the composer. While it is open there, runners
leave it alone (it is posted after you close the window, if its time has
come). Its schedule stays as it was: queue move changes the time.`,
		Args: exactArgs(1, "one ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			q, cfg, err := a.queue()
			if err != nil {
				return err
			}
			it, err := q.Get(args[0])
			if err != nil {
				return err
			}
			switch it.State {
			case draft.StatePosted:
				return fmt.Errorf("%s is already posted (%s)", it.ID, it.Link)
			case draft.StatePosting:
				return fmt.Errorf("%s is being posted now: wait for it (xpost queue)", it.ID)
			}
			if !a.canAsk() || !a.isTerminal(a.stdout) {
				return errors.New("the composer needs a terminal and a person (no --no-input): run queue edit in one")
			}
			svc := newServices(a, cfg, a.openBrowser)
			return a.runTUI(cmd.Context(), svc, ui.Options{DraftDir: q.Store.Dir, DraftID: it.ID, Editor: a.editor(), Limit: a.composerLimit(cfg), UndoWindow: cfg.UndoWindow})
		},
	}
}

// queuePublisher is the runner's way to X: the one publish path of post
// and thread, with their checks.
type queuePublisher struct {
	a *app
	// pace is queue run --pace: the wait between parts of an item queued
	// without its own (nil: thread_pacing).
	pace *time.Duration
}

// Publish implements outbox.Publisher.
func (p queuePublisher) Publish(ctx context.Context, d *draft.Draft, j outbox.Journal) ([]string, error) {
	// Rate limits are not waited for here: the runner tries again at
	// their reset, and goes on with other items meanwhile.
	pace := p.pace
	if d.Schedule != nil && d.Schedule.Pace != nil {
		own := time.Duration(*d.Schedule.Pace) * time.Second
		pace = &own
	}
	return p.a.publish(ctx, publishRun{d: d, t: threadFromDraft(d), j: j, maxWait: 0, progress: true, pace: pace, account: d.Account})
}

// Judge implements outbox.Publisher with xapi's typed errors: network
// trouble, X's 5xx and rate limits pass; a usage cap, a 402, a refusal
// (403, 400), a lost login and a draft X would refuse do not.
func (p queuePublisher) Judge(err error) outbox.Verdict {
	v := outbox.Verdict{Message: userMessage(err)}
	if ce, ok := errors.AsType[*billing.CapError](err); ok {
		// The cap frees up at the next UTC day or month: held till then.
		v.Hold, v.At = true, ce.Next(p.a.now())
		v.Message = fmt.Sprintf("held by the %s spending cap: %s; tried again at %s, when the %s begins (raise spending_cap.%s in config.json to post it sooner)",
			ce.Period, ce.Error(), p.a.showTime(v.At), map[string]string{"daily": "next UTC day", "monthly": "next month (UTC)"}[ce.Period], ce.Period)
		return v
	}
	if rl, ok := errors.AsType[*xapi.RateLimitError](err); ok {
		if !rl.UsageCapped() {
			v.Retry, v.At = true, rl.RetryAt()
		}
		return v
	}
	if errors.Is(err, xapi.ErrOutOfCredits) || errors.Is(err, xapi.ErrLoginRequired) {
		return v
	}
	v.Retry = xapi.MaybeSent(err)
	return v
}

// runnerName says who runs, recorded in an item being posted.
func runnerName() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("runner pid %d on %s", os.Getpid(), cmp.Or(host, "this machine"))
}

func (a *app) newQueueRunCommand() *cobra.Command {
	var watch, asJSON bool
	var pace time.Duration
	cmd := &cobra.Command{
		Use:   "run [--watch] [--json] [--pace DURATION]",
		Short: "Post everything that is due (for cron, a systemd timer, launchd)",
		Long: `Run posts every queued item whose time has come, in order, and exits: 0 when
everything due is posted (or being posted by another runner), 1 when
something due could not be (it failed, waits for a retry, was held, or is
open in a composer window; xpost queue says why).

Each item is claimed under its lock and posted through the same publish
path as post and thread, with its journal: runners may overlap (a timer
firing while another runs, two machines sharing a home directory) and an
item is still posted once; a thread interrupted halfway resumes at its
first unposted post.

--watch stays up and posts each item at its second, looking for new items
every 15 seconds; one watcher runs at a time. queue status tells whether one
is running.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			q, cfg, err := a.queue()
			if err != nil {
				return err
			}
			qp := queuePublisher{a: a}
			if flagChanged(cmd.Flags(), "pace") {
				if pace < 0 || pace > xapi.MaxPace {
					return usagef(cmd, "--pace must be between 0 (at once) and %s", human.Duration(xapi.MaxPace))
				}
				qp.pace = &pace
			}
			r := &outbox.Runner{Queue: q, Publisher: qp, Now: a.now, Name: runnerName(),
				Late: cfg.QueueLate, Grace: cfg.QueueGrace}
			r.OnResult = func(res outbox.Result) { a.logResult(res, asJSON) }
			if a.notifier != nil && cfg.QueueNotify != outbox.NotifyOff {
				r.Notifier, r.NotifyLevel = a.notifier(), cfg.QueueNotify
			}
			status := outbox.StatusFile{Dir: cfg.Dirs.QueueStatus()}
			if watch {
				sleep := a.sleep
				if sleep == nil {
					sleep = sleepCtx
				}
				fmt.Fprintln(a.stderr, "watching the queue (ctrl+c stops)")
				pruned := false
				err := r.Watch(cmd.Context(), status, sleep, func(rep outbox.Report) {
					if rep.Err != nil {
						fmt.Fprintf(a.stderr, "xpost: %s\n", rep.Err)
					}
					if !pruned || len(rep.Results) > 0 {
						a.pruneMedia(q)
						pruned = true
					}
				})
				return err
			}
			rep := r.RunDue(cmd.Context())
			status.Write(r.StatusOf("run", rep))
			a.pruneMedia(q)
			if rep.Err != nil {
				fmt.Fprintf(a.stderr, "xpost: %s\n", userMessage(rep.Err))
			}
			if len(rep.Results) == 0 && rep.Err == nil && !asJSON {
				fmt.Fprintln(a.stderr, "nothing is due")
			}
			if !rep.OK() {
				return &exitError{code: exitFailure}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&watch, "watch", false, "stay up and post every item at its time")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON line per item handled")
	cmd.Flags().DurationVar(&pace, "pace", 0, "send the posts of a thread this `DURATION` apart, unless it was queued with its own --pace (default: thread_pacing in config.json)")
	return cmd
}

// logResult tells what a runner did with an item: on standard output as
// a line (or JSON), and in the log.
func (a *app) logResult(res outbox.Result, asJSON bool) {
	a.logger().Info("queue item", "draft", res.ID, "outcome", string(res.Outcome), "msg", res.Message)
	if asJSON {
		b, _ := json.Marshal(res)
		fmt.Fprintln(a.stdout, string(b))
		return
	}
	switch res.Outcome {
	case outbox.OutcomePosted:
		link := ""
		if len(res.PostIDs) > 0 {
			link = outbox.PostLink(res.PostIDs[0])
		}
		fmt.Fprintf(a.stdout, "%s posted: %s\n", res.ID, link)
	case outbox.OutcomeRetrying:
		fmt.Fprintf(a.stdout, "%s not posted yet, next try %s: %s\n", res.ID, a.showTime(res.NextTry), res.Message)
	default:
		fmt.Fprintf(a.stdout, "%s %s: %s\n", res.ID, res.Outcome, res.Message)
	}
}

// pruneMedia deletes the queue's media copies no draft needs any more. It
// is housekeeping: what it cannot do goes to the log, and the command
// goes on. The copies' ages are real file times, so the real clock
// judges them.
func (a *app) pruneMedia(q *outbox.Queue) {
	removed, err := q.PruneMedia(time.Now())
	if len(removed) > 0 {
		a.logger().Info("queue media pruned", "files", len(removed))
	}
	if err != nil {
		a.logger().Warn("queue media not pruned", "err", err)
	}
}

// sleepCtx waits for d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (a *app) newQueueStatusCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status [--json]",
		Short: "Whether a runner is watching the queue, and when one last ran",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			q, cfg, err := a.queue()
			if err != nil {
				return err
			}
			sf := outbox.StatusFile{Dir: cfg.Dirs.QueueStatus()}
			watching, pid, err := sf.Watching()
			if err != nil {
				return err
			}
			last, ran, err := sf.Read()
			if err != nil {
				return err
			}
			items, _ := q.List()
			waiting := 0
			var next time.Time
			for _, it := range items {
				if it.State == draft.StateWaiting || it.State == draft.StateRetrying || it.State == draft.StatePosting {
					waiting++
					if next.IsZero() || it.At.Before(next) {
						next = it.At
					}
				}
			}
			if asJSON {
				out := struct {
					Watching bool           `json:"watching"`
					PID      int            `json:"watcher_pid,omitempty"`
					LastRun  *outbox.Status `json:"last_run,omitempty"`
					Waiting  int            `json:"waiting"`
					Next     time.Time      `json:"next,omitzero"`
				}{Watching: watching, PID: pid, Waiting: waiting, Next: next}
				if ran {
					out.LastRun = &last
				}
				return json.NewEncoder(a.stdout).Encode(out)
			}
			if watching {
				fmt.Fprintf(a.stdout, "a runner is watching the queue (process %d)\n", pid)
			} else {
				fmt.Fprintln(a.stdout, "no runner is watching the queue (a timer may still run it: xpost queue install)")
			}
			if ran {
				ok := "everything due was posted"
				if !last.OK {
					ok = "something due was not posted (xpost queue says why)"
				}
				fmt.Fprintf(a.stdout, "last run %s ago (%s, process %d on %s): %d posted, %s\n",
					a.now().Sub(last.LastRun).Round(time.Second), last.Mode, last.PID, last.Host, last.Posted, ok)
			} else {
				fmt.Fprintln(a.stdout, "no runner has run yet")
			}
			if waiting > 0 {
				fmt.Fprintf(a.stdout, "%d waiting, the next at %s\n", waiting, a.showTime(next))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the status as JSON")
	return cmd
}

// unitName is the name of the systemd units and launchd agent.
const unitName = "xpost-queue"

func (a *app) newQueueInstallCommand() *cobra.Command {
	var write bool
	var kind string
	cmd := &cobra.Command{
		Use:   "install [--kind systemd|launchd|cron] [--write]",
		Short: "Set up a timer that runs the queue every minute",
		Long: `Install prints what runs xpost queue run every minute, as fits the
platform: a systemd user timer and service (Linux), a launchd agent (macOS), or
a crontab line (elsewhere, or with --kind cron). With --write it writes the
systemd or launchd files in place and prints the one command that starts them;
a crontab line is only printed (crontab -e adds it).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, cfg, err := a.queue()
			if err != nil {
				return err
			}
			exe, err := os.Executable()
			if err != nil {
				return fmt.Errorf("cannot find the xpost program to run: %w", err)
			}
			if exe, err = filepath.EvalSymlinks(exe); err != nil {
				return err
			}
			kind = cmp.Or(kind, defaultRunnerKind())
			files, start, err := runnerFiles(kind, exe, cfg.Dirs, a.runnerEnv(cfg.Dirs))
			if err != nil {
				return usagef(cmd, "%s", err)
			}
			if !write || kind == "cron" {
				for _, f := range files {
					if f.path != "" {
						fmt.Fprintf(a.stdout, "# %s\n", f.path)
					}
					fmt.Fprint(a.stdout, f.content)
				}
				fmt.Fprintf(a.stderr, "then: %s\n", start)
				return nil
			}
			for _, f := range files {
				if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(f.path, []byte(f.content), 0o644); err != nil {
					return err
				}
				fmt.Fprintf(a.stderr, "wrote %s\n", f.path)
			}
			fmt.Fprintf(a.stderr, "start it with: %s\n", start)
			return nil
		},
	}
	cmd.Flags().BoolVar(&write, "write", false, "write the systemd or launchd files in place")
	cmd.Flags().StringVar(&kind, "kind", "", "`KIND` of timer: systemd, launchd or cron (default: the platform's)")
	return cmd
}

// unitFile is one file of a runner set-up: where it goes and what it holds.
type unitFile struct{ path, content string }

// runnerFiles are the files that run `exe queue run` every minute with
// the directories dirs (and env for the runner), and the command that starts them.
func runnerFiles(kind, exe string, dirs appdirs.Dirs, env []string) ([]unitFile, string, error) {
	home, _ := os.UserHomeDir()
	args := []string{exe, "queue", "run"}
	if dirs.Single {
		args = []string{exe, "--config-dir", dirs.Config, "queue", "run"}
	}
	switch kind {
	case "systemd":
		udir := filepath.Join(home, ".config", "systemd", "user")
		var environment strings.Builder
		for _, kv := range env {
			fmt.Fprintf(&environment, "Environment=%s\n", systemdQuote([]string{kv}))
		}
		service := fmt.Sprintf(`[Unit]
Description=Post the xpost queue's due items

[Service]
Type=oneshot
%sExecStart=%s
`, environment.String(), systemdQuote(args))
		timer := `[Unit]
Description=Run the xpost queue every minute

[Timer]
OnCalendar=*-*-* *:*:00
AccuracySec=1s
Persistent=true

[Install]
WantedBy=timers.target
`
		return []unitFile{{filepath.Join(udir, unitName+".service"), service}, {filepath.Join(udir, unitName+".timer"), timer}},
			"systemctl --user daemon-reload && systemctl --user enable --now " + unitName + ".timer", nil
	case "launchd":
		label := "dev.xpost.queue"
		var b strings.Builder
		for _, a := range args {
			fmt.Fprintf(&b, "    <string>%s</string>\n", xmlEscape(a))
		}
		plist := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>%s</string>
  <key>ProgramArguments</key>
  <array>
%s  </array>
  <key>StartCalendarInterval</key>
  <dict>
  </dict>
  <key>RunAtLoad</key>
  <true/>
</dict>
</plist>
`, label, b.String())
		path := filepath.Join(home, "Library", "LaunchAgents", label+".plist")
		return []unitFile{{path, plist}}, "launchctl bootstrap gui/$(id -u) " + shellQuote(path), nil
	case "cron":
		line := "* * * * * " + shellJoin(append(env[:len(env):len(env)], args...)) + " >/dev/null 2>&1\n"
		return []unitFile{{"", line}}, "crontab -e, and add the line above (xpost.log in the log directory keeps what it did)", nil
	}
	return nil, "", fmt.Errorf("--kind must be systemd, launchd or cron, not %q", kind)
}

// runnerEnv is the environment a runner needs to find the files this
// run uses: the XDG variables the platform layout followed, which a
// timer's environment may lack. A single directory needs none: the
// runner is given --config-dir.
func (a *app) runnerEnv(dirs appdirs.Dirs) []string {
	if dirs.Single {
		return nil
	}
	var env []string
	for _, k := range []string{"XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		if v := a.getenv(k); filepath.IsAbs(v) {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// defaultRunnerKind is the timer the platform has.
func defaultRunnerKind() string {
	switch {
	case isDarwin():
		return "launchd"
	case hasSystemd():
		return "systemd"
	}
	return "cron"
}

func isDarwin() bool { return runtime.GOOS == "darwin" }

func hasSystemd() bool {
	_, err := os.Stat("/run/systemd/system")
	return err == nil
}

// systemdQuote quotes each argument for an ExecStart line.
func systemdQuote(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsAny(a, " \t\"'\\%$") {
			a = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "%", "%%", "$", "$$").Replace(a) + `"`
		}
		q[i] = a
	}
	return strings.Join(q, " ")
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`;&|<>()*?[]#~%!{}") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = shellQuote(a)
	}
	return strings.Join(q, " ")
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// queueDemoItem queues a sample thread with a picture in the demo's
// drafts, tomorrow at 09:00, so the queue screen (alt+q) has something
// to show. The demo runs no runner: it stays waiting.
func (a *app) queueDemoItem(drafts, media string) error {
	at, err := when.Parse("tomorrow 09:00", a.now(), a.location())
	if err != nil {
		return err
	}
	pic, err := inspectMedia(filepath.Join(media, "sunset.png"), "A sunset over the sea, drawn in 320 by 180 pixels")
	if err != nil {
		return err
	}
	d := draft.New()
	d.Posts = []draft.Post{
		{Text: "Queued with xpost post --at \"tomorrow 9am\": a runner posts it at its minute, exactly once.", Media: []draft.Media{pic}},
		{Text: "Threads queue whole, media and all. alt+q shows the queue: m moves, c cancels."},
	}
	q := &outbox.Queue{Store: &draft.Store{Dir: drafts}}
	return q.Add(d, draft.Schedule{At: at.Time, Zone: zoneName(at.Time.Location())})
}
