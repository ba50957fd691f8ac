package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/rules"
)

// inspectMedia checks a file by its bytes (type, size cap) and returns it
// as the draft records an attachment.
func inspectMedia(path, alt string) (draft.Media, error) {
	f, err := xapi.DetectMedia(path)
	if err != nil {
		return draft.Media{}, err
	}
	m := draft.Media{Path: f.Path, Alt: alt, MIME: f.Type, Size: f.Size}
	switch f.Kind {
	case xapi.MediaImage:
		m.Kind = draft.KindImage
	case xapi.MediaGIF:
		m.Kind = draft.KindGIF
	case xapi.MediaVideo:
		m.Kind = draft.KindVideo
	}
	return m, nil
}

// problemsError is a draft that fails local validation: every problem,
// one per line, each naming its part (and its line in a thread file).
type problemsError struct {
	lines []string
	// files is set when the problems are files that cannot be used at
	// all (unreadable, not media), rather than a draft X would refuse.
	files bool
}

func (e *problemsError) Error() string {
	if len(e.lines) == 1 {
		return e.lines[0]
	}
	return fmt.Sprintf("%d problems, nothing was sent:\n  %s", len(e.lines), strings.Join(e.lines, "\n  "))
}

// validateDraft checks d with limit. where names the part's location for
// the messages ("" for none); hint follows a too-long text's message to
// say where the limit comes from.
func validateDraft(d *draft.Draft, limit int, hint string, where func(part int) string) error {
	ps := d.Validate(draft.LimitConfig(limit))
	if len(ps) == 0 {
		return nil
	}
	e := &problemsError{}
	for _, p := range ps {
		loc := ""
		if where != nil && p.Post >= 0 {
			loc = where(p.Post)
		}
		msg := p.String()
		if hint != "" && p.Code == rules.TooLong {
			msg += " (" + hint + ")"
		}
		e.lines = append(e.lines, loc+msg)
	}
	return e
}

// checkAltText refuses a draft with an image or GIF without alt text
// when policy is require: every such file, where it is (where), and how
// to give the text (how: the flag or the line that does; nil says the
// composer's key). Other policies let it through: only the composer asks.
func checkAltText(d *draft.Draft, policy draft.AltPolicy, where func(part int) string, how func(m draft.MissingAlt) string) error {
	missing := d.MissingAlt()
	if policy != draft.AltRequire || len(missing) == 0 {
		return nil
	}
	e := &problemsError{}
	for _, m := range missing {
		loc := ""
		if where != nil {
			loc = where(m.Post)
		}
		fix := "add its alt text in the composer (alt+m)"
		if how != nil {
			fix = how(m)
		}
		e.lines = append(e.lines, fmt.Sprintf("%spost %d: %s has no alt text, which alt_text \"require\" in config.json asks for: %s",
			loc, m.Post+1, m.Name(), fix))
	}
	return e
}

// threadFromDraft is the thread xapi publishes for a validated draft.
func threadFromDraft(d *draft.Draft) *xapi.Thread {
	t := &xapi.Thread{ReplyTo: d.ReplyTo, QuoteID: d.Quote}
	if d.Edit != nil {
		t.EditOf = d.Edit.ID
	}
	for i, p := range d.Posts {
		tp := xapi.ThreadPost{Text: d.TextForPublish(i), ReplySettings: d.ReplySettings, PaidPartnership: d.PaidPartnership}
		for _, m := range p.Media {
			tp.Media = append(tp.Media, xapi.Attachment{Path: m.Path, Alt: m.Alt})
		}
		if p.Poll != nil {
			poll := &xapi.Poll{DurationMinutes: int(p.Poll.Duration / time.Minute)}
			for _, o := range p.Poll.Options {
				poll.Options = append(poll.Options, strings.TrimSpace(o))
			}
			tp.Poll = poll
		}
		t.Posts = append(t.Posts, tp)
	}
	return t
}

// publishRun is one publish from the command line.
type publishRun struct {
	d *draft.Draft
	t *xapi.Thread // threadFromDraft(d)
	j xapi.Journal
	// where names a part's place in the input for messages (nil: none).
	where func(part int) string
	// altHow says how to give a file its alt text in this input (the
	// flag, the thread file's line), for a refusal under alt_text
	// "require"; nil names the composer.
	altHow func(m draft.MissingAlt) string
	resume bool
	// maxWait bounds the waits for X's rate limits (--max-wait).
	maxWait time.Duration
	// progress reports every upload and post on standard error; waits,
	// retries and checks are always reported.
	progress bool
	// asJSON prints a dry run's plan as JSON (dryRunJSON).
	asJSON bool
	// pace, when set, is the wait between two parts (--pace); nil
	// follows thread_pacing in config.json.
	pace *time.Duration
	// account is the saved account to publish as (a queued draft's);
	// "" is the one the command line uses.
	account string
	// uploadFirst uploads every file before the first post
	// (--upload-first), as upload_first in config.json does.
	uploadFirst bool
}

// dryRun validates r with the saved account's limit (or the configured
// one; no request is made but the read of the post replied to) and
// prints the post replied to, the plan, what publishing would
// send, then what it would cost and what the account's plan forbids in
// it. A plan the account's plan refuses fails after it is printed.
func (a *app) dryRun(ctx context.Context, r publishRun) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	me := a.savedAccountOf(cfg, r.account)
	limit := cfg.postLimit(me.MaxPostLength())
	if err := validateDraft(r.d, limit, cfg.limitHint(limit), r.where); err != nil {
		return err
	}
	if err := checkAltText(r.d, cfg.AltText, r.where, r.altHow); err != nil {
		return err
	}
	plan, err := xapi.PlanThread(r.t, r.j, limit)
	if err != nil {
		return err
	}
	pricing := cfg.pricing(me)
	// The post replied to is shown, and judged by the plan's rules: the
	// one request a dry run makes, a paid read.
	target, targetErr := a.replyTarget(ctx, cfg, r)
	pricing.Parent = target.Parent()
	// So is the post quoted, where the plan lets it be quoted.
	quoted, quotedErr := a.quoteTarget(ctx, cfg, r)
	check := plan.Check(*pricing)
	if r.asJSON {
		out := planJSON(plan, check)
		if target != nil {
			out.ReplyTo = &recentRefJSON{Type: "replied_to", ID: target.ID, Author: target.Author, Text: target.Text}
		}
		if quoted != nil {
			out.Quote = &recentRefJSON{Type: "quoted", ID: quoted.ID, Author: quoted.Author, Text: quoted.Text}
		}
		if err := writeJSON(a.stdout, out); err != nil {
			return err
		}
		return check.Err()
	}
	for _, line := range []string{replyLine(r.t.ReplyTo, target, targetErr), targetLine("quoting", r.t.QuoteID, quoted, quotedErr)} {
		if line == "" {
			continue
		}
		if _, err := fmt.Fprintln(a.stdout, line); err != nil {
			return err
		}
	}
	if err := printPlan(a.stdout, plan); err != nil {
		return err
	}
	if err := printCheck(a.stdout, check); err != nil {
		return err
	}
	return check.Err()
}

// printCheck prints what a plan costs and what the account's plan
// forbids or flags in it, after the plan itself.
func printCheck(w io.Writer, check *xapi.Check) error {
	for _, l := range check.Lines() {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}

// savedAccount is the account saved with the login, without asking X;
// nil when there is none.
func (a *app) savedAccount(cfg *config) *xapi.User {
	return savedUser(a.store(cfg))
}

// savedAccountOf is savedAccount of the saved account name ("" is the
// one in use).
func (a *app) savedAccountOf(cfg *config, name string) *xapi.User {
	if name == "" {
		return a.savedAccount(cfg)
	}
	return savedUser(a.storeOf(cfg, name))
}

// savedUser is the account saved with the login in s, nil when none.
func savedUser(s *xapi.Store) *xapi.User {
	tok, err := s.Load()
	if err != nil {
		return nil
	}
	return tok.User()
}

// publish validates r with the account's limit, checks it against the
// account's plan (a refusal sends nothing; what X will likely refuse is
// said first) and publishes it.
func (a *app) publish(ctx context.Context, r publishRun) ([]string, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	name := r.account
	if name == "" {
		if name, err = a.activeAccount(cfg); err != nil {
			return nil, err
		}
	}
	c, err := a.clientOf(cfg, name)
	if err != nil {
		return nil, err
	}
	me, err := c.CurrentUser(ctx)
	if err != nil {
		return nil, err
	}
	limit := cfg.postLimit(me.MaxPostLength())
	if err := validateDraft(r.d, limit, cfg.limitHint(limit), r.where); err != nil {
		return nil, err
	}
	if err := checkAltText(r.d, cfg.AltText, r.where, r.altHow); err != nil {
		return nil, err
	}
	plan, err := xapi.PlanThread(r.t, r.j, limit)
	if err != nil {
		return nil, err
	}
	pricing := cfg.pricing(me)
	if rules.SelfServe(cfg.Plan) {
		// The plan's rule on replies (and their price) needs the post
		// replied to: one paid read, only where the rule applies.
		target, err := a.replyTargetOf(ctx, c, r)
		if err != nil {
			a.logger().Warn("post replied to not read", "id", r.t.ReplyTo, "err", err.Error())
		}
		pricing.Parent = target.Parent()
	}
	check := plan.Check(*pricing)
	if err := check.Err(); err != nil {
		return nil, err
	}
	for _, p := range check.Flagged {
		fmt.Fprintf(a.stderr, "xpost: warning: %s\n", p)
	}
	ids, err := c.PublishPlan(ctx, plan, r.j, xapi.PublishOptions{
		Resume:      r.resume,
		Limit:       limit,
		MaxWait:     maxWaitOption(r.maxWait),
		OnEvent:     publishEventsTo(a.stderr, len(r.t.Posts), r.progress),
		Pricing:     pricing,
		Pace:        *cmp.Or(r.pace, &cfg.ThreadPacing),
		UploadFirst: r.uploadFirst || cfg.UploadFirst,
	})
	a.rememberPublished(r.t, ids)
	return ids, err
}

// maxWaitOption turns --max-wait into xapi's option: 0 there means the
// default, here it means not to wait at all.
func maxWaitOption(d time.Duration) time.Duration {
	if d <= 0 {
		return -1
	}
	return d
}

// printPlan shows what publishing will send (see planLines).
func printPlan(w io.Writer, p *xapi.Plan) error {
	for _, l := range planLines(p) {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}

// planLines describes what publishing will send, from the plan the
// publish itself follows, one line per request: each upload with its alt
// text and the parts that carry it, then each post request as X will
// receive it, with placeholders for the ids only X can give. The dry run
// prints it; the composer's confirmation shows it.
func planLines(p *xapi.Plan) []string {
	var lines []string
	for u, up := range p.Uploads {
		parts := make([]string, len(up.Posts))
		for k, i := range up.Posts {
			parts[k] = strconv.Itoa(i + 1)
		}
		line := fmt.Sprintf("upload %d for %s %s: %s", u+1, human.Plural(len(parts), "post", "posts"), strings.Join(parts, ", "), up.File.Path)
		switch {
		case up.MediaID != "":
			line += " is already uploaded as " + up.MediaID
		case up.Alt != "":
			line += fmt.Sprintf(" (%s, %s) with alt text %q", up.File.Type, human.Size(up.File.Size), up.Alt)
		default:
			line += fmt.Sprintf(" (%s, %s) without alt text", up.File.Type, human.Size(up.File.Size))
		}
		lines = append(lines, line)
	}
	for i, pp := range p.Posts {
		if pp.PostedID != "" {
			lines = append(lines, fmt.Sprintf("post %d: already posted as %s", i+1, pp.PostedID))
			continue
		}
		var body bytes.Buffer
		enc := json.NewEncoder(&body)
		enc.SetEscapeHTML(false) // the placeholders' <> as they read
		_ = enc.Encode(pp.Request)
		lines = append(lines, fmt.Sprintf("POST /2/tweets (post %d of %d): %s", i+1, len(p.Posts), bytes.TrimSpace(body.Bytes())))
	}
	return lines
}

// postID accepts a post id or a post's link (https://x.com/user/status/ID)
// and returns the id; anything else is returned trimmed, for validation
// to reject with a helpful message.
func postID(s string) string {
	if id, err := rules.ParsePostRef(s); err == nil {
		return id
	}
	return strings.TrimSpace(s)
}

// publishEventsTo reports a publish's progress as lines on w (standard
// error), for a person watching; scripts read the ids on standard output.
// Waits, retries and checks are always told; uploads and posts only with
// progress.
func publishEventsTo(w io.Writer, total int, progress bool) xapi.EventFunc {
	var mu sync.Mutex // uploads report concurrently
	return func(e xapi.Event) {
		mu.Lock()
		defer mu.Unlock()
		switch e.Kind {
		case xapi.EventUploaded:
			if progress && !e.Reused {
				fmt.Fprintf(w, "uploaded %s\n", e.Path)
			}
		case xapi.EventPosted:
			switch {
			case !progress:
			case e.Reused:
				fmt.Fprintf(w, "post %d of %d was already posted as %s\n", e.Post+1, total, e.ID)
			default:
				fmt.Fprintf(w, "sent post %d of %d as %s\n", e.Post+1, total, e.ID)
			}
		case xapi.EventRetrying:
			if e.Err != nil {
				fmt.Fprintf(w, "retrying after an error: %s\n", userMessage(e.Err))
			}
		case xapi.EventPacing:
			fmt.Fprintf(w, "pacing: post %d of %d in %s, at %s\n", e.Post+1, total, e.Wait.Round(time.Second), e.Until.Local().Format("15:04:05"))
		case xapi.EventRateLimited:
			fmt.Fprintf(w, "rate limited by X: waiting %s, until %s\n", e.Wait.Round(time.Second), e.Until.Local().Format("15:04:05"))
		case xapi.EventChecking:
			if e.Err == nil {
				fmt.Fprintf(w, "post %d may have been posted by an earlier run: looking for it on X first\n", e.Post+1)
			} else {
				fmt.Fprintf(w, "the answer to post %d was lost: checking whether it went through\n", e.Post+1)
			}
		}
	}
}

// errNothingToPost is `xpost post` without text or media.
var errNothingToPost = errors.New("nothing to post: give the text as an argument, - to read it from standard input, or attach media with --media")

// replyTarget reads the post r's thread replies to (see replyTargetOf)
// with the login of r's account; nil, nil when it replies to none or
// there is no login to read with.
func (a *app) replyTarget(ctx context.Context, cfg *config, r publishRun) (*xapi.ReplyTarget, error) {
	if r.t.ReplyTo == "" || r.t.EditOf != "" {
		return nil, nil
	}
	return a.readTarget(ctx, cfg, r, r.t.ReplyTo)
}

// quoteTarget reads the post r's thread quotes, as replyTarget reads the
// post replied to; nil, nil when it quotes none, when the plan refuses
// quotes (the check stops the thread anyway: no read is spent on it) or
// there is no login to read with.
func (a *app) quoteTarget(ctx context.Context, cfg *config, r publishRun) (*xapi.ReplyTarget, error) {
	if r.t.QuoteID == "" || r.t.EditOf != "" || rules.RefusesQuotes(cfg.Plan) {
		return nil, nil
	}
	return a.readTarget(ctx, cfg, r, r.t.QuoteID)
}

// readTarget reads post id with the login of r's account, a paid read the
// client keeps for the rest of the run; nil, nil when there is no login
// to read with.
func (a *app) readTarget(ctx context.Context, cfg *config, r publishRun, id string) (*xapi.ReplyTarget, error) {
	name := r.account
	if name == "" {
		var err error
		if name, err = a.activeAccount(cfg); err != nil {
			return nil, err
		}
	}
	c, err := a.clientOf(cfg, name)
	if err != nil {
		return nil, nil
	}
	t, err := c.ReplyTarget(ctx, id)
	if errors.Is(err, xapi.ErrLoginRequired) {
		return nil, nil
	}
	return t, err
}

// replyTargetOf reads the post r's thread replies to, when it replies to
// one (an edit keeps what the post was): GET /2/tweets/{id}, a paid read
// the client records in the ledger and keeps for the rest of the run.
func (a *app) replyTargetOf(ctx context.Context, c *xapi.Client, r publishRun) (*xapi.ReplyTarget, error) {
	if r.t.ReplyTo == "" || r.t.EditOf != "" {
		return nil, nil
	}
	return c.ReplyTarget(ctx, r.t.ReplyTo)
}

// replyLine is the dry run's line about the post replied to: its author
// and text, or why they are not known; "" for a thread that replies to
// nothing.
func replyLine(id string, t *xapi.ReplyTarget, err error) string {
	return targetLine("replying to", id, t, err)
}

// targetLine is the dry run's line about a post the thread refers to
// ("replying to", "quoting"): its author and text, or why they are not
// known; "" when it refers to none.
func targetLine(verb, id string, t *xapi.ReplyTarget, err error) string {
	switch {
	case t != nil:
		who := "post " + t.ID
		if t.Author != "" {
			who = "@" + t.Author
		}
		return fmt.Sprintf("%s %s: %q", verb, who, oneLine(t.Text, 100))
	case err != nil && id != "":
		return fmt.Sprintf("%s post %s (not read: %s)", verb, id, userMessage(err))
	}
	return ""
}
