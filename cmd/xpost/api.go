package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/billing"
)

// userAgent is what every request to X says it is.
func userAgent() string { return "xpost/" + programVersion() }

// auth returns the X app the user logs in to. The client id may be empty
// (a token saved by an earlier login works without it until it must be
// renewed); clientTokens then says what to do.
func (a *app) auth(cfg *config) (*xapi.Auth, error) {
	e, err := xapi.EndpointsFor(cfg.APIBase)
	if err != nil {
		return nil, err
	}
	return &xapi.Auth{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoints: e, UserAgent: userAgent()}, nil
}

// loginAuth is the app to log in to, which needs a client id.
func (a *app) loginAuth(cfg *config) (*xapi.Auth, error) {
	auth, err := xapi.NewAuth(cfg.APIBase, cfg.ClientID, cfg.ClientSecret)
	if err != nil {
		return nil, err
	}
	auth.UserAgent = userAgent()
	return auth, nil
}

// store is the store of the active account's login to the configured
// API base (see activeAccount and storeOf). An account that cannot be
// resolved (an unreadable accounts.json, a bad --account) leaves the
// store of the default name, whose load then fails; the command reports
// the resolution error through client.
func (a *app) store(cfg *config) *xapi.Store {
	name, _ := a.activeAccount(cfg)
	return a.storeOf(cfg, name)
}

// apiOptions are the X client's options: the API base, who is asking,
// and what tests adjust.
func (a *app) apiOptions(cfg *config) xapi.Options {
	opts := xapi.Options{BaseURL: cfg.APIBase, UserAgent: userAgent()}
	if a.clientOptions != nil {
		a.clientOptions(&opts)
	}
	return opts
}

// client returns an X API client for the saved login, refreshing the token
// through the token store when it expires.
func (a *app) client() (*xapi.Client, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	name, err := a.activeAccount(cfg)
	if err != nil {
		return nil, err
	}
	return a.clientOf(cfg, name)
}

// clientOf returns an X API client for the login of account name (see
// client), whichever account the run is using: the queue runner posts
// each item as the account its draft was written for.
func (a *app) clientOf(cfg *config, name string) (*xapi.Client, error) {
	auth, err := a.auth(cfg)
	if err != nil {
		return nil, err
	}
	store := a.storeOf(cfg, name)
	var ts xapi.TokenSource = auth.TokenSource(store)
	if cfg.ClientID == "" {
		ts = noRefresh{ts}
	}
	opts := a.apiOptions(cfg)
	stale := false
	if tok, err := store.Load(); err == nil {
		if u := tok.User(); u != nil {
			opts.Account = u
			stale = tok.AccountAge(a.now()) > accountMaxAge
		}
	}
	opts.Meter = a.ledger(cfg)
	opts.OnAccount = func(u *xapi.User) {
		if err := store.SaveUser(u, a.now()); err != nil {
			a.logger().Warn("account not saved", "err", err.Error())
		}
	}
	c, err := xapi.NewClient(ts, opts)
	if err != nil {
		return nil, err
	}
	if stale {
		a.refreshAccount(c)
	}
	return c, nil
}

// ledger is the spending ledger (config.ledger) on the run's clock, so
// that its UTC day and month are the queue's.
func (a *app) ledger(cfg *config) *billing.Ledger {
	l := cfg.ledger()
	l.Now = a.now
	return l
}

// accountMaxAge is how old the account saved with the login may grow
// before it is read again: a subscription (and so the length limit)
// changes rarely, and reading it costs a request.
const accountMaxAge = 24 * time.Hour

// accountRefreshTime bounds the background read of the account.
const accountRefreshTime = 15 * time.Second

// refreshAccount reads the account again in the background, once per
// run, while the command goes on with the saved one: a post never waits
// for it. The client saves the answer with the login (Options.OnAccount);
// run waits for it before the program ends. A failure is only logged:
// the saved account still serves, and the next command tries again.
func (a *app) refreshAccount(c *xapi.Client) {
	a.refreshed.Do(func() {
		parent := a.runCtx
		if parent == nil {
			parent = context.Background()
		}
		a.background.Go(func() {
			ctx, cancel := context.WithTimeout(parent, accountRefreshTime)
			defer cancel()
			if _, _, err := c.Me(ctx); err != nil {
				a.logger().Warn("account not refreshed", "err", err.Error())
			}
		})
	})
}

// warnings holds what the program must tell the user besides a command's
// result: said on standard error at once, or after the composer closes
// while it owns the terminal, and always logged.
type warnings struct {
	mu     sync.Mutex
	held   bool
	queued []string
}

// warn tells the user something that did not stop the command (a login
// file made private, a renewed login that could not be saved).
func (a *app) warn(msg string) {
	a.logger().Warn("login", "msg", msg)
	a.warnings.mu.Lock()
	defer a.warnings.mu.Unlock()
	if a.warnings.held {
		a.warnings.queued = append(a.warnings.queued, msg)
		return
	}
	fmt.Fprintf(a.stderr, "xpost: %s\n", msg)
}

// holdWarnings keeps warnings back while the composer owns the terminal;
// the returned function prints them.
func (a *app) holdWarnings() (release func()) {
	a.warnings.mu.Lock()
	a.warnings.held = true
	a.warnings.mu.Unlock()
	return func() {
		a.warnings.mu.Lock()
		defer a.warnings.mu.Unlock()
		a.warnings.held = false
		for _, m := range a.warnings.queued {
			fmt.Fprintf(a.stderr, "xpost: %s\n", m)
		}
		a.warnings.queued = nil
	}
}

// noRefresh is the token source when no client id is configured: the saved
// access token is used while it lasts, but it cannot be renewed, and the
// error says how to fix that instead of X's "invalid client".
type noRefresh struct{ xapi.TokenSource }

var errNoClientID = &xapi.LoginRequiredError{Reason: "the saved login has expired and no X client id is configured to renew it (set XPOST_CLIENT_ID or client_id in config.json)"}

// APIBase is the API base of the login, so the client checks it.
func (n noRefresh) APIBase() string {
	if b, ok := n.TokenSource.(interface{ APIBase() string }); ok {
		return b.APIBase()
	}
	return ""
}

// Token implements xapi.TokenSource.
func (n noRefresh) Token(ctx context.Context) (*xapi.Token, error) {
	t, err := n.TokenSource.Token(ctx)
	if err != nil && !errors.Is(err, xapi.ErrLoginRequired) {
		return nil, errNoClientID
	}
	return t, err
}

// Refresh implements xapi.TokenSource.
func (n noRefresh) Refresh(context.Context, *xapi.Token) (*xapi.Token, error) {
	return nil, errNoClientID
}
