package ui

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
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
	saveClean    saveState = iota // nothing typed since opening
	saveDirty                     // edited, a save is pending
	saveSaving                    // being written
	saveSaved                     // on disk
	saveFailed                    // the last write failed
	saveReadOnly                  // open in another window: not saved here
)

// saveStateMsg reports progress of the autosaver.
type saveStateMsg struct {
	State saveState
	Err   error
}

// spendMsg carries what was spent today (Spender), "" for nothing.
type spendMsg struct{ Spend string }

// rateResetMsg forgets a rate limit once its window has reset, since the
// count X gave is then stale.
type rateResetMsg struct{ Rate Rate }

// statusBar is the line under every screen: a passing message on the left,
// and on the right who is posting, the limit, the save state and, once X
// has said, how many posts the rate limit still allows.
type statusBar struct {
	account string
	// login is the account's name, shown before the handle when more
	// than one account is logged in ("work · @ada"); "" otherwise.
	login string
	// spend is today's spending ("$0.45"), "" when none or unknown.
	spend   string
	text    string
	level   statusLevel
	seq     int
	save    saveState
	saveErr error
	// rates are the latest limits X reported, by Rate.Of.
	rates map[string]Rate
	// now is the clock that judges whether a reported limit has reset
	// already; tests fix it.
	now func() time.Time
	// words says counts in words (accessible mode).
	words bool
	// method counts cells as the terminal does (env.method).
	method ansi.Method
}

// statusLoginCells is the most room the account's name takes on the
// status line.
const statusLoginCells = 20

func newStatusBar() *statusBar { return &statusBar{rates: map[string]Rate{}, now: time.Now} }

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
	case spendMsg:
		s.spend = msg.Spend
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
		r := msg.Rate
		if !r.Known() || (!r.Reset.IsZero() && !r.Reset.After(s.now())) {
			return nil // nothing said, or the window is over already
		}
		s.rates[r.Of] = r
		if r.Reset.IsZero() {
			return nil
		}
		return tea.Tick(r.Reset.Sub(s.now()), func(time.Time) tea.Msg { return rateResetMsg{Rate: r} })
	case rateResetMsg:
		if s.rates[msg.Rate.Of] == msg.Rate {
			delete(s.rates, msg.Rate.Of)
		}
	}
	return nil
}

// rateViews are the limits worth showing: posting's whenever X has told
// it, any other only when it is running low.
func (s *statusBar) rateViews(st *Styles) []string {
	if len(s.rates) == 0 {
		return nil // the usual case, drawn on every keystroke
	}
	var out []string
	if r, ok := s.rates[RatePosts]; ok {
		out = append(out, rateView(st, r, s.words))
	}
	for _, of := range slices.Sorted(maps.Keys(s.rates)) {
		if r := s.rates[of]; of != RatePosts && r.low() {
			out = append(out, rateView(st, r, s.words))
		}
	}
	return out
}

// rateView says "posts left 97/100 · resets 14:05" ("97 of 100 posts
// left" in words), in the warning color when few are left and the error
// color when none are.
func rateView(st *Styles, r Rate, words bool) string {
	style := st.StatusBar
	switch {
	case r.Remaining <= 0:
		style = st.StatusError
	case r.low():
		style = st.StatusWarn
	}
	text := r.Of + " left " + strconv.Itoa(r.Remaining) + "/" + strconv.Itoa(r.Limit)
	if words {
		text = strconv.Itoa(r.Remaining) + " of " + strconv.Itoa(r.Limit) + " " + r.Of + " left"
	}
	if !r.Reset.IsZero() {
		text += " · resets " + r.Reset.Local().Format("15:04")
	}
	return style.Render(text)
}

// statusMaxLines is how many lines of its own a message too long for the
// status line may take above it.
const statusMaxLines = 3

// lines is the status bar as drawn: one line, or, when the message would
// be cut to share it, the message whole on lines of its own above a
// status line without it (at most statusMaxLines). A message says what
// happened and what to do; cut at 80 columns it kept only the first half.
func (s *statusBar) lines(st *Styles, width, limit int) string {
	line := s.view(st, width, limit)
	text := printable(s.text)
	if text == "" || strings.Contains(ansi.Strip(line), text) {
		return line
	}
	bare := *s
	bare.text = ""
	wrapped := strings.Split(wrapText(text, width, s.method), "\n")
	if len(wrapped) > statusMaxLines {
		wrapped = wrapped[:statusMaxLines]
		last := &wrapped[statusMaxLines-1]
		*last = truncate(*last+" …", width, "…", s.method)
	}
	style := st.StatusInfo
	switch s.level {
	case levelWarn:
		style = st.StatusWarn
	case levelError:
		style = st.StatusError
	}
	for i, l := range wrapped {
		wrapped[i] = style.Render(l)
	}
	return strings.Join(wrapped, "\n") + "\n" + bare.view(st, width, limit)
}

func (s *statusBar) view(st *Styles, width, limit int) string {
	var keep []string
	if s.login != "" {
		// A name is up to 64 characters: cut it so that the handle and
		// the limit keep their room at 80 columns.
		keep = append(keep, st.StatusKey.Render(truncate(printable(s.login), statusLoginCells, "…", s.method)))
	}
	if s.account != "" {
		keep = append(keep, st.StatusKey.Render("@"+s.account))
	}
	keep = append(keep, st.StatusBar.Render("limit "+strconv.Itoa(limit)))
	var extra []string
	switch s.save {
	case saveDirty:
		extra = append(extra, st.Unsaved.Render("unsaved"))
	case saveSaving:
		extra = append(extra, st.Saved.Render("saving…"))
	case saveSaved:
		extra = append(extra, st.Saved.Render("saved"))
	case saveFailed:
		extra = append(extra, st.StatusError.Render("not saved"))
	case saveReadOnly:
		extra = append(extra, st.Unsaved.Render("read-only"))
	}
	extra = append(extra, s.rateViews(st)...)
	sep := st.Faint.Render(" · ")
	m := s.method
	fit := func(parts []string) (string, int) {
		r := strings.Join(parts, sep)
		if cellWidth(r, m) > width {
			r = truncate(r, width, "…", m)
		}
		return r, cellWidth(r, m)
	}
	all := append(slices.Clone(keep), extra...)
	r, rw := fit(all)
	spent := false
	if s.spend != "" {
		// Today's spending comes after the limit, and is the first to go
		// when the line is short: the account and the limit matter more.
		with := slices.Concat(keep, []string{st.StatusBar.Render(printable(s.spend) + " today")}, extra)
		if wr := strings.Join(with, sep); cellWidth(wr, m) <= width {
			r, rw, spent = wr, cellWidth(wr, m), true
		}
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
		text := printable(s.text)
		tw := cellWidth(text, m)
		if tw > width-rw-2 && spent {
			r, rw = fit(all)
		}
		if tw > width-rw-2 && len(extra) > 0 {
			// The save state and the limits left come back once the
			// message is gone; who posts and the limit stay always, so
			// that a long message cannot hide them.
			r, rw = fit(keep)
		}
		if room := width - rw - 2; room > 1 {
			left = style.Render(truncate(text, room, "…", m))
		}
	}
	gap := max(0, width-cellWidth(left, m)-rw)
	return left + strings.Repeat(" ", gap) + r
}
