// Package appdirs decides where xpost keeps its files: configuration,
// state (logins, drafts, the queue, the spending ledger), cache and logs,
// each in the place the platform gives such files, or all in one
// directory when the user names one. It also moves the files of the old
// single-directory layout to their new places, once, safely.
//
// It is the one home of these paths and of the names of the files in
// them: code that reads or writes one of xpost's files asks a [Dirs] for
// its path. It is not a general XDG library: it knows xpost's files only.
package appdirs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Name is the directory xpost's files sit in within each base directory.
const Name = "xpost"

// Names of xpost's files and folders, each within the directory the
// method of the same name on [Dirs] puts it in.
const (
	ConfigFileName = "config.json"
	LogFileName    = "xpost.log"
	DraftsDirName  = "drafts"
	LedgerFileName = "usage.json"
	RecentFileName = "recent.json"
	StateFileName  = "state.json"
)

// Dirs are the four directories xpost's files live in. In the platform
// layout they may differ (on Linux: ~/.config/xpost, ~/.local/state/xpost,
// ~/.cache/xpost); with --config-dir they are one directory.
type Dirs struct {
	// Config holds config.json, what the user edits.
	Config string
	// State holds what xpost writes and must keep: logins, drafts and
	// their publish journals, the queue and its runner's status, the
	// spending ledger.
	State string
	// Cache holds what xpost may lose: the recent post ids that shell
	// completion offers.
	Cache string
	// Log holds xpost.log.
	Log string
	// Single is set when one directory was named (--config-dir,
	// XPOST_CONFIG_DIR): every field is that directory and nothing is
	// migrated.
	Single bool
}

// Single is the layout that keeps everything in dir, for tests, portable
// installs and anyone who wants it.
func Single(dir string) Dirs {
	return Dirs{Config: dir, State: dir, Cache: dir, Log: dir, Single: true}
}

// Env is what the platform layout depends on: the operating system (as
// runtime.GOOS names it), the environment and the home directory. Tests
// give a fake one.
type Env struct {
	GOOS   string
	Getenv func(string) string
	// Home is os.UserHomeDir.
	Home func() (string, error)
}

// Platform is the platform's layout:
//
//   - Linux, the BSDs and other Unix systems follow the XDG base
//     directories: $XDG_CONFIG_HOME/xpost (default ~/.config/xpost),
//     $XDG_STATE_HOME/xpost (~/.local/state/xpost, which also holds the
//     log, as the specification says) and $XDG_CACHE_HOME/xpost
//     (~/.cache/xpost); a relative path in an XDG variable is ignored, as
//     the specification asks.
//   - macOS: ~/Library/Application Support/xpost for configuration and
//     state, ~/Library/Caches/xpost, ~/Library/Logs/xpost.
//   - Windows: %AppData%\xpost for configuration (it roams with the
//     user), %LocalAppData%\xpost for state (logins stay on the machine),
//     with Cache and Logs folders inside it.
func Platform(env Env) (Dirs, error) {
	home := func() (string, error) {
		h, err := env.Home()
		if err == nil && h == "" {
			err = errors.New("$HOME is not set")
		}
		if err != nil {
			return "", fmt.Errorf("cannot find the home directory (%v): set XPOST_CONFIG_DIR or pass --config-dir", err)
		}
		return h, nil
	}
	switch env.GOOS {
	case "darwin", "ios":
		h, err := home()
		if err != nil {
			return Dirs{}, err
		}
		support := filepath.Join(h, "Library", "Application Support", Name)
		return Dirs{
			Config: support,
			State:  support,
			Cache:  filepath.Join(h, "Library", "Caches", Name),
			Log:    filepath.Join(h, "Library", "Logs", Name),
		}, nil
	case "windows":
		roaming, local := env.Getenv("AppData"), env.Getenv("LocalAppData")
		if roaming == "" || local == "" {
			h, err := home()
			if err != nil {
				return Dirs{}, err
			}
			if roaming == "" {
				roaming = filepath.Join(h, "AppData", "Roaming")
			}
			if local == "" {
				local = filepath.Join(h, "AppData", "Local")
			}
		}
		state := filepath.Join(local, Name)
		return Dirs{
			Config: filepath.Join(roaming, Name),
			State:  state,
			Cache:  filepath.Join(state, "Cache"),
			Log:    filepath.Join(state, "Logs"),
		}, nil
	}
	xdg := func(name string, def ...string) (string, error) {
		if v := env.Getenv(name); v != "" && filepath.IsAbs(v) {
			return filepath.Join(v, Name), nil
		}
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(append(append([]string{h}, def...), Name)...), nil
	}
	var d Dirs
	var err error
	if d.Config, err = xdg("XDG_CONFIG_HOME", ".config"); err != nil {
		return Dirs{}, err
	}
	if d.State, err = xdg("XDG_STATE_HOME", ".local", "state"); err != nil {
		return Dirs{}, err
	}
	if d.Cache, err = xdg("XDG_CACHE_HOME", ".cache"); err != nil {
		return Dirs{}, err
	}
	d.Log = d.State
	return d, nil
}

// Legacy is the single directory earlier versions kept everything in,
// os.UserConfigDir()/xpost, which is the platform layout's Config
// directory on every platform.
func (d Dirs) Legacy() string { return d.Config }

// Create makes the directories (0700: state holds the login, and the
// others say what the user posts), and makes an existing one private.
func (d Dirs) Create() error {
	for _, dir := range d.distinct() {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("cannot create %s: %w", dir, err)
		}
	}
	return nil
}

// distinct lists the directories once each, in the order Config, State,
// Cache, Log.
func (d Dirs) distinct() []string {
	var out []string
	for _, dir := range []string{d.Config, d.State, d.Cache, d.Log} {
		seen := false
		for _, o := range out {
			seen = seen || o == dir
		}
		if !seen {
			out = append(out, dir)
		}
	}
	return out
}

// ConfigFile is config.json.
func (d Dirs) ConfigFile() string { return filepath.Join(d.Config, ConfigFileName) }

// Tokens is the directory of the saved logins (the token store's files
// and their locks). Per-account logins live under it too.
func (d Dirs) Tokens() string { return d.State }

// Drafts is the drafts folder, which also holds the queue (a queued item
// is a draft with a schedule) and its media.
func (d Dirs) Drafts() string { return filepath.Join(d.State, DraftsDirName) }

// QueueStatus is the directory of the queue runner's status file and
// watch lock.
func (d Dirs) QueueStatus() string { return d.State }

// Ledger is the spending ledger, usage.json.
func (d Dirs) Ledger() string { return filepath.Join(d.State, LedgerFileName) }

// StateFile is state.json: what the composer remembers between runs
// (the folder of the last file attached), not settings.
func (d Dirs) StateFile() string { return filepath.Join(d.State, StateFileName) }

// LogFile is xpost.log.
func (d Dirs) LogFile() string { return filepath.Join(d.Log, LogFileName) }

// RecentFile is the cache of recent post ids that completion offers.
func (d Dirs) RecentFile() string { return filepath.Join(d.Cache, RecentFileName) }
