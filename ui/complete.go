package ui

// Completion of mentions and hashtags in the composer. Typing "@" and a
// letter or more offers the accounts the user mentioned or replied to
// before; "#" and a letter, the hashtags they used. Everything comes from
// what the composer has already: the drafts on disk (read once, in the
// background, at start), the posts the recent list loaded, the posts it
// named as replied to or quoted, and the thread being written. Nothing is
// asked of X. While suggestions show, tab or enter takes the highlighted
// one, ↑/↓ move the highlight and esc dismisses them until the word
// changes; the help line shows them. Options.NoCompletion turns it off.

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/xapi/rules"
)

// maxSuggestions is how many suggestions show at once.
const maxSuggestions = 5

// vocabulary is the handles and hashtags the user wrote or met, each
// with how often; safe for the background load and the screens.
type vocabulary struct {
	mu      sync.Mutex
	handles map[string]vocabWord // by lower case
	tags    map[string]vocabWord
	// once are the texts addTextOnce added.
	once map[string]bool
}

// vocabWord is one handle or hashtag as first written, and how often.
type vocabWord struct {
	text string
	n    int
}

func newVocabulary() *vocabulary {
	return &vocabulary{handles: map[string]vocabWord{}, tags: map[string]vocabWord{}}
}

// addText notes the mentions and hashtags of a text.
func (v *vocabulary) addText(text string) {
	if v == nil || text == "" {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, h := range rules.Mentions(text) {
		add(v.handles, h)
	}
	for _, t := range rules.Hashtags(text) {
		add(v.tags, t)
	}
}

// addHandle notes an account met another way (the author of a post
// replied to or quoted).
func (v *vocabulary) addHandle(h string) {
	h = strings.TrimPrefix(h, "@")
	if v == nil || h == "" {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	add(v.handles, h)
}

func add(m map[string]vocabWord, w string) {
	k := strings.ToLower(w)
	e := m[k]
	if e.text == "" {
		e.text = w
	}
	e.n++
	m[k] = e
}

// suggest is the words of the sigil's kind ('@' or '#') that start with
// prefix, ignoring case, and are longer than it: the most used first.
func (v *vocabulary) suggest(sigil rune, prefix string) []string {
	if v == nil {
		return nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	m := v.handles
	if sigil == '#' {
		m = v.tags
	}
	p := strings.ToLower(prefix)
	var found []vocabWord
	for k, w := range m {
		if strings.HasPrefix(k, p) && len(k) > len(p) {
			found = append(found, w)
		}
	}
	slices.SortFunc(found, func(a, b vocabWord) int {
		return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(strings.ToLower(a.text), strings.ToLower(b.text)))
	})
	out := make([]string, 0, min(len(found), maxSuggestions))
	for _, w := range found[:min(len(found), maxSuggestions)] {
		out = append(out, w.text)
	}
	return out
}

// wordAt finds the mention or hashtag being typed: the "@name" or "#tag"
// that ends at byte offset cur of text, with at least one character after
// its sigil. It returns the sigil, where the word starts (at the sigil)
// and what follows the sigil.
func wordAt(text string, cur int) (sigil rune, from int, prefix string, ok bool) {
	if cur <= 0 || cur > len(text) {
		return 0, 0, "", false
	}
	i := cur
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		if r == '@' || r == '#' || r == '＠' || r == '＃' {
			if i == cur {
				return 0, 0, "", false // nothing typed after the sigil yet
			}
			if i-n > 0 {
				if p, _ := utf8.DecodeLastRuneInString(text[:i-n]); p == '_' || unicode.IsLetter(p) || unicode.IsDigit(p) {
					return 0, 0, "", false // inside a word: an address, not a mention
				}
			}
			s := '@'
			if r == '#' || r == '＃' {
				s = '#'
			}
			word := text[i:cur]
			if s == '@' && strings.TrimFunc(word, func(r rune) bool { return r < utf8.RuneSelf && (r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) }) != "" {
				return 0, 0, "", false // handles are ASCII
			}
			return s, i - n, word, true
		}
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.M, r) {
			return 0, 0, "", false
		}
		i -= n
	}
	return 0, 0, "", false
}

// completion is the suggestions on offer, shared by the copies of Model.
type completion struct {
	items []string
	sel   int
	sigil rune
	from  int    // byte offset of the sigil in the focused post
	word  string // what was typed after the sigil
	// dismissed is the word esc dismissed, at its post and offset: no
	// suggestions for it until it changes.
	dismissed string
	keys      completeKeys
}

// completeKeys answer the suggestions.
type completeKeys struct {
	Accept, Dismiss, Up, Down key.Binding
}

func newCompleteKeys(km KeyMap) completeKeys {
	accept := km.NextTab
	accept.SetKeys("tab", "enter")
	accept.SetHelp("tab", "complete")
	up, down := km.LineUp, km.LineDown
	up.SetHelp("↑/↓", "choose")
	return completeKeys{Accept: accept, Dismiss: withDesc(km.Back, "dismiss"), Up: up, Down: down}
}

// active reports whether suggestions show.
func (c *completion) active() bool { return c != nil && len(c.items) > 0 }

// refresh looks at the word before the cursor of the focused post and
// offers what the vocabulary (and the rest of the thread) has for it.
func (m Model) refreshCompletion() {
	c := m.comp
	c.items = nil
	if m.env.noCompletion || m.top() != screen(m.compose) || m.fullHelp {
		return
	}
	cs := m.compose
	if cs.ed == nil || cs.readOnly {
		return
	}
	text, cur := cs.ed.Text(), cs.ed.Cursor()
	sigil, from, word, ok := wordAt(text, cur)
	if !ok {
		c.dismissed = ""
		return
	}
	c.sigil, c.from, c.word = sigil, from, word
	if c.wordKey(cs.focus) == c.dismissed {
		return
	}
	c.dismissed = ""
	// What the rest of the thread mentions counts too.
	for i, p := range cs.d.Posts {
		if i != cs.focus {
			m.env.vocab.addTextOnce(p.Text)
		}
	}
	c.items = m.env.vocab.suggest(sigil, word)
	c.sel = 0
}

// isCompleteKey reports whether msg is one of the suggestions' keys;
// every other key types on, and the suggestions follow the word.
func (m Model) isCompleteKey(msg tea.KeyPressMsg) bool {
	k := &m.comp.keys
	return key.Matches(msg, k.Accept, k.Dismiss, k.Up, k.Down)
}

// completeKey handles one of the suggestions' keys.
func (m Model) completeKey(msg tea.KeyPressMsg) tea.Cmd {
	c := m.comp
	k := c.keys
	switch {
	case key.Matches(msg, k.Accept):
		pick := c.items[c.sel]
		cmd := m.compose.completeWith(c.from, c.from+len(string(c.sigil))+len(c.word), string(c.sigil)+pick+" ")
		c.items = nil
		return cmd
	case key.Matches(msg, k.Dismiss):
		c.dismissed = c.wordKey(m.compose.focus)
		c.items = nil
	case key.Matches(msg, k.Up):
		c.sel = (c.sel + len(c.items) - 1) % len(c.items)
	case key.Matches(msg, k.Down):
		c.sel = (c.sel + 1) % len(c.items)
	}
	return nil
}

// wordKey names the word on offer in post: what esc dismisses.
func (c *completion) wordKey(post int) string {
	return fmt.Sprintf("%d:%d:%c%s", post, c.from, c.sigil, c.word)
}

// completeLine is the help line while suggestions show:
// "@alice  @alan  @albert · tab complete · ↑/↓ choose · esc dismiss".
func (m Model) completeLine(width int) string {
	c := m.comp
	st := &m.env.styles
	var b strings.Builder
	for i, it := range c.items {
		if i > 0 {
			b.WriteString("  ")
		}
		w := string(c.sigil) + it
		if i == c.sel {
			b.WriteString(st.Accent.Render("[" + w + "]"))
		} else {
			b.WriteString(st.Subtle.Render(w))
		}
	}
	h := *m.help
	h.SetWidth(0)
	keys := []key.Binding{c.keys.Accept, c.keys.Dismiss}
	if len(c.items) > 1 {
		keys = []key.Binding{c.keys.Accept, c.keys.Up, c.keys.Dismiss}
	}
	return fitWidth(b.String()+"  "+h.ShortHelpView(keys), width, m.env.method)
}

// completeWith replaces the bytes from..to of the focused post with s, as
// one step of undo, as a paste is.
func (c *composeScreen) completeWith(from, to int, s string) tea.Cmd {
	if cmd := c.refusePublished(); cmd != nil {
		return cmd
	}
	c.hist.seal()
	c.ed.Replace(from, to, s)
	c.recordEdit(editAlone)
	return c.edited()
}

// addTextOnce adds text unless it was added before.
func (v *vocabulary) addTextOnce(text string) {
	if v == nil || text == "" {
		return
	}
	v.mu.Lock()
	if v.once == nil {
		v.once = map[string]bool{}
	}
	done := v.once[text]
	v.once[text] = true
	v.mu.Unlock()
	if !done {
		v.addText(text)
	}
}

// vocabMsg carries the texts of the drafts on disk, read at start.
type vocabMsg struct{ texts []string }

// maxVocabDrafts bounds how many drafts, newest first, are read for
// the vocabulary.
const maxVocabDrafts = 200

// loadVocabulary reads the drafts on disk for their mentions and
// hashtags, in the background; nil when drafts are not kept or
// completion is off.
func (e *env) loadVocabulary() tea.Cmd {
	store := draftStore(e)
	if store == nil || e.noCompletion {
		return nil
	}
	return func() tea.Msg {
		list, _ := store.List() // what could not be read has no words
		var texts []string
		for _, s := range list[:min(len(list), maxVocabDrafts)] {
			d, err := store.Load(s.ID)
			if err != nil {
				continue
			}
			for _, p := range d.Posts {
				texts = append(texts, p.Text)
			}
		}
		return vocabMsg{texts: texts}
	}
}
