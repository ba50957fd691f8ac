package ui

// The external editor: the whole thread goes out to $VISUAL or $EDITOR in
// a temporary thread file (the format `xpost thread` reads, see
// ui/draft/thread.go) and comes back as the thread's posts. A file that
// does not read back is kept, named in the message, and opened again by
// the next press of the key, so no edit is lost to a typo.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/ui/internal/textedit"
)

// editorReadyMsg carries the thread file the external editor opens.
type editorReadyMsg struct {
	path string
	err  error
}

// editorDoneMsg carries what the external editor left in the file.
type editorDoneMsg struct {
	path string
	data []byte
	err  error
}

// openEditor writes the thread to a temp file for $EDITOR, or hands back
// the file a failed read kept.
func (c *composeScreen) openEditor() tea.Cmd {
	if len(c.env.editor) == 0 {
		return status("no editor: set $VISUAL or $EDITOR", levelWarn)
	}
	for i := range c.d.Posts {
		if _, ok := c.d.Posted(i); ok {
			return status(fmt.Sprintf("post %d is already published: the thread cannot be edited as a whole; edit the posts after it here", i+1), levelWarn)
		}
	}
	if kept := c.editorKept; kept != "" {
		if _, err := os.Stat(kept); err == nil {
			return emit(editorReadyMsg{path: kept})
		}
		c.editorKept = ""
	}
	var file bytes.Buffer
	if err := draft.WriteThread(&file, c.d, ""); err != nil {
		return status("could not prepare the thread for the editor: "+err.Error(), levelError)
	}
	return func() tea.Msg {
		f, err := os.CreateTemp("", "xpost-*.thread.md")
		if err != nil {
			return editorReadyMsg{err: err}
		}
		_, err = f.Write(file.Bytes())
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(f.Name())
			return editorReadyMsg{err: err}
		}
		return editorReadyMsg{path: f.Name()}
	}
}

// runEditor hands the terminal to the editor.
func (c *composeScreen) runEditor(msg editorReadyMsg) tea.Cmd {
	if msg.err != nil {
		return status("could not prepare the thread for the editor: "+msg.err.Error(), levelError)
	}
	return tea.ExecProcess(editorCommand(c.env.editor, msg.path), func(err error) tea.Msg {
		if err != nil {
			return editorDoneMsg{path: msg.path, err: err}
		}
		// The editor may have left anything there: read it only if it
		// is still a file, and not past what a thread file may hold.
		b, rerr := fsx.ReadFile(msg.path, draft.MaxThreadFile)
		return editorDoneMsg{path: msg.path, data: b, err: rerr}
	})
}

// editorDone reads the edited thread back. On any failure the draft is
// unchanged and the file stays where it is, for the key to reopen.
func (c *composeScreen) editorDone(msg editorDoneMsg) tea.Cmd {
	reopen := c.env.keys.Editor.Help().Key
	keep := func(what string) tea.Cmd {
		c.editorKept = msg.path
		// The path comes last: a narrow status line cuts it first, and
		// the key finds the file without it.
		return status(what+" · thread unchanged; "+reopen+" reopens your edit ("+msg.path+")", levelError)
	}
	if msg.err != nil {
		return keep("the editor failed: " + msg.err.Error())
	}
	d, markdown, err := c.readEdited(msg.data)
	if err != nil {
		return keep(describeThreadError(err, msg.data))
	}
	old := map[string]draft.Media{}
	for _, p := range c.d.Posts {
		for _, m := range p.Media {
			old[m.Path] = m
		}
	}
	for i := range d.Posts {
		p := &d.Posts[i]
		p.Text = textedit.Sanitize(p.Text)
		for j, m := range p.Media {
			if known, ok := old[m.Path]; ok {
				known.Alt = m.Alt
				p.Media[j] = known
			}
		}
	}
	mark := c.markThread()
	if err := c.d.RestorePosts(d.Posts); err != nil {
		return keep(err.Error())
	}
	os.Remove(msg.path)
	c.editorKept = ""
	c.invalidate()
	c.focusPost(min(c.focus, len(c.d.Posts)-1), true)
	c.recordThread(mark, "thread read back from the editor")
	n := len(c.d.Posts)
	what := "1 post"
	if n != 1 {
		what = fmt.Sprintf("%d posts", n)
	}
	if markdown {
		what += ", read as Markdown (it has a heading)"
	}
	return tea.Batch(c.changed(), status("thread read back from the editor: "+what+" · "+c.env.keys.Undo.Help().Key+" puts back what was there", levelInfo))
}

// readEdited reads what the editor left: a thread file, or a Markdown
// document (headings and breaks start posts, paragraphs fill them; see
// draft.ParseMarkdown) when it has a heading that the thread as written
// for the editor did not have, as when a document is pasted over it.
func (c *composeScreen) readEdited(data []byte) (d *draft.Draft, markdown bool, err error) {
	if draft.HasMarkdownHeading(string(data)) {
		var was bytes.Buffer
		if err := draft.WriteThread(&was, c.d, ""); err == nil && !draft.HasMarkdownHeading(was.String()) {
			d, _ := draft.ParseMarkdown(string(data), draft.MarkdownOptions{Config: c.config(), Numbered: c.d.Numbering})
			return d, true, nil
		}
	}
	d, err = draft.ParseThread(bytes.NewReader(data), "")
	return d, false, err
}

// describeThreadError says where a thread file went wrong: the line's
// number, its text, and what was expected there.
func describeThreadError(err error, data []byte) string {
	te, ok := errors.AsType[*draft.ThreadError](err)
	if !ok || te.Line == 0 {
		return "the edited thread does not read back: " + err.Error()
	}
	lines := strings.Split(string(data), "\n")
	text := ""
	if te.Line-1 < len(lines) {
		text = strings.TrimRight(lines[te.Line-1], "\r")
	}
	return fmt.Sprintf("line %d (“%s”): %s", te.Line, truncateRunes(text, 40), te.Msg)
}

// truncateRunes cuts s to n characters, with "…" when it was longer.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// editorCommand builds the external editor's process for path.
func editorCommand(argv []string, path string) *exec.Cmd {
	args := append(append([]string{}, argv[1:]...), path)
	return exec.Command(argv[0], args...)
}
