package ui

// The external editor: the focused post goes out to $VISUAL or $EDITOR in a
// temporary file and comes back as the post's text.

import (
	"os"
	"os/exec"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/ui/internal/textedit"
)

// editorReadyMsg carries the temp file the external editor opens.
type editorReadyMsg struct {
	post int
	path string
	err  error
}

// editorDoneMsg carries what the external editor left in the file.
type editorDoneMsg struct {
	post int
	text string
	err  error
}

// openEditor writes the focused post to a temp file for $EDITOR.
func (c *composeScreen) openEditor() tea.Cmd {
	if len(c.env.editor) == 0 {
		return status("no editor: set $VISUAL or $EDITOR", levelWarn)
	}
	post, text := c.focus, c.ed.Text()
	return func() tea.Msg {
		f, err := os.CreateTemp("", "xpost-*.txt")
		if err != nil {
			return editorReadyMsg{err: err}
		}
		_, err = f.WriteString(text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(f.Name())
			return editorReadyMsg{err: err}
		}
		return editorReadyMsg{post: post, path: f.Name()}
	}
}

// runEditor hands the terminal to the editor.
func (c *composeScreen) runEditor(msg editorReadyMsg) tea.Cmd {
	if msg.err != nil {
		return status("could not prepare the post for the editor: "+msg.err.Error(), levelError)
	}
	return tea.ExecProcess(editorCommand(c.env.editor, msg.path), func(err error) tea.Msg {
		defer os.Remove(msg.path)
		if err != nil {
			return editorDoneMsg{post: msg.post, err: err}
		}
		// The editor may have left anything there: read it only if it
		// is still a file, and not past what a thread file may hold.
		b, rerr := fsx.ReadFile(msg.path, draft.MaxThreadFile)
		return editorDoneMsg{post: msg.post, text: trimOneNewline(string(b)), err: rerr}
	})
}

// trimOneNewline drops the line feed editors add at the end of a file.
func trimOneNewline(s string) string {
	if n := len(s); n > 0 && s[n-1] == '\n' {
		s = s[:n-1]
		if n := len(s); n > 0 && s[n-1] == '\r' {
			s = s[:n-1]
		}
	}
	return s
}

// editorDone puts the edited text back into its post.
func (c *composeScreen) editorDone(msg editorDoneMsg) tea.Cmd {
	if msg.err != nil {
		return status("the editor failed, the post is unchanged: "+msg.err.Error(), levelError)
	}
	if msg.post >= len(c.d.Posts) {
		return status("the post edited outside is gone; its text was not kept", levelError)
	}
	c.d.Posts[msg.post].Text = textedit.Sanitize(msg.text)
	c.cards[msg.post] = card{}
	if msg.post == c.focus {
		c.ed.SetText(c.d.Posts[msg.post].Text)
		c.ed.DocEnd()
	}
	return c.changed()
}

// editorCommand builds the external editor's process for path.
func editorCommand(argv []string, path string) *exec.Cmd {
	args := append(append([]string{}, argv[1:]...), path)
	return exec.Command(argv[0], args...)
}
