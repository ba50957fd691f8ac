package termimg

import "strings"

// Protocol is a terminal image protocol, or None.
type Protocol int

// The protocols termimg writes.
const (
	None   Protocol = iota
	Kitty           // kitty graphics protocol (kitty, Ghostty, WezTerm)
	ITerm2          // iTerm2 inline images (iTerm2, WezTerm)
	Sixel           // DEC sixel graphics (foot, mlterm, xterm -ti vt340, …)
)

// String names the protocol as settings and messages spell it.
func (p Protocol) String() string {
	switch p {
	case Kitty:
		return "kitty"
	case ITerm2:
		return "iterm2"
	case Sixel:
		return "sixel"
	}
	return "off"
}

// Parse reads a protocol as String writes it ("off", "none", "0" and
// "false" are None); ok is false for anything else.
func Parse(s string) (Protocol, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "kitty":
		return Kitty, true
	case "iterm2", "iterm":
		return ITerm2, true
	case "sixel":
		return Sixel, true
	case "off", "none", "0", "false", "no":
		return None, true
	}
	return None, false
}

// MayAsk reports whether the terminal may be asked whether it draws sixel
// graphics (its primary device attributes, DA1, list 4): the environment
// named no protocol, did not turn thumbnails off, and no multiplexer sits
// between (tmux answers for itself). Detect is asked first.
func MayAsk(getenv func(string) string) bool {
	term := getenv("TERM")
	muxed := getenv("TMUX") != "" || strings.HasPrefix(term, "tmux") || strings.HasPrefix(term, "screen") || getenv("TERM_PROGRAM") == "tmux"
	return !muxed && getenv("XPOST_THUMBNAILS") == ""
}

// SixelInDA1 reports whether a terminal's primary device attributes list
// sixel graphics (4).
func SixelInDA1(attrs []int) bool {
	for i, a := range attrs {
		if i > 0 && a == 4 { // the first is the terminal's class
			return true
		}
	}
	return false
}

// Detect finds the protocol of the terminal from its environment (getenv
// is os.Getenv in the program): KITTY_WINDOW_ID, TERM and TERM_PROGRAM
// (LC_TERMINAL, which iTerm2 passes through SSH). XPOST_THUMBNAILS
// overrides it: a protocol's name forces it, "off" turns thumbnails off.
// Inside tmux or screen nothing is drawn, since the multiplexer would
// swallow or misplace the picture, unless XPOST_THUMBNAILS names the
// protocol (tmux with allow-passthrough on): the sequences are then
// wrapped for passthrough. Unknown terminals get None.
func Detect(getenv func(string) string) (p Protocol, passthrough bool) {
	term, program := getenv("TERM"), getenv("TERM_PROGRAM")
	muxed := getenv("TMUX") != "" || strings.HasPrefix(term, "tmux") || strings.HasPrefix(term, "screen") || program == "tmux"
	if forced, ok := Parse(getenv("XPOST_THUMBNAILS")); ok && getenv("XPOST_THUMBNAILS") != "" {
		return forced, muxed && forced != None
	}
	if muxed {
		return None, false
	}
	switch {
	case getenv("KITTY_WINDOW_ID") != "" || term == "xterm-kitty" || program == "ghostty" || term == "xterm-ghostty":
		return Kitty, false
	case program == "iTerm.app" || program == "WezTerm" || getenv("LC_TERMINAL") == "iTerm2":
		return ITerm2, false
	case strings.Contains(term, "sixel") || strings.HasPrefix(term, "foot") || program == "mlterm" || term == "mlterm":
		return Sixel, false
	}
	return None, false
}
