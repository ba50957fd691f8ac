package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"

	"github.com/xpostdev/xpost/ui/internal/textedit"
)

// palette is the handful of colors every style is built from. Each entry is
// chosen for the background the terminal reports, so the composer stays calm
// and legible on dark and light themes alike.
type palette struct {
	fg      color.Color // body text
	subtle  color.Color // secondary text: hints, counters at rest
	faint   color.Color // borders of unfocused cards, separators
	accent  color.Color // focus, the app's own voice
	ok      color.Color // saved, done
	warn    color.Color // close to a limit
	bad     color.Color // over a limit, failures
	badBg   color.Color // background of text past the limit
	badFg   color.Color // text on badBg
	badgeBg color.Color // background of badges such as "demo"
}

func newPalette(dark bool) palette {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return palette{
		fg:      ld(c("#1F1F24"), c("#E6E6EA")),
		subtle:  ld(c("#6B6B76"), c("#9A9AA6")),
		faint:   ld(c("#C9C9D1"), c("#45454F")),
		accent:  ld(c("#6B50FF"), c("#8F7BFF")),
		ok:      ld(c("#1E8A4C"), c("#5FD38D")),
		warn:    ld(c("#A15C00"), c("#F2B84B")),
		bad:     ld(c("#C4262E"), c("#FF6B72")),
		badBg:   ld(c("#FFD6D8"), c("#6E1F26")),
		badFg:   ld(c("#7A0F16"), c("#FFE3E5")),
		badgeBg: ld(c("#FFE8B0"), c("#5C4300")),
	}
}

// Styles is the one set of styles every screen draws with. It is rebuilt
// whole when the terminal reports its background, so no screen keeps colors
// of its own.
type Styles struct {
	Dark bool

	// Frame.
	Title   lipgloss.Style // the app name in the header
	Header  lipgloss.Style // the header line
	Badge   lipgloss.Style // "demo" and similar markers
	Subtle  lipgloss.Style // secondary text
	Faint   lipgloss.Style // tertiary text, separators
	Accent  lipgloss.Style // the app's own voice
	Error   lipgloss.Style // an error message
	Warning lipgloss.Style // a warning message
	Success lipgloss.Style // a success message
	Muted   lipgloss.Style // same as Subtle
	OK      lipgloss.Style // same as Success
	Warn    lipgloss.Style // same as Warning
	// Selected marks the chosen row of a list.
	Selected lipgloss.Style

	// Compose cards.
	Card        lipgloss.Style // an unfocused post
	CardFocused lipgloss.Style // the post being edited
	CardTitle   lipgloss.Style // "1/3" above each post
	// CardTitleFocused is the title of the post being edited: bold, so
	// it stands out where the border's colour does not (NO_COLOR).
	CardTitleFocused lipgloss.Style
	Counter          lipgloss.Style // "123/280" at rest
	CounterWarn      lipgloss.Style // close to the limit
	CounterBad       lipgloss.Style // past the limit
	Overflow         lipgloss.Style // the text that does not fit: underlined too, so NO_COLOR still marks it
	Attachment       lipgloss.Style // media and poll summaries under a post
	Placeholder      lipgloss.Style // an empty post's hint
	Cursor           lipgloss.Style // the cell under the editor's cursor: plain, the terminal's own cursor is there

	// Status bar.
	StatusBar   lipgloss.Style
	StatusKey   lipgloss.Style // labels such as the @handle
	StatusInfo  lipgloss.Style
	StatusWarn  lipgloss.Style
	StatusError lipgloss.Style
	Saved       lipgloss.Style
	Unsaved     lipgloss.Style

	// Help is handed to bubbles/help.
	Help help.Styles

	p palette
}

// NewStyles builds the styles for a dark or a light terminal background.
func NewStyles(dark bool) Styles {
	p := newPalette(dark)
	s := Styles{Dark: dark, p: p}
	base := lipgloss.NewStyle().Foreground(p.fg)

	s.Title = lipgloss.NewStyle().Foreground(p.accent).Bold(true)
	s.Header = lipgloss.NewStyle().Foreground(p.subtle)
	s.Badge = lipgloss.NewStyle().Foreground(p.warn).Background(p.badgeBg).Padding(0, 1).Bold(true)
	s.Subtle = lipgloss.NewStyle().Foreground(p.subtle)
	s.Faint = lipgloss.NewStyle().Foreground(p.faint)
	s.Accent = lipgloss.NewStyle().Foreground(p.accent)
	s.Error = lipgloss.NewStyle().Foreground(p.bad)
	s.Warning = lipgloss.NewStyle().Foreground(p.warn)
	s.Success = lipgloss.NewStyle().Foreground(p.ok)
	s.Muted, s.OK, s.Warn = s.Subtle, s.Success, s.Warning
	s.Selected = lipgloss.NewStyle().Foreground(p.accent).Bold(true)

	s.Card = base.Border(lipgloss.RoundedBorder()).BorderForeground(p.faint).Padding(0, 1)
	s.CardFocused = s.Card.BorderForeground(p.accent)
	s.CardTitle = lipgloss.NewStyle().Foreground(p.subtle)
	s.CardTitleFocused = lipgloss.NewStyle().Foreground(p.accent).Bold(true)
	s.Counter = lipgloss.NewStyle().Foreground(p.subtle)
	s.CounterWarn = lipgloss.NewStyle().Foreground(p.warn).Bold(true)
	s.CounterBad = lipgloss.NewStyle().Foreground(p.bad).Bold(true)
	s.Overflow = lipgloss.NewStyle().Foreground(p.badFg).Background(p.badBg).Underline(true)
	s.Attachment = lipgloss.NewStyle().Foreground(p.subtle)
	s.Placeholder = lipgloss.NewStyle().Foreground(p.faint).Italic(true)
	// The terminal's cursor marks the insertion point (View's Cursor),
	// which input methods and screen readers follow; a drawn one would
	// be a second cursor.
	s.Cursor = lipgloss.NewStyle()

	s.StatusBar = lipgloss.NewStyle().Foreground(p.subtle)
	s.StatusKey = lipgloss.NewStyle().Foreground(p.accent)
	s.StatusInfo = lipgloss.NewStyle().Foreground(p.fg)
	s.StatusWarn = lipgloss.NewStyle().Foreground(p.warn)
	s.StatusError = lipgloss.NewStyle().Foreground(p.bad).Bold(true)
	s.Saved = lipgloss.NewStyle().Foreground(p.subtle)
	s.Unsaved = lipgloss.NewStyle().Foreground(p.warn)

	s.Help = help.DefaultStyles(dark)
	s.Help.ShortKey = lipgloss.NewStyle().Foreground(p.subtle)
	s.Help.FullKey = s.Help.ShortKey
	s.Help.ShortDesc = lipgloss.NewStyle().Foreground(p.faint)
	if !dark {
		s.Help.ShortDesc = lipgloss.NewStyle().Foreground(p.subtle)
	}
	s.Help.FullDesc = s.Help.ShortDesc
	return s
}

// textField is what the editor draws with.
func (s *Styles) textField() *textedit.Styles {
	return &textedit.Styles{Cursor: s.Cursor, Overflow: s.Overflow, Faint: s.Faint}
}
