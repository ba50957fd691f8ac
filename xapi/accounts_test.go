package xapi_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/xapi"
)

const fakeBase = "http://127.0.0.1:9999"

// saveOld writes a login where versions with one account kept it: in the
// config directory itself.
func saveOld(t *testing.T, dir, base, handle, access string) {
	t.Helper()
	tok := &xapi.Token{AccessToken: access, RefreshToken: "r-" + access, Expiry: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), UserID: "id-" + handle, Username: handle}
	if err := xapi.NewStore(dir, base).Save(tok); err != nil {
		t.Fatal(err)
	}
}

func TestNormalizeAccountName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"alice", "alice", true},
		{"Alice_Work", "alice_work", true},
		{"a.b-c9", "a.b-c9", true},
		{"", "", false},
		{".hidden", "", false},
		{"-flag", "", false},
		{"a/b", "", false},
		{"..", "", false},
		{"émile", "", false},
		{string(make([]byte, 65)), "", false},
	} {
		got, err := xapi.NormalizeAccountName(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("NormalizeAccountName(%q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// TestMigrateKeepsTheOldLogins: the logins of an older version (one for
// X, one for a fake) move into one account named after the X handle,
// which becomes the default; the tokens are the same, the files private,
// and the old files gone.
func TestMigrateKeepsTheOldLogins(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	saveOld(t, dir, "", "Alice", "x-token")
	saveOld(t, dir, fakeBase, "demo", "fake-token")
	acc := xapi.NewAccounts(dir)
	name, err := acc.Resolve(t.Context(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if name != "alice" {
		t.Fatalf("account = %q, want alice (the X handle)", name)
	}
	for _, tc := range []struct{ base, access string }{{"", "x-token"}, {fakeBase, "fake-token"}} {
		tok, err := acc.Store("alice", tc.base).Load()
		if err != nil {
			t.Fatalf("login at %q: %v", tc.base, err)
		}
		if tok.AccessToken != tc.access || tok.RefreshToken != "r-"+tc.access {
			t.Errorf("login at %q = %s, want the old one", tc.base, tok)
		}
		if runtime.GOOS != "windows" {
			fi, err := os.Stat(acc.Store("alice", tc.base).Path())
			if err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("mode of the moved login = %v, %v; want 0600", fi.Mode().Perm(), err)
			}
		}
		if _, err := os.Stat(xapi.NewStore(dir, tc.base).Path()); !os.IsNotExist(err) {
			t.Errorf("old login at %q still there (%v)", tc.base, err)
		}
	}
	if def, _ := acc.Default(); def != "alice" {
		t.Errorf("default = %q, want alice", def)
	}
	// The fake's login is found with no account named, as before.
	if name, err := acc.Resolve(t.Context(), "", fakeBase); err != nil || name != "alice" {
		t.Errorf("Resolve at the fake = %q, %v; want alice", name, err)
	}
	// A second run has nothing to move.
	if moved, err := acc.Migrate(t.Context()); err != nil || moved != "" {
		t.Errorf("second Migrate = %q, %v; want nothing", moved, err)
	}
}

// TestMigrateRecoversARenewal: a renewal a killed process left in a
// temporary file is what moves, not the older file beside it.
func TestMigrateRecoversARenewal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	saveOld(t, dir, "", "bob", "old")
	newer := `{"access_token":"renewed","refresh_token":"r2","expiry":"2031-01-01T00:00:00Z","user_id":"id-bob","username":"bob","api_base":"https://api.x.com/"}`
	if err := os.WriteFile(filepath.Join(dir, ".token.json.123.tmp"), []byte(newer), 0o600); err != nil {
		t.Fatal(err)
	}
	acc := xapi.NewAccounts(dir)
	if _, err := acc.Resolve(t.Context(), "", ""); err != nil {
		t.Fatal(err)
	}
	tok, err := acc.Store("bob", "").Load()
	if err != nil || tok.AccessToken != "renewed" {
		t.Fatalf("moved login = %v, %v; want the renewed one", tok, err)
	}
}

// TestMigrateWithoutAHandle: a login that never saved its handle moves
// to an account called "default".
func TestMigrateWithoutAHandle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	saveOld(t, dir, "", "", "tok")
	acc := xapi.NewAccounts(dir)
	name, err := acc.Resolve(t.Context(), "", "")
	if err != nil || name != "default" {
		t.Fatalf("Resolve = %q, %v; want default", name, err)
	}
	if _, err := acc.Store("default", "").Load(); err != nil {
		t.Fatal(err)
	}
}

func TestResolve(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	acc := xapi.NewAccounts(dir)
	ctx := t.Context()
	if name, err := acc.Resolve(ctx, "", ""); err != nil || name != "" {
		t.Fatalf("no accounts: Resolve = %q, %v; want \"\"", name, err)
	}
	save := func(name, base, handle string) {
		t.Helper()
		if err := acc.Store(name, base).Save(&xapi.Token{AccessToken: "a-" + name, Username: handle}); err != nil {
			t.Fatal(err)
		}
		if err := acc.Added(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	save("work", "", "acme")
	save("home", "", "me")
	save("home", fakeBase, "demo")
	for _, tc := range []struct {
		name, named, base, want string
	}{
		{"the default (first login)", "", "", "work"},
		{"named, in another case", "HOME", "", "home"},
		{"the only one with a login at the base", "", fakeBase, "home"},
		{"named, not logged in yet", "new", "", "new"},
	} {
		got, err := acc.Resolve(ctx, tc.named, tc.base)
		if err != nil || got != tc.want {
			t.Errorf("%s: Resolve(%q, %q) = %q, %v; want %q", tc.name, tc.named, tc.base, got, err, tc.want)
		}
	}
	if _, err := acc.Resolve(ctx, "../x", ""); err == nil {
		t.Error("Resolve took a path as an account name")
	}
	logins, err := acc.List()
	if err != nil {
		t.Fatal(err)
	}
	want := []xapi.AccountLogin{
		{Account: "home", Username: "demo", APIBase: fakeBase + "/"},
		{Account: "home", Username: "me", APIBase: "https://api.x.com/"},
		{Account: "work", Username: "acme", APIBase: "https://api.x.com/", Default: true},
	}
	if d := cmp.Diff(want, logins); d != "" {
		t.Errorf("List (-want +got):\n%s", d)
	}
	if err := acc.SetDefault(ctx, "home"); err != nil {
		t.Fatal(err)
	}
	if got, _ := acc.Resolve(ctx, "", ""); got != "home" {
		t.Errorf("after SetDefault(home): Resolve = %q", got)
	}
	if err := acc.SetDefault(ctx, "nobody"); err == nil {
		t.Error("SetDefault took an account without a login")
	}
	// The default's last login goes: the first account left takes over.
	for _, base := range []string{"", fakeBase} {
		if err := acc.Store("home", base).Delete(); err != nil {
			t.Fatal(err)
		}
	}
	if err := acc.Removed(ctx, "home"); err != nil {
		t.Fatal(err)
	}
	if def, _ := acc.Default(); def != "work" {
		t.Errorf("default after the last login of home went = %q, want work", def)
	}
}

// TestAdoptNamesTheFirstLogin: a login made before its account had a
// name is named after the handle and becomes the default; a taken name
// falls back to "default".
func TestAdoptNamesTheFirstLogin(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	acc := xapi.NewAccounts(dir)
	ctx := t.Context()
	for i, want := range []string{"carol", "default"} {
		s, err := acc.NewLogin("")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Save(&xapi.Token{AccessToken: "t", Username: "Carol"}); err != nil {
			t.Fatal(err)
		}
		name, err := acc.Adopt(ctx, s, "Carol")
		if err != nil || name != want {
			t.Fatalf("login %d: Adopt = %q, %v; want %q", i, name, err, want)
		}
		if _, err := acc.Store(name, "").Load(); err != nil {
			t.Errorf("login %d: %v", i, err)
		}
	}
	if def, _ := acc.Default(); def != "carol" {
		t.Errorf("default = %q, want carol (the first login)", def)
	}
	s, err := acc.NewLogin("")
	if err != nil {
		t.Fatal(err)
	}
	acc.Discard(s)
	if _, err := os.Stat(filepath.Dir(s.Path())); !os.IsNotExist(err) {
		t.Errorf("a discarded login's directory is left (%v)", err)
	}
}

// TestAccountStoresAreApart: two accounts at one base keep their own
// tokens and locks, and the login command names the account unless it is
// the default.
func TestAccountStoresAreApart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	acc := xapi.NewAccounts(dir)
	ctx := t.Context()
	a, b := acc.Store("a", ""), acc.Store("b", "")
	if err := a.Save(&xapi.Token{AccessToken: "ta"}); err != nil {
		t.Fatal(err)
	}
	if err := acc.Added(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if err := b.Save(&xapi.Token{AccessToken: "tb"}); err != nil {
		t.Fatal(err)
	}
	unlock, err := acc.Store("a", "").Lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	// b's lock is free while a's is held.
	unlockB, err := acc.Store("b", "").Lock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	unlockB()
	if ta, _ := acc.Store("a", "").Load(); ta == nil || ta.AccessToken != "ta" {
		t.Errorf("a's login = %v", ta)
	}
	if got := acc.Store("a", "").LoginCommand(); got != "xpost login" {
		t.Errorf("default account's login command = %q", got)
	}
	if got := acc.Store("b", fakeBase).LoginCommand(); got != "xpost --account b --api-base "+fakeBase+" login" {
		t.Errorf("other account's login command = %q", got)
	}
}

// TestMigrateConcurrently: several commands starting at once on an old
// login move it once, into one account, and all use it.
func TestMigrateConcurrently(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	saveOld(t, dir, "", "dana", "tok")
	names := make(chan string, 8)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			name, err := xapi.NewAccounts(dir).Resolve(t.Context(), "", "")
			if err != nil {
				t.Error(err)
			}
			names <- name
		})
	}
	wg.Wait()
	close(names)
	for n := range names {
		if n != "dana" {
			t.Errorf("a command resolved %q, want dana", n)
		}
	}
	logins, err := xapi.NewAccounts(dir).List()
	if err != nil || len(logins) != 1 || logins[0].Account != "dana" || !logins[0].Default {
		t.Errorf("accounts after the moves = %+v, %v", logins, err)
	}
	if tok, err := xapi.NewAccounts(dir).Store("dana", "").Load(); err != nil || tok.AccessToken != "tok" {
		t.Errorf("the moved login = %v, %v", tok, err)
	}
}

// TestLoadNamesAnUnknownAccount: a mistyped --account says there is no
// such account and names the command that lists them, instead of "not
// logged in"; an account known at another API base still says which login
// is missing.
func TestLoadNamesAnUnknownAccount(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	acc := xapi.NewAccounts(dir)
	if err := acc.Store("work", "").Save(&xapi.Token{AccessToken: "a", Username: "acme"}); err != nil {
		t.Fatal(err)
	}
	if err := acc.Added(t.Context(), "work"); err != nil {
		t.Fatal(err)
	}
	if err := acc.Store("home", fakeBase).Save(&xapi.Token{AccessToken: "b", Username: "me"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, base, want string }{
		{"nosuch", "", "there is no account named nosuch (xpost accounts lists the saved ones): run `xpost --account nosuch login`"},
		{"home", "", "not logged in to X: run `xpost --account home login`"},
	} {
		_, err := acc.Store(tc.name, tc.base).Load()
		if !errors.Is(err, xapi.ErrLoginRequired) || err.Error() != tc.want {
			t.Errorf("Store(%q, %q).Load() = %v; want %q", tc.name, tc.base, err, tc.want)
		}
	}
}

// TestMigrateSweepsOldLocks: the lock files of the logins an older
// version kept in the config directory are removed once nothing holds
// them, by the move and by any later run (for those an earlier move left
// behind); a held one stays for its holder, as do the lock of a file
// still there and locks that are not a login's.
func TestMigrateSweepsOldLocks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	saveOld(t, dir, "", "Alice", "x-token")
	for name, content := range map[string]string{
		"token.lock": "", "token-127.0.0.1-1a2b.lock": "", "usage.json.lock": "",
		// A file Migrate does not take for a login, and its lock.
		"token-odd.json": "{}", "token-odd.lock": "",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	held, err := fsx.TryLock(filepath.Join(dir, "token-held.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Unlock()
	locks := func() []string {
		t.Helper()
		m, err := filepath.Glob(filepath.Join(dir, "*.lock"))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range m {
			if n := filepath.Base(p); n != "accounts.lock" {
				out = append(out, n)
			}
		}
		return out
	}
	want := []string{"token-held.lock", "token-odd.lock", "usage.json.lock"}
	acc := xapi.NewAccounts(dir)
	if name, err := acc.Resolve(t.Context(), "", ""); err != nil || name != "alice" {
		t.Fatalf("Resolve = %q, %v", name, err)
	}
	if got := locks(); !cmp.Equal(want, got) {
		t.Errorf("after the move the directory holds the locks %v, want %v", got, want)
	}
	// One left behind by an earlier move goes on the next run.
	if err := os.WriteFile(filepath.Join(dir, "token.lock"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Resolve(t.Context(), "", ""); err != nil {
		t.Fatal(err)
	}
	if got := locks(); !cmp.Equal(want, got) {
		t.Errorf("after the next run the directory holds the locks %v, want %v", got, want)
	}
}
