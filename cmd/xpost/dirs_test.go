package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/internal/appdirs"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// dirsApp is a program whose environment is env and whose home is home,
// with standard error in errb.
func dirsApp(env map[string]string, home string) (*app, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	a := newApp(strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	a.userHome = func() (string, error) { return home, nil }
	return a, &out, &errb
}

func TestResolveDirs(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	xdg := map[string]string{"XDG_CONFIG_HOME": filepath.Join(home, "c"), "XDG_STATE_HOME": filepath.Join(home, "s"), "XDG_CACHE_HOME": filepath.Join(home, "k")}
	platform, err := appdirs.Platform(appdirs.Env{GOOS: runtime.GOOS, Getenv: func(k string) string { return xdg[k] }, Home: func() (string, error) { return home, nil }})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string
		flag string
		want appdirs.Dirs
	}{
		{name: "the platform's places", env: xdg, want: platform},
		{name: "XPOST_CONFIG_DIR keeps everything together", env: map[string]string{"XPOST_CONFIG_DIR": filepath.Join(home, "p")}, want: appdirs.Single(filepath.Join(home, "p"))},
		{name: "--config-dir over XPOST_CONFIG_DIR", env: map[string]string{"XPOST_CONFIG_DIR": filepath.Join(home, "p")}, flag: filepath.Join(home, "f"), want: appdirs.Single(filepath.Join(home, "f"))},
		{name: "--config-dir naming the platform's config dir is the platform layout", env: xdg, flag: platform.Config, want: platform},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, _, _ := dirsApp(tt.env, home)
			a.global.configDir = tt.flag
			got, err := a.resolveDirs()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("resolveDirs() (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOldLayoutMovedOnFirstRun runs xpost on a config directory as an
// earlier version left it: the first run moves the files and says so
// once, the next says nothing, and the moved login and drafts are used.
func TestOldLayoutMovedOnFirstRun(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("the XDG layout is the one that moves state out of the config directory")
	}
	home := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": filepath.Join(home, "c"), "XDG_STATE_HOME": filepath.Join(home, "s"), "XDG_CACHE_HOME": filepath.Join(home, "k")}
	legacy := filepath.Join(home, "c", "xpost")
	for name, body := range map[string]string{
		"config.json":    `{"client_id":"abc"}`,
		"usage.json":     `{}`,
		"drafts/d1.json": `{"version":1,"id":"d1","posts":[{"text":"hello"}]}`,
	} {
		p := filepath.Join(legacy, name)
		os.MkdirAll(filepath.Dir(p), 0o700)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	a, _, errb := dirsApp(env, home)
	if code := a.run(t.Context(), []string{"drafts", "--json"}); code != 0 {
		t.Fatalf("first run: exit %d: %s", code, errb)
	}
	state := filepath.Join(home, "s", "xpost")
	if !strings.Contains(errb.String(), "moved drafts, usage.json to "+state) {
		t.Errorf("first run does not report the move:\n%s", errb)
	}
	if _, err := os.Stat(filepath.Join(state, "drafts", "d1.json")); err != nil {
		t.Errorf("the draft did not move: %v", err)
	}
	if _, err := os.Stat(filepath.Join(legacy, "config.json")); err != nil {
		t.Errorf("config.json did not stay: %v", err)
	}
	a, out, errb := dirsApp(env, home)
	if code := a.run(t.Context(), []string{"drafts", "--json"}); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, errb)
	}
	if errb.Len() != 0 {
		t.Errorf("second run said something on stderr:\n%s", errb)
	}
	if !strings.Contains(out.String(), `"d1"`) {
		t.Errorf("the moved draft is not listed:\n%s", out)
	}
}

func TestQueueInstallPlatformLayout(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": filepath.Join(home, "c"), "XDG_STATE_HOME": filepath.Join(home, "s")}
	a, _, _ := dirsApp(env, home)
	cfg, err := a.config()
	if err != nil {
		t.Fatal(err)
	}
	files, _, err := runnerFiles("systemd", "/bin/xpost", cfg.Dirs, a.runnerEnv(cfg.Dirs))
	if err != nil {
		t.Fatal(err)
	}
	service := files[0].content
	if runtime.GOOS != "darwin" && runtime.GOOS != "windows" {
		for _, want := range []string{"Environment=XDG_CONFIG_HOME=" + filepath.Join(home, "c") + "\n", "Environment=XDG_STATE_HOME=" + filepath.Join(home, "s") + "\n", "ExecStart=/bin/xpost queue run\n"} {
			if !strings.Contains(service, want) {
				t.Errorf("service lacks %q:\n%s", want, service)
			}
		}
	}
	if strings.Contains(service, "--config-dir") {
		t.Errorf("the platform layout's runner is given --config-dir:\n%s", service)
	}
	cron, _, _ := runnerFiles("cron", "/bin/xpost", appdirs.Single("/p"), nil)
	if want := "/bin/xpost --config-dir /p queue run"; !strings.Contains(cron[0].content, want) {
		t.Errorf("cron line %q lacks %q", cron[0].content, want)
	}
}

// TestOldLayoutLoginStillWorks: a login saved in the single directory of
// an earlier version is moved to the state directory, then into an
// account, and used: the first command after the upgrade talks to X as
// before.
func TestOldLayoutLoginStillWorks(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("the XDG layout is the one that moves state out of the config directory")
	}
	srv := fake(t, xapitest.Options{})
	// apiRunner saves the login in a single directory, as earlier
	// versions did in ~/.config/xpost: make that directory the XDG one.
	old := apiRunner(t, srv)
	home := t.TempDir()
	config := filepath.Join(home, "c")
	if err := os.Rename(old.env["XPOST_CONFIG_DIR"], filepath.Join(config, "xpost")); err != nil {
		if err := os.MkdirAll(config, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(old.env["XPOST_CONFIG_DIR"], filepath.Join(config, "xpost")); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"XDG_CONFIG_HOME": config, "XDG_STATE_HOME": filepath.Join(home, "s"), "XDG_CACHE_HOME": filepath.Join(home, "k"),
		"XPOST_API_BASE": srv.URL, "XPOST_CLIENT_ID": xapitest.DemoClientID}
	a, out, errb := dirsApp(env, home)
	if code := a.run(t.Context(), []string{"whoami"}); code != 0 {
		t.Fatalf("whoami after the upgrade: exit %d: %s", code, errb)
	}
	if !strings.Contains(out.String(), "@"+srv.DemoUser().Username) {
		t.Errorf("whoami = %q", out)
	}
	if !strings.Contains(errb.String(), "moved ") {
		t.Errorf("the move is not reported:\n%s", errb)
	}
	entries, _ := os.ReadDir(filepath.Join(config, "xpost"))
	for _, e := range entries {
		t.Errorf("%s was left in the config directory", e.Name())
	}
}

// TestOldLayoutMovedByTwoProgramsAtOnce starts several xpost processes on
// the same old layout at the same moment: every file ends in its new
// place, once, and the move is reported by exactly one of them.
func TestOldLayoutMovedByTwoProgramsAtOnce(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("the XDG layout is the one that moves state out of the config directory")
	}
	bin := xpostBinary(t)
	home := t.TempDir()
	legacy := filepath.Join(home, "c", "xpost")
	files := map[string]string{"config.json": `{}`, "usage.json": `{}`, "queue-runner.json": `{}`, "xpost.log": "log\n"}
	for i := range 20 {
		files[fmt.Sprintf("drafts/d%02d.json", i)] = fmt.Sprintf(`{"version":1,"id":"d%02d","posts":[{"text":"%d"}]}`, i, i)
	}
	for name, body := range files {
		p := filepath.Join(legacy, name)
		os.MkdirAll(filepath.Dir(p), 0o700)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "c"), "XDG_STATE_HOME="+filepath.Join(home, "s"),
		"XDG_CACHE_HOME="+filepath.Join(home, "k"), "XPOST_CONFIG_DIR=")
	const n = 4
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for range n {
		c := exec.Command(bin, "config", "path")
		c.Env = env
		var errb bytes.Buffer
		c.Stderr = &errb
		outs = append(outs, &errb)
		cmds = append(cmds, c)
	}
	for _, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("process %d: %v: %s", i, err, outs[i])
		}
	}
	reports := 0
	for _, o := range outs {
		reports += strings.Count(o.String(), "files now live where this system keeps them")
	}
	if reports < 1 {
		t.Errorf("no process reported the move")
	}
	// Several may each report a part of the move, but each file is
	// moved by one: the reports list every moved entry once in all.
	all := ""
	for _, o := range outs {
		all += o.String()
	}
	for _, name := range []string{"drafts", "usage.json", "queue-runner.json", "xpost.log"} {
		if c := strings.Count(all, name); c != 1 {
			t.Errorf("%s is reported %d times:\n%s", name, c, all)
		}
	}
	state := filepath.Join(home, "s", "xpost")
	for name, body := range files {
		where := filepath.Join(state, name)
		if name == "config.json" {
			where = filepath.Join(legacy, name)
		}
		if b, err := os.ReadFile(where); err != nil || string(b) != body {
			t.Errorf("%s: %q, %v; want %q", where, b, err, body)
		}
	}
	if entries, _ := os.ReadDir(legacy); len(entries) != 1 {
		t.Errorf("the old directory holds %d entries, want config.json alone", len(entries))
	}
}
