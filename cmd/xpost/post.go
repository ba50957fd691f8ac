package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/rules"
)

// postFlags are the options of `xpost post`.
type postFlags struct {
	replyTo         string
	quote           string
	media           []string
	poll            string
	pollDuration    string
	replySettings   string
	paidPartnership bool
	dryRun          bool
	asJSON          bool
	maxWait         time.Duration
	sched           scheduleFlags
}

// defaultMaxWait is how long post and thread wait for X's rate limits by
// default: one 15-minute window.
const defaultMaxWait = 15 * time.Minute

func (a *app) newPostCommand() *cobra.Command {
	var f postFlags
	cmd := &cobra.Command{
		Use:   "post [flags] [TEXT | -]",
		Short: "Publish one post",
		Long: `Post publishes one post with the logged-in account and prints its id.

TEXT is the post's text (quote it for the shell); - reads it from standard
input, dropping one trailing newline. The text may be left out when media
is attached. Everything is validated locally first (length with the
account's limit, media type and size from the files' bytes, poll rules);
--dry-run stops there and prints what would be sent.

When X's rate limit is used up, post says so and waits for it to reset,
at most --max-wait in all; past that it stops and says when to try again.`,
		Example: `  xpost post "Hello from the terminal"
  xpost post --media cat.jpg="A cat asleep on a keyboard" "Monday mood"
  xpost post --poll "Tabs|Spaces" --poll-duration 3d "Settle it:"
  git log -1 --format=%s | xpost post -
  xpost post --at "fri 18:30" "Weekend plans?"`,
		Args: maxArgs(1, "one TEXT (quote it)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkScheduleFlags(cmd, &f.sched); err != nil {
				return err
			}
			if f.asJSON && f.sched.at != "" {
				return usagef(cmd, "--json does not apply to --at: list the queue with xpost queue --json")
			}
			d, err := a.postDraft(cmd, f, args)
			if err != nil {
				return err
			}
			r := publishRun{d: d, t: threadFromDraft(d), j: &xapi.MemoryJournal{}, maxWait: f.maxWait, asJSON: f.asJSON,
				altHow: func(m draft.MissingAlt) string { return fmt.Sprintf("give it with --media %s=\"…\"", m.Path) }}
			if f.sched.at != "" {
				return a.schedule(cmd.Context(), r, f.sched, f.dryRun)
			}
			if f.dryRun {
				return a.dryRun(cmd.Context(), r)
			}
			a.logger().Info("post", "parts", 1, "media", len(d.Posts[0].Media))
			ids, err := a.publish(cmd.Context(), r)
			if err != nil {
				return err
			}
			a.logger().Info("posted", "id", ids[0])
			if f.asJSON {
				return writeJSON(a.stdout, postJSON{ID: ids[0], URL: postURL(ids[0])})
			}
			// The id alone on stdout is the contract with scripts; the
			// link, for a person, goes to stderr.
			fmt.Fprintln(a.stdout, ids[0])
			fmt.Fprintln(a.stderr, "posted:", postURL(ids[0]))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.replyTo, "reply-to", "", "reply to the post with this `ID` (or link)")
	fl.StringVar(&f.quote, "quote", "", "quote the post with this `ID` (or link)")
	fl.StringArrayVar(&f.media, "media", nil, "attach a file, with optional alt text: `PATH[=ALT]` (repeat for up to 4 images)")
	fl.StringVar(&f.poll, "poll", "", "add a poll with 2 to 4 `OPTIONS` separated by |, as in \"Yes|No|Maybe\"")
	fl.StringVar(&f.pollDuration, "poll-duration", "24h", "how long the poll runs: a `DURATION` such as 90m, 24h or 3d (5m to 7d)")
	fl.StringVar(&f.replySettings, "reply-settings", "", "`WHO` may reply: following, mentionedUsers, subscribers or verified (default everyone)")
	fl.BoolVar(&f.paidPartnership, "paid-partnership", false, "label the post as a paid partnership")
	fl.BoolVar(&f.dryRun, "dry-run", false, "validate and print what would be sent, sending nothing")
	fl.BoolVar(&f.asJSON, "json", false, "print the result (or the dry run's plan) as one JSON object")
	fl.DurationVar(&f.maxWait, "max-wait", defaultMaxWait, "wait at most this `DURATION` in all for X's rate limit to reset, then stop and say when to retry (0: never wait)")
	addScheduleFlags(fl, &f.sched)
	return cmd
}

// postDraft builds the one-post draft the flags and arguments describe;
// mistakes in the command line are usage errors, unreadable input and
// unusable files are failures.
func (a *app) postDraft(cmd *cobra.Command, f postFlags, args []string) (*draft.Draft, error) {
	d := draft.New()
	d.ReplyTo, d.Quote = postID(f.replyTo), postID(f.quote)
	d.ReplySettings = f.replySettings
	d.PaidPartnership = f.paidPartnership
	if !rules.ValidReplySetting(f.replySettings) {
		return nil, usagef(cmd, "--reply-settings must be following, mentionedUsers, subscribers or verified, not %q", f.replySettings)
	}
	var p draft.Post
	if len(args) == 1 {
		if args[0] == "-" {
			b, err := fsx.ReadAll(fsx.ContextReader(cmd.Context(), a.stdin), "standard input", maxCountText)
			if err != nil {
				return nil, fmt.Errorf("cannot read the text from standard input: %w", err)
			}
			p.Text = string(bytes.TrimSuffix(b, []byte("\n")))
		} else {
			p.Text = args[0]
		}
	}
	if f.poll != "" {
		opts := strings.Split(f.poll, "|")
		for i := range opts {
			opts[i] = strings.TrimSpace(opts[i])
		}
		dur, err := draft.ParsePollDuration(f.pollDuration)
		if err != nil {
			return nil, usagef(cmd, "--poll-duration: %v", err)
		}
		p.Poll = &draft.Poll{Options: opts, Duration: dur}
	} else if flagChanged(cmd.Flags(), "poll-duration") {
		return nil, usagef(cmd, "--poll-duration needs --poll")
	}
	for _, spec := range f.media {
		path, alt := splitMediaSpec(spec)
		m, err := inspectMedia(path, alt)
		if err != nil {
			return nil, err
		}
		p.Media = append(p.Media, m)
	}
	if p.Text == "" && len(p.Media) == 0 {
		return nil, usagef(cmd, "%s", errNothingToPost)
	}
	d.Posts = []draft.Post{p}
	return d, nil
}

// splitMediaSpec splits PATH=ALT at the first "=", unless the whole
// argument names an existing file (a path that contains "=").
func splitMediaSpec(spec string) (path, alt string) {
	if _, err := os.Stat(spec); err == nil {
		return spec, ""
	}
	path, alt, _ = strings.Cut(spec, "=")
	return path, alt
}
