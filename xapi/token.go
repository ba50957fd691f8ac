package xapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/oauth2"
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

// Store keeps the token in token.json (mode 0600) in a config directory and
// serializes refreshes across processes with an exclusive lock on
// token.lock. Several Store values (in one process or many) may share a
// directory.
type Store struct {
	dir string
}

// NewStore returns a store in dir; the directory is created (0700) on the
// first save.
func NewStore(dir string) *Store { return &Store{dir: dir} }

// Path is the token file's path.
func (s *Store) Path() string { return filepath.Join(s.dir, "token.json") }

func (s *Store) lockPath() string { return filepath.Join(s.dir, "token.lock") }

// Load reads the saved token. With no token saved it returns an error
// matching [ErrLoginRequired].
func (s *Store) Load() (*Token, error) {
	b, err := os.ReadFile(s.Path())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &LoginRequiredError{Reason: "not logged in to X"}
	}
	if err != nil {
		return nil, fmt.Errorf("read saved login: %w", err)
	}
	var t Token
	if err := json.Unmarshal(b, &t); err != nil || t.AccessToken == "" {
		return nil, &LoginRequiredError{Reason: "the saved login in " + s.Path() + " is unreadable"}
	}
	return &t, nil
}

// Save writes the token atomically: a temporary file in the same
// directory, fsync, rename over token.json, fsync of the directory. A crash
// leaves either the old or the new token, never a torn file.
func (s *Store) Save(t *Token) error {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return fmt.Errorf("create config directory: %w", err)
	}
	b, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(s.Path(), append(b, '\n'), 0o600)
}

// Delete forgets the token. Deleting a missing token is not an error.
func (s *Store) Delete() error {
	err := os.Remove(s.Path())
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete saved login: %w", err)
	}
	return syncDir(s.dir)
}

// Lock takes the cross-process lock on token.lock, waiting until ctx ends.
// The caller must call the returned unlock function.
func (s *Store) Lock(ctx context.Context) (unlock func(), err error) {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return nil, fmt.Errorf("create config directory: %w", err)
	}
	f, err := os.OpenFile(s.lockPath(), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open token lock: %w", err)
	}
	for delay := time.Millisecond; ; delay = min(2*delay, 50*time.Millisecond) {
		ok, err := tryLockFile(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", s.lockPath(), err)
		}
		if ok {
			return func() { unlockFile(f); f.Close() }, nil
		}
		if err := sleepCtx(ctx, delay); err != nil {
			f.Close()
			return nil, fmt.Errorf("wait for the token lock: %w", err)
		}
	}
}

// writeFileAtomic replaces path with data so that readers see either the
// old or the new content.
func writeFileAtomic(path string, data []byte, perm os.FileMode) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
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
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	return syncDir(dir)
}

// StoreTokenSource is the TokenSource of a logged-in xpost: it reads the
// token from a [Store] and refreshes it with the [Auth] app when it expires
// or X rejects it. Refreshes hold the store's cross-process lock, reload
// the token inside it (another process may have refreshed already) and
// save the rotated pair before using it, because X's refresh tokens are
// single-use.
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

// Token returns a usable access token, refreshing it when it is about to
// expire.
func (s *StoreTokenSource) Token(ctx context.Context) (*Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil {
		t, err := s.store.Load()
		if err != nil {
			return nil, err
		}
		s.cur = t
	}
	if s.cur.validAt(s.now()) {
		return s.cur, nil
	}
	return s.refreshLocked(ctx, s.cur)
}

// Refresh returns a token other than rejected: the one another process
// saved meanwhile, or a freshly refreshed one.
func (s *StoreTokenSource) Refresh(ctx context.Context, rejected *Token) (*Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshLocked(ctx, rejected)
}

func (s *StoreTokenSource) refreshLocked(ctx context.Context, stale *Token) (*Token, error) {
	unlock, err := s.store.Lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	disk, err := s.store.Load()
	if err != nil {
		return nil, err
	}
	// Someone else refreshed since we read the token: use theirs.
	if (stale == nil || disk.AccessToken != stale.AccessToken) && disk.validAt(s.now()) {
		s.cur = disk
		return disk, nil
	}
	if disk.RefreshToken == "" {
		return nil, &LoginRequiredError{Reason: "the saved login has expired and cannot be renewed"}
	}
	fresh, err := s.auth.refresh(ctx, disk.RefreshToken)
	if err != nil {
		return nil, err
	}
	fresh.UserID, fresh.Username = disk.UserID, disk.Username
	if len(fresh.Scopes) == 0 {
		fresh.Scopes = disk.Scopes
	}
	if fresh.RefreshToken == "" {
		// X always rotates, but if a server does not, keep the old one.
		fresh.RefreshToken = disk.RefreshToken
	}
	if err := s.store.Save(fresh); err != nil {
		return nil, fmt.Errorf("save the renewed login (the old one is now spent: run `xpost login` if this persists): %w", err)
	}
	s.cur = fresh
	return fresh, nil
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
