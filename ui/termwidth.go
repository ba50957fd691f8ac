package ui

// How the terminal counts cells, learnt at start.
//
// Terminals disagree on the width of emoji sequences: one that segments
// graphemes (and says so with mode 2027) draws 🧑‍💻 in 2 cells, one that
// counts code points draws it in 4, and tmux joins a ZWJ sequence into 2
// cells while keeping 👍🏽 at 4 and 🏳️‍🌈 at 1. Bubble Tea's renderer places
// cells by one of two rules, code points (ansi.WcWidth, its default) or
// graphemes (once the terminal reports mode 2027), and the composer must
// measure as the renderer places and as the terminal draws, or card edges
// move and cuts miss. So at start the composer draws a few sample clusters
// on the last line, asks where the cursor ended after each (CSI 6 n), and
// derives the rule from the answers; Bubble Tea reads the answers
// (tea.CursorPositionMsg) like any other input. A terminal that reports
// mode 2027 needs no probe: grapheme widths it is.

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// widthRule is how the terminal advances the cursor over text, and so how
// the frame is measured, cut and written.
type widthRule struct {
	// method is how cells are counted, and how the renderer places them.
	method ansi.Method
	// splitJoins leaves the zero width joiners out of the frame: the
	// terminal counts code points except that it draws a ZWJ sequence
	// as one narrow glyph (tmux). Without the joiner it draws each part,
	// as wide as method counts it.
	splitJoins bool
	// splitVS16 leaves the emoji variation selector out too, for a
	// terminal that widens ❤️ although it counts code points.
	splitVS16 bool
}

// probeSamples are the clusters drawn to learn the rule: a skin tone, a
// ZWJ sequence, a flag, an emoji variation selector, a keycap, and a ZWJ
// sequence with a variation selector.
var probeSamples = []string{"👍🏽", "🧑\u200d💻", "🇺🇸", "❤\ufe0f", "1\ufe0f\u20e3", "🏳\ufe0f\u200d🌈"}

// withoutJoins is s without zero width joiners (and without emoji
// variation selectors when vs16).
func withoutJoins(s string, vs16 bool) string {
	s = strings.ReplaceAll(s, "\u200d", "")
	if vs16 {
		s = strings.ReplaceAll(s, "\ufe0f", "")
	}
	return s
}

// probeStrings are what the probe draws, in order: each sample, then the
// forms the split rules would send, each once.
func probeStrings() []string {
	out := append([]string(nil), probeSamples...)
	seen := map[string]bool{}
	for _, s := range out {
		seen[s] = true
	}
	for _, vs16 := range []bool{false, true} {
		for _, s := range probeSamples {
			if t := withoutJoins(s, vs16); !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

// probeSequence draws each probe string at the start of the last line and
// asks for the cursor's position after it, then erases the line and puts
// the cursor back. The answers come back in order; the column of each is
// the width of its string.
func probeSequence(strs []string) string {
	var b strings.Builder
	b.WriteString(ansi.SaveCursor)
	b.WriteString(ansi.CursorPosition(1, 9999))
	for _, s := range strs {
		b.WriteString("\r" + ansi.EraseEntireLine + s + ansi.RequestCursorPositionReport)
	}
	b.WriteString("\r" + ansi.EraseEntireLine + ansi.RestoreCursor)
	return b.String()
}

// deriveRule returns the rule that explains the terminal's widths (the
// cells each of probeStrings() took, in order). Of the rules the renderer
// can follow, the one that gets the most samples right wins; on a tie the
// earlier in the list, code points first as Bubble Tea's default.
func deriveRule(widths []int) widthRule {
	strs := probeStrings()
	if len(widths) < len(strs) {
		return widthRule{}
	}
	drawn := make(map[string]int, len(strs))
	for i, s := range strs {
		drawn[s] = widths[i]
	}
	candidates := []widthRule{
		{method: ansi.WcWidth},
		{method: ansi.GraphemeWidth},
		{method: ansi.WcWidth, splitJoins: true},
		{method: ansi.WcWidth, splitJoins: true, splitVS16: true},
	}
	best, bestScore := candidates[0], -1
	for _, r := range candidates {
		score := 0
		for _, s := range probeSamples {
			sent := s
			if r.splitJoins {
				sent = withoutJoins(s, r.splitVS16)
			}
			if drawn[sent] == r.method.StringWidth(sent) {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = r, score
		}
	}
	return best
}

// probeTimeout is how long the composer waits for the answers; a terminal
// that does not answer keeps the default rule.
const probeTimeout = 700 * time.Millisecond

// widthProbe is the state of the measurement, shared by the copies of
// Model through env.
type widthProbe struct {
	// running is set while answers are awaited.
	running bool
	// widths are the answers so far.
	widths []int
	// announced is set once the terminal reported mode 2027, whose
	// answer outranks the probe's.
	announced bool
}

// probeDoneMsg ends the wait for the probe's answers.
type probeDoneMsg struct{}

// startProbe returns the Cmd that draws the probe and bounds the wait.
func (p *widthProbe) start() tea.Cmd {
	p.running = true
	p.widths = p.widths[:0]
	return tea.Batch(
		tea.Raw(probeSequence(probeStrings())),
		tea.Tick(probeTimeout, func(time.Time) tea.Msg { return probeDoneMsg{} }),
	)
}

// answer records the cursor's column after one probe string and reports
// whether all the answers are in.
func (p *widthProbe) answer(msg tea.CursorPositionMsg) bool {
	if !p.running {
		return false
	}
	p.widths = append(p.widths, msg.X)
	return len(p.widths) == len(probeStrings())
}
