package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/xapi"
)

func (a *app) newLoginCommand() *cobra.Command {
	var (
		clientID, clientSecret string
		port                   int
		noBrowser              bool
		asJSON                 bool
	)
	cmd := &cobra.Command{
		Use:   "login [--client-id ID] [--client-secret S] [--port N] [--no-browser]",
		Short: "Log in to X in the browser",
		Long: `Login opens X's authorization page in the browser (OAuth 2.0 with PKCE) and
waits for it to send the browser back to http://127.0.0.1:PORT/callback, which
must be a callback URL registered for your X app (default port 8765).

Where no browser can reach this machine (over SSH), open the printed URL
anywhere, approve, and paste the address the browser ended on (even if the
page did not load) here.

A client id given with --client-id (and a secret with --client-secret, for
confidential apps) is saved to config.json, so later commands can renew the
login. The token is saved with the account (accounts/NAME/token.json in the
state directory, mode 0600; xpost config path prints it): the account --account names, else the default one;
the first login makes an account named after the handle, and the default.
A login to another API base (--api-base) is saved to a file of its own, and
the login to X is never sent there. The browser has 10 minutes to answer.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if flagChanged(cmd.Flags(), "port") && (port < 1 || port > 65535) {
				return usagef(cmd, "--port must be 1-65535, got %d", port)
			}
			cfg, err := a.config()
			if err != nil {
				return err
			}
			if clientID != "" {
				cfg.ClientID = clientID
			}
			if clientSecret != "" {
				cfg.ClientSecret = clientSecret
			}
			if !flagChanged(cmd.Flags(), "port") {
				port = cfg.RedirectPort
			}
			return a.login(cmd, cfg, port, noBrowser, clientID != "" || clientSecret != "", asJSON)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&clientID, "client-id", "", "the OAuth 2.0 client `ID` of your X app; env XPOST_CLIENT_ID")
	fl.StringVar(&clientSecret, "client-secret", "", "the client secret, for a confidential X app; env XPOST_CLIENT_SECRET")
	fl.IntVar(&port, "port", defaultRedirectPort, "loopback `port` of the callback URL registered for the app")
	fl.BoolVar(&noBrowser, "no-browser", false, "print the URL instead of opening a browser")
	fl.BoolVar(&asJSON, "json", false, "print the account logged in as one JSON object")
	return cmd
}

func (a *app) login(cmd *cobra.Command, cfg *config, port int, noBrowser, saveClient, asJSON bool) error {
	ctx := cmd.Context()
	if a.noInput() {
		return usagef(cmd, "a login needs a person to approve it in a browser, and --no-input forbids waiting for one: run it without --no-input (XPOST_NO_INPUT)")
	}
	auth, err := a.loginAuth(cfg)
	if err != nil {
		return err
	}
	log := a.logger()
	log.Info("login started", "api_base", cfg.APIBase, "port", port)
	show := func(flow *xapi.LoginFlow) {
		opened := false
		if !noBrowser {
			if err := a.openBrowser(flow.AuthURL()); err != nil {
				log.Warn("cannot open a browser", "err", err.Error())
			} else {
				opened = true
			}
		}
		if opened {
			fmt.Fprintln(a.stderr, "Opened the browser to log in to X. If it did not open, visit:")
		} else {
			fmt.Fprintln(a.stderr, "Open this URL in a browser to log in to X:")
		}
		fmt.Fprintf(a.stderr, "\n  %s\n\n", flow.AuthURL())
		fmt.Fprintln(a.stderr, "Waiting for the browser... (or paste the address it ended on and press Enter)")
		go readPastedURL(a, flow)
	}
	name, err := a.activeAccount(cfg)
	if err != nil {
		return err
	}
	name, tok, err := a.loginAccount(ctx, cfg, name, func(store *xapi.Store) (*xapi.Token, error) {
		return auth.Login(ctx, store, xapi.LoginOptions{Port: port, Timeout: a.loginTimeout}, a.apiOptions(cfg), show)
	})
	if err != nil {
		log.Error("login failed", "err", err.Error())
		return err
	}
	log.Info("logged in", "user", tok.Username, "account", name)
	if saveClient {
		if err := saveClientConfig(cfg.Dirs.ConfigFile(), cfg.ClientID, cfg.ClientSecret); err != nil {
			fmt.Fprintf(a.stderr, "xpost: logged in, but %v\n", err)
		}
	}
	if asJSON {
		return writeJSON(a.stdout, loginJSON{ID: tok.UserID, Username: tok.Username, APIBase: a.store(cfg).APIBase(), Account: name})
	}
	fmt.Fprintf(a.stdout, "Logged in to X as @%s (account %s).\n", tok.Username, name)
	return nil
}

// loginAccount runs login into the store of account name (the one
// --account names, else the default); with no name (the first login of a
// config directory, which has no account yet) it makes an account named
// after the handle. The account logged in becomes the default when there
// is none. It returns the account's name.
func (a *app) loginAccount(ctx context.Context, cfg *config, name string, login func(*xapi.Store) (*xapi.Token, error)) (string, *xapi.Token, error) {
	acc := a.accountsOf(cfg)
	if name != "" {
		tok, err := login(a.storeOf(cfg, name))
		if err != nil {
			return "", nil, err
		}
		return name, tok, acc.Added(ctx, name)
	}
	store, err := acc.NewLogin(cfg.APIBase)
	if err != nil {
		return "", nil, err
	}
	tok, err := login(store)
	if err != nil {
		acc.Discard(store)
		return "", nil, err
	}
	name, err = acc.Adopt(ctx, store, tok.Username)
	if err != nil {
		return "", nil, err
	}
	a.storeMu.Lock()
	if a.account == "" {
		a.account = name
	}
	a.storeMu.Unlock()
	return name, tok, nil
}

// readPastedURL hands every line typed on standard input to the login
// flow, for logins where the browser cannot reach this machine. It ends at
// end of input; a line that is not the answer is reported and the next
// one is read.
func readPastedURL(a *app, flow *xapi.LoginFlow) {
	sc := bufio.NewScanner(a.stdin)
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if err := flow.Submit(line); err != nil {
			fmt.Fprintf(a.stderr, "xpost: %s\n", userMessage(err))
			continue
		}
		return
	}
}

// saveClientConfig records the client id and secret given to login in
// config.json, keeping its other settings, so that later commands can renew
// the login. The file holds a secret: 0600, written atomically.
func saveClientConfig(path, id, secret string) error {
	sf, err := readFileConfig(path)
	if err != nil {
		return err
	}
	fc := sf.fc
	if fc.ClientID == id && fc.ClientSecret == secret {
		return nil
	}
	fc.ClientID, fc.ClientSecret = id, secret
	b, err := json.MarshalIndent(fc, "", "  ")
	if err != nil {
		return err
	}
	if err := fsx.WriteFile(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("could not save the client id to %s: %w", path, err)
	}
	return nil
}

func (a *app) newLogoutCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "logout [--json]",
		Short: "Revoke and forget the saved login",
		Long: `Logout revokes the login of the account in use (--account NAME, else the
default one) at the configured API base, and deletes it. When the default
account has no login left, the first other account becomes the default.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			auth, err := a.auth(cfg)
			if err != nil {
				return err
			}
			store := a.store(cfg)
			if _, err := store.Load(); errors.Is(err, xapi.ErrLoginRequired) {
				if asJSON {
					return writeJSON(a.stdout, logoutJSON{LoggedOut: false, APIBase: a.store(cfg).APIBase()})
				}
				fmt.Fprintln(a.stdout, "Not logged in.")
				return nil
			}
			a.logger().Info("logout")
			if err := auth.Logout(cmd.Context(), store); err != nil {
				return err
			}
			if name, err := a.activeAccount(cfg); err == nil && name != "" {
				if err := a.accountsOf(cfg).Removed(cmd.Context(), name); err != nil {
					return err
				}
			}
			if asJSON {
				return writeJSON(a.stdout, logoutJSON{LoggedOut: true, APIBase: a.store(cfg).APIBase()})
			}
			fmt.Fprintln(a.stdout, "Logged out: the token is revoked and deleted.")
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print whether a login was revoked as one JSON object")
	return cmd
}
