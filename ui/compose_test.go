package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
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

func TestSmoke(t *testing.T) {
	t.Parallel()
	var m tea.Model = New(newFakeServices(), Options{DraftDir: t.TempDir()})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m = typeText(m, "hello world")
	m, _ = m.Update(press("ctrl+o"))
	out := screenText(m)
	t.Log("\n" + out)
}
