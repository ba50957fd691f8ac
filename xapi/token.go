package xapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/xpostdev/xpost/internal/fsx"
)

// Token is a saved login: the OAuth 2.0 token pair and whose it is. Its
// String and GoString methods redact the secrets, so printing a Token by
// mistake leaks nothing.
type Token struct {
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
	Scopes       []string  `json:"scopes,omitempty"`
	UserID       string    `json:"user_id,omitempty"`
	Username     string    `json:"username,omitempty"`
	// APIBase is the API base that issued the token; the token is never
	// sent anywhere else. Empty in token.json files of older versions,
	// which belong to the real X.
	APIBase string `json:"api_base,omitempty"`
	// Account is what X said about the account when it was last asked,
	// so that a command need not ask again; nil in token files of older
	// versions, which kept only the id and handle.
	Account *SavedAccount `json:"account,omitempty"`
}

// SavedAccount is the part of the account, beyond its id and handle, that
// decides how xpost checks a post: the subscription sets the length
// limit. ReadAt says how old it is, so that it is read again now and then
// (a subscription can change).
type SavedAccount struct {
	Name             string    `json:"name,omitempty"`
	SubscriptionType string    `json:"subscription_type,omitempty"`
	Verified         bool      `json:"verified,omitempty"`
	ReadAt           time.Time `json:"read_at"`
}

// User is the account saved with the login, or nil when the login holds
// none (a token file of an older version, or none read yet).
func (t *Token) User() *User {
	if t == nil || t.Account == nil || t.UserID == "" {
		return nil
	}
	return &User{ID: t.UserID, Username: t.Username, Name: t.Account.Name,
		SubscriptionType: t.Account.SubscriptionType, Verified: t.Account.Verified}
}

// AccountAge is how long ago the saved account was read from X at now;
// a login without one is infinitely old.
func (t *Token) AccountAge(now time.Time) time.Duration {
	if t.User() == nil {
		return time.Duration(1<<63 - 1)
	}
	return now.Sub(t.Account.ReadAt)
}

// SetUser records u, as X gave it at at, as the login's account.
func (t *Token) SetUser(u *User, at time.Time) {
	t.UserID, t.Username = u.ID, u.Username
	t.Account = &SavedAccount{Name: u.Name, SubscriptionType: u.SubscriptionType, Verified: u.Verified, ReadAt: at.UTC()}
}

// String describes the token without its secrets.
func (t *Token) String() string {
	if t == nil {
		return "<no token>"
	}
	who := "unknown user"
	if t.Username != "" {
		who = "@" + t.Username
	}
	exp := "no expiry"
	if !t.Expiry.IsZero() {
		exp = "expires " + t.Expiry.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("token for %s (%s, refresh token %v, secrets redacted)", who, exp, t.RefreshToken != "")
}

// GoString keeps %#v from printing the secrets.
func (t *Token) GoString() string { return t.String() }

// earlyExpiry is how long before its expiry an access token is replaced, so
// that it does not expire in flight.
const earlyExpiry = time.Minute

// validAt reports whether the access token can still be used at now.
func (t *Token) validAt(now time.Time) bool {
	return t != nil && t.AccessToken != "" && (t.Expiry.IsZero() || now.Add(earlyExpiry).Before(t.Expiry))
}

// TokenSource gives the [Client] access tokens. The Client calls Token
// before a request and Refresh after X rejected a token with 401.
type TokenSource interface {
	// Token returns a usable access token, refreshing it first when it is
	// about to expire.
	Token(ctx context.Context) (*Token, error)
	// Refresh returns a token other than rejected, refreshing if nobody
	// else has yet.
	Refresh(ctx context.Context, rejected *Token) (*Token, error)
}

// StaticToken is a TokenSource with a fixed token that cannot be
// refreshed (tests, demos, one-off scripts).
type StaticToken struct{ T *Token }

// Token returns the fixed token.
func (s StaticToken) Token(context.Context) (*Token, error) {
	if s.T == nil || s.T.AccessToken == "" {
		return nil, ErrLoginRequired
	}
	return s.T, nil
}

// Refresh fails: a fixed token cannot be renewed.
func (s StaticToken) Refresh(context.Context, *Token) (*Token, error) {
	return nil, &LoginRequiredError{Reason: "X rejected the access token and it cannot be refreshed"}
}

// Store keeps the login of one API base in a file of a config directory
// (mode 0600, directory 0700) and serializes changes to it across
// processes with an exclusive lock. The real X's login lives in
// token.json; any other API base (a fake, a proxy) has its own file,
// token-HOST-HASH.json, so a login is never sent to, nor replaced by,
// another server. Several Store values (in one process or many) may share
// a directory.
type Store struct {
	dir  string
	base string
	name string
	// account is the named account the login belongs to, when the login
	// command must name it (any account but the default).
	account string
	// parents are the directories above dir that must be private too
	// (the config directory of a named account's login).
	parents []string

	// Warn, when set, receives sentences for the user about the saved
	// login that did not stop the command: a permission fixed, a renewed
	// login that could not be saved.
	Warn func(msg string)

	permsOnce sync.Once

	// createTemp and rename are os.CreateTemp and os.Rename; tests make
	// them fail as a full disk or a read-only directory does.
	createTemp func(dir, pattern string) (*os.File, error)
	rename     func(oldpath, newpath string) error
}

// NewStore returns the store of the login to apiBase ("" for the real X)
// in dir; the directory is created (0700) on the first save.
func NewStore(dir, apiBase string) *Store {
	base := normalizeBase(apiBase)
	return &Store{dir: dir, base: base, name: tokenFileName(base), createTemp: os.CreateTemp, rename: os.Rename}
}

// normalizeBase is the canonical spelling of an API base: scheme and host
// in lower case, no default port, a trailing slash.
func normalizeBase(raw string) string {
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := ParseBaseURL(raw)
	if err != nil {
		return raw
	}
	return origin(u) + u.EscapedPath()
}

// tokenFileName is the name of the token file of a normalized API base:
// token.json for the real X, so existing logins keep working, else one
// that names the host and hashes the whole base.
func tokenFileName(base string) string {
	if base == normalizeBase(DefaultBaseURL) {
		return "token.json"
	}
	host := base
	if u, err := url.Parse(base); err == nil {
		host = u.Host
	}
	slug := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.':
			return r
		}
		return '-'
	}, strings.ToLower(host))
	sum := sha256.Sum256([]byte(base))
	return "token-" + slug + "-" + hex.EncodeToString(sum[:5]) + ".json"
}

// loginCommand is the command that logs in to base.
func loginCommand(base string) string {
	if base == normalizeBase(DefaultBaseURL) {
		return "xpost login"
	}
	return "xpost --api-base " + displayBase(base) + " login"
}

// displayBase is a base as people write it: without the slash of an
// empty path.
func displayBase(base string) string {
	if u, err := url.Parse(base); err == nil && u.Path == "/" {
		return strings.TrimSuffix(base, "/")
	}
	return base
}

// Path is the token file's path.
func (s *Store) Path() string { return filepath.Join(s.dir, s.name) }

// APIBase is the API base whose login the store keeps.
func (s *Store) APIBase() string { return s.base }

// LoginCommand is the command that logs in to the store's API base (and
// account, unless it is the default one).
func (s *Store) LoginCommand() string {
	cmd := loginCommand(s.base)
	if s.account != "" {
		cmd = strings.Replace(cmd, "xpost ", "xpost --account "+s.account+" ", 1)
	}
	return cmd
}

func (s *Store) lockPath() string {
	return filepath.Join(s.dir, strings.TrimSuffix(s.name, ".json")+".lock")
}

// tempPattern is the pattern of the store's temporary files, for
// os.CreateTemp and filepath.Glob.
func (s *Store) tempPattern() string { return "." + s.name + ".*.tmp" }

func (s *Store) warn(msg string) {
	if s.Warn != nil {
		s.Warn(msg)
	}
}

func (s *Store) loginRequired(reason string, cause error) *LoginRequiredError {
	return &LoginRequiredError{Reason: reason, Command: s.LoginCommand(), Err: cause}
}

// FixPermissions makes the config directory private to the user (0700)
// and the token file too (0600), once per Store, and says so through Warn:
// a login readable by others has to be reported, and fixing it is always
// right. It returns what it fixed. It does nothing where modes do not
// apply (Windows).
func (s *Store) FixPermissions() []string {
	var fixed []string
	s.permsOnce.Do(func() {
		if runtime.GOOS == "windows" {
			return
		}
		type private struct {
			path string
			want fs.FileMode
			what string
		}
		var checks []private
		for _, d := range s.parents {
			checks = append(checks, private{d, 0o700, "state directory"})
		}
		what := "state directory"
		if len(s.parents) > 0 {
			what = "account directory"
		}
		checks = append(checks, private{s.dir, 0o700, what}, private{s.Path(), 0o600, "saved login"})
		for _, f := range checks {
			fi, err := os.Stat(f.path)
			if err != nil || fi.Mode().Perm()&0o077 == 0 {
				continue
			}
			was := fi.Mode().Perm()
			if err := os.Chmod(f.path, f.want); err != nil {
				s.warn(fmt.Sprintf("the %s %s can be read by other users (mode %04o) and could not be made private: %v; run chmod %o %s",
					f.what, f.path, was, err, f.want, f.path))
				continue
			}
			msg := fmt.Sprintf("the %s %s could be read by other users (mode %04o); it is now %04o. If others could log in to this machine, run `%s` to replace the login",
				f.what, f.path, was, f.want, s.LoginCommand())
			fixed = append(fixed, msg)
			s.warn(msg)
		}
	})
	return fixed
}

// Load reads the saved login, first making its file and directory private
// (see FixPermissions). With no login saved for the store's API base it
// returns an error matching [ErrLoginRequired] that names the command to
// run.
func (s *Store) Load() (*Token, error) {
	s.FixPermissions()
	return s.load()
}

// maxTokenFile bounds a token file: a few hundred bytes are expected.
const maxTokenFile = 64 << 10

func (s *Store) load() (*Token, error) {
	b, err := fsx.ReadFile(s.Path(), maxTokenFile)
	if errors.Is(err, fs.ErrNotExist) {
		if s.account != "" && len(tokenFiles(s.dir)) == 0 {
			// A name typed wrong reads better as such than as a login
			// that is missing.
			return nil, s.loginRequired("there is no account named "+s.account+" (xpost accounts lists the saved ones)", nil)
		}
		if s.base == normalizeBase(DefaultBaseURL) {
			return nil, s.loginRequired("not logged in to X", nil)
		}
		return nil, s.loginRequired("not logged in at "+displayBase(s.base)+" (each API base needs its own login: the login to X is never sent to another server)", nil)
	}
	if err != nil {
		return nil, fmt.Errorf("read saved login: %w", err)
	}
	var t Token
	if err := json.Unmarshal(b, &t); err != nil || t.AccessToken == "" {
		return nil, s.loginRequired("the saved login in "+s.Path()+" is unreadable", nil)
	}
	if t.APIBase != "" && normalizeBase(t.APIBase) != s.base {
		return nil, s.loginRequired("the saved login in "+s.Path()+" belongs to "+t.APIBase+", not to "+s.base, nil)
	}
	return &t, nil
}

// Save writes the login atomically, under the store's lock: a temporary
// file in the same directory, fsync, rename over the token file, fsync of
// the directory. A crash leaves either the old or the new login, never a
// torn file.
func (s *Store) Save(t *Token) error {
	ctx, cancel := context.WithTimeout(context.Background(), lockWait)
	defer cancel()
	unlock, err := s.Lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	return s.saveLocked(t)
}

func (s *Store) saveLocked(t *Token) error {
	b, err := s.encode(t)
	if err != nil {
		return err
	}
	return s.writeFileAtomic(s.Path(), b, 0o600)
}

// encode is the file content of t, bound to the store's API base.
func (s *Store) encode(t *Token) ([]byte, error) {
	cp := *t
	cp.APIBase = s.base
	b, err := json.MarshalIndent(&cp, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// SaveUser records u, read from X at at, as the saved login's account,
// under the store's lock and keeping the token as another process may
// have renewed it. An account other than the login's is not recorded:
// the login changed meanwhile. Without a saved login it does nothing.
func (s *Store) SaveUser(u *User, at time.Time) error {
	ctx, cancel := context.WithTimeout(context.Background(), lockWait)
	defer cancel()
	unlock, err := s.Lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	t, err := s.adoptLocked()
	if err != nil {
		if errors.Is(err, ErrLoginRequired) {
			return nil
		}
		return err
	}
	if t.UserID != "" && t.UserID != u.ID {
		return nil
	}
	if t.Account != nil && !at.After(t.Account.ReadAt) {
		return nil
	}
	t.SetUser(u, at)
	return s.saveLocked(t)
}

// Delete forgets the login, and any temporary file of it. Deleting a
// missing login is not an error.
func (s *Store) Delete() error {
	err := os.Remove(s.Path())
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete saved login: %w", err)
	}
	if tmps, _ := filepath.Glob(filepath.Join(s.dir, s.tempPattern())); len(tmps) > 0 {
		for _, p := range tmps {
			_ = os.Remove(p)
		}
	}
	return syncDir(s.dir)
}

// lockWait bounds the wait for another process's hold on the token lock:
// the holder's own work (one bounded token request and a file write)
// takes far less.
var lockWait = 2 * time.Minute

// Lock takes the cross-process lock on the store's lock file, waiting
// until ctx ends or, at most, a couple of minutes. The caller must call
// the returned unlock function.
func (s *Store) Lock(ctx context.Context) (unlock func(), err error) {
	return lockAt(ctx, s.dir, s.lockPath())
}

// lockAt takes the cross-process lock of the lock file path in dir
// (created 0700 if missing), waiting until ctx ends or, at most, lockWait.
func lockAt(ctx context.Context, dir, path string) (unlock func(), err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create state directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open token lock: %w", err)
	}
	give := time.Now().Add(lockWait)
	for delay := time.Millisecond; ; delay = min(2*delay, 50*time.Millisecond) {
		ok, err := tryLockFile(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if ok {
			return func() { unlockFile(f); f.Close() }, nil
		}
		if time.Now().After(give) {
			f.Close()
			return nil, fmt.Errorf("another xpost has held the login lock %s for over %v: if no other xpost is running, try again", path, lockWait)
		}
		if err := sleepCtx(ctx, delay); err != nil {
			f.Close()
			return nil, fmt.Errorf("wait for the token lock: %w", err)
		}
	}
}

// leftovers lists the store's temporary files.
func (s *Store) leftovers() []string {
	m, _ := filepath.Glob(filepath.Join(s.dir, s.tempPattern()))
	return m
}

// adoptLocked loads the saved login, first recovering a newer one that a
// process left in a temporary file when it was killed between receiving a
// renewed login and renaming it into place. Temporary files that hold
// nothing newer are removed. The caller holds the lock, so no other
// process is writing them.
func (s *Store) adoptLocked() (*Token, error) {
	disk, derr := s.load()
	if derr != nil && !errors.Is(derr, ErrLoginRequired) {
		return nil, derr
	}
	var best *Token
	var bestPath string
	tmps := s.leftovers()
	for _, p := range tmps {
		t := readTemp(p)
		if t == nil || (t.APIBase != "" && normalizeBase(t.APIBase) != s.base) {
			continue
		}
		if disk != nil && (disk.UserID != "" && t.UserID != "" && disk.UserID != t.UserID || !t.Expiry.After(disk.Expiry)) {
			continue
		}
		if best == nil || t.Expiry.After(best.Expiry) {
			best, bestPath = t, p
		}
	}
	if best == nil {
		for _, p := range tmps {
			_ = os.Remove(p)
		}
		return disk, derr
	}
	if err := s.saveLocked(best); err != nil {
		s.warn(fmt.Sprintf("a renewed login was found in %s but could not be moved to %s (%v); it is used for now. Make %s writable (and free some space)",
			bestPath, s.Path(), err, s.dir))
		return best, nil
	}
	for _, p := range tmps {
		_ = os.Remove(p)
	}
	return best, nil
}

// readTemp reads a temporary token file: either a whole token (a save
// that was not renamed yet) or a reservation holding X's raw answer (a
// refresh killed between receiving and writing the token). It returns nil
// for anything else (an empty reservation, a torn file).
func readTemp(path string) *Token {
	b, err := fsx.ReadFile(path, maxTokenFile)
	if err != nil {
		return nil
	}
	var t Token
	if json.Unmarshal(b, &t) == nil && t.AccessToken != "" {
		return &t
	}
	head, rest, ok := bytes.Cut(b, []byte("\n"))
	if !ok {
		return nil
	}
	var h pendingRefresh
	if json.Unmarshal(head, &h) != nil || !h.Pending {
		return nil
	}
	var tr tokenResponse
	if json.Unmarshal(bytes.TrimSpace(rest), &tr) != nil || tr.AccessToken == "" {
		return nil
	}
	fresh := tr.token(h.Requested)
	return h.complete(fresh)
}

// pendingRefresh heads a reservation: what the renewed login keeps from
// the old one, written before the refresh request. X's answer is copied
// after it as it arrives.
type pendingRefresh struct {
	Pending      bool     `json:"pending_refresh"`
	APIBase      string   `json:"api_base"`
	RefreshToken string   `json:"refresh_token,omitempty"`
	Scopes       []string `json:"scopes,omitempty"`
	UserID       string   `json:"user_id,omitempty"`
	Username     string   `json:"username,omitempty"`
	// Account is kept too, so that a renewal does not forget it.
	Account   *SavedAccount `json:"account,omitempty"`
	Requested time.Time     `json:"requested"`
}

// complete fills what X's answer does not carry.
func (h *pendingRefresh) complete(fresh *Token) *Token {
	fresh.UserID, fresh.Username, fresh.APIBase, fresh.Account = h.UserID, h.Username, h.APIBase, h.Account
	if len(fresh.Scopes) == 0 {
		fresh.Scopes = h.Scopes
	}
	if fresh.RefreshToken == "" {
		// X always rotates, but if a server does not, keep the old one.
		fresh.RefreshToken = h.RefreshToken
	}
	return fresh
}

// reserveSize is the room a reservation takes: several times a token
// file, so that filling it needs no new space.
const reserveSize = 4096

// reservation is the temporary file a renewed login will be written to,
// created and synced before the refresh request, so that a full disk or a
// read-only directory is found while the old refresh token still works.
type reservation struct {
	f      *os.File
	path   string
	rename func(oldpath, newpath string) error
	head   pendingRefresh
	off    int64 // end of what was written: the head and X's answer
}

// reserve creates the reservation for a refresh of old: the head, then
// blanks up to reserveSize, synced with its directory entry.
func (s *Store) reserve(old *Token, now time.Time) (_ *reservation, err error) {
	f, err := s.createTemp(s.dir, s.tempPattern())
	if err != nil {
		return nil, err
	}
	r := &reservation{f: f, path: f.Name(), rename: s.rename, head: pendingRefresh{Pending: true, APIBase: s.base, RefreshToken: old.RefreshToken,
		Scopes: old.Scopes, UserID: old.UserID, Username: old.Username, Account: old.Account, Requested: now}}
	defer func() {
		if err != nil {
			r.discard()
		}
	}()
	head, err := json.Marshal(&r.head)
	if err != nil {
		return nil, err
	}
	head = append(head, '\n')
	buf := bytes.Repeat([]byte(" "), max(reserveSize, len(head)+1))
	copy(buf, head)
	buf[len(buf)-1] = '\n'
	if err := f.Chmod(0o600); err != nil {
		return nil, err
	}
	if _, err := f.Write(buf); err != nil {
		return nil, err
	}
	if err := f.Sync(); err != nil {
		return nil, err
	}
	if err := syncDir(s.dir); err != nil {
		return nil, err
	}
	r.off = int64(len(head))
	return r, nil
}

// Write copies X's answer into the reservation, after the head.
func (r *reservation) Write(p []byte) (int, error) {
	n, err := r.f.WriteAt(p, r.off)
	r.off += int64(n)
	return n, err
}

// commit writes t over the reservation in one write (padded with blanks
// over anything longer written before, so the file is valid JSON at every
// moment), trims it, syncs it, renames it over path and syncs the
// directory.
func (r *reservation) commit(data []byte, path string) error {
	out := data
	if int64(len(out)) < r.off {
		out = append(slices.Clip(data), bytes.Repeat([]byte(" "), int(r.off)-len(data))...)
	}
	if _, err := r.f.WriteAt(out, 0); err != nil {
		return err
	}
	step("filled")
	if err := r.f.Truncate(int64(len(data))); err != nil {
		return err
	}
	if err := r.f.Sync(); err != nil {
		return err
	}
	step("synced")
	if err := r.f.Close(); err != nil {
		return err
	}
	if err := r.rename(r.path, path); err != nil {
		return err
	}
	step("renamed")
	return syncDir(filepath.Dir(path))
}

// discard removes the reservation.
func (r *reservation) discard() {
	r.f.Close()
	os.Remove(r.path)
}

// stepHook, when set (by tests), is called at each step of a refresh, so
// that a test can kill the process at every one of them.
var stepHook func(name string)

func step(name string) {
	if stepHook != nil {
		stepHook(name)
	}
}

// writeFileAtomic replaces path with data so that readers see either the
// old or the new content, with the store's file operations.
func (s *Store) writeFileAtomic(path string, data []byte, perm os.FileMode) (err error) {
	dir := filepath.Dir(path)
	f, err := s.createTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if err = f.Chmod(perm); err != nil {
		f.Close()
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	if _, err = f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	if err = f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	if err = s.rename(tmp, path); err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	return syncDir(dir)
}

// StoreTokenSource is the TokenSource of a logged-in xpost: it reads the
// token from a [Store] and refreshes it with the [Auth] app when it expires
// or X rejects it. Refreshes hold the store's cross-process lock, reload
// the token inside it (another process may have refreshed already), and
// never spend the single-use refresh token before room for its successor
// is reserved on disk; X's answer is copied there as it arrives.
type StoreTokenSource struct {
	store *Store
	auth  *Auth
	now   func() time.Time

	mu  sync.Mutex
	cur *Token
}

// TokenSource returns a StoreTokenSource for store that refreshes with a.
func (a *Auth) TokenSource(store *Store) *StoreTokenSource {
	return &StoreTokenSource{store: store, auth: a, now: a.now}
}

// APIBase is the API base the login belongs to; a [Client] for another
// base refuses the source.
func (s *StoreTokenSource) APIBase() string { return s.store.base }

// checkBase refuses to send a login to an app at another API base.
func (s *StoreTokenSource) checkBase() error {
	if b := normalizeBase(s.auth.Endpoints.API.String()); b != s.store.base {
		return s.store.loginRequired("the saved login belongs to "+s.store.base+", not to "+b, nil)
	}
	return nil
}

// Token returns a usable access token, refreshing it when it is about to
// expire. The first call recovers a renewed login a killed process left
// behind.
func (s *StoreTokenSource) Token(ctx context.Context) (*Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkBase(); err != nil {
		return nil, err
	}
	if s.cur == nil {
		s.store.FixPermissions()
		t, err := s.loadAdopting(ctx)
		if err != nil {
			return nil, err
		}
		s.cur = t
	}
	if s.cur.validAt(s.now()) {
		return s.cur, nil
	}
	return s.refreshLocked(ctx, s.cur, true)
}

// loadAdopting loads the login; when temporary files are lying around, it
// does so under the lock, recovering a newer login from them.
func (s *StoreTokenSource) loadAdopting(ctx context.Context) (*Token, error) {
	if len(s.store.leftovers()) == 0 {
		return s.store.load()
	}
	unlock, err := s.store.Lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return s.store.adoptLocked()
}

// Refresh returns a token other than rejected: the one another process
// saved meanwhile, or a freshly refreshed one.
func (s *StoreTokenSource) Refresh(ctx context.Context, rejected *Token) (*Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkBase(); err != nil {
		return nil, err
	}
	return s.refreshLocked(ctx, rejected, false)
}

// refreshLocked renews the login unless another process did. ahead is
// true for a renewal before expiry, where stale still works, and false
// after X rejected stale.
func (s *StoreTokenSource) refreshLocked(ctx context.Context, stale *Token, ahead bool) (*Token, error) {
	unlock, err := s.store.Lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	step("locked")
	disk, err := s.store.adoptLocked()
	if err != nil {
		return nil, err
	}
	// Someone else refreshed since we read the token: use theirs.
	if (stale == nil || disk.AccessToken != stale.AccessToken) && disk.validAt(s.now()) {
		s.cur = disk
		return disk, nil
	}
	if disk.RefreshToken == "" {
		return nil, s.store.loginRequired("the saved login has expired and cannot be renewed", nil)
	}
	res, err := s.store.reserve(disk, s.now())
	if err != nil {
		// The refresh token is not spent yet: keep it for when the disk
		// can hold its successor.
		if ahead && stale != nil && stale.AccessToken != "" && (stale.Expiry.IsZero() || s.now().Add(5*time.Second).Before(stale.Expiry)) {
			s.store.warn(fmt.Sprintf("the login could not be renewed ahead of time: %s cannot hold a renewed login (%v). Free some space there (or make it writable); the current login still works for now", s.store.dir, err))
			return stale, nil
		}
		return nil, &SaveLoginError{Dir: s.store.dir, Err: err}
	}
	step("reserved")
	fresh, err := s.auth.refresh(ctx, disk.RefreshToken, res)
	if err != nil {
		res.discard()
		if le, ok := errors.AsType[*LoginRequiredError](err); ok && le.Command == "" {
			le.Command = s.store.LoginCommand()
		}
		return nil, err
	}
	step("received")
	fresh = res.head.complete(fresh)
	data, err := s.store.encode(fresh)
	if err == nil {
		err = res.commit(data, s.store.Path())
	}
	if err != nil {
		// The old refresh token is spent: the command goes on with the
		// new pair in memory, the old file stays as it was, and the user
		// learns what to do.
		if readTemp(res.path) != nil {
			s.store.warn(fmt.Sprintf("could not save the renewed login to %s (%v). This command goes on with it, and it is kept in %s: "+
				"make %s writable (and free some space) and the next command picks it up; the old login in %s is used up",
				s.store.Path(), err, res.path, s.store.dir, s.store.Path()))
		} else {
			res.discard()
			s.store.warn(fmt.Sprintf("could not save the renewed login to %s (%v). This command goes on with it, but the saved login is used up: "+
				"free some space in %s (or make it writable), then run `%s`", s.store.Path(), err, s.store.dir, s.store.LoginCommand()))
		}
	}
	s.cur = fresh
	return fresh, nil
}

// SaveLoginError is a login that must be renewed while the config
// directory cannot hold the renewed one (full disk, read-only). The
// refresh token is not spent: the login works again once the directory
// does.
type SaveLoginError struct {
	Dir string
	Err error
}

// Error names the directory and the cause.
func (e *SaveLoginError) Error() string {
	return "cannot renew the login: " + e.Dir + " cannot hold a renewed login: " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *SaveLoginError) Unwrap() error { return e.Err }

// Message says what to do.
func (e *SaveLoginError) Message() string {
	return "the login has expired and xpost cannot save a renewed one in " + e.Dir + " (" + e.Err.Error() +
		"): free some space there (or make it writable) and run the command again; the saved login is kept and still renewable"
}

// OAuth2 adapts the source to golang.org/x/oauth2, for an *http.Client
// built with oauth2.NewClient. Such a client cannot replay a request after
// a 401; the [Client] itself does that.
func (s *StoreTokenSource) OAuth2(ctx context.Context) oauth2.TokenSource {
	return oauth2TokenSource{ctx: ctx, s: s}
}

type oauth2TokenSource struct {
	ctx context.Context
	s   *StoreTokenSource
}

func (o oauth2TokenSource) Token() (*oauth2.Token, error) {
	t, err := o.s.Token(o.ctx)
	if err != nil {
		return nil, err
	}
	return &oauth2.Token{AccessToken: t.AccessToken, TokenType: "Bearer", Expiry: t.Expiry}, nil
}
