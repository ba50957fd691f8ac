package ui

// Drawing the media screen: the attachments, the file picker, the
// alt-text field.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/filepicker"
	"charm.land/lipgloss/v2"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/ui/draft"
)

// pickerStyles draws the file picker with the composer's palette, so that
// folders, files and the dimmed files it will not take read the same on
// dark and light terminals.
func pickerStyles(st *Styles) filepicker.Styles {
	fs := filepicker.DefaultStyles()
	fs.Cursor = st.Accent
	fs.Selected = st.Accent.Bold(true)
	fs.Directory = st.Accent
	fs.File = lipgloss.NewStyle()
	fs.DisabledFile = st.Faint
	fs.DisabledCursor = st.Subtle
	fs.DisabledSelected = st.Subtle
	fs.Symlink = st.Subtle
	fs.EmptyDirectory = st.Subtle.PaddingLeft(2).SetString("This folder is empty: ← goes up, / types a path.")
	return fs
}

// displayPath shortens p for the screen: the home directory as ~.
func displayPath(p string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if rel, err := filepath.Rel(home, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.Join("~", rel)
		}
	}
	return p
}

// View draws the current step.
func (s *mediaScreen) View(width, height int) string {
	st := &s.env.styles
	var b strings.Builder
	s.caret = caret{}
	switch s.stage {
	case mediaList:
		if s.confirming && s.nav.cursor < len(s.media) {
			m := s.media[s.nav.cursor]
			q, hint := s.env.yesNo("Remove this attachment from the post?", s.keys.Yes, "removes")
			b.WriteString(st.Error.Render(q) + "\n\n")
			b.WriteString("  " + truncate(fmt.Sprintf("%s  %s, %s", filepath.Base(m.Path), m.Kind, human.Size(m.Size)), max(1, width-2), "…", s.env.method) + "\n")
			if m.Alt != "" {
				b.WriteString("  " + st.Subtle.Render(truncate("“"+m.Alt+"”", max(1, width-2), "…", s.env.method)) + "\n")
			}
			b.WriteString("\n" + hint)
			break
		}
		b.WriteString(st.Subtle.Render("Attached to this post:") + "\n\n")
		for i, m := range s.media {
			marker := "  "
			if i == s.nav.cursor {
				marker = st.Accent.Render("▌ ")
			}
			head := filepath.Base(m.Path) + "  " + describeFile(m, s.infos[m.Path])
			b.WriteString(marker + truncate(head, max(1, width-2), "…", s.env.method) + "\n")
			alt := st.Warning.Render("no alt text: people using screen readers will miss it")
			if m.Alt != "" {
				alt = st.Subtle.Render(truncate("“"+m.Alt+"”", max(1, width-4), "…", s.env.method))
			}
			b.WriteString("    " + alt + "\n")
		}
		if full := s.roomProblem(); full != "" && len(s.media) > 0 {
			// Said before a is pressed, so that the key is not a
			// surprise: X's rules, as the draft checks them.
			note := "Nothing more can be attached: " + full + "."
			b.WriteString("\n" + st.Subtle.Render(lipgloss.NewStyle().Width(max(10, width)).Render(note)) + "\n")
		}
	case mediaPick, mediaPath:
		dir := truncate(displayPath(s.fp.CurrentDirectory), max(1, width-2), "…", s.env.method)
		b.WriteString(st.Accent.Render(dir) + "\n")
		hint := "Images (JPEG, PNG, WEBP, GIF) and videos (MP4, MOV, WebM); others are dimmed."
		if p := s.fp.HighlightedPath(); p != "" && p == s.entry.path && s.entry.media {
			// What it is, before it is chosen: format, dimensions, size.
			hint = filepath.Base(p) + ": " + entryWords(s.entry)
		} else if p != "" && p == s.entry.path && s.entry.file {
			hint = filepath.Base(p) + " is not an image or a video: it cannot be attached."
			if _, known := unacceptedKinds[strings.ToLower(filepath.Ext(p))]; known {
				hint = notMediaMessage(p) + "."
			}
		}
		b.WriteString(st.Subtle.Render(truncate(hint, max(1, width), "…", s.env.method)) + "\n")
		fpHeight := height - 7
		if len(s.completions) > 0 {
			fpHeight--
		}
		// Room for the highlighted picture's thumbnail under the list,
		// when the list keeps a few rows and the window the width.
		room := s.env.thumbsDrawn() && fpHeight-(thumbRows+1) >= 5 && width >= thumbCols+4
		if room {
			fpHeight -= thumbRows + 1
		}
		s.fp.SetHeight(max(1, fpHeight))
		s.fp.Styles = pickerStyles(st)
		list := s.fp.View()
		s.pickRoom = thumbPlace{}
		if room {
			// The list takes its rows whatever the folder holds, and
			// the thumbnail's are kept blank under it: the picture is
			// drawn into them apart from the frame (thumbs.go).
			lines := strings.Split(strings.TrimRight(list, "\n "), "\n")
			for len(lines) < fpHeight {
				lines = append(lines, "")
			}
			b.WriteString(strings.Join(lines, "\n") + "\n\n")
			// Row 1 of the window is the header; the body's line i is
			// row i+2.
			s.pickRoom = thumbPlace{row: strings.Count(b.String(), "\n") + 2, col: 3}
			b.WriteString(strings.Repeat("\n", thumbRows))
		} else {
			// What follows the list (the path field, its matches, a
			// check under way) goes a blank line under its last row, not
			// under the rows a short folder leaves blank, which put it
			// anywhere down the window as the window grew.
			b.WriteString(strings.TrimRight(list, "\n ") + "\n\n")
		}
		if s.stage == mediaPath {
			s.path.SetWidth(max(10, width-8))
			if x, ok := inputColumn(&s.path, s.env.method); ok {
				s.caret = fieldCaret(&b, x, s.env.method)
			}
			b.WriteString(fitView(s.path.View(), s.env.method) + "\n")
			if len(s.completions) > 0 {
				// What a second tab found, on one line: typing more
				// and another tab narrows it.
				list := human.Count(len(s.completions), "match", "matches") + ": " + strings.Join(s.completions, "  ")
				b.WriteString(st.Subtle.Render(truncate(list, max(1, width), "…", s.env.method)) + "\n")
			}
		}
		if s.checking {
			b.WriteString(st.Subtle.Render("Checking the file…") + "\n")
		}
	case mediaAlt:
		name := filepath.Base(s.pending.Path)
		b.WriteString(truncate(name+"  "+st.Subtle.Render(describeFile(s.pending, s.infos[s.pending.Path])), max(1, width), "…", s.env.method) + "\n\n")
		s.thumbRoom = s.thumbnailOn(s.pending) && s.editing < 0 && height >= thumbRows+10
		if s.thumbRoom {
			// Kept blank for the thumbnail, which is drawn into these
			// cells apart from the frame (media_thumb.go).
			b.WriteString(strings.Repeat("\n", thumbRows+1))
		}
		b.WriteString("Alt text\n")
		s.alt.SetWidth(max(10, width-2))
		s.alt.SetHeight(max(1, min(6, height-7)))
		if x, y, ok := areaCursor(&s.alt, s.env.method); ok {
			s.caret = fieldCaret(&b, x, s.env.method)
			s.caret.y += y
		}
		b.WriteString(fitView(s.alt.View(), s.env.method) + "\n")
		n := utf8.RuneCountInString(strings.TrimSpace(s.alt.Value()))
		counter := s.env.counter(n, draft.MaxAltText, false)
		switch {
		case n > draft.MaxAltText:
			counter = st.CounterBad.Render(counter)
		case n > draft.MaxAltText*9/10:
			counter = st.CounterWarn.Render(counter)
		default:
			counter = st.Counter.Render(counter)
		}
		b.WriteString(lipgloss.PlaceHorizontal(max(1, width), lipgloss.Right, counter) + "\n")
	}
	if s.err != "" {
		b.WriteString("\n" + st.Error.Render(lipgloss.NewStyle().Width(max(10, width)).Render(s.err)) + "\n")
	}
	return b.String()
}
