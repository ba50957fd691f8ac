package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/xapi"
)

// accountsOf is the named accounts kept in the state directory.
func (a *app) accountsOf(cfg *config) *xapi.Accounts {
	acc := xapi.NewAccounts(cfg.tokenDir())
	acc.Warn = a.warn
	return acc
}

// namedAccount is the account the command line names: --account, else
// XPOST_ACCOUNT; "" when it names none.
func (a *app) namedAccount() string {
	return firstNonEmpty(a.global.account, a.getenv("XPOST_ACCOUNT"))
}

// ctx is the run's context, for the short waits on the accounts' lock.
func (a *app) ctx() context.Context {
	if a.runCtx != nil {
		return a.runCtx
	}
	return context.Background()
}

// activeAccount is the account this run uses at the configured API base
// (see xapi.Accounts.Resolve), resolved once; "" when there is none yet.
// Logins of older versions are moved into an account on the way.
func (a *app) activeAccount(cfg *config) (string, error) {
	a.storeMu.Lock()
	defer a.storeMu.Unlock()
	if a.accountResolved {
		return a.account, nil
	}
	if named := a.namedAccount(); named != "" {
		if _, err := xapi.NormalizeAccountName(named); err != nil {
			return "", &usageError{msg: "--account (or XPOST_ACCOUNT): " + err.Error()}
		}
	}
	name, err := a.accountsOf(cfg).Resolve(a.ctx(), a.namedAccount(), cfg.APIBase)
	if err != nil {
		return "", err
	}
	a.account, a.accountResolved = name, true
	return name, nil
}

// storeOf is the store of account name's login to the configured API
// base, made once per run and account so that what it has to report is
// said once. With no account at all yet, it is the store a first login
// would not use but whose absence says "log in".
func (a *app) storeOf(cfg *config, name string) *xapi.Store {
	if name == "" {
		name = "default"
	}
	a.storeMu.Lock()
	defer a.storeMu.Unlock()
	base := xapi.NewStore(cfg.tokenDir(), cfg.APIBase).APIBase()
	if a.stores == nil {
		a.stores = map[string]*xapi.Store{}
	}
	key := name + " " + base
	if s := a.stores[key]; s != nil {
		return s
	}
	s := a.accountsOf(cfg).Store(name, cfg.APIBase)
	a.stores[key] = s
	return s
}

// accountsJSON is one login of `xpost accounts --json` (one object per
// line).
type accountsJSON struct {
	Account  string `json:"account"`
	Username string `json:"username,omitempty"`
	UserID   string `json:"user_id,omitempty"`
	APIBase  string `json:"api_base"`
	Default  bool   `json:"default"`
	// Active is the account this command line would use at the
	// configured API base.
	Active bool `json:"active"`
}

func (a *app) newAccountsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "accounts [--json]",
		Short: "List the saved accounts",
		Long: `Accounts lists the named accounts and their logins: the account's name, the
handle it is logged in as, the API base that issued the login, and which
account is the default (*) and which one a command would use now (in use).

Log in to another account with xpost login --account NAME; use it with
--account NAME (or XPOST_ACCOUNT=NAME) on any command; make it the default
with xpost accounts default NAME. Each account keeps one login per API base.
Listing asks nothing of X.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			active, err := a.activeAccount(cfg)
			if err != nil {
				return err
			}
			logins, err := a.accountsOf(cfg).List()
			if err != nil {
				return err
			}
			base := xapi.NewStore(cfg.tokenDir(), cfg.APIBase).APIBase()
			w := bufio.NewWriter(a.stdout)
			defer w.Flush()
			if !asJSON && len(logins) == 0 {
				fmt.Fprintln(w, "No accounts yet: xpost login saves the first one.")
				return w.Flush()
			}
			if !asJSON {
				fmt.Fprintf(w, "  %-16s %-17s %s\n", "ACCOUNT", "HANDLE", "API BASE")
			}
			for _, l := range logins {
				isActive := l.Account == active && l.APIBase == base
				if asJSON {
					if err := writeJSON(w, accountsJSON{Account: l.Account, Username: l.Username, UserID: l.UserID,
						APIBase: strings.TrimSuffix(l.APIBase, "/"), Default: l.Default, Active: isActive}); err != nil {
						return err
					}
					continue
				}
				mark := " "
				if l.Default {
					mark = "*"
				}
				handle := "-"
				if l.Username != "" {
					handle = "@" + l.Username
				}
				inUse := ""
				if isActive {
					inUse = "  (in use)"
				}
				fmt.Fprintf(w, "%s %-16s %-17s %s%s\n", mark, l.Account, handle, strings.TrimSuffix(l.APIBase, "/"), inUse)
			}
			if !asJSON {
				fmt.Fprintln(w, "* is the default account; (in use) the one a command uses now")
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per login and line")
	cmd.AddCommand(a.newAccountsDefaultCommand())
	return cmd
}

func (a *app) newAccountsDefaultCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "default NAME",
		Short: "Make an account the default",
		Long: `Default makes the account NAME, which must have a login, the one every
command uses when --account and XPOST_ACCOUNT name none.`,
		Args: exactArgs(1, "the account's NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, err := xapi.NormalizeAccountName(args[0])
			if err != nil {
				return usagef(cmd, "%v", err)
			}
			cfg, err := a.config()
			if err != nil {
				return err
			}
			acc := a.accountsOf(cfg)
			if _, err := acc.Migrate(cmd.Context()); err != nil {
				return err
			}
			if err := acc.SetDefault(cmd.Context(), name); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, struct {
					Default string `json:"default"`
				}{name})
			}
			fmt.Fprintf(a.stdout, "%s is now the default account.\n", name)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the default account as one JSON object")
	return cmd
}
