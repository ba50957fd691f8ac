package appdirs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/internal/fsx"
)

func TestPlatform(t *testing.T) {
	t.Parallel()
	home := func(h string) func() (string, error) { return func() (string, error) { return h, nil } }
	noHome := func() (string, error) { return "", errors.New("$HOME is not defined") }
	j := filepath.Join
	tests := []struct {
		name    string
		goos    string
		env     map[string]string
		home    func() (string, error)
		want    Dirs
		wantErr string
	}{
		{
			name: "linux defaults",
			goos: "linux",
			home: home("/home/ada"),
			want: Dirs{Config: "/home/ada/.config/xpost", State: "/home/ada/.local/state/xpost", Cache: "/home/ada/.cache/xpost", Log: "/home/ada/.local/state/xpost"},
		},
		{
			name: "linux XDG variables",
			goos: "linux",
			env:  map[string]string{"XDG_CONFIG_HOME": "/cfg", "XDG_STATE_HOME": "/st", "XDG_CACHE_HOME": "/ca"},
			home: home("/home/ada"),
			want: Dirs{Config: "/cfg/xpost", State: "/st/xpost", Cache: "/ca/xpost", Log: "/st/xpost"},
		},
		{
			name: "relative XDG variables are ignored",
			goos: "freebsd",
			env:  map[string]string{"XDG_CONFIG_HOME": "cfg", "XDG_STATE_HOME": "./st", "XDG_CACHE_HOME": "/ca"},
			home: home("/home/ada"),
			want: Dirs{Config: "/home/ada/.config/xpost", State: "/home/ada/.local/state/xpost", Cache: "/ca/xpost", Log: "/home/ada/.local/state/xpost"},
		},
		{
			name: "XDG variables need no home",
			goos: "openbsd",
			env:  map[string]string{"XDG_CONFIG_HOME": "/cfg", "XDG_STATE_HOME": "/st", "XDG_CACHE_HOME": "/ca"},
			home: noHome,
			want: Dirs{Config: "/cfg/xpost", State: "/st/xpost", Cache: "/ca/xpost", Log: "/st/xpost"},
		},
		{name: "linux without a home", goos: "linux", home: noHome, wantErr: "set XPOST_CONFIG_DIR or pass --config-dir"},
		{
			name: "macOS",
			goos: "darwin",
			env:  map[string]string{"XDG_CONFIG_HOME": "/cfg"},
			home: home("/Users/ada"),
			want: Dirs{
				Config: j("/Users/ada", "Library", "Application Support", "xpost"),
				State:  j("/Users/ada", "Library", "Application Support", "xpost"),
				Cache:  j("/Users/ada", "Library", "Caches", "xpost"),
				Log:    j("/Users/ada", "Library", "Logs", "xpost"),
			},
		},
		{name: "macOS without a home", goos: "darwin", home: noHome, wantErr: "cannot find the home directory"},
		{
			name: "windows",
			goos: "windows",
			env:  map[string]string{"AppData": j("C:", "Users", "ada", "AppData", "Roaming"), "LocalAppData": j("C:", "Users", "ada", "AppData", "Local")},
			home: noHome,
			want: Dirs{
				Config: j("C:", "Users", "ada", "AppData", "Roaming", "xpost"),
				State:  j("C:", "Users", "ada", "AppData", "Local", "xpost"),
				Cache:  j("C:", "Users", "ada", "AppData", "Local", "xpost", "Cache"),
				Log:    j("C:", "Users", "ada", "AppData", "Local", "xpost", "Logs"),
			},
		},
		{
			name: "windows without its variables",
			goos: "windows",
			home: home(j("C:", "Users", "ada")),
			want: Dirs{
				Config: j("C:", "Users", "ada", "AppData", "Roaming", "xpost"),
				State:  j("C:", "Users", "ada", "AppData", "Local", "xpost"),
				Cache:  j("C:", "Users", "ada", "AppData", "Local", "xpost", "Cache"),
				Log:    j("C:", "Users", "ada", "AppData", "Local", "xpost", "Logs"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Platform(Env{GOOS: tt.goos, Getenv: func(k string) string { return tt.env[k] }, Home: tt.home})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Platform() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Platform() (-want +got):\n%s", diff)
			}
			if got.Legacy() != got.Config {
				t.Errorf("Legacy() = %q, want the config dir %q", got.Legacy(), got.Config)
			}
		})
	}
}

func TestSingleKeepsEverythingTogether(t *testing.T) {
	t.Parallel()
	d := Single("/p")
	for _, p := range []string{d.ConfigFile(), d.Drafts(), d.Ledger(), d.LogFile(), d.RecentFile(), d.StateFile(), filepath.Join(d.Tokens(), "token.json")} {
		if filepath.Dir(p) != "/p" {
			t.Errorf("%s is not in /p", p)
		}
	}
	if got := d.distinct(); len(got) != 1 {
		t.Errorf("distinct() = %v, want one directory", got)
	}
}

// oldLayout is a single-directory layout as earlier versions left it.
var oldLayout = map[string]string{
	"config.json":                     `{"client_id":"abc"}`,
	"token.json":                      `{"access_token":"a"}`,
	"token-127.0.0.1-0011223344.json": `{"access_token":"b"}`,
	".token.json.123.tmp":             `{"access_token":"newer"}`,
	"usage.json":                      `{"days":{}}`,
	"queue-runner.json":               `{"ran_at":"2026-01-01T00:00:00Z"}`,
	"xpost.log":                       "time=... msg=started\n",
	"drafts/d1.json":                  `{"id":"d1"}`,
	"drafts/d2.json":                  `{"id":"d2"}`,
	"drafts/media/abc.png":            "PNG",
}

// wantNewLayout is where oldLayout's files belong on Linux.
func wantNewLayout(d Dirs) map[string]string {
	out := map[string]string{}
	for name, body := range oldLayout {
		switch name {
		case "config.json":
			out[filepath.Join(d.Config, name)] = body
		case "xpost.log":
			out[filepath.Join(d.Log, name)] = body
		default:
			out[filepath.Join(d.State, filepath.FromSlash(name))] = body
		}
	}
	return out
}

// linuxDirs is a Linux layout in a temporary home.
func linuxDirs(t *testing.T) Dirs {
	t.Helper()
	home := t.TempDir()
	d, err := Platform(Env{GOOS: "linux", Getenv: func(string) string { return "" }, Home: func() (string, error) { return home, nil }})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree reads every regular file under the directories, by path.
func readTree(t *testing.T, d Dirs) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, root := range d.distinct() {
		filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out[p] = string(b)
			return nil
		})
	}
	return out
}

func TestMigrateMovesEverything(t *testing.T) {
	t.Parallel()
	d := linuxDirs(t)
	writeTree(t, d.Legacy(), oldLayout)
	r, err := Migrate(d)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantNewLayout(d), readTree(t, d)); diff != "" {
		t.Errorf("files after the move (-want +got):\n%s", diff)
	}
	if len(r.Moved) != len(oldLayout)-1-2 { // config.json stays; drafts/ is one entry
		t.Errorf("Moved = %v, want %d entries", r.Moved, len(oldLayout)-3)
	}
	sum := r.Summary()
	for _, want := range []string{"moved ", "drafts", "token.json", "to " + d.State} {
		if !strings.Contains(sum, want) {
			t.Errorf("Summary() = %q, want it to contain %q", sum, want)
		}
	}
	// A second run finds nothing to do and says nothing.
	r, err = Migrate(d)
	if err != nil || r.Summary() != "" {
		t.Errorf("second Migrate() = %+v, %v; want nothing done", r, err)
	}
}

func TestMigrateNothingToDo(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		d    func(t *testing.T) Dirs
	}{
		{"no old directory", linuxDirs},
		{"single directory", func(t *testing.T) Dirs {
			dir := t.TempDir()
			writeTree(t, dir, oldLayout)
			return Single(dir)
		}},
		{"only config.json and a lock", func(t *testing.T) Dirs {
			d := linuxDirs(t)
			writeTree(t, d.Legacy(), map[string]string{"config.json": "{}", "token.lock": "", ".config.json.tmp-1": ""})
			return d
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := tt.d(t)
			before := readTree(t, d)
			r, err := Migrate(d)
			if err != nil || r.Summary() != "" {
				t.Fatalf("Migrate() = %+v, %v; want nothing done", r, err)
			}
			if diff := cmp.Diff(before, readTree(t, d)); diff != "" {
				t.Errorf("files changed (-before +after):\n%s", diff)
			}
		})
	}
}

func TestMigrateMacOSMovesOnlyTheLog(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	d, err := Platform(Env{GOOS: "darwin", Getenv: func(string) string { return "" }, Home: func() (string, error) { return home, nil }})
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, d.Legacy(), oldLayout)
	r, err := Migrate(d)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Move{{filepath.Join(d.Legacy(), "xpost.log"), filepath.Join(d.Log, "xpost.log")}}; !cmp.Equal(want, r.Moved) {
		t.Errorf("Moved = %v, want %v", r.Moved, want)
	}
	if diff := cmp.Diff(wantNewLayout(d), readTree(t, d)); diff != "" {
		t.Errorf("files after the move (-want +got):\n%s", diff)
	}
}

var errCrash = errors.New("crash")

// TestMigrateInterrupted stops a migration at every step in turn (the
// n-th rename or removal fails, as a crash there would leave things) and
// checks that the next run completes it with every file in place.
func TestMigrateInterrupted(t *testing.T) {
	t.Parallel()
	for _, copyPath := range []bool{false, true} {
		for n := 1; n <= 12; n++ {
			name := "rename"
			if copyPath {
				name = "copy"
			}
			t.Run(name+"/"+string(rune('a'+n-1)), func(t *testing.T) {
				t.Parallel()
				d := linuxDirs(t)
				writeTree(t, d.Legacy(), oldLayout)
				var mu sync.Mutex
				calls := 0
				step := func() error {
					mu.Lock()
					defer mu.Unlock()
					calls++
					if calls == n {
						return errCrash
					}
					return nil
				}
				m := migrator{
					rename: func(from, to string) error {
						if err := step(); err != nil {
							return err
						}
						if copyPath {
							return &os.LinkError{Op: "rename", Old: from, New: to, Err: syscall.EXDEV}
						}
						return os.Rename(from, to)
					},
					remove: func(p string) error {
						if err := step(); err != nil {
							return err
						}
						return fsx.Remove(p)
					},
					sleep: func(time.Duration) {}, lockWait: time.Second,
				}
				_, err := m.run(d)
				if err != nil && !errors.Is(err, errCrash) {
					t.Fatalf("interrupted run: %v", err)
				}
				if err != nil && !strings.Contains(err.Error(), "run xpost again") {
					t.Errorf("error %q does not say what to do", err)
				}
				if _, err := Migrate(d); err != nil {
					t.Fatalf("resumed run: %v", err)
				}
				if diff := cmp.Diff(wantNewLayout(d), readTree(t, d)); diff != "" {
					t.Errorf("files after the resumed move (-want +got):\n%s", diff)
				}
				if p, _ := Pending(d); len(p) != 0 {
					t.Errorf("still pending: %v", p)
				}
			})
		}
	}
}

func TestMigrateKeepsWhatWouldBeOverwritten(t *testing.T) {
	t.Parallel()
	d := linuxDirs(t)
	writeTree(t, d.Legacy(), map[string]string{"token.json": "old", "usage.json": "same", "drafts/a.json": "A", "drafts/b.json": "old b"})
	writeTree(t, d.State, map[string]string{"token.json": "new", "usage.json": "same", "drafts/b.json": "new b"})
	r, err := Migrate(d)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		filepath.Join(d.Legacy(), "token.json"):    "old",
		filepath.Join(d.Legacy(), "drafts/b.json"): "old b",
		filepath.Join(d.State, "token.json"):       "new",
		filepath.Join(d.State, "usage.json"):       "same",
		filepath.Join(d.State, "drafts/a.json"):    "A",
		filepath.Join(d.State, "drafts/b.json"):    "new b",
	}
	if diff := cmp.Diff(want, readTree(t, d)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if len(r.Kept) != 2 || !strings.Contains(r.Summary(), "kept "+filepath.Join(d.Legacy(), "token.json")) {
		t.Errorf("report = %+v, summary %q; want token.json and drafts/b.json kept", r, r.Summary())
	}
}

// TestMigrateWaitsForAnotherProgram holds the migration lock as another
// xpost would and checks that a migration waits for it, then finds what
// the other left and moves it.
func TestMigrateWaitsForAnotherProgram(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		d := linuxDirs(t)
		writeTree(t, d.Legacy(), oldLayout)
		other, err := fsx.TryLock(filepath.Join(d.Legacy(), migrateLockName))
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error)
		go func() {
			_, err := Migrate(d)
			done <- err
		}()
		synctest.Wait()
		select {
		case err := <-done:
			t.Fatalf("Migrate returned while another held the lock: %v", err)
		default:
		}
		if p, _ := Pending(d); len(p) == 0 {
			t.Fatal("files moved while another held the lock")
		}
		other.Unlock()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantNewLayout(d), readTree(t, d)); diff != "" {
			t.Errorf("files (-want +got):\n%s", diff)
		}
	})
}

// TestMigrateTwoAtOnce starts two migrations together: every file ends in
// its place once, and the two reports together list each move once.
func TestMigrateTwoAtOnce(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		d := linuxDirs(t)
		writeTree(t, d.Legacy(), oldLayout)
		reports := make(chan Report, 2)
		for range 2 {
			go func() {
				r, err := Migrate(d)
				if err != nil {
					t.Error(err)
				}
				reports <- r
			}()
		}
		r1, r2 := <-reports, <-reports
		if diff := cmp.Diff(wantNewLayout(d), readTree(t, d)); diff != "" {
			t.Errorf("files (-want +got):\n%s", diff)
		}
		if n := len(r1.Moved) + len(r2.Moved); n != len(oldLayout)-3 {
			t.Errorf("reports list %d moves, want %d: %v and %v", n, len(oldLayout)-3, r1.Moved, r2.Moved)
		}
	})
}

func TestMigrateGivesUpOnAStuckLock(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		d := linuxDirs(t)
		writeTree(t, d.Legacy(), oldLayout)
		other, err := fsx.TryLock(filepath.Join(d.Legacy(), migrateLockName))
		if err != nil {
			t.Fatal(err)
		}
		defer other.Unlock()
		_, err = Migrate(d)
		if err == nil || !strings.Contains(err.Error(), "another xpost has been moving files") {
			t.Fatalf("Migrate() error = %v, want the stuck lock named", err)
		}
	})
}

// TestMigrateSweepsStaleLocks: the lock files of the moved files are
// removed from the old directory once nothing holds them; a held one
// stays for its holder.
func TestMigrateSweepsStaleLocks(t *testing.T) {
	t.Parallel()
	d := linuxDirs(t)
	writeTree(t, d.Legacy(), oldLayout)
	writeTree(t, d.Legacy(), map[string]string{"token.lock": "", "usage.json.lock": ""})
	held, err := fsx.TryLock(filepath.Join(d.Legacy(), "token-fake.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Unlock()
	if _, err := Migrate(d); err != nil {
		t.Fatal(err)
	}
	var left []string
	entries, _ := os.ReadDir(d.Legacy())
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if want := []string{"config.json", "token-fake.lock"}; !cmp.Equal(want, left) {
		t.Errorf("the old directory holds %v, want %v", left, want)
	}
}

// TestStateFileIsState: state.json is in the state directory of the
// platform layout, not with the configuration.
func TestStateFileIsState(t *testing.T) {
	t.Parallel()
	d := linuxDirs(t)
	if got, want := d.StateFile(), filepath.Join(d.State, "state.json"); got != want {
		t.Errorf("StateFile() = %q, want %q", got, want)
	}
	if d.State == d.Config {
		t.Fatalf("the layout keeps state with the configuration: %+v", d)
	}
}
