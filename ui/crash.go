package ui

// The last resort: a bug that panics while a message is handled or a
// frame drawn must not leave the terminal in raw mode, nor lose the
// draft. Model.Update and Model.View recover, save the draft, keep the
// panic and its stack for the program to log, and end the program the
// ordinary way, which restores the terminal. A panic elsewhere (in a
// command) is caught by Bubble Tea, which restores the terminal too; the
// autosaver has the draft by then.

import (
	"fmt"
	"runtime/debug"
	"sync"

	tea "charm.land/bubbletea/v2"
)

// Crash is a panic the composer stopped on.
type Crash struct {
	// Value is what the code panicked with, and Stack where.
	Value any
	Stack []byte
	// DraftID is the draft saved on the way out ("" when drafts are not
	// kept); DraftErr says why it could not be saved, if it could not.
	DraftID  string
	DraftErr error
}

func (c *Crash) Error() string {
	return fmt.Sprintf("the composer stopped on a bug: %v", c.Value)
}

// crashState is shared by the copies of Model through env.
type crashState struct {
	mu    sync.Mutex
	crash *Crash
	// stop ends the program from outside its loop (Options.Stop).
	stop func()
}

// Crash returns the panic the composer stopped on, or nil.
func (m Model) Crash() *Crash {
	m.env.crashed.mu.Lock()
	defer m.env.crashed.mu.Unlock()
	return m.env.crashed.crash
}

// crashedNow reports whether the composer has already stopped on a bug.
func (m Model) crashedNow() bool { return m.Crash() != nil }

// rescue is called by Update and View with what they recovered: it keeps
// the first panic as the Crash, saves the draft, and asks the program to
// end (Update also returns tea.Quit).
func (m Model) rescue(r any) {
	c := &Crash{Value: r, Stack: debug.Stack()}
	s := &m.env.crashed
	s.mu.Lock()
	first := s.crash == nil
	if first {
		s.crash = c
	}
	s.mu.Unlock()
	if !first {
		return
	}
	c.DraftID, c.DraftErr = m.saveOnCrash()
	if s.stop != nil {
		go s.stop()
	}
}

// saveOnCrash writes the draft as it is now, whatever state the rest of
// the model is in.
func (m Model) saveOnCrash() (id string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("saving it failed too: %v", r)
		}
	}()
	c := m.compose
	if c == nil || c.saver == nil || c.d == nil {
		return "", nil
	}
	c.saver.Changed(*c.d)
	err = c.closer()()
	id = c.d.ID
	if id == "" {
		id = c.saver.State().ID
	}
	return id, err
}

// crashView is what is left on screen while the program ends.
func crashView() tea.View {
	v := tea.View{AltScreen: true, WindowTitle: "xpost"}
	v.SetContent("xpost stopped on a bug; the draft is saved. Closing…")
	return v
}
