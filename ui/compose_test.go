package ui

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/internal/grapheme"
	"github.com/xpostdev/xpost/ui/draft"
)

// press is a key press as Bubble Tea delivers it for keystroke s
// ("a", "ctrl+o", "alt+up", "enter", ...).
func press(s string) tea.KeyPressMsg {
	var k tea.Key
	parts := strings.Split(s, "+")
	name := parts[len(parts)-1]
	for _, mod := range parts[:len(parts)-1] {
		switch mod {
		case "ctrl":
			k.Mod |= tea.ModCtrl
		case "alt":
			k.Mod |= tea.ModAlt
		case "shift":
			k.Mod |= tea.ModShift
		}
	}
	if code, ok := keyNames[name]; ok {
		k.Code = code
	} else {
		r := []rune(name)
		k.Code = r[0]
		if k.Mod == 0 {
			k.Text = name
		}
	}
	return tea.KeyPressMsg(k)
}

var keyNames = map[string]rune{
	"enter": tea.KeyEnter, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
	"delete": tea.KeyDelete, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
	"left": tea.KeyLeft, "right": tea.KeyRight, "home": tea.KeyHome, "end": tea.KeyEnd,
	"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "space": tea.KeySpace, "f1": tea.KeyF1,
}

// typeText sends s as typed characters, one cluster per key as terminals do.
func typeText(m tea.Model, s string) tea.Model {
	for _, r := range s {
		if r == '\n' {
			m, _ = m.Update(press("enter"))
			continue
		}
		m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

// drain runs cmd and feeds what it returns back into m, as the program
// would, until nothing is left. Cmds that do not answer within 200 ms of
// the test's fake clock (timers, such as the one that clears the status, and
// the autosaver's listener) are dropped. Call it inside synctest.Test.
func drain(t testing.TB, m tea.Model, cmd tea.Cmd) tea.Model {
	t.Helper()
	inBubble()
	queue := []tea.Cmd{cmd}
	for n := 0; len(queue) > 0 && n < 100; n++ {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		ch := make(chan tea.Msg, 1)
		go func() { ch <- c() }()
		var msg tea.Msg
		select {
		case msg = <-ch:
		case <-time.After(200 * time.Millisecond):
			continue
		}
		if msg == nil {
			continue
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
			// tea.Batch and tea.Sequence: run the parts in order.
			parts := make([]tea.Cmd, v.Len())
			for i := range parts {
				parts[i] = v.Index(i).Interface().(tea.Cmd)
			}
			queue = append(parts, queue...)
			continue
		}
		var next tea.Cmd
		m, next = m.Update(msg)
		queue = append(queue, next)
	}
	return m
}

func screenText(m tea.Model) string {
	return ansi.Strip(m.View().Content)
}

func TestPressMatchesKeyStrings(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"a", "ctrl+o", "alt+up", "enter", "shift+tab", "ctrl+c", "alt+enter", "?"} {
		if got := press(s).String(); got != s {
			t.Errorf("press(%q).String() = %q", s, got)
		}
	}
}

// newTestModel is the composer at 80×24 with the fake services, its
// account already known.
func newTestModel(t testing.TB, opts Options) Model {
	t.Helper()
	if opts.Dark == nil {
		dark := true
		opts.Dark = &dark
	}
	m := New(newFakeServices(), opts)
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	tm, _ = tm.Update(accountMsg{Account: Account{ID: "42", Username: "ada", Limit: 280}})
	t.Cleanup(func() { closeCompose(t, tm.(Model)) })
	return tm.(Model)
}

// closeCompose ends m's compose screen as quitting does, so the autosaver
// stops; it first reports one more change so that the autosaver's last save
// sends a report, which wakes the command waiting for reports (Init's
// waitSave). In a synctest bubble no goroutine may be left waiting when the
// test ends; newTestModel registers it with t.Cleanup.
func closeCompose(t testing.TB, m Model) {
	t.Helper()
	c := m.compose
	if c.saver == nil {
		return
	}
	c.saver.Changed(*c.d)
	if err := c.closer()(); err != nil {
		t.Errorf("closing the compose screen: %v", err)
	}
}

// step is one thing the user does: type text or press a key.
type step struct {
	typ   string // typed text
	key   string // a keystroke such as "ctrl+o"
	paste string // pasted text
}

func typed(s string) step { return step{typ: s} }
func keys(ks ...string) []step {
	out := make([]step, len(ks))
	for i, k := range ks {
		out[i] = step{key: k}
	}
	return out
}

func run(m Model, steps ...[]step) Model {
	var tm tea.Model = m
	for _, ss := range steps {
		for _, s := range ss {
			if s.key != "" {
				tm, _ = tm.Update(press(s.key))
			} else if s.paste != "" {
				tm, _ = tm.Update(tea.PasteMsg{Content: s.paste})
			} else {
				tm = typeText(tm, s.typ)
			}
		}
	}
	return tm.(Model)
}

func texts(m Model) []string {
	var out []string
	for _, p := range m.compose.d.Posts {
		out = append(out, p.Text)
	}
	return out
}

func TestComposeThreadEditing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		steps     [][]step
		want      []string
		wantFocus int
		wantCur   int // byte offset of the cursor in the focused post; -1 skips
	}{
		{
			name:  "split at the cursor",
			steps: [][]step{{typed("hello world")}, keys("left", "left", "left", "left", "left", "ctrl+o")},
			want:  []string{"hello", "world"}, wantFocus: 1, wantCur: 0,
		},
		{
			name:  "split with alt+enter",
			steps: [][]step{{typed("one two")}, keys("alt+b", "alt+enter")},
			want:  []string{"one", "two"}, wantFocus: 1, wantCur: 0,
		},
		{
			name:  "join with the next post",
			steps: [][]step{{typed("hello world")}, keys("left", "left", "left", "left", "left", "ctrl+o", "shift+tab", "alt+j")},
			want:  []string{"hello\n\nworld"}, wantFocus: 0, wantCur: len("hello\n\n"),
		},
		{
			name:  "add a post after the focused one",
			steps: [][]step{{typed("a")}, keys("ctrl+n"), {typed("c")}, keys("shift+tab", "ctrl+n"), {typed("b")}},
			want:  []string{"a", "b", "c"}, wantFocus: 1, wantCur: 1,
		},
		{
			name:  "move a post up and down",
			steps: [][]step{{typed("a")}, keys("ctrl+n"), {typed("b")}, keys("ctrl+n"), {typed("c")}, keys("alt+up", "alt+up")},
			want:  []string{"c", "a", "b"}, wantFocus: 0, wantCur: 1,
		},
		{
			name:  "move down stops at the end",
			steps: [][]step{{typed("a")}, keys("ctrl+n"), {typed("b")}, keys("shift+tab", "alt+down", "alt+down")},
			want:  []string{"b", "a"}, wantFocus: 1, wantCur: -1,
		},
		{
			name:  "delete a post and undo",
			steps: [][]step{{typed("a")}, keys("ctrl+n"), {typed("b")}, keys("ctrl+n"), {typed("c")}, keys("shift+tab", "ctrl+x")},
			want:  []string{"a", "c"}, wantFocus: 1, wantCur: -1,
		},
		{
			name:  "undo brings a deleted post back in place",
			steps: [][]step{{typed("a")}, keys("ctrl+n"), {typed("b")}, keys("ctrl+n"), {typed("c")}, keys("shift+tab", "ctrl+x", "ctrl+z")},
			// The cursor is back where it was when the post was deleted.
			want: []string{"a", "b", "c"}, wantFocus: 1, wantCur: 0,
		},
		{
			name:  "deleting the only post empties it; undo restores it",
			steps: [][]step{{typed("only")}, keys("ctrl+x", "ctrl+z")},
			want:  []string{"only"}, wantFocus: 0, wantCur: 4,
		},
		{
			name:  "tab and shift+tab cycle the focus",
			steps: [][]step{{typed("a")}, keys("ctrl+n"), {typed("b")}, keys("tab")},
			want:  []string{"a", "b"}, wantFocus: 0, wantCur: 0,
		},
		{
			name:  "up on the first line goes to the post above",
			steps: [][]step{{typed("first")}, keys("ctrl+n"), {typed("second")}, keys("up")},
			want:  []string{"first", "second"}, wantFocus: 0, wantCur: 5,
		},
		{
			name:  "down on the last line goes to the post below",
			steps: [][]step{{typed("first")}, keys("ctrl+n"), {typed("second")}, keys("ctrl+up", "down")},
			want:  []string{"first", "second"}, wantFocus: 1, wantCur: 0,
		},
		{
			name:  "backspace in an empty post removes it",
			steps: [][]step{{typed("a")}, keys("ctrl+n", "backspace")},
			want:  []string{"a"}, wantFocus: 0, wantCur: 1,
		},
		{
			name:  "enter is a line break, not a new post",
			steps: [][]step{{typed("a")}, keys("enter"), {typed("b")}},
			want:  []string{"a\nb"}, wantFocus: 0, wantCur: 3,
		},
		{
			name:  "word and line deletion",
			steps: [][]step{{typed("one two three")}, keys("ctrl+w", "home", "ctrl+k")},
			want:  []string{""}, wantFocus: 0, wantCur: 0,
		},
		{
			name:  "paste inserts at the cursor",
			steps: [][]step{{typed("ac")}, keys("left")},
			want:  []string{"ac"}, wantFocus: 0, wantCur: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := run(newTestModel(t, Options{}), tt.steps...)
			if diff := cmp.Diff(tt.want, texts(m)); diff != "" {
				t.Errorf("posts (-want +got):\n%s", diff)
			}
			if m.compose.focus != tt.wantFocus {
				t.Errorf("focus = %d, want %d", m.compose.focus, tt.wantFocus)
			}
			if tt.wantCur >= 0 && m.compose.ed.Cursor() != tt.wantCur {
				t.Errorf("cursor = %d, want %d", m.compose.ed.Cursor(), tt.wantCur)
			}
			if m.compose.ed.Text() != m.compose.d.Posts[m.compose.focus].Text {
				t.Errorf("editor holds %q, the draft %q", m.compose.ed.Text(), m.compose.d.Posts[m.compose.focus].Text)
			}
		})
	}
}

func TestComposePaste(t *testing.T) {
	t.Parallel()
	m := run(newTestModel(t, Options{}), []step{typed("ad")}, keys("left"))
	tm, _ := tea.Model(m).Update(tea.PasteMsg{Content: "b\r\nc\t"})
	m = tm.(Model)
	if got, want := texts(m), []string{"ab\nc d"}; !cmp.Equal(got, want) {
		t.Errorf("posts = %q, want %q", got, want)
	}
}

// The cursor and deletions move by grapheme cluster: a family emoji (7
// code points), a flag (2) and e + combining acute (2) are one step each.
func TestComposeGraphemes(t *testing.T) {
	t.Parallel()
	const (
		family = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466"
		flag   = "\U0001F1FA\U0001F1F8"
		eAcute = "e\u0301"
	)
	tests := []struct {
		name    string
		steps   [][]step
		want    string
		wantCur int
	}{
		{"backspace deletes a whole family", [][]step{{typed("x" + family)}, keys("backspace")}, "x", 1},
		{"backspace deletes a whole flag", [][]step{{typed("x" + flag)}, keys("backspace")}, "x", 1},
		{"backspace deletes e and its accent", [][]step{{typed("x" + eAcute)}, keys("backspace")}, "x", 1},
		{"left steps over a family", [][]step{{typed("x" + family)}, keys("left")}, "x" + family, 1},
		{"left steps over a flag", [][]step{{typed(flag + flag)}, keys("left")}, flag + flag, len(flag)},
		{"left steps over e and its accent", [][]step{{typed("x" + eAcute)}, keys("left")}, "x" + eAcute, 1},
		{"right steps over a family", [][]step{{typed(family + "y")}, keys("home", "right")}, family + "y", len(family)},
		{"delete removes the cluster after the cursor", [][]step{{typed(eAcute + flag)}, keys("home", "delete")}, flag, 0},
		{"delete removes a family", [][]step{{typed("a" + family + "b")}, keys("home", "right", "delete")}, "ab", 1},
		{
			"split never cuts a flag",
			[][]step{{typed("a " + flag + flag + " b")}, keys("left", "left", "left", "ctrl+o")},
			flag + " b", 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := run(newTestModel(t, Options{}), tt.steps...)
			c := m.compose
			if got := c.d.Posts[c.focus].Text; got != tt.want {
				t.Errorf("text = %+q, want %+q", got, tt.want)
			}
			if c.ed.Cursor() != tt.wantCur {
				t.Errorf("cursor = %d, want %d", c.ed.Cursor(), tt.wantCur)
			}
			for i, p := range c.d.Posts {
				if !grapheme.IsBoundary(p.Text, 0) || strings.ToValidUTF8(p.Text, "?") != p.Text {
					t.Errorf("post %d is not valid text: %+q", i, p.Text)
				}
			}
		})
	}
}

// A terminal may deliver the code points of a flag one key at a time; they
// still end up one cluster, and one backspace removes it.
func TestComposeFlagTypedRuneByRune(t *testing.T) {
	t.Parallel()
	var tm tea.Model = newTestModel(t, Options{})
	for _, r := range "\U0001F1FA\U0001F1F8" {
		tm, _ = tm.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	tm, _ = tm.Update(press("left"))
	m := tm.(Model)
	if m.compose.ed.Cursor() != 0 {
		t.Fatalf("cursor = %d after left over a flag, want 0", m.compose.ed.Cursor())
	}
	tm, _ = tm.Update(press("end"))
	tm, _ = tm.Update(press("backspace"))
	if got := texts(tm.(Model)); got[0] != "" {
		t.Errorf("text = %+q after one backspace, want empty", got[0])
	}
}

func TestComposeNumberingCounts(t *testing.T) {
	t.Parallel()
	m := run(newTestModel(t, Options{}), []step{typed("a")}, keys("ctrl+n"), []step{typed("b")})
	if got := m.compose.count(0).WeightedLength; got != 1 {
		t.Fatalf("count without numbering = %d, want 1", got)
	}
	m = run(m, keys("alt+n"))
	if !m.compose.d.Numbering {
		t.Fatal("alt+n did not turn numbering on")
	}
	if got := m.compose.count(0).WeightedLength; got != len("a 1/2") {
		t.Errorf("count with numbering = %d, want %d", got, len("a 1/2"))
	}
	if out := screenText(m); !strings.Contains(out, "a 1/2") || !strings.Contains(out, "5/280") {
		t.Errorf("the numbered post is not shown with its number and count:\n%s", out)
	}
	m = run(m, keys("alt+n"))
	if m.compose.d.Numbering || m.compose.count(0).WeightedLength != 1 {
		t.Errorf("alt+n again did not turn numbering off")
	}
}

func TestComposeCounterLevels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		text  string
		limit int
		want  statusLevel
		shown string
	}{
		{"calm", strings.Repeat("a", 100), 280, levelInfo, "100/280"},
		{"warning within 20", strings.Repeat("a", 260), 280, levelWarn, "260/280"},
		{"at the limit", strings.Repeat("a", 280), 280, levelWarn, "280/280"},
		{"past the limit", strings.Repeat("a", 300), 280, levelError, "300/280 · 20 over"},
		{"premium limit", strings.Repeat("a", 300), 25000, levelInfo, "300/25000"},
		{"empty", "", 280, levelInfo, "0/280"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := newTestModel(t, Options{Limit: tt.limit})
			m = run(m, []step{typed(tt.text)})
			res := m.compose.count(0)
			if got := counterLevel(res, tt.limit, tt.text); got != tt.want {
				t.Errorf("level = %d, want %d (count %d)", got, tt.want, res.WeightedLength)
			}
			if out := screenText(m); !strings.Contains(out, tt.shown) {
				t.Errorf("view does not show %q:\n%s", tt.shown, out)
			}
		})
	}
}

// The text past the limit is drawn with the overflow style, in the focused
// card and in the others, and only that text.
func TestComposeOverflowHighlight(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, Options{Limit: 10})
	m = run(m, []step{typed("hello world!")})
	st := m.env.styles
	want := st.Overflow.Render("d!")
	if out := m.View().Content; !strings.Contains(out, want) {
		t.Errorf("focused card does not mark %q as overflow:\n%q", "d!", out)
	}
	m = run(m, keys("ctrl+n"))
	out := m.View().Content
	if !strings.Contains(out, want) {
		t.Errorf("unfocused card does not mark %q as overflow:\n%q", "d!", out)
	}
	if strings.Contains(out, st.Overflow.Render("ld!")) || strings.Contains(out, st.Overflow.Render("hello")) {
		t.Errorf("more than the overflow is marked:\n%q", out)
	}
}

func TestComposeLimitFollowsAccount(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, Options{})
	var tm tea.Model = m
	tm, _ = tm.Update(accountMsg{Account: Account{Username: "grace", Limit: 25000}})
	m = run(tm.(Model), []step{typed(strings.Repeat("a", 300))})
	out := screenText(m)
	if !strings.Contains(out, "300/25000") || !strings.Contains(out, "@grace") || !strings.Contains(out, "limit 25000") {
		t.Errorf("premium limit not applied:\n%s", out)
	}
	m = newTestModel(t, Options{Limit: 500})
	tm, _ = tea.Model(m).Update(accountMsg{Account: Account{Username: "grace", Limit: 25000}})
	m = run(tm.(Model), []step{typed("a")})
	if out := screenText(m); !strings.Contains(out, "1/500") {
		t.Errorf("Options.Limit does not override the account:\n%s", out)
	}
}

// Every line of the screen is exactly as wide as the terminal, whatever
// the text holds, at every size.
func TestComposeLayoutFitsTheTerminal(t *testing.T) {
	t.Parallel()
	text := "漢字かな交じり文 🇯🇵👨‍👩‍👧‍👦 e\u0301 " + strings.Repeat("wide 全角 ", 40)
	for _, method := range []ansi.Method{ansi.WcWidth, ansi.GraphemeWidth} {
		for _, size := range [][2]int{{80, 24}, {120, 40}, {40, 12}, {24, 8}} {
			m := newTestModel(t, Options{})
			var tm tea.Model = m
			if method == ansi.GraphemeWidth {
				tm, _ = tm.Update(tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeReset})
			}
			m = run(tm.(Model), []step{typed(text)}, keys("ctrl+n"), []step{typed(text)}, keys("alt+b", "alt+b"))
			tm, _ = tea.Model(m).Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			lines := strings.Split(screenText(tm), "\n")
			if len(lines) != size[1] {
				t.Errorf("%v %dx%d: %d lines", method, size[0], size[1], len(lines))
			}
			for i, l := range lines {
				if w := method.StringWidth(l); w != size[0] {
					t.Errorf("%v %dx%d: line %d is %d wide: %q", method, size[0], size[1], i, w, l)
				}
			}
		}
	}
}

// The focused card stays on screen however long the thread is.
func TestComposeScrollsToTheFocusedPost(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, Options{})
	for i := range 12 {
		if i > 0 {
			m = run(m, keys("ctrl+n"))
		}
		m = run(m, []step{typed("post " + string(rune('A'+i)))})
	}
	if out := screenText(m); !strings.Contains(out, "post L") || !strings.Contains(out, "12/12") {
		t.Errorf("last post not in view:\n%s", out)
	}
	m = run(m, keys("tab"))
	if out := screenText(m); !strings.Contains(out, "post A") || strings.Contains(out, "post L") {
		t.Errorf("first post not in view after wrapping around:\n%s", out)
	}
}

// A post taller than the screen scrolls inside its card to keep the cursor
// in view.
func TestComposeLongPostKeepsCursorInView(t *testing.T) {
	t.Parallel()
	var lines []string
	for i := range 60 {
		lines = append(lines, "line "+strings.Repeat("x", i%7)+string(rune('a'+i%26)))
	}
	m := newTestModel(t, Options{Limit: 25000})
	m = run(m, []step{typed(strings.Join(lines, "\n"))})
	if out := screenText(m); !strings.Contains(out, lines[59]) {
		t.Errorf("the end of the post, where the cursor is, is not shown:\n%s", out)
	}
	m = run(m, keys("ctrl+home"))
	if out := screenText(m); !strings.Contains(out, lines[0]) || strings.Contains(out, lines[59]) {
		t.Errorf("the start of the post is not shown after ctrl+home:\n%s", out)
	}
}

func TestComposeKeysFollowState(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, Options{})
	k := &m.env.keys
	if k.Join.Enabled() || k.MoveUp.Enabled() || k.Undo.Enabled() || k.Publish.Enabled() || k.Editor.Enabled() {
		t.Error("join, move, undo, publish or editor enabled on an empty draft without an editor")
	}
	m = run(m, []step{typed("a")}, keys("ctrl+n"))
	if !k.MoveUp.Enabled() || k.MoveDown.Enabled() || k.Join.Enabled() || !k.Publish.Enabled() {
		t.Error("bindings on the last of two posts are wrong")
	}
	if help := ansi.Strip(m.helpView(200)); strings.Contains(help, "join next") || !strings.Contains(help, "publish") {
		t.Errorf("help offers a disabled key or misses an enabled one: %q", help)
	}
}

func TestComposeHelpToggles(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, Options{})
	m = run(m, []step{typed("?")})
	if texts(m)[0] != "?" || m.fullHelp {
		t.Fatalf("? did not type into the post")
	}
	m = run(m, keys("ctrl+g"))
	if !m.fullHelp || !strings.Contains(screenText(m), "reply/quote") {
		t.Fatalf("ctrl+g did not open the full help:\n%s", screenText(m))
	}
	m = run(m, keys("esc"))
	if m.fullHelp {
		t.Error("esc did not close the help")
	}
}

func TestStatusClearsItself(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, Options{})
	var tm tea.Model = m
	tm, cmd := tm.Update(statusMsg{Text: "first", Level: levelInfo})
	if cmd == nil {
		t.Fatal("no timer to clear the status")
	}
	tm, _ = tm.Update(statusMsg{Text: "second", Level: levelError})
	tm, _ = tm.Update(clearStatusMsg{Seq: 1})
	if !strings.Contains(screenText(tm), "second") {
		t.Error("an old timer cleared a newer message")
	}
	tm, _ = tm.Update(clearStatusMsg{Seq: 2})
	if strings.Contains(screenText(tm), "second") {
		t.Error("the message did not clear")
	}
}

func TestNotLoggedInOpensLogin(t *testing.T) {
	t.Parallel()
	m := New(newFakeServices(), Options{})
	tm, _ := tea.Model(m).Update(accountMsg{Err: ErrNotLoggedIn})
	m = tm.(Model)
	if len(m.stack) != 2 {
		t.Fatalf("no login screen opened (stack %d)", len(m.stack))
	}
	tm, _ = tm.Update(backMsg{})
	if len(tm.(Model).stack) != 1 {
		t.Error("back did not return to the composer")
	}
}

func TestScreensReturnResults(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		m := newTestModel(t, Options{})
		m = run(m, []step{typed("post")})
		tm, cmd := tea.Model(m).Update(press("alt+s"))
		m = drain(t, tm, cmd).(Model)
		if len(m.stack) != 2 {
			t.Fatalf("alt+s opened no screen")
		}
		tm, _ = tea.Model(m).Update(editDraftMsg{Apply: func(d *draft.Draft) error {
			d.Posts[0].Media = append(d.Posts[0].Media, draft.Media{Path: "/tmp/cat.png", Kind: draft.KindImage, Alt: "a cat"})
			return nil
		}})
		m = tm.(Model)
		if len(m.stack) != 1 {
			t.Error("a result did not close the screen")
		}
		if out := screenText(m); !strings.Contains(out, "image cat.png · alt: a cat") {
			t.Errorf("attached media not shown:\n%s", out)
		}
		if m.env.keys.Poll.Enabled() {
			t.Error("poll offered on a post with media")
		}
	})
}

// The external editor gets the whole thread as a thread file and its
// result replaces the posts, one undo step from the thread before; a
// failing editor or a file that does not read back leaves the thread alone,
// keeps the file, and the key opens that file again.
func TestComposeEditorCommands(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		dir := t.TempDir()
		script := filepath.Join(dir, "ed.sh")
		if err := os.WriteFile(script, []byte("#!/bin/sh\nprintf 'edited: ' > \"$1.new\"; cat \"$1\" >> \"$1.new\"; printf -- '---\\nthird\\n' >> \"$1.new\"; mv \"$1.new\" \"$1\"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		m := newTestModel(t, Options{Editor: []string{script}})
		m = run(m, []step{typed("draft text")}, keys("ctrl+n"), []step{typed("second")})
		ready := m.compose.openEditor()().(editorReadyMsg)
		if ready.err != nil {
			t.Fatal(ready.err)
		}
		b, err := os.ReadFile(ready.path)
		if err != nil || string(b) != "draft text\n\n---\n\nsecond\n" {
			t.Fatalf("temp file holds %q, %v", b, err)
		}
		if err := editorCommand(m.env.editor, ready.path).Run(); err != nil {
			t.Fatal(err)
		}
		out, _ := os.ReadFile(ready.path)
		tm, _ := tea.Model(m).Update(editorDoneMsg{path: ready.path, data: out})
		if diff := cmp.Diff([]string{"edited: draft text", "second", "third"}, texts(tm.(Model))); diff != "" {
			t.Errorf("posts after the editor (-want +got):\n%s", diff)
		}
		if _, err := os.Stat(ready.path); !os.IsNotExist(err) {
			t.Errorf("the temp file outlived a good read: %v", err)
		}
		tm, _ = tm.Update(press("ctrl+z"))
		if diff := cmp.Diff([]string{"draft text", "second"}, texts(tm.(Model))); diff != "" {
			t.Errorf("undo after the editor (-want +got):\n%s", diff)
		}

		// A file that does not read back: kept, named, reopened.
		bad := filepath.Join(dir, "bad.thread.md")
		data := []byte("ok\n- [ ] only one option\n")
		if err := os.WriteFile(bad, data, 0o600); err != nil {
			t.Fatal(err)
		}
		tm, cmd := tm.Update(editorDoneMsg{path: bad, data: data})
		msg := cmdStatus(cmd)
		if !strings.Contains(msg, "line 2 (“- [ ] only one option”)") || !strings.Contains(msg, bad) || !strings.Contains(msg, "alt+e reopens your edit") {
			t.Errorf("the message %q does not say the line, its text and where the file is", msg)
		}
		if diff := cmp.Diff([]string{"draft text", "second"}, texts(tm.(Model))); diff != "" {
			t.Errorf("a bad file changed the thread (-want +got):\n%s", diff)
		}
		if got, err := os.ReadFile(bad); err != nil || string(got) != string(data) {
			t.Errorf("the edited file was not kept: %q, %v", got, err)
		}
		if again := tm.(Model).compose.openEditor()().(editorReadyMsg); again.path != bad {
			t.Errorf("the key opens %q, not the kept file %q", again.path, bad)
		}

		tm, cmd = tm.Update(editorDoneMsg{path: bad, err: os.ErrPermission})
		tm = drain(t, tm, cmd)
		if got := texts(tm.(Model)); got[0] != "draft text" || !strings.Contains(screenText(tm), "the editor failed") {
			t.Errorf("a failed editor changed the post or said nothing: %q\n%s", got[0], screenText(tm))
		}
	})
}

// ctrl+e is the end of the line, as in emacs and readline; the external
// editor is alt+e.
func TestComposeCtrlEIsLineEnd(t *testing.T) {
	t.Parallel()
	m := run(newTestModel(t, Options{Editor: []string{"/bin/false"}}), []step{typed("one two")}, keys("home", "ctrl+e"))
	if m.compose.ed.Cursor() != len("one two") {
		t.Errorf("cursor at %d after ctrl+e, want the line end", m.compose.ed.Cursor())
	}
}

// The media key on a post with a poll, and the poll key on a post with
// media, say why they cannot act instead of doing nothing.
func TestComposeDisabledKeysAnswer(t *testing.T) {
	t.Parallel()
	d := draft.New()
	d.Posts = []draft.Post{
		{Text: "poll", Poll: &draft.Poll{Options: []string{"a", "b"}, Duration: 24 * time.Hour}},
		{Text: "pic", Media: []draft.Media{{Path: "/p.png", Kind: draft.KindImage}}},
	}
	m := newTestModel(t, Options{Draft: d})
	_, cmd := tea.Model(m).Update(press("alt+m"))
	if got := cmdStatus(cmd); !strings.Contains(got, "post 1 has a poll") {
		t.Errorf("alt+m on a poll says %q", got)
	}
	m = run(m, keys("tab"))
	_, cmd = tea.Model(m).Update(press("alt+p"))
	if got := cmdStatus(cmd); !strings.Contains(got, "post 2 has media") {
		t.Errorf("alt+p on media says %q", got)
	}
}

// A post X has already cannot be typed into, pasted into, or given media
// or a poll: the key says why instead of changing a text that would never
// reach X.
func TestComposeRefusesEditingPublished(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		msg  tea.Msg
	}{
		{name: "typing", msg: press("x")},
		{name: "backspace", msg: press("backspace")},
		{name: "enter", msg: press("enter")},
		{name: "paste", msg: tea.PasteMsg{Content: "more"}},
		{name: "media key", msg: press("alt+m")},
		{name: "poll key", msg: press("alt+p")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := draft.New()
			d.Posts = []draft.Post{{Text: "out there"}, {Text: "not yet"}}
			d.RecordPost(0, "1000")
			m := newTestModel(t, Options{Draft: d})
			tm, cmd := tea.Model(m).Update(tt.msg)
			if got := cmdStatus(cmd); !strings.Contains(got, "post 1 is already published (1000)") {
				t.Errorf("the key says %q", got)
			}
			if got := tm.(Model).compose.d.Posts[0]; got.Text != "out there" || got.Media != nil || got.Poll != nil {
				t.Errorf("the published post changed: %+v", got)
			}
		})
	}
	// The post after it can still be typed into.
	d := draft.New()
	d.Posts = []draft.Post{{Text: "out there"}, {Text: "not yet"}}
	d.RecordPost(0, "1000")
	m := run(newTestModel(t, Options{Draft: d}), keys("tab"))
	tm, _ := tea.Model(m).Update(press("x"))
	if got := tm.(Model).compose.d.Posts[1].Text; !strings.Contains(got, "x") {
		t.Errorf("the unpublished post did not take the key: %q", got)
	}
}
