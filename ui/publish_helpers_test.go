package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui/draft"
)

// screenW and screenH are the body of an 80×24 terminal: the root draws a
// header, a status line and a help line around the screen.
const (
	screenW = 80
	screenH = 21
)

// fakeNow is the tests' clock: a day after the fake's first post.
func fakeNow() time.Time { return fakeEpoch.Add(26 * time.Hour) }

// testEnv is the shared state screens get from the root, with a draft
// store in a temporary directory.
func testEnv(t *testing.T, svc Services) *env {
	t.Helper()
	return &env{
		svc:    svc,
		store:  &draft.Store{Dir: t.TempDir()},
		styles: NewStyles(true),
		keys:   DefaultKeyMap(),
		ctx:    t.Context(),
	}
}

// cmdPump runs commands and everything they batch or sequence, each on its
// own goroutine, and delivers every message on out. Commands that wait on
// timers (cursor blink, spinner) just deliver late.
type cmdPump struct{ out chan tea.Msg }

// newCmdPump starts a pump running cmd.
func newCmdPump(cmd tea.Cmd) *cmdPump {
	p := &cmdPump{out: make(chan tea.Msg, 256)}
	p.run(cmd)
	return p
}

// run adds c, the follow-up of a handled message, to the pump.
func (p *cmdPump) run(c tea.Cmd) {
	if c == nil {
		return
	}
	go func() {
		msg := c()
		if cmds, ok := subCmds(msg); ok {
			for _, sc := range cmds {
				p.run(sc)
			}
			return
		}
		if msg != nil {
			p.out <- msg
		}
	}()
}

// cmdMsgs runs cmd on a pump and returns the channel of its messages.
func cmdMsgs(cmd tea.Cmd) <-chan tea.Msg { return newCmdPump(cmd).out }

// subCmds unpacks tea.BatchMsg and Bubble Tea's unexported sequence message.
func subCmds(msg tea.Msg) ([]tea.Cmd, bool) {
	if b, ok := msg.(tea.BatchMsg); ok {
		return b, true
	}
	v := reflect.ValueOf(msg)
	cmdType := reflect.TypeFor[tea.Cmd]()
	if v.Kind() != reflect.Slice || v.Type().Elem() != cmdType {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

// expectMsg runs cmd and returns the first message of type T it produces,
// failing when none comes within 3 s of the test's fake clock. Call it
// inside synctest.Test.
func expectMsg[T any](t *testing.T, cmd tea.Cmd) T {
	t.Helper()
	inBubble()
	var zero T
	if cmd == nil {
		t.Fatalf("no command; want a %T", zero)
	}
	ch := cmdMsgs(cmd)
	timeout := time.After(3 * time.Second)
	var seen []string
	for {
		select {
		case m := <-ch:
			if v, ok := m.(T); ok {
				return v
			}
			seen = append(seen, reflect.TypeOf(m).String())
		case <-timeout:
			t.Fatalf("no %T from the command; saw %v", zero, seen)
			return zero
		}
	}
}

// expectFrom returns the next message of type T on ch, which cmdMsgs
// made, skipping others: for commands whose messages come one by one.
func expectFrom[T any](t *testing.T, ch <-chan tea.Msg) T {
	t.Helper()
	inBubble()
	timeout := time.After(3 * time.Second)
	for {
		select {
		case m := <-ch:
			if v, ok := m.(T); ok {
				return v
			}
		case <-timeout:
			var zero T
			t.Fatalf("no %T", zero)
			return zero
		}
	}
}

// bubble runs f in a synctest bubble (see inBubble). When f is done the
// fake clock runs a day on, so that the timers its commands left behind
// (cursor blink, status clear) fire and their goroutines end: synctest
// stops the clock when the test function returns and fails the test if a
// goroutine is still waiting then.
func bubble(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		t.Cleanup(func() { time.Sleep(24 * time.Hour) })
		f(t)
	})
}

// inBubble stops a helper that waits for messages against a clock (the
// expect*, firstMsg and noMsg helpers, drain, pumpRates, pumpThen) unless it
// runs inside synctest.Test. There the clock is fake and moves only once
// every goroutine of the test waits, so "nothing within 300 ms" means that
// nothing the commands can do without a timer produced it, and a 3 s limit
// is reached only when nothing else can happen, however busy the machine;
// on the real clock both would be guesses. synctest.Wait panics outside a
// bubble; the panic says what to do.
func inBubble() {
	defer func() {
		if r := recover(); r != nil {
			panic(fmt.Sprintf("%v: run the test's body in bubble(t, func(t *testing.T) { ... })", r))
		}
	}()
	synctest.Wait()
}

// firstMsg returns the first message of type T that cmd produces within
// 300 ms of the test's fake clock, if any. Call it inside synctest.Test.
func firstMsg[T any](cmd tea.Cmd) (T, bool) {
	inBubble()
	var zero T
	if cmd == nil {
		return zero, false
	}
	ch := cmdMsgs(cmd)
	timeout := time.After(300 * time.Millisecond)
	for {
		select {
		case m := <-ch:
			if v, ok := m.(T); ok {
				return v, true
			}
		case <-timeout:
			return zero, false
		}
	}
}

// noMsg checks that cmd produces no message of type T within 100 ms of the
// test's fake clock. Call it inside synctest.Test.
func noMsg[T any](t *testing.T, cmd tea.Cmd) {
	t.Helper()
	inBubble()
	if cmd == nil {
		return
	}
	ch := cmdMsgs(cmd)
	timeout := time.After(100 * time.Millisecond)
	for {
		select {
		case m := <-ch:
			if _, ok := m.(T); ok {
				t.Fatalf("unexpected %T: %+v", m, m)
			}
		case <-timeout:
			return
		}
	}
}

// send hands msgs to s in order and returns the last command.
func send(s screen, msgs ...tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	for _, m := range msgs {
		_, cmd = s.Update(m)
	}
	return cmd
}

// typeInto types text into s, one key per character.
func typeInto(s screen, text string) {
	for _, r := range text {
		s.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// applyEdit runs the editDraftMsg that cmd produces on d.
func applyEdit(t *testing.T, cmd tea.Cmd, d *draft.Draft) editDraftMsg {
	t.Helper()
	m := expectMsg[editDraftMsg](t, cmd)
	if err := m.Apply(d); err != nil {
		t.Fatalf("apply: %v", err)
	}
	return m
}

// frame renders s as the root does: exactly w×h cells, without colors.
func frame(s screen, w, h int) string {
	body := s.View(w, h)
	body = lipgloss.NewStyle().Width(w).Height(h).MaxHeight(h).MaxWidth(w).Render(body)
	lines := strings.Split(ansi.Strip(body), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n") + "\n"
}

// checkFrame checks that every line of s fits in w cells.
func checkFrame(t *testing.T, s string, w, h int) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if len(lines) != h {
		t.Errorf("frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, lw, w, l)
		}
	}
}

// golden compares got with testdata/name.golden, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui -run %s -update to create it)", err, t.Name())
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs from the golden file (-want +got):\n%s", name, diff)
	}
}

// goldenFrame renders s at 80×24 and compares it with its golden file.
func goldenFrame(t *testing.T, name string, s screen) {
	t.Helper()
	got := frame(s, screenW, screenH)
	checkFrame(t, got, screenW, screenH)
	golden(t, name, got)
}

// TestScreensResize draws every screen at several sizes, with wide
// characters and emoji in the content: no line may be wider than the
// terminal.
func TestScreensResize(t *testing.T) {
	t.Parallel()
	wide := "日本語のテキスト 👩‍👩‍👧‍👦🇯🇵 and a long run of words that will not fit on one narrow line at all"
	svc := mediaFake().addPosts(4)
	svc.posts[0].Text = wide
	d := testThread()
	d.Posts[0].Text = wide
	d.Posts[1].Poll.Options[0] = "日本語のオプション"
	screens := []struct {
		name string
		make func(t *testing.T) screen
	}{
		{name: "poll", make: func(t *testing.T) screen { s, _ := newTestPoll(t, d.Posts[1].Poll); return s }},
		{name: "settings", make: func(t *testing.T) screen {
			s := newTestSettings(t, svc, d)
			s.err = wide
			return s
		}},
		{name: "media list", make: func(t *testing.T) screen { return newTestMedia(t, svc, d) }},
		{name: "media picker", make: func(t *testing.T) screen { return newTestMedia(t, svc, draft.New()) }},
		{name: "publish", make: func(t *testing.T) screen { s, _ := newTestPublish(t, svc, d); return s }},
		{name: "recent", make: func(t *testing.T) screen { s, _ := newTestRecent(t, svc); return s }},
		{name: "drafts", make: func(t *testing.T) screen {
			e := testEnv(t, svc)
			seedDrafts(t, e.store)
			return newTestDrafts(t, e, "")
		}},
		{name: "login", make: func(t *testing.T) screen { return newLoginScreen(testEnv(t, svc)) }},
		{name: "queue", make: func(t *testing.T) screen { return newTestQueue(t, testEnv(t, svc), wide) }},
		{name: "schedule", make: func(t *testing.T) screen {
			s, _ := newScheduleScreenFor(testEnv(t, svc), openRequest{Draft: d})
			typeInto(s, "2027-10-31 02:30")
			return s
		}},
	}
	// The subtests share svc and d, which screens may change: they run one
	// after another.
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			bubble(t, func(t *testing.T) {
				s := sc.make(t)
				for _, size := range [][2]int{{80, 21}, {40, 12}, {60, 30}, {132, 40}, {80, 21}} {
					raw := strings.TrimSuffix(frameRaw(s, size[0], size[1]), "\n")
					for i, l := range strings.Split(raw, "\n") {
						if lw := lipgloss.Width(l); lw > size[0] {
							t.Errorf("at %dx%d line %d is %d cells wide", size[0], size[1], i+1, lw)
						}
					}
					if n := lipgloss.Height(raw); n > size[1] {
						t.Errorf("at %dx%d the view has %d lines", size[0], size[1], n)
					}
					if t.Failed() {
						t.Fatalf("at %dx%d:\n%s", size[0], size[1], frameRaw(s, size[0], size[1]))
					}
				}
			})
		})
	}
}

// frameRaw is the screen's own view, before the root clips it.
func frameRaw(s screen, w, h int) string { return ansi.Strip(s.View(w, h)) }
