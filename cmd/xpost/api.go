package main

import (
	"context"
	"errors"

	"github.com/xpostdev/xpost/xapi"
)

// xapiVersion tells xapi the program's version for its User-Agent.
func init() { xapi.Version = programVersion() }

// auth returns the X app the user logs in to. The client id may be empty
// (a token saved by an earlier login works without it until it must be
// renewed); clientTokens then says what to do.
func (a *app) auth(cfg *config) (*xapi.Auth, error) {
	e, err := xapi.EndpointsFor(cfg.APIBase)
	if err != nil {
		return nil, err
	}
	return &xapi.Auth{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoints: e}, nil
}

// store is the token store in the config directory.
func (a *app) store(cfg *config) *xapi.Store { return xapi.NewStore(cfg.Dir) }

// client returns an X API client for the saved login, refreshing the token
// through the token store when it expires.
func (a *app) client() (*xapi.Client, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	auth, err := a.auth(cfg)
	if err != nil {
		return nil, err
	}
	var ts xapi.TokenSource = auth.TokenSource(a.store(cfg))
	if cfg.ClientID == "" {
		ts = noRefresh{ts}
	}
	opts := xapi.Options{BaseURL: cfg.APIBase}
	if a.clientOptions != nil {
		a.clientOptions(&opts)
	}
	return xapi.NewClient(ts, opts)
}

// noRefresh is the token source when no client id is configured: the saved
// access token is used while it lasts, but it cannot be renewed, and the
// error says how to fix that instead of X's "invalid client".
type noRefresh struct{ xapi.TokenSource }

var errNoClientID = &xapi.LoginRequiredError{Reason: "the saved login has expired and no X client id is configured to renew it (set XPOST_CLIENT_ID or client_id in config.json)"}

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
