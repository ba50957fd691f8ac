package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

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
	root.Flags().IntVar(&a.composerMax, "max", 0, "write against this weighted length `N` instead of the account's limit (280, or 25000 for Premium); default_limit in config.json sets it too")
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if a.composerMax < 0 {
			return usagef(cmd, "--max must be a positive length, got %d", a.composerMax)
		}
		if demo && (a.global.apiBase != "" || a.global.configDir != "") {
			return usagef(cmd, "--demo brings its own fake X and a throwaway config dir: drop --api-base and --config-dir")
		}
		if !a.isTerminal(a.stdin) || !a.isTerminal(a.stdout) {
			return errors.New("the composer needs a terminal: run xpost in one, or use the scripting commands (xpost help)")
		}
		if demo {
			return a.runDemo(cmd.Context())
		}
		return a.runComposer(cmd.Context())
	}
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
	return a.runTUI(ctx, svc, ui.Options{DraftDir: filepath.Join(cfg.Dir, draftsDirName), Editor: a.editor(), Limit: a.composerLimit(cfg)})
}

// runDemo starts an in-process fake X with a demo account and a few posts,
// a throwaway config dir with sample media (where the media picker
// starts), a token for the demo user (so no login is needed), and runs the
// composer against them. Everything is removed when
// the composer ends; no request leaves the machine.
func (a *app) runDemo(ctx context.Context) error {
	srv := xapitest.NewServer(xapitest.Options{AutoApprove: true, DemoPosts: true, Latency: demoLatency})
	defer srv.Close()
	dir, err := os.MkdirTemp("", "xpost-demo-")
	if err != nil {
		return fmt.Errorf("cannot create the demo's config dir: %w", err)
	}
	defer os.RemoveAll(dir)
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
	a.logger().Info("demo started", "api_base", srv.URL)
	svc := newServices(a, cfg, demoBrowser)
	return a.runTUI(ctx, svc, ui.Options{Demo: true, DraftDir: filepath.Join(dir, draftsDirName), Editor: a.editor(), MediaDir: media, Limit: a.composerLimit(cfg)})
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
	return a.store(cfg).Save(tok)
}

// demoBrowser plays the browser for a login in the demo: the fake X
// approves at once and redirects to the loopback callback, which this
// request follows. No real browser opens and nothing leaves the machine.
func demoBrowser(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

// runTUI runs the composer until it quits. Standard output belongs to
// the composer meanwhile: the log goes to its file.
func (a *app) runTUI(ctx context.Context, svc ui.Services, opts ui.Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	opts.Context = ctx
	popts := append([]tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(a.stdin), tea.WithOutput(a.stdout)}, a.teaOptions...)
	p := tea.NewProgram(ui.New(svc, opts), popts...)
	_, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // interrupted: the composer has saved what it could
	}
	return err
}

// editor is the external editor's command line for ctrl+e: $VISUAL, else
// $EDITOR, split at spaces ("code --wait"), else vi when it is installed,
// as git and crontab do, so that ctrl+e works for a newcomer too.
func (a *app) editor() []string {
	if ed := strings.Fields(firstNonEmpty(a.getenv("VISUAL"), a.getenv("EDITOR"))); len(ed) > 0 {
		return ed
	}
	if vi, err := exec.LookPath("vi"); err == nil {
		return []string{vi}
	}
	return nil
}
