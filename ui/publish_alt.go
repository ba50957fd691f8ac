package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/ui/draft"
)

// The alt-text reminder of the publish confirmation (Options.AltText):
// under "ask", publishing a draft with an image or GIF without alt text
// asks once, y publishing anyway and a opening the media of the first
// such post with that file selected, to add its alt text; under "require" each such file is a problem
// that stops the publish, saying which key adds the text; "off" says
// nothing.

// altKeys answer "publish without alt text?".
type altKeys struct {
	Anyway, Add, Back key.Binding
}

func newAltKeys(km KeyMap) altKeys {
	return altKeys{
		Anyway: withDesc(km.Confirm, "publish anyway"),
		Add:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add alt text")),
		Back:   withDesc(km.Back, "back"),
	}
}

// altPolicy is the policy in force; the zero value asks.
func (e *env) altPolicy() draft.AltPolicy {
	if e.altText == "" {
		return draft.AltAsk
	}
	return e.altText
}

// altProblems are the problems the require policy adds: one a file.
func altProblems(e *env, d *draft.Draft) []draft.Problem {
	if e.altPolicy() != draft.AltRequire {
		return nil
	}
	var out []draft.Problem
	for _, m := range d.MissingAlt() {
		out = append(out, draft.Problem{Post: m.Post, Field: draft.FieldAlt, Message: fmt.Sprintf(
			"%s has no alt text, which this setup requires (alt_text \"require\"): %s in the composer adds it",
			m.Name(), e.keys.Media.Help().Key)})
	}
	return out
}

// askAlt starts the question when the policy asks, the draft has a file
// without alt text and this confirmation has not asked yet; it reports
// whether it asked.
func (s *publishScreen) askAlt() bool {
	if s.altAsked || s.env.altPolicy() != draft.AltAsk || len(s.d.MissingAlt()) == 0 {
		return false
	}
	s.altAsked, s.askingAlt = true, true
	return true
}

// altKey answers the question.
func (s *publishScreen) altKey(msg tea.KeyPressMsg) tea.Cmd {
	s.askingAlt = false
	switch {
	case key.Matches(msg, s.altKeys.Anyway):
		return s.go_()
	case key.Matches(msg, s.altKeys.Add):
		m := s.d.MissingAlt()[0]
		return tea.Sequence(goBack, navigate(screenMedia, openRequest{Draft: s.d.Clone(), Post: m.Post, Media: m.Media}),
			status("Add alt text to "+m.Name()+" (enter), then publish again.", levelInfo))
	}
	return status("Not published: the draft stays as it was.", levelInfo)
}

// altQuestion is the question, for the top of the confirmation.
func (s *publishScreen) altQuestion() string {
	missing := s.d.MissingAlt()
	names := make([]string, 0, len(missing))
	for _, m := range missing {
		names = append(names, m.Name())
	}
	k := s.altKeys
	return fmt.Sprintf("%s without alt text (%s): people who cannot see it will not know what it shows. Publish anyway? %s publishes · %s adds alt text · %s goes back",
		human.Count(len(missing), "image", "images"), strings.Join(names, ", "),
		k.Anyway.Help().Key, k.Add.Help().Key, k.Back.Help().Key)
}
