package ui

// Accessible mode (Options.Accessible): the composer drawn for screen
// readers and braille displays, as Charm's huh draws its forms in its
// accessible mode. Nothing moves on its own (no spinner, no progress bar,
// no blinking cursor), nothing is drawn with box-drawing lines, marks
// become words, confirmations are plain questions ("Publish 3 posts?
// [y/N]") and counts are said in words ("post 2 of 5, 140 of 280
// characters").
//
// The screens that matter most draw themselves for it (the compose cards,
// the publish confirmation and progress, the login's wait); plainFrame is
// the last step of every frame and turns whatever box drawing or mark is
// left, on any screen, into plain characters, so no screen can slip one
// through.

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// markWords replaces the marks of icons.go with words, or with nothing
// where the word that follows a mark already says what it is ("▣ image",
// "↩ replying to"). The longer patterns come first.
var markWords = strings.NewReplacer(
	iconReply+" replying", "replying",
	iconQuote+" quoting", "quoting",
	iconReply+" ", "reply: ",
	iconQuote+" ", "quote: ",
	iconImage+" ", "",
	iconVideo+" ", "",
	iconPoll+" ", "",
	iconEdit+" ", "",
	iconDone+" ", "",
	iconProblem+" ", "problem: ",
	iconReply, "reply",
	iconQuote, "quote",
	iconImage, "image",
	iconVideo, "video",
	iconPoll, "poll",
	iconEdit, "edit",
	iconDone, "done",
	iconProblem, "problem",
	// The marker of the chosen row of a list, and a drawn text cursor.
	"▌ ", "> ",
	"▌", ">",
	"▏", "",
)

// plainFrame is s with the marks said in words and every box-drawing or
// block character drawn as a plain one: a line as "-", an edge as "|", a
// corner or a junction as "+", a block as "#".
func plainFrame(s string) string {
	s = markWords.Replace(s)
	if !hasDrawing(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case !isDrawing(r):
			b.WriteRune(r)
		case strings.ContainsRune("─━┄┅┈┉╌╍═╴╶╸╺╼╾", r):
			b.WriteByte('-')
		case strings.ContainsRune("│┃┆┇┊┋╎╏║╵╷╹╻╽╿", r):
			b.WriteByte('|')
		case r >= 0x2580:
			b.WriteByte('#')
		default:
			b.WriteByte('+')
		}
	}
	return b.String()
}

// isDrawing reports whether r is a box-drawing or a block character.
func isDrawing(r rune) bool { return r >= 0x2500 && r <= 0x259f }

func hasDrawing(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isDrawing(r) {
			return true
		}
		i += n
	}
	return false
}

// chosenRow is the line of body that starts with the mark of a list's
// chosen row (▌), or -1: where accessible mode puts the cursor when no
// field takes text, so that a screen reader reads the row as the
// selection moves.
func chosenRow(body string) int {
	i := 0
	for line := range strings.Lines(body) {
		if strings.HasPrefix(ansi.Strip(line), "▌") {
			return i
		}
		i++
	}
	return -1
}

// yesNo is a yes-or-no question and the line under it: "y deletes · any
// other key keeps it"; in accessible mode the question ends with [y/N],
// which says it all, and there is no line under it.
func (e *env) yesNo(q string, yes key.Binding, does string) (question, hint string) {
	if e.accessible {
		return q + " [y/N]", ""
	}
	return q, yes.Help().Key + " " + does + " · any other key keeps it"
}

// counter is a count against a limit as a field's counter shows it:
// "12/25", or "12 of 25 characters" in accessible mode (over the limit
// too, "30 of 25 characters, 5 over").
func (e *env) counter(n, limit int, pad bool) string {
	if e.accessible {
		return charactersOf(n, limit)
	}
	if pad {
		return fmt.Sprintf("%2d/%d", n, limit)
	}
	return strconv.Itoa(n) + "/" + strconv.Itoa(limit)
}

// postOf says which post of how many, in words: "post 2 of 5".
func postOf(i, n int) string {
	return "post " + strconv.Itoa(i+1) + " of " + strconv.Itoa(n)
}

// charactersOf says a count against the limit in words: "140 of 280
// characters", and how far over when past it.
func charactersOf(n, limit int) string {
	s := strconv.Itoa(n) + " of " + strconv.Itoa(limit) + " characters"
	if n > limit {
		s += ", " + strconv.Itoa(n-limit) + " over"
	}
	return s
}

// capitalized is s with its first letter in upper case.
func capitalized(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
