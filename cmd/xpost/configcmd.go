package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/appdirs"
	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/outbox"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi/rules"
)

// settingSpec is one key of config.json: its value when nothing sets it,
// and the environment variable and global flag that override the file.
type settingSpec struct {
	key    string
	def    any
	env    string
	flag   string
	secret bool
}

// settingSpecs are config.json's keys in the order xpost config lists
// them; a test checks that every key of fileConfig is here. Precedence is
// config()'s: flag over environment over file over default.
var settingSpecs = []settingSpec{
	{key: "client_id", def: "", env: "XPOST_CLIENT_ID"},
	{key: "client_secret", def: "", env: "XPOST_CLIENT_SECRET", secret: true},
	{key: "redirect_port", def: defaultRedirectPort},
	{key: "api_base", def: defaultAPIBase, env: "XPOST_API_BASE", flag: "api-base"},
	{key: "default_limit", def: 0},
	{key: "plan", def: rules.PlanPayPerUse},
	{key: "prices", def: map[string]any{}},
	{key: "spending_cap", def: nil},
	{key: "queue_late", def: draft.LateHold},
	{key: "queue_grace", def: outbox.DefaultGrace.String()},
	{key: "queue_notify", def: string(outbox.NotifyFailures)},
	{key: "thread_pacing", def: "0s"},
	{key: "upload_first", def: false},
	{key: "undo_seconds", def: 0},
	{key: "alt_text", def: string(draft.AltAsk)},
	{key: "completion", def: true},
	{key: "accessible", def: false, env: "XPOST_ACCESSIBLE"},
	{key: "thumbnails", def: "", env: "XPOST_THUMBNAILS"},
	{key: "assistant_may_schedule", def: false},
}

// Where a setting's value came from.
const (
	sourceDefault = "default"
	sourceFile    = "file"
	sourceEnv     = "environment"
	sourceFlag    = "flag"
)

// settingJSON is one setting of `xpost config --json`.
type settingJSON struct {
	Key   string `json:"key"`
	Value any    `json:"value"`
	// Source is default, file, environment or flag.
	Source string `json:"source"`
	// From names the variable or flag, for environment and flag.
	From string `json:"from,omitempty"`
}

// configJSON is `xpost config --json`.
type configJSON struct {
	File string `json:"file"`
	// Dirs are the directories of this run and where they came from.
	Dirs     dirsJSON      `json:"dirs"`
	Settings []settingJSON `json:"settings"`
}

// dirsJSON is the directories of `xpost config --json`: the platform's
// places (source default) or the one directory a flag or variable named.
type dirsJSON struct {
	Config string `json:"config"`
	State  string `json:"state"`
	Cache  string `json:"cache"`
	Log    string `json:"log"`
	Source string `json:"source"`
	From   string `json:"from,omitempty"`
}

// dirsSource says where the directories of this run came from, as
// resolveDirs chose them.
func (a *app) dirsSource(d appdirs.Dirs) dirsJSON {
	out := dirsJSON{Config: d.Config, State: d.State, Cache: d.Cache, Log: d.Log, Source: sourceDefault}
	switch {
	case a.global.configDir != "":
		out.Source, out.From = sourceFlag, "--config-dir"
	case a.getenv("XPOST_CONFIG_DIR") != "":
		out.Source, out.From = sourceEnv, "XPOST_CONFIG_DIR"
	}
	return out
}

// pathsJSON is `xpost config path --json`.
type pathsJSON struct {
	Config     string `json:"config"`
	State      string `json:"state"`
	Cache      string `json:"cache"`
	Log        string `json:"log"`
	ConfigFile string `json:"config_file"`
	// Single is true when --config-dir or XPOST_CONFIG_DIR keeps
	// everything in one directory.
	Single bool `json:"single"`
}

// secretShown stands for a secret that is set: secrets never reach
// output.
const secretShown = "(set)"

// effectiveSettings lists every setting with its value and where it came
// from, for the resolved configuration of this run.
func (a *app) effectiveSettings(cmd *cobra.Command, sf *settingsFile) []settingJSON {
	out := make([]settingJSON, 0, len(settingSpecs))
	for _, s := range settingSpecs {
		st := settingJSON{Key: s.key, Value: s.def, Source: sourceDefault}
		if raw, ok := sf.raw[s.key]; ok {
			var v any
			if json.Unmarshal(raw, &v) == nil {
				st.Value, st.Source = v, sourceFile
			}
		}
		if s.env != "" {
			if v := a.getenv(s.env); v != "" {
				st.Value, st.Source, st.From = v, sourceEnv, s.env
			}
		}
		if s.flag != "" {
			if f := cmd.Flag(s.flag); f != nil && f.Changed {
				st.Value, st.Source, st.From = f.Value.String(), sourceFlag, "--"+s.flag
			}
		}
		if s.secret && st.Value != "" {
			st.Value = secretShown
		}
		out = append(out, st)
	}
	return out
}

func (a *app) newConfigCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "config [--json] | config path | config edit",
		Short: "Show the configuration and where each value came from",
		Long: `Config shows every setting of config.json with its effective value and where
that value came from: the default, the file, the environment (XPOST_*) or a
flag. Secrets are shown as "(set)", never printed.

  xpost config path   prints the directories xpost keeps its files in
  xpost config edit   opens config.json in $VISUAL or $EDITOR and checks it
                      when the editor closes`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			settings := a.effectiveSettings(cmd, a.cfgFile)
			dirs := a.dirsSource(cfg.Dirs)
			if asJSON {
				return writeJSON(a.stdout, configJSON{File: cfg.Dirs.ConfigFile(), Dirs: dirs, Settings: settings})
			}
			where := "the platform's places (xpost config path lists them)"
			if cfg.Dirs.Single {
				where = "all in " + cfg.Dirs.Config
			}
			if dirs.From != "" {
				where += ", from " + dirs.From
			}
			fmt.Fprintf(a.stdout, "%s\nfiles: %s\n\n", cfg.Dirs.ConfigFile(), where)
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			for _, s := range settings {
				from := s.Source
				if s.From != "" {
					from += " (" + s.From + ")"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Key, humanValue(s.Value), from)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the settings as a JSON object")
	cmd.AddCommand(a.newConfigPathCommand(), a.newConfigEditCommand())
	return cmd
}

// humanValue words a setting's value for a person: strings bare, the
// unset ones as "(not set)", the rest as compact JSON.
func humanValue(v any) string {
	switch v := v.(type) {
	case string:
		if v == "" {
			return "(not set)"
		}
		return v
	case nil:
		return "(not set)"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func (a *app) newConfigPathCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "path [--json]",
		Short: "Print the directories xpost keeps its files in",
		Long: `Path prints the four directories xpost keeps its files in: configuration
(config.json), state (logins, drafts, the queue, the ledger), cache (recent post
ids for completion) and log. The README's "Where the files are" says what the
platform puts where; --config-dir or XPOST_CONFIG_DIR makes them one.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := a.resolveDirs()
			if err != nil {
				return err
			}
			if err := a.prepareDirs(d); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, pathsJSON{Config: d.Config, State: d.State, Cache: d.Cache, Log: d.Log, ConfigFile: d.ConfigFile(), Single: d.Single})
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintf(tw, "config\t%s\n", d.Config)
			fmt.Fprintf(tw, "state\t%s\n", d.State)
			fmt.Fprintf(tw, "cache\t%s\n", d.Cache)
			fmt.Fprintf(tw, "log\t%s\n", d.Log)
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the directories as a JSON object")
	return cmd
}

// editFileName is the copy of config.json that config edit hands to the
// editor, beside it. An edit that does not pass the checks is kept in it,
// and the next config edit reopens it.
const editFileName = "config.edit.json"

func (a *app) newConfigEditCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "edit",
		Short: "Edit config.json in $VISUAL or $EDITOR, checked on save",
		Long: `Edit opens config.json in $VISUAL, else $EDITOR, else vi. When the editor
closes, the file is checked whole: an unknown key, a value of the wrong type or
a bad value is reported with its line and key, and config.json is left as it
was, never half changed. The edit is kept (config.edit.json beside it), and in
a terminal you are asked whether to reopen it; otherwise, or if you decline,
the next xpost config edit opens it again.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.editConfig(cmd.Context())
		},
	}
}

// editConfig runs config edit.
func (a *app) editConfig(ctx context.Context) error {
	d, err := a.resolveDirs()
	if err != nil {
		return err
	}
	if err := a.prepareDirs(d); err != nil {
		return err
	}
	// An editor the user named may be a script; vi, the fallback, needs a
	// terminal and a person, and would wait for input that cannot come.
	if a.getenv("VISUAL") == "" && a.getenv("EDITOR") == "" && !a.canAsk() {
		return errors.New("config edit needs an editor: set $VISUAL or $EDITOR, or run it in a terminal (vi then opens)")
	}
	path, edit := d.ConfigFile(), filepath.Join(d.Config, editFileName)
	current, err := fsx.ReadFile(path, maxConfigFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		current = []byte("{\n}\n")
	case err != nil:
		return readFailure(path, err, "it holds a few settings: fix or delete the file")
	}
	if _, err := os.Stat(edit); err == nil {
		fmt.Fprintf(a.stderr, "reopening the edit kept in %s (delete it to start again from %s)\n", edit, configFileName)
	} else if err := fsx.WriteFile(edit, current, 0o600); err != nil {
		return fmt.Errorf("cannot make a copy to edit: %w", err)
	}
	editor := a.editor()
	if len(editor) == 0 {
		return fmt.Errorf("no editor: set $VISUAL or $EDITOR (the edit is in %s)", edit)
	}
	run := a.runEditor
	if run == nil {
		run = a.execEditor
	}
	for {
		if err := run(ctx, editor, edit); err != nil {
			return fmt.Errorf("the editor %s failed: %w (%s is unchanged; the edit is kept in %s)", editor[0], err, configFileName, edit)
		}
		b, err := fsx.ReadFile(edit, maxConfigFile)
		if err != nil {
			return readFailure(edit, err, "config.json holds a few settings")
		}
		if bytes.Equal(b, current) {
			fsx.Remove(edit)
			fmt.Fprintf(a.stderr, "%s unchanged\n", path)
			return nil
		}
		// The error names the file being edited: its lines are the ones
		// the editor shows, and config.json is still the old text.
		_, perr := parseFileConfig(edit, b)
		if perr == nil {
			if err := fsx.WriteFile(path, b, 0o600); err != nil {
				return fmt.Errorf("cannot save %s: %w (the edit is kept in %s)", path, err, edit)
			}
			fsx.Remove(edit)
			fmt.Fprintf(a.stderr, "saved %s\n", path)
			return nil
		}
		fmt.Fprintf(a.stderr, "xpost: %v\n", perr)
		if !a.canAsk() || !a.confirm(ctx, "Open the editor again?") {
			return fmt.Errorf("%s is unchanged; the edit is kept in %s and xpost config edit reopens it", configFileName, edit)
		}
	}
}

// execEditor runs the editor on path with the terminal of the program.
func (a *app) execEditor(ctx context.Context, argv []string, path string) error {
	c := exec.CommandContext(ctx, argv[0], append(argv[1:len(argv):len(argv)], path)...)
	c.Stdin, c.Stdout, c.Stderr = a.stdin, a.stdout, a.stderr
	return c.Run()
}
