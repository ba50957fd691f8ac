package ui

import (
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// statusLevel says how a status message is drawn and how long it stays.
type statusLevel int

// Status levels, from calm to alarming.
const (
	levelInfo statusLevel = iota
	levelWarn
	levelError
)

// How long a status message stays before it clears itself. Errors stay
// longer: they say what to do, and that takes reading.
const (
	statusInfoTTL  = 4 * time.Second
	statusErrorTTL = 8 * time.Second
)

// statusMsg shows a message in the status bar until it clears itself.
type statusMsg struct {
	Text  string
	Level statusLevel
}

// status returns a Cmd that shows text in the status bar.
func status(text string, level statusLevel) tea.Cmd {
	return emit(statusMsg{Text: text, Level: level})
}

// clearStatusMsg clears message Seq, unless a newer one replaced it.
type clearStatusMsg struct{ Seq int }

// saveState is where the draft stands against the disk.
type saveState int

// Save states, as the status bar shows them.
const (
	saveClean  saveState = iota // nothing typed since opening
	saveDirty                   // edited, a save is pending
	saveSaving                  // being written
	saveSaved                   // on disk
	saveFailed                  // the last write failed
)

// saveStateMsg reports progress of the autosaver.
type saveStateMsg struct {
	State saveState
	Err   error
}

// statusBar is the line under every screen: a passing message on the left,
// and on the right who is posting, the limit, the save state and, once X
// has said, how many posts the rate limit still allows.
type statusBar struct {
	account string
	text    string
	level   statusLevel
	seq     int
	save    saveState
	saveErr error
	rate    *rateLimitMsg
}

func newStatusBar() *statusBar { return &statusBar{} }

func (s *statusBar) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case statusMsg:
		s.seq++
		s.text, s.level = msg.Text, msg.Level
		ttl := statusInfoTTL
		if msg.Level == levelError {
			ttl = statusErrorTTL
		}
		seq := s.seq
		return tea.Tick(ttl, func(time.Time) tea.Msg { return clearStatusMsg{Seq: seq} })
	case clearStatusMsg:
		if msg.Seq == s.seq {
			s.text = ""
		}
	case saveStateMsg:
		s.save, s.saveErr = msg.State, msg.Err
		if msg.State == saveFailed && msg.Err != nil {
			return status("could not save the draft: "+msg.Err.Error(), levelError)
		}
	case rateLimitMsg:
		r := msg
		s.rate = &r
	}
	return nil
}

func (s *statusBar) view(st *Styles, width, limit int) string {
	var right []string
	if s.account != "" {
		right = append(right, st.StatusKey.Render("@"+s.account))
	}
	right = append(right, st.StatusBar.Render("limit "+strconv.Itoa(limit)))
	switch s.save {
	case saveDirty:
		right = append(right, st.Unsaved.Render("unsaved"))
	case saveSaving:
		right = append(right, st.Saved.Render("saving…"))
	case saveSaved:
		right = append(right, st.Saved.Render("saved"))
	case saveFailed:
		right = append(right, st.StatusError.Render("not saved"))
	}
	if s.rate != nil {
		right = append(right, st.StatusBar.Render(strconv.Itoa(s.rate.Remaining)+" posts left"))
	}
	sep := st.Faint.Render(" · ")
	r := strings.Join(right, sep)
	rw := lipgloss.Width(r)
	if rw > width {
		r = ansi.Truncate(r, width, "…")
		rw = lipgloss.Width(r)
	}

	left := ""
	if s.text != "" {
		style := st.StatusInfo
		switch s.level {
		case levelWarn:
			style = st.StatusWarn
		case levelError:
			style = st.StatusError
		}
		room := width - rw - 2
		if lipgloss.Width(s.text) > room {
			// A message is short-lived and says something that matters
			// now: it takes the whole line rather than lose its end.
			r, rw, room = "", 0, width
		}
		if room > 1 {
			left = style.Render(ansi.Truncate(s.text, room, "…"))
		}
	}
	gap := max(0, width-lipgloss.Width(left)-rw)
	return left + strings.Repeat(" ", gap) + r
}
