package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSettingSpecsCoverEveryKey: xpost config lists every key config.json
// may hold, once.
func TestSettingSpecsCoverEveryKey(t *testing.T) {
	t.Parallel()
	var listed []string
	for _, s := range settingSpecs {
		listed = append(listed, s.key)
	}
	want := configKeys()
	slices.Sort(listed)
	slices.Sort(want)
	if !slices.Equal(listed, want) {
		t.Errorf("settingSpecs keys = %v, want %v", listed, want)
	}
}

// TestConfigShowGolden shows where each value came from: the default,
// the file, the environment and a flag, in JSON and for a person.
func TestConfigShowGolden(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	dir := r.env["XPOST_CONFIG_DIR"]
	writeFile(t, filepath.Join(dir, configFileName), `{
  "client_id": "from-file",
  "client_secret": "hush",
  "api_base": "http://127.0.0.1:9",
  "plan": "enterprise",
  "prices": {"post": "0.02"},
  "undo_seconds": 5
}
`)
	r.env["XPOST_CLIENT_ID"] = "from-env"
	r.env["XPOST_API_BASE"] = "http://127.0.0.1:8"
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"config-json", []string{"config", "--json", "--api-base", "http://127.0.0.1:7"}},
		{"config-env", []string{"config", "--json"}},
	} {
		got := r.run("", tt.args...)
		wantRun(t, got, 0)
		if strings.Contains(got.stdout, "hush") {
			t.Errorf("the secret was printed:\n%s", got.stdout)
		}
		golden(t, filepath.Join("json", tt.name+".golden"), stableJSON(t, got.stdout, "", dir))
	}
	got := r.run("", "config")
	wantRun(t, got, 0)
	golden(t, filepath.Join("config", "show.golden"), strings.ReplaceAll(got.stdout, dir, "<dir>"))
}

func TestConfigPath(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	dir := r.env["XPOST_CONFIG_DIR"]
	// A broken config.json does not stop config path (nor config edit).
	writeFile(t, filepath.Join(dir, configFileName), `{"nope":1}`)
	got := r.run("", "config", "path", "--json")
	wantRun(t, got, 0)
	golden(t, filepath.Join("json", "config-path.golden"), stableJSON(t, got.stdout, "", dir))
}

// editorWriting is an editor that replaces the file's text with each of
// texts in turn, one per opening, and counts its openings.
func editorWriting(opened *int, texts ...string) func(context.Context, []string, string) error {
	return func(_ context.Context, _ []string, path string) error {
		if *opened >= len(texts) {
			return errors.New("opened once too often")
		}
		*opened++
		return os.WriteFile(path, []byte(texts[*opened-1]), 0o600)
	}
}

func TestConfigEdit(t *testing.T) {
	t.Parallel()
	const before = "{\n  \"plan\": \"enterprise\"\n}\n"
	tests := []struct {
		name     string
		texts    []string
		terminal bool
		answers  string
		code     int
		stderr   []string
		// want is config.json after; kept the kept edit ("" for none).
		want, kept string
		opened     int
	}{
		{name: "valid", texts: []string{"{\n  \"undo_seconds\": 5\n}\n"}, want: "{\n  \"undo_seconds\": 5\n}\n", stderr: []string{"saved "}, opened: 1},
		{name: "unchanged", texts: []string{before}, want: before, stderr: []string{"unchanged"}, opened: 1},
		{
			name:   "unknown key without a terminal",
			texts:  []string{"{\n  \"plan\": \"enterprise\",\n  \"undo_second\": 5\n}\n"},
			code:   1,
			stderr: []string{"config.edit.json:3: unknown key \"undo_second\"", "config.json is unchanged; the edit is kept in", "xpost config edit reopens it"},
			want:   before, kept: "{\n  \"plan\": \"enterprise\",\n  \"undo_second\": 5\n}\n", opened: 1,
		},
		{
			name:   "wrong type",
			texts:  []string{"{\n\n  \"undo_seconds\": \"5s\"\n}\n"},
			code:   1,
			stderr: []string{"config.edit.json:3: undo_seconds must be a number, not string"},
			want:   before, kept: "{\n\n  \"undo_seconds\": \"5s\"\n}\n", opened: 1,
		},
		{
			name:   "bad value",
			texts:  []string{"{\"redirect_port\": 1,\n \"queue_late\": \"later\"}"},
			code:   1,
			stderr: []string{"config.edit.json:2: queue_late \"later\" must be \"hold\" or \"post\""},
			want:   before, kept: "{\"redirect_port\": 1,\n \"queue_late\": \"later\"}", opened: 1,
		},
		{
			name:   "not JSON",
			texts:  []string{"{\n  \"plan\": \"enterprise\"\n  \"undo_seconds\": 5\n}\n"},
			code:   1,
			stderr: []string{"config.edit.json:3: not valid JSON"},
			want:   before, kept: "{\n  \"plan\": \"enterprise\"\n  \"undo_seconds\": 5\n}\n", opened: 1,
		},
		{
			name:     "reopened in a terminal, then fixed",
			texts:    []string{"{\"plan\": \"free\"}", "{\"plan\": \"self-serve-legacy\"}"},
			terminal: true, answers: "y\n",
			stderr: []string{"config.edit.json:1: plan \"free\" is not an X API plan", "Open the editor again?", "saved "},
			want:   "{\"plan\": \"self-serve-legacy\"}", opened: 2,
		},
		{
			name:     "declined in a terminal",
			texts:    []string{"{\"plan\": \"free\"}"},
			terminal: true, answers: "n\n",
			code:   1,
			stderr: []string{"Open the editor again?", "the edit is kept in"},
			want:   before, kept: "{\"plan\": \"free\"}", opened: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRunner(t)
			dir := r.env["XPOST_CONFIG_DIR"]
			r.env["EDITOR"] = "any-editor"
			writeFile(t, filepath.Join(dir, configFileName), before)
			opened := 0
			r.configure = func(a *app) {
				a.runEditor = editorWriting(&opened, tt.texts...)
				a.isTerminal = func(any) bool { return tt.terminal }
			}
			got := r.run(tt.answers, "config", "edit")
			wantRun(t, got, tt.code, tt.stderr...)
			if opened != tt.opened {
				t.Errorf("editor opened %d times, want %d", opened, tt.opened)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, configFileName)); string(b) != tt.want {
				t.Errorf("config.json = %q, want %q", b, tt.want)
			}
			b, err := os.ReadFile(filepath.Join(dir, editFileName))
			if tt.kept == "" && err == nil {
				t.Errorf("an edit was kept: %q", b)
			}
			if tt.kept != "" && string(b) != tt.kept {
				t.Errorf("kept edit = %q, %v; want %q", b, err, tt.kept)
			}
		})
	}
}

// TestConfigEditWithoutEditorOrTerminal: with no editor named and no
// terminal, config edit says what to set instead of starting vi, which
// would wait for a person; config.json is not touched.
func TestConfigEditWithoutEditorOrTerminal(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.configure = func(a *app) {
		a.runEditor = func(context.Context, []string, string) error { return errors.New("no editor should run") }
	}
	wantRun(t, r.run("", "config", "edit"), 1, "set $VISUAL or $EDITOR")
	if _, err := os.Stat(filepath.Join(r.env["XPOST_CONFIG_DIR"], configFileName)); err == nil {
		t.Error("config.json was created")
	}
}

// TestConfigEditReopensTheKeptEdit: an edit that failed the checks is
// what the next config edit opens, and fixing it saves it.
func TestConfigEditReopensTheKeptEdit(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.env["EDITOR"] = "any-editor"
	var seen []string
	r.configure = func(a *app) {
		a.runEditor = func(_ context.Context, _ []string, path string) error {
			b, _ := os.ReadFile(path)
			seen = append(seen, string(b))
			next := `{"plan": "free"}`
			if len(seen) == 2 {
				next = `{"plan": "enterprise"}`
			}
			return os.WriteFile(path, []byte(next), 0o600)
		}
	}
	wantRun(t, r.run("", "config", "edit"), 1, "kept in")
	wantRun(t, r.run("", "config", "edit"), 0, "reopening the edit kept in", "saved ")
	if want := []string{"{\n}\n", `{"plan": "free"}`}; !slices.Equal(seen, want) {
		t.Errorf("the editor saw %q, want %q", seen, want)
	}
	got := r.run("", "config", "--json")
	if !strings.Contains(got.stdout, `{"key":"plan","value":"enterprise","source":"file"}`) {
		t.Errorf("the saved plan is not in effect:\n%s", got.stdout)
	}
}

// FuzzParseFileConfig: any text is read or refused with an error, never a
// panic, and an error's line is within the text.
func FuzzParseFileConfig(f *testing.F) {
	for _, s := range []string{"", "{}", `{"plan":"free"}`, "{\n\"undo_seconds\":\"x\"}", `{"prices":{"post":1}}`, `{"spending_cap":{"daily":"x"}}`, "[1,2]", `{"a":{"b":[{}]}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := parseFileConfig("config.json", b)
		if ce, ok := errors.AsType[*configError](err); ok {
			if lines := 1 + strings.Count(string(b), "\n"); ce.line < 0 || ce.line > lines {
				t.Errorf("line %d of a %d-line text", ce.line, lines)
			}
		}
	})
}
