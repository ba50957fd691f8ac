package xapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/xpostdev/xpost/internal/fsx"
)

// Accounts is the named logins of a config directory, so that one person
// can use several X accounts side by side. Each account is a directory
// accounts/NAME holding one login per API base, exactly as a [Store]
// keeps it (token.json for the real X, a file of its own for any other
// base, each with its own cross-process lock); accounts.json names the
// default account, the one a command uses when none is named. A token
// therefore belongs to an account and to the API base that issued it, and
// is never sent to another.
//
// Logins saved by versions that knew one account only (token files in
// the config directory itself) are moved into an account by Migrate,
// which Resolve runs first.
type Accounts struct {
	dir string

	// Warn, when set, is given to every Store made here (see Store.Warn).
	Warn func(msg string)
}

// NewAccounts returns the accounts kept in the config directory dir.
func NewAccounts(dir string) *Accounts { return &Accounts{dir: dir} }

// The files of the accounts in the config directory.
const (
	accountsDirName     = "accounts"
	accountsFileName    = "accounts.json"
	accountsLockName    = "accounts.lock"
	maxAccountName      = 64
	maxAccountsFile     = 64 << 10
	fallbackAccountName = "default"
)

// accountsFile is accounts.json.
type accountsFile struct {
	Default string `json:"default,omitempty"`
}

// AccountLogin is one saved login of a named account: who it is at which
// API base, and whether the account is the default one.
type AccountLogin struct {
	Account  string `json:"account"`
	Username string `json:"username,omitempty"`
	UserID   string `json:"user_id,omitempty"`
	// APIBase is the normalized API base that issued the login.
	APIBase string `json:"api_base"`
	Default bool   `json:"default"`
}

// NormalizeAccountName checks an account name as a user typed it and
// returns it in lower case, the form it is saved under (so that two
// spellings never make two accounts on a case-insensitive disk). A name
// is 1 to 64 letters, digits, '_', '-' or '.', not starting with '.' or
// '-': it names a directory.
func NormalizeAccountName(name string) (string, error) {
	n := strings.ToLower(name)
	if n == "" || len(n) > maxAccountName || n[0] == '.' || n[0] == '-' {
		return "", fmt.Errorf("%q is not an account name: use 1 to %d letters, digits, '_', '-' or '.', not starting with '.' or '-'", name, maxAccountName)
	}
	for _, r := range n {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return "", fmt.Errorf("%q is not an account name: use 1 to %d letters, digits, '_', '-' or '.', not starting with '.' or '-'", name, maxAccountName)
		}
	}
	return n, nil
}

// accountDir is the directory of the account name.
func (a *Accounts) accountDir(name string) string {
	return filepath.Join(a.dir, accountsDirName, name)
}

// Store returns the store of the login of account name to apiBase ("" for
// the real X). name must be normalized (see NormalizeAccountName); an
// account that has no login yet is created by the first save.
func (a *Accounts) Store(name, apiBase string) *Store {
	s := NewStore(a.accountDir(name), apiBase)
	s.Warn = a.Warn
	s.parents = []string{a.dir, filepath.Join(a.dir, accountsDirName)}
	if def, err := a.Default(); err == nil && def != "" && def != name {
		s.account = name
	}
	return s
}

// lock takes the lock of accounts.json and of moves between accounts.
func (a *Accounts) lock(ctx context.Context) (func(), error) {
	return lockAt(ctx, a.dir, filepath.Join(a.dir, accountsLockName))
}

// Default is the name of the default account, "" when there is none.
func (a *Accounts) Default() (string, error) {
	f, err := a.readFile()
	return f.Default, err
}

func (a *Accounts) readFile() (accountsFile, error) {
	var f accountsFile
	b, err := fsx.ReadFile(filepath.Join(a.dir, accountsFileName), maxAccountsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, fmt.Errorf("read the accounts: %w", err)
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return f, fmt.Errorf("%s is not valid (%v): fix it, or delete it and run xpost accounts default NAME", filepath.Join(a.dir, accountsFileName), err)
	}
	return f, nil
}

func (a *Accounts) writeFile(f accountsFile) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if err := fsx.WriteFile(filepath.Join(a.dir, accountsFileName), append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("save the default account: %w", err)
	}
	return nil
}

// SetDefault makes name, which must have a login, the default account.
func (a *Accounts) SetDefault(ctx context.Context, name string) error {
	unlock, err := a.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	logins, err := a.list()
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(logins, func(l AccountLogin) bool { return l.Account == name }) {
		return &LoginRequiredError{Reason: "there is no account " + name, Command: "xpost login --account " + name}
	}
	return a.writeFile(accountsFile{Default: name})
}

// Added records that account name has just been logged in: when there is
// no default account yet, it becomes the default.
func (a *Accounts) Added(ctx context.Context, name string) error {
	unlock, err := a.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	f, err := a.readFile()
	if err != nil || f.Default != "" {
		return err
	}
	return a.writeFile(accountsFile{Default: name})
}

// Removed records that a login of account name is gone: when the account
// has no login left and was the default, the first account left (by
// name) becomes the default, or none.
func (a *Accounts) Removed(ctx context.Context, name string) error {
	unlock, err := a.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	f, err := a.readFile()
	if err != nil || f.Default != name {
		return err
	}
	logins, err := a.list()
	if err != nil {
		return err
	}
	next := ""
	for _, l := range logins {
		if l.Account == name {
			return nil
		}
		if next == "" {
			next = l.Account
		}
	}
	return a.writeFile(accountsFile{Default: next})
}

// List returns every saved login of every account, by account name and
// then API base. An account without a login is not listed.
func (a *Accounts) List() ([]AccountLogin, error) {
	return a.list()
}

func (a *Accounts) list() ([]AccountLogin, error) {
	f, err := a.readFile()
	if err != nil {
		return nil, err
	}
	ents, err := os.ReadDir(filepath.Join(a.dir, accountsDirName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list the accounts: %w", err)
	}
	var out []AccountLogin
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		name, err := NormalizeAccountName(e.Name())
		if err != nil || name != e.Name() {
			continue // a login being made, or not ours
		}
		for _, t := range tokenFiles(a.accountDir(name)) {
			out = append(out, AccountLogin{Account: name, Username: t.Username, UserID: t.UserID,
				APIBase: normalizeBase(t.APIBase), Default: name == f.Default})
		}
	}
	slices.SortFunc(out, func(x, y AccountLogin) int {
		return cmpOr(strings.Compare(x.Account, y.Account), strings.Compare(x.APIBase, y.APIBase))
	})
	return out, nil
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

// tokenFiles reads the logins saved in dir, each as the Store of its API
// base would find it (a file not named after its base is not one).
func tokenFiles(dir string) []*Token {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []*Token
	for _, e := range ents {
		n := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(n, "token") || !strings.HasSuffix(n, ".json") {
			continue
		}
		b, err := fsx.ReadFile(filepath.Join(dir, n), maxTokenFile)
		if err != nil {
			continue
		}
		var t Token
		if json.Unmarshal(b, &t) != nil || t.AccessToken == "" || tokenFileName(normalizeBase(t.APIBase)) != n {
			continue
		}
		out = append(out, &t)
	}
	return out
}

// Resolve names the account a command uses at apiBase: the one named
// (by --account or XPOST_ACCOUNT), else the default account if it has a
// login there, else the only account that has one, else the default
// account. It returns "" when there is no account at all: a login then
// creates the first. Logins of older versions are moved into an account
// first (see Migrate).
func (a *Accounts) Resolve(ctx context.Context, named, apiBase string) (string, error) {
	if _, err := a.Migrate(ctx); err != nil {
		return "", err
	}
	if named != "" {
		return NormalizeAccountName(named)
	}
	logins, err := a.List()
	if err != nil {
		return "", err
	}
	def, err := a.Default()
	if err != nil {
		return "", err
	}
	base := normalizeBase(apiBase)
	var here []string
	for _, l := range logins {
		if l.APIBase != base {
			continue
		}
		if l.Account == def {
			return def, nil
		}
		here = append(here, l.Account)
	}
	if len(here) == 1 {
		return here[0], nil
	}
	if def == "" && len(logins) > 0 {
		return logins[0].Account, nil
	}
	return def, nil
}

// Migrate moves the logins an older version saved in the config
// directory itself (token.json, token-HOST-HASH.json) into an account,
// and makes it the default when there is none: the account named after
// the handle of the login to X (or of the first login found), or
// "default" when the handle cannot name one. Each login is moved under
// its own lock and the accounts' lock, recovering a renewal a killed
// process left in a temporary file, and written (atomically, 0600) to its
// new place before the old file is removed, so it is never lost. It
// returns the account the logins went to, "" when there were none.
func (a *Accounts) Migrate(ctx context.Context) (string, error) {
	old := tokenFiles(a.dir)
	if len(old) == 0 {
		a.sweepOldLocks(ctx)
		return "", nil
	}
	unlock, err := a.lock(ctx)
	if err != nil {
		return "", err
	}
	defer unlock()
	defer a.sweepOldLocksLocked()
	// The X login names the account, when there is one.
	slices.SortStableFunc(old, func(x, y *Token) int {
		return cmpBool(normalizeBase(x.APIBase) == normalizeBase(DefaultBaseURL), normalizeBase(y.APIBase) == normalizeBase(DefaultBaseURL))
	})
	f, err := a.readFile()
	if err != nil {
		return "", err
	}
	target := ""
	for _, t := range old {
		base := normalizeBase(t.APIBase)
		name := a.migrationTarget(f.Default, t.Username, base, target)
		if name == "" {
			if a.Warn != nil {
				a.Warn(fmt.Sprintf("the login %s could not be moved into an account (every candidate name has a login at %s already); it is kept where it is", filepath.Join(a.dir, tokenFileName(base)), displayBase(base)))
			}
			continue
		}
		if err := a.moveLogin(ctx, base, name); err != nil {
			return "", err
		}
		if target == "" {
			target = name
		}
	}
	if f.Default == "" && target != "" {
		if err := a.writeFile(accountsFile{Default: target}); err != nil {
			return "", err
		}
	}
	return target, nil
}

// sweepOldLocks removes the lock files the logins of older versions left
// in the config directory itself (token.lock, token-HOST-HASH.lock) once
// their logins have moved into accounts, those no process holds; it costs
// one look at the directory when there are none. It takes the accounts'
// lock, under which every move is made.
func (a *Accounts) sweepOldLocks(ctx context.Context) {
	if m, _ := filepath.Glob(filepath.Join(a.dir, "token*.lock")); len(m) == 0 {
		return
	}
	unlock, err := a.lock(ctx)
	if err != nil {
		return
	}
	defer unlock()
	a.sweepOldLocksLocked()
}

// sweepOldLocksLocked is sweepOldLocks with the accounts' lock held. The
// lock of a login that is still there (one Migrate could not move) stays.
func (a *Accounts) sweepOldLocksLocked() {
	fsx.SweepLocks(a.dir, func(name string) bool {
		stem, ok := strings.CutSuffix(name, ".lock")
		if !ok || (stem != "token" && !strings.HasPrefix(stem, "token-")) {
			return false
		}
		_, err := os.Stat(filepath.Join(a.dir, stem+".json"))
		return errors.Is(err, fs.ErrNotExist)
	})
}

// cmpBool orders true before false.
func cmpBool(x, y bool) int {
	switch {
	case x == y:
		return 0
	case x:
		return -1
	}
	return 1
}

// migrationTarget picks the account an old login of handle at base moves
// to: the account earlier logins went to, the default account, the
// handle, or "default", the first without a login at base; "" if none.
func (a *Accounts) migrationTarget(def, handle, base, earlier string) string {
	var cands []string
	for _, c := range []string{earlier, def, handle, fallbackAccountName} {
		if n, err := NormalizeAccountName(c); err == nil && !slices.Contains(cands, n) {
			cands = append(cands, n)
		}
	}
	for _, c := range cands {
		if _, err := os.Stat(filepath.Join(a.accountDir(c), tokenFileName(base))); errors.Is(err, fs.ErrNotExist) {
			return c
		}
	}
	return ""
}

// moveLogin moves the old login to base into account name, under both
// stores' locks.
func (a *Accounts) moveLogin(ctx context.Context, base, name string) error {
	from := NewStore(a.dir, base)
	from.Warn = a.Warn
	to := NewStore(a.accountDir(name), base)
	unlockFrom, err := from.Lock(ctx)
	if err != nil {
		return err
	}
	defer unlockFrom()
	t, err := from.adoptLocked()
	if errors.Is(err, ErrLoginRequired) {
		return nil // another process moved it meanwhile
	}
	if err != nil {
		return err
	}
	if fi, err := os.Stat(from.Path()); err == nil && runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 && a.Warn != nil {
		a.Warn(fmt.Sprintf("the saved login %s could be read by other users (mode %04o); it is now 0600 (in %s). If others could log in to this machine, run `%s` to replace the login",
			from.Path(), fi.Mode().Perm(), to.Path(), to.LoginCommand()))
	}
	unlockTo, err := to.Lock(ctx)
	if err != nil {
		return err
	}
	defer unlockTo()
	if err := to.saveLocked(t); err != nil {
		return fmt.Errorf("move the saved login into account %s: %w", name, err)
	}
	return from.Delete()
}

// NewLogin returns a store for a login whose account is not named yet
// (the first login of a config directory without --account): it lives in
// a hidden directory until Adopt names it after the account's handle.
func (a *Accounts) NewLogin(apiBase string) (*Store, error) {
	root := filepath.Join(a.dir, accountsDirName)
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, fmt.Errorf("create the accounts directory: %w", err)
	}
	dir, err := os.MkdirTemp(root, ".login-")
	if err != nil {
		return nil, fmt.Errorf("create the accounts directory: %w", err)
	}
	s := NewStore(dir, apiBase)
	s.Warn = a.Warn
	return s, nil
}

// Adopt names the login saved in s (made by NewLogin) after handle, or
// "default" when the handle cannot name an account or is taken, or
// "default-2" and so on, and makes it the default account when there is
// none. It returns the name.
func (a *Accounts) Adopt(ctx context.Context, s *Store, handle string) (string, error) {
	unlock, err := a.lock(ctx)
	if err != nil {
		return "", err
	}
	defer unlock()
	var cands []string
	if n, err := NormalizeAccountName(handle); err == nil {
		cands = append(cands, n)
	}
	cands = append(cands, fallbackAccountName)
	for i := 2; i < 100; i++ {
		cands = append(cands, fmt.Sprintf("%s-%d", fallbackAccountName, i))
	}
	for _, name := range cands {
		if _, err := os.Lstat(a.accountDir(name)); !errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := os.Rename(s.dir, a.accountDir(name)); err != nil {
			return "", fmt.Errorf("name the new account %s: %w (the login is kept in %s)", name, err, s.dir)
		}
		_ = syncDir(filepath.Dir(s.dir))
		f, err := a.readFile()
		if err == nil && f.Default == "" {
			err = a.writeFile(accountsFile{Default: name})
		}
		return name, err
	}
	return "", fmt.Errorf("no free name for the new account (the login is kept in %s): log in again with --account NAME", s.dir)
}

// Discard removes the directory of a login made by NewLogin that was
// never adopted (the login failed or was cancelled).
func (a *Accounts) Discard(s *Store) {
	if filepath.Dir(s.dir) == filepath.Join(a.dir, accountsDirName) && strings.HasPrefix(filepath.Base(s.dir), ".login-") {
		_ = os.RemoveAll(s.dir)
	}
}
