package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/termimg"
	"github.com/xpostdev/xpost/ui"
	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// demoLatency makes the demo's fake X feel like a network, so progress
// and spinners show as they would.
const demoLatency = 120 * time.Millisecond

// addRootRun makes plain `xpost` open the composer, and `xpost --demo` open
// it against an in-process fake X.
func (a *app) addRootRun(root *cobra.Command) {
	var demo bool
	root.Flags().BoolVar(&demo, "demo", false, "open the composer against a built-in fake X with a demo account: no login, nothing leaves the machine")
	root.Flags().BoolVar(&a.accessible, "accessible", false, "draw the composer for screen readers: no animation or box drawing, words instead of marks, counts in words, [y/N] questions (also XPOST_ACCESSIBLE=1, or accessible in config.json)")
	root.Flags().IntVar(&a.composerMax, "max", 0, "write against this weighted length `N` instead of the account's limit (280, or 25000 for Premium); default_limit in config.json sets it too")
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if a.composerMax < 0 {
			return usagef(cmd, "--max must be a positive length, got %d", a.composerMax)
		}
		if demo && (a.global.apiBase != "" || a.global.configDir != "") {
			return usagef(cmd, "--demo brings its own fake X and a throwaway config dir: drop --api-base and --config-dir")
		}
		if !a.canAsk() || !a.isTerminal(a.stdout) {
			return errors.New("the composer needs a terminal and a person (no --no-input): run xpost in one, or use the scripting commands (xpost help)")
		}
		if demo {
			return a.runDemo(cmd.Context())
		}
		return a.runComposer(cmd.Context())
	}
}

// thumbnails is the image protocol the composer draws thumbnails with:
// XPOST_THUMBNAILS, else thumbnails in config.json, else what the
// terminal's environment says (termimg.Detect: off in tmux and in
// terminals not known to draw pictures); passthrough wraps them for tmux
// when one is named there.
//
// ask is true when the terminal may be asked (DA1) whether it draws sixel:
// nothing was found or set, and no multiplexer is in between.
func (a *app) thumbnails(cfg *config) (p termimg.Protocol, passthrough, ask bool) {
	getenv := func(k string) string {
		if v := a.getenv(k); v != "" || k != "XPOST_THUMBNAILS" {
			return v
		}
		return cfg.Thumbnails
	}
	p, passthrough = termimg.Detect(getenv)
	return p, passthrough, p == termimg.None && termimg.MayAsk(getenv)
}

// accessibleMode is whether the composer is drawn for screen readers:
// --accessible, else XPOST_ACCESSIBLE (1, true, yes), else accessible in
// config.json.
func (a *app) accessibleMode(cfg *config) bool {
	if a.accessible {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(a.getenv("XPOST_ACCESSIBLE"))) {
	case "1", "true", "yes", "on":
		return true
	case "0", "false", "no", "off":
		return false
	}
	return cfg.Accessible
}

// composerLimit is the limit the composer counts against: --max, else
// default_limit from config.json, else 0, which follows the account.
func (a *app) composerLimit(cfg *config) int {
	if a.composerMax > 0 {
		return a.composerMax
	}
	return cfg.DefaultLimit
}

// runComposer opens the composer for the configured account.
func (a *app) runComposer(ctx context.Context) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	a.logger().Info("composer started", "api_base", cfg.APIBase)
	svc := newServices(a, cfg, a.openBrowser)
	thumbs, passthrough, askSixel := a.thumbnails(cfg)
	return a.runTUI(ctx, svc, ui.Options{DraftDir: cfg.Dirs.Drafts(), Editor: a.editor(), Limit: a.composerLimit(cfg), UndoWindow: cfg.UndoWindow, AltText: cfg.AltText, NoCompletion: cfg.NoCompletion, Accessible: a.accessibleMode(cfg),
		MediaDir: lastMediaDir(cfg.Dirs.StateFile()), RememberMediaDir: mediaDirKeeper(cfg.Dirs.StateFile()),
		Thumbnails: thumbs, ThumbnailPassthrough: passthrough, AskSixel: askSixel})
}

// runDemo starts an in-process fake X with a demo account and a few posts,
// a throwaway config dir with sample media (where the media picker
// starts), a token for the demo user (so no login is needed), and runs the
// composer against them. Everything is removed when
// the composer ends, however it ends (a quit, ctrl+c, SIGTERM, SIGHUP);
// no request leaves the machine.
func (a *app) runDemo(ctx context.Context) (err error) {
	srv := xapitest.NewServer(xapitest.Options{AutoApprove: true, DemoPosts: true, Latency: demoLatency})
	defer srv.Close()
	dir, err := os.MkdirTemp("", "xpost-demo-")
	if err != nil {
		return fmt.Errorf("cannot create the demo's config dir: %w", err)
	}
	// A second ctrl+c, SIGTERM or SIGHUP exits without running deferred
	// calls: the directory goes then too.
	forget := atExit.add(func() { removeDemoDir(dir) })
	defer func() {
		// forget comes after the removal: a second signal during it
		// must still find the cleanup and finish the job before exiting.
		defer forget()
		if _, crashed := errors.AsType[*crashError](err); crashed {
			// The log with the trace and the draft are in dir: keep them.
			err = &crashError{msg: err.Error() + " (the demo's files are kept in " + dir + ")"}
			return
		}
		removeDemoDir(dir)
	}()
	a.global.configDir, a.global.apiBase = dir, srv.URL
	cfg, err := a.config()
	if err != nil {
		return err
	}
	cfg.ClientID, cfg.ClientSecret = xapitest.DemoClientID, ""
	if err := a.demoLogin(srv, cfg); err != nil {
		return err
	}
	media, err := writeDemoMedia(dir)
	if err != nil {
		return err
	}
	if err := a.queueDemoItem(cfg.Dirs.Drafts(), media); err != nil {
		return err
	}
	a.logger().Info("demo started", "api_base", srv.URL)
	svc := newServices(a, cfg, demoBrowser)
	svc.open = nil
	thumbs, passthrough, askSixel := a.thumbnails(cfg)
	return a.runTUI(ctx, svc, ui.Options{Demo: true, DraftDir: cfg.Dirs.Drafts(), Editor: a.editor(), MediaDir: media, Limit: a.composerLimit(cfg), UndoWindow: cfg.UndoWindow, AltText: cfg.AltText, NoCompletion: cfg.NoCompletion, Accessible: a.accessibleMode(cfg),
		Thumbnails: thumbs, ThumbnailPassthrough: passthrough, AskSixel: askSixel})
}

// removeDemoDir removes the demo's directory. A request the composer
// started can still be answered while the directory goes, and what it
// caches is written into it: a file made during the removal leaves a
// directory that is not empty. Once the directory is gone nothing can be
// made in it, so a few more tries finish the job.
func removeDemoDir(dir string) {
	for range 5 {
		if err := os.RemoveAll(dir); err == nil {
			return
		}
	}
}

// demoLogin saves a token for the fake's demo user, as a login would.
func (a *app) demoLogin(srv *xapitest.Server, cfg *config) error {
	u := srv.DemoUser()
	pair := srv.IssueToken(xapitest.DemoClientID, u.ID, xapi.Scopes)
	tok := &xapi.Token{
		AccessToken:  pair.AccessToken,
		RefreshToken: pair.RefreshToken,
		TokenType:    "bearer",
		Expiry:       time.Now().Add(time.Duration(pair.ExpiresIn) * time.Second),
		Scopes:       xapi.Scopes,
		UserID:       u.ID,
		Username:     u.Username,
	}
	if err := a.store(cfg).Save(tok); err != nil {
		return err
	}
	name, err := a.activeAccount(cfg)
	if err != nil {
		return err
	}
	return a.accountsOf(cfg).Added(a.ctx(), cmp.Or(name, "default"))
}

// demoBrowserClient bounds the demo browser's wait for the in-process
// fake, like every other network wait.
var demoBrowserClient = &http.Client{Timeout: 30 * time.Second}

// demoBrowser plays the browser for a login in the demo: the fake X
// approves at once and redirects to the loopback callback, which this
// request follows. No real browser opens and nothing leaves the machine.
func demoBrowser(url string) error {
	resp, err := demoBrowserClient.Get(url)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

// runTUI runs the composer until it quits. Standard output belongs to
// the composer meanwhile: the log goes to its file.
//
// It is also the last resort for bugs. The composer catches a panic in
// its own update and drawing, saves the draft and ends the program, which
// restores the terminal; Bubble Tea does the same for a panic in a
// background command (printing the trace on standard error). Either way
// the trace goes to the log and the user is told where.
// tuiGCPercent is the garbage collector's target while the composer runs
// (unless GOGC says otherwise). Its live heap is a few megabytes, but a
// burst of keys (a terminal delivering hundreds at once) leaves garbage
// faster than the default target of 100 collects it: the resident size
// of a 100-post thread peaked at 46–75 MB against 26–28 MB steady. At 25
// it stays under 31 MB (docs/performance.md); the collections cost about
// 10 µs a keystroke, a small part of a frame.
const tuiGCPercent = 25

// tuneGCAfter is how long after the start the target is set: the first
// frame is drawn with the default one, which it needs no more than 50 ms
// into the run, since setting it from the start made the first frame 5 %
// slower (BenchmarkFirstFrame).
const tuneGCAfter = time.Second

// tuneGC sets tuiGCPercent, tuneGCAfter from now, unless the user set
// GOGC, and returns what stops that or puts the previous target back.
func tuneGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	var (
		mu   sync.Mutex
		old  = -1
		done bool
	)
	timer := time.AfterFunc(tuneGCAfter, func() {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			old = debug.SetGCPercent(tuiGCPercent)
		}
	})
	return func() {
		timer.Stop()
		mu.Lock()
		defer mu.Unlock()
		done = true
		if old >= 0 {
			debug.SetGCPercent(old)
		}
	}
}

func (a *app) runTUI(ctx context.Context, svc ui.Services, opts ui.Options) (err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	opts.Context = ctx
	opts.MeasureWidth = true
	defer tuneGC()()
	var p *tea.Program
	opts.Stop = func() { p.Quit() }
	defer func() {
		if r := recover(); r != nil {
			err = a.reportCrash(&ui.Crash{Value: r, Stack: debug.Stack()})
		}
	}()
	m := ui.New(svc, opts)
	popts := append([]tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(a.stdin), tea.WithOutput(a.stdout)}, a.teaOptions...)
	p = tea.NewProgram(m, popts...)
	// What the login has to say waits until the composer gives the
	// terminal back.
	defer a.holdWarnings()()
	final, err := p.Run()
	if c := m.Crash(); c != nil {
		return a.reportCrash(c)
	}
	// One line on what the session did, now that the terminal is back:
	// "posted 5 posts: LINK", "scheduled for …", "draft saved as ID".
	if fm, ok := final.(ui.Model); ok {
		if line := fm.Outcome().String(); line != "" {
			fmt.Fprintln(a.stderr, line)
		}
	}
	if errors.Is(err, tea.ErrProgramPanic) {
		a.logger().Error("composer stopped on a bug in a background command; the trace was printed on standard error")
		return &crashError{msg: "the composer stopped on a bug; its trace is printed above, please include it in a bug report; your draft is autosaved and xpost opens it again"}
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // interrupted: the composer has saved what it could
	}
	return err
}

// crashError is the composer's end on a bug, already explained.
type crashError struct{ msg string }

func (e *crashError) Error() string { return e.msg }

// reportCrash writes the panic the composer stopped on, and its trace, to
// the log, and returns the error telling the user what happened to the
// draft and where the trace is. Without a log the trace goes to standard
// error, so it is never lost.
func (a *app) reportCrash(c *ui.Crash) error {
	a.logger().Error("composer stopped on a bug", "panic", fmt.Sprint(c.Value), "stack", string(c.Stack),
		"draft", c.DraftID, "draft_error", fmt.Sprint(c.DraftErr))
	msg := fmt.Sprintf("the composer stopped on a bug (%v)", c.Value)
	switch {
	case c.DraftErr != nil:
		msg += fmt.Sprintf(" and could not save the draft: %v", c.DraftErr)
	case c.DraftID != "":
		msg += fmt.Sprintf("; your draft %s is saved and xpost opens it again", c.DraftID)
	}
	if a.log == nil || a.log.f == nil {
		fmt.Fprintf(a.stderr, "%s\n", c.Stack)
	}
	return &crashError{msg: msg + a.logHint()}
}

// logHint points at the log file for a bug report, or says there is none.
func (a *app) logHint() string {
	a.logger()
	if a.log.f == nil {
		return "; the trace is printed above, please include it in a bug report"
	}
	return "; the trace is in " + a.log.f.Name() + ", please include it in a bug report"
}

// editor is the external editor's command line for alt+e: $VISUAL, else
// $EDITOR, split at spaces ("code --wait"), else vi when it is installed,
// as git and crontab do, so that alt+e works for a newcomer too.
func (a *app) editor() []string {
	if ed := strings.Fields(firstNonEmpty(a.getenv("VISUAL"), a.getenv("EDITOR"))); len(ed) > 0 {
		return ed
	}
	if vi, err := exec.LookPath("vi"); err == nil {
		return []string{vi}
	}
	return nil
}
