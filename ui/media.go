package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/filepicker"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/internal/termimg"
	"github.com/xpostdev/xpost/ui/draft"
)

// mediaExtensions are the files the picker offers, from X's list in both
// cases (".png", ".PNG"). The kind is decided by the bytes when the file
// is inspected; the extension only narrows browsing.
var mediaExtensions = func() []string {
	var out []string
	for _, e := range draft.MediaExtensions {
		out = append(out, "."+e, "."+strings.ToUpper(e))
	}
	return out
}()

// mediaStage is the step of the media screen.
type mediaStage int

const (
	mediaList mediaStage = iota // the post's attachments
	mediaPick                   // browsing for a file
	mediaPath                   // typing a path
	mediaAlt                    // describing the file
)

// mediaInspectedMsg is the answer of Services.InspectMedia.
type mediaInspectedMsg struct {
	media draft.Media
	err   error
}

// mediaEntryMsg says what the picker's highlighted entry is, looked up by
// a Cmd so that drawing never touches the disk.
type mediaEntryMsg struct {
	path string
	// file is true for a file (not a folder) that exists.
	file bool
	// media is true for a file the picker offers; size and info are
	// then what it is, said before it is chosen.
	media bool
	size  int64
	info  termimg.Info
	// mtime is the file's modification time (Unix nanoseconds), which
	// names its thumbnail in the cache with path and size.
	mtime int64
}

// mediaPathMsg is what a typed path turned out to be: a folder is browsed,
// anything else is inspected.
type mediaPathMsg struct {
	path string
	dir  bool
}

// mediaKeys are the media screen's bindings; the attachment list moves
// with a listNav, whose enter edits the description.
type mediaKeys struct {
	Add, Remove, TypePath, Save, Choose, Back key.Binding
	// Complete completes a typed path (tab); Up goes to the parent
	// folder by typing .. in the path field.
	Complete, Up key.Binding
	// Yes and No answer "remove this attachment?", as every delete is
	// answered: only y removes.
	Yes, No key.Binding
}

func newMediaKeys(km KeyMap) mediaKeys {
	remove := withDesc(km.Remove, "remove")
	yes, no := km.confirmDelete()
	yes.SetHelp(yes.Help().Key, "yes, remove")
	return mediaKeys{
		Yes:      yes,
		No:       no,
		Add:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "attach a file")),
		Remove:   remove,
		TypePath: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "type a path")),
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
		Up:       key.NewBinding(key.WithKeys("."), key.WithHelp("..", "up")),
		Save:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
		Choose:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:     km.Back,
	}
}

// mediaScreen attaches files to one post: pick a file (or type its path),
// have it checked, describe it; and edits the descriptions of, or removes,
// what is attached already.
type mediaScreen struct {
	env   *env
	keys  mediaKeys
	nav   listNav
	post  int
	orig  draft.Post // the post as it was when the screen opened
	media []draft.Media
	stage mediaStage
	fp    filepicker.Model
	path  textinput.Model
	alt   textarea.Model
	// editing is the index of the attachment whose description is being
	// edited, or -1 while a new file is described.
	editing  int
	pending  draft.Media // the inspected file awaiting its description
	checking bool
	err      string
	// entry is what the highlighted entry was found to be, once looked up
	// (entry.path is then the highlighted path); View reads only this.
	entry mediaEntryMsg
	// confirming is true while "remove this attachment?" waits for y.
	confirming bool
	// infos are what the files shown turned out to be (format and
	// dimensions), by path, once read; thumbShown is true while a
	// thumbnail is drawn on the description step.
	infos      map[string]termimg.Info
	thumbShown bool
	// thumbRoom is true when the last View kept the thumbnail's cells.
	thumbRoom bool
	// pickRoom is where the last View of the picker kept blank cells for
	// the highlighted picture's thumbnail (row 0: none); pickThumb is
	// what is drawn there.
	pickRoom  thumbPlace
	pickThumb thumbSync
	// completions are what matched the typed path when a tab could not
	// complete it further; shown under the field until the next key.
	completions []string
	// caret is the insertion point of the path or the description, as
	// View last drew it.
	caret caret
}

func newMediaScreenFor(e *env, req openRequest) (screen, tea.Cmd) {
	var p draft.Post
	if req.Draft != nil && req.Post >= 0 && req.Post < len(req.Draft.Posts) {
		p = req.Draft.Posts[req.Post].Clone()
	}
	dir := e.mediaDir
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			wd = "."
		}
		dir = wd
	}
	s, cmd := newMediaScreen(e, req.Post, p, dir)
	if req.Media > 0 && req.Media < len(s.media) {
		s.nav.moveTo(req.Media)
	}
	return s, cmd
}

func newMediaScreen(e *env, post int, p draft.Post, dir string) (*mediaScreen, tea.Cmd) {
	s := &mediaScreen{env: e, keys: newMediaKeys(e.keys), nav: newListNav(e.keys, "edit alt text"), post: post, orig: p, media: p.Media, editing: -1,
		infos: map[string]termimg.Info{}}
	s.fp = filepicker.New()
	s.fp.CurrentDirectory = dir
	s.fp.AllowedTypes = mediaExtensions
	s.fp.ShowPermissions = false
	// Sizes are checked against X's caps when a file is chosen; folder
	// sizes would only be noise.
	s.fp.ShowSize = false
	s.fp.AutoHeight = false
	s.fp.SetHeight(10)
	s.fp.Cursor = "▌"
	// The keys of every list: home and end as well as g and G.
	s.fp.KeyMap.GoToTop = e.keys.First
	s.fp.KeyMap.GoToLast = e.keys.Last
	s.fp.KeyMap.Up, s.fp.KeyMap.Down = e.keys.Up, e.keys.Down
	s.fp.KeyMap.PageUp, s.fp.KeyMap.PageDown = e.keys.PageUp, e.keys.PageDown
	s.fp.KeyMap.Open.SetHelp("→/l", "open folder")
	s.fp.KeyMap.Select.SetHelp("enter", "choose")
	// esc leaves the picker (the screen's own binding), so it must not
	// also mean "parent folder" as it does in the picker by default.
	s.fp.KeyMap.Back = key.NewBinding(key.WithKeys("left", "h", "backspace"), key.WithHelp("←", "parent folder"))
	s.path = textinput.New()
	s.path.Prompt = "Path: "
	s.path.Placeholder = "a file, like ~/Pictures/cat.png"
	s.path.SetVirtualCursor(false)
	s.alt = textarea.New()
	s.alt.ShowLineNumbers = false
	s.alt.Prompt = ""
	s.alt.Placeholder = "Describe the image for people who cannot see it"
	s.alt.CharLimit = 0
	s.alt.KeyMap.InsertNewline.SetEnabled(false)
	s.alt.SetHeight(5)
	s.alt.SetVirtualCursor(false)
	var cmd tea.Cmd
	if len(s.media) == 0 {
		cmd = s.startPicking()
	}
	// What each attachment is, in words: format and dimensions.
	for _, m := range s.media {
		cmd = tea.Batch(cmd, readMediaInfo(m.Path, m.Kind, termimg.None, false))
	}
	s.syncKeys()
	return s, cmd
}

func (s *mediaScreen) startPicking() tea.Cmd {
	s.stage = mediaPick
	s.err = ""
	s.syncKeys()
	return s.fp.Init()
}

func (s *mediaScreen) syncKeys() {
	list := s.stage == mediaList && !s.confirming
	has := len(s.media) > 0
	s.keys.Yes.SetEnabled(s.confirming)
	s.keys.No.SetEnabled(s.confirming)
	// At most four attachments: the list moves as every list does but
	// has nothing to filter (total 0 keeps / off).
	s.nav.setLen(len(s.media))
	s.nav.sync(list, 0)
	s.keys.Remove.SetEnabled(list && has)
	s.keys.Add.SetEnabled(list)
	s.keys.TypePath.SetEnabled(s.stage == mediaPick)
	s.keys.Up.SetEnabled(s.stage == mediaPick)
	s.keys.Complete.SetEnabled(s.stage == mediaPath)
	s.keys.Save.SetEnabled(s.stage == mediaAlt)
	s.keys.Choose.SetEnabled(s.stage == mediaPath)
}

// Title names the screen in the header.
func (s *mediaScreen) Title() string { return fmt.Sprintf("media · post %d", s.post+1) }

// Cursor is the insertion point of the path or the description.
func (s *mediaScreen) Cursor() (x, y int, ok bool) { return s.caret.x, s.caret.y, s.caret.ok }

// Typing is true while the path or the description has the keys.
func (s *mediaScreen) Typing() bool { return s.stage == mediaPath || s.stage == mediaAlt }

// Keys lists the bindings that apply now.
func (s *mediaScreen) Keys() []key.Binding {
	k := s.keys
	switch s.stage {
	case mediaPick:
		return []key.Binding{s.fp.KeyMap.Select, s.fp.KeyMap.Back, k.TypePath, k.Up}
	case mediaList:
		if s.confirming {
			return []key.Binding{k.Yes, k.No}
		}
		return []key.Binding{s.nav.keys.Open, k.Add, k.Remove, s.nav.keys.Up, s.nav.keys.Down, s.nav.keys.First, s.nav.keys.Last}
	case mediaPath:
		return []key.Binding{k.Choose, k.Complete}
	}
	return []key.Binding{k.Save}
}

// HelpGroups groups the bindings for the full help: the attachments and
// the file browser move with the keys of every list.
func (s *mediaScreen) HelpGroups() []helpGroup {
	k := s.keys
	switch s.stage {
	case mediaPick:
		fk := s.fp.KeyMap
		return []helpGroup{
			{"choose a file", []key.Binding{fk.Select, fk.Open, fk.Back, k.Up, k.TypePath}},
			{"list", []key.Binding{fk.Up, fk.Down, fk.GoToTop, fk.GoToLast, fk.PageUp, fk.PageDown}},
		}
	case mediaList:
		if s.confirming {
			return []helpGroup{{"remove?", []key.Binding{k.Yes, k.No}}}
		}
		return []helpGroup{
			{"attachments", []key.Binding{s.nav.keys.Open, k.Add, k.Remove}},
			{"list", s.nav.moveKeys()},
		}
	}
	return []helpGroup{{s.Title(), s.Keys()}}
}

// Update handles one message.
func (s *mediaScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	cmd := s.update(msg)
	s.syncKeys()
	return s, tea.Batch(cmd, s.pickerThumb())
}

func (s *mediaScreen) update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case mediaInspectedMsg:
		return s.inspected(m)
	case mediaEntryMsg:
		s.entry = m
		return nil
	case thumbEncodedMsg:
		s.pickThumb.encoded(s.env, m)
		return nil
	case mediaPathMsg:
		return s.typedPath(m)
	case mediaCompletedMsg:
		return s.completed(m)
	case mediaInfoMsg:
		s.infos[m.path] = m.info
		if m.seq != "" && s.stage == mediaAlt && s.editing < 0 && s.pending.Path == m.path && !s.thumbShown && s.thumbRoom {
			return s.showThumbnail(m.seq)
		}
		return nil
	}
	switch s.stage {
	case mediaList:
		return s.updateList(msg)
	case mediaPick:
		return s.updatePick(msg)
	case mediaPath:
		return s.updatePath(msg)
	}
	return s.updateAlt(msg)
}

func (s *mediaScreen) updateList(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := s.keys
	if s.confirming {
		s.confirming = false
		if key.Matches(km, k.Yes) {
			return s.remove(s.nav.cursor)
		}
		return status("Kept.", levelInfo)
	}
	switch s.nav.key(km) {
	case listOpen:
		s.editing = s.nav.cursor
		s.pending = s.media[s.nav.cursor]
		return s.startAlt(s.pending.Alt)
	case listIgnored:
	default:
		return nil
	}
	switch {
	case key.Matches(km, k.Back):
		return goBack
	case key.Matches(km, k.Add):
		if problem := s.roomProblem(); problem != "" {
			s.err = problem
			return nil
		}
		return s.startPicking()
	case key.Matches(km, k.Remove):
		if s.nav.cursor < len(s.media) {
			s.confirming = true
		}
	}
	return nil
}

// remove takes attachment i off the post, once the user said y.
func (s *mediaScreen) remove(i int) tea.Cmd {
	if i >= len(s.media) {
		return nil
	}
	name := filepath.Base(s.media[i].Path)
	return emit(editMedia(s.post, fmt.Sprintf("Removed %s.", name), func(p *draft.Post) error {
		if i >= len(p.Media) {
			return fmt.Errorf("the attachment is gone")
		}
		p.Media = append(p.Media[:i:i], p.Media[i+1:]...)
		return nil
	}))
}

func (s *mediaScreen) updatePick(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, s.keys.Back):
			return s.leaveSubstage()
		case key.Matches(km, s.keys.TypePath):
			return s.startPath("")
		case key.Matches(km, s.keys.Up):
			// The path field opens with the dot typed: a second one
			// and enter go up, as in a shell.
			return s.startPath(".")
		}
	}
	if s.checking {
		return nil
	}
	var cmd tea.Cmd
	s.fp, cmd = s.fp.Update(msg)
	if ok, path := s.fp.DidSelectFile(msg); ok {
		return s.inspect(path)
	}
	if ok, path := s.fp.DidSelectDisabledFile(msg); ok {
		s.err = notMediaMessage(path)
		return nil
	}
	if cmd != nil {
		// The picker is reading a folder; its entries are looked up once
		// they are in.
		return cmd
	}
	return s.lookUpEntry()
}

// lookUpEntry is a Cmd that finds out whether the highlighted entry, when
// the picker dims it, is a file (explained as not attachable) or a folder;
// nil when there is nothing new to look up.
func (s *mediaScreen) lookUpEntry() tea.Cmd {
	p := s.fp.HighlightedPath()
	if p == "" || p == s.entry.path {
		return nil
	}
	return func() tea.Msg {
		fi, err := os.Stat(p)
		msg := mediaEntryMsg{path: p, file: err == nil && fi.Mode().IsRegular()}
		if msg.file && isMediaName(p) {
			msg.media, msg.size, msg.mtime = true, fi.Size(), fi.ModTime().UnixNano()
			if f, err := os.Open(p); err == nil {
				msg.info, _ = termimg.ReadInfo(f)
				f.Close()
			}
		}
		return msg
	}
}

// typedPath browses a typed folder, as the picker would open it, and
// inspects anything else.
func (s *mediaScreen) typedPath(m mediaPathMsg) tea.Cmd {
	if s.stage != mediaPath {
		return nil
	}
	if m.dir {
		s.fp.CurrentDirectory = filepath.Clean(m.path)
		s.stage = mediaPick
		s.path.Blur()
		s.err = ""
		return s.fp.Init()
	}
	return s.inspect(m.path)
}

// startPath opens the path field with v typed.
func (s *mediaScreen) startPath(v string) tea.Cmd {
	s.stage = mediaPath
	s.err = ""
	s.completions = nil
	s.path.SetValue(v)
	s.path.CursorEnd()
	return s.path.Focus()
}

// completed takes a tab's answer: the longer path, or, when the entries
// that match agree on nothing more, their list.
func (s *mediaScreen) completed(m mediaCompletedMsg) tea.Cmd {
	if s.stage != mediaPath || s.path.Value() != m.typed {
		return nil // typed on meanwhile
	}
	s.completions = nil
	switch {
	case m.err != nil:
		s.err = "cannot complete " + m.typed + ": " + userMessage(m.err)
	case len(m.list) == 0:
		s.err = "nothing here starts with " + m.typed + " (only folders, pictures and videos are offered)"
	case m.value != m.typed:
		s.err = ""
		s.path.SetValue(m.value)
		s.path.CursorEnd()
	default:
		s.err = ""
		s.completions = m.list
	}
	return nil
}

func (s *mediaScreen) updatePath(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		s.completions = nil
		switch {
		case key.Matches(km, s.keys.Complete):
			typed, dir := s.path.Value(), s.fp.CurrentDirectory
			return func() tea.Msg { return completePath(typed, dir) }
		case key.Matches(km, s.keys.Back):
			s.stage = mediaPick
			s.path.Blur()
			s.err = ""
			return nil
		case key.Matches(km, s.keys.Choose):
			p := expandHome(strings.TrimSpace(s.path.Value()))
			if p == "" {
				s.err = "type the path of a file, or " + s.keys.Back.Help().Key + " to browse"
				return nil
			}
			if !filepath.IsAbs(p) {
				p = filepath.Join(s.fp.CurrentDirectory, p)
			}
			return func() tea.Msg {
				fi, err := os.Stat(p)
				return mediaPathMsg{path: p, dir: err == nil && fi.IsDir()}
			}
		}
	}
	var cmd tea.Cmd
	s.path, cmd = s.path.Update(msg)
	return cmd
}

func (s *mediaScreen) updateAlt(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, s.keys.Back):
			s.alt.Blur()
			return s.leaveSubstage()
		case key.Matches(km, s.keys.Save):
			return s.saveAlt()
		}
	}
	var cmd tea.Cmd
	s.alt, cmd = s.alt.Update(msg)
	return cmd
}

// leaveSubstage goes back one step: to the attachments when there are
// some, else out of the screen.
func (s *mediaScreen) leaveSubstage() tea.Cmd {
	s.err = ""
	s.editing = -1
	hide := s.hideThumbnail()
	if len(s.media) == 0 {
		return tea.Batch(hide, goBack)
	}
	s.stage = mediaList
	return hide
}

// inspect has Services check the file: its type from its bytes and X's
// size caps.
func (s *mediaScreen) inspect(path string) tea.Cmd {
	s.checking = true
	s.err = ""
	svc := s.env.svc
	return func() tea.Msg {
		m, err := svc.InspectMedia(path)
		return mediaInspectedMsg{media: m, err: err}
	}
}

func (s *mediaScreen) inspected(msg mediaInspectedMsg) tea.Cmd {
	s.checking = false
	if msg.err != nil {
		s.err = userMessage(msg.err)
		return nil
	}
	if problem := s.fitProblem(msg.media); problem != "" {
		s.err = problem
		return nil
	}
	s.pending = msg.media
	s.editing = -1
	return s.startAlt(msg.media.Alt)
}

func (s *mediaScreen) startAlt(v string) tea.Cmd {
	s.stage = mediaAlt
	s.err = ""
	s.path.Blur()
	s.alt.Placeholder = "Describe the image for people who cannot see it"
	if s.pending.Kind == draft.KindVideo || s.pending.Kind == draft.KindGIF {
		s.alt.Placeholder = "Describe what happens in it for people who cannot see it"
	}
	s.alt.SetValue(v)
	s.alt.CursorEnd()
	return tea.Batch(s.alt.Focus(), readMediaInfo(s.pending.Path, s.pending.Kind, s.thumbsFor(s.pending), s.env.thumbPassthrough))
}

// thumbsFor is the protocol to draw m's thumbnail with, or termimg.None.
func (s *mediaScreen) thumbsFor(m draft.Media) termimg.Protocol {
	if !s.thumbnailOn(m) {
		return termimg.None
	}
	return s.env.thumbs
}

// roomProblem says why nothing more can be attached to the post, or "".
func (s *mediaScreen) roomProblem() string {
	if s.orig.Poll != nil {
		return "this post has a poll, and a post cannot have both: remove the poll first"
	}
	var images int
	for _, m := range s.media {
		switch m.Kind {
		case draft.KindGIF:
			return "this post has a GIF, which must be alone: remove it to attach something else"
		case draft.KindVideo:
			return "this post has a video, which must be alone: remove it to attach something else"
		default:
			images++
		}
	}
	if images >= draft.MaxImages {
		return fmt.Sprintf("this post has %d images, the most X takes: remove one first", images)
	}
	return ""
}

// fitProblem checks m against the post with draft's own rules (a poll
// excludes media; up to 4 images, or 1 GIF, or 1 video; size caps).
func (s *mediaScreen) fitProblem(m draft.Media) string {
	p := s.orig.Clone()
	p.Text = "x" // the text is not what is being checked
	p.Media = append(append([]draft.Media(nil), s.media...), m)
	d := draft.Draft{Posts: []draft.Post{p}}
	for _, pr := range d.Validate(draft.LimitConfig(s.env.Limit())) {
		if pr.Post == 0 && (pr.Field == draft.FieldMedia || pr.Field == draft.FieldPoll) {
			return pr.Message
		}
	}
	return ""
}

func (s *mediaScreen) saveAlt() tea.Cmd {
	alt := strings.TrimSpace(s.alt.Value())
	if n := utf8.RuneCountInString(alt); n > draft.MaxAltText {
		s.err = fmt.Sprintf("the alt text is %s over the limit of %d: shorten it", human.Count(n-draft.MaxAltText, "character", "characters"), draft.MaxAltText)
		return nil
	}
	return tea.Batch(s.hideThumbnail(), s.saved(alt))
}

// saved is the result of the alt-text step: the alt text of an
// attachment changed, or the file attached with it.
func (s *mediaScreen) saved(alt string) tea.Cmd {
	if s.editing >= 0 {
		i := s.editing
		return emit(editMedia(s.post, "Alt text saved.", func(p *draft.Post) error {
			if i >= len(p.Media) {
				return fmt.Errorf("the attachment is gone")
			}
			p.Media[i].Alt = alt
			return nil
		}))
	}
	m := s.pending
	m.Alt = alt
	note := fmt.Sprintf("Attached %s.", filepath.Base(m.Path))
	if alt == "" {
		note = fmt.Sprintf("Attached %s without alt text.", filepath.Base(m.Path))
	}
	return tea.Batch(emit(editMedia(s.post, note, func(p *draft.Post) error {
		p.Media = append(p.Media, m)
		return nil
	})), s.rememberFolder(m.Path))
}

// rememberFolder makes the folder of path, where a file was just
// attached, the picker's start from now on, and has it kept for the next
// run when the program keeps it. A failure to keep it is said, not fatal.
func (s *mediaScreen) rememberFolder(path string) tea.Cmd {
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil
	}
	s.env.mediaDir = dir
	remember := s.env.rememberMediaDir
	if remember == nil {
		return nil
	}
	return func() tea.Msg {
		if err := remember(dir); err != nil {
			return statusMsg{Text: "The media folder was not remembered for next time: " + userMessage(err), Level: levelWarn}
		}
		return nil
	}
}

// editMedia is a result of the media screen: change post i with f.
func editMedia(i int, note string, f func(p *draft.Post) error) editDraftMsg {
	return editDraftMsg{
		Status: note,
		Apply: func(d *draft.Draft) error {
			if i < 0 || i >= len(d.Posts) {
				return fmt.Errorf("post %d is gone: nothing was attached", i+1)
			}
			return f(&d.Posts[i])
		},
	}
}

// isMediaName reports whether the picker offers a file of this name.
func isMediaName(name string) bool {
	return slices.Contains(mediaExtensions, filepath.Ext(name))
}

// expandHome turns a leading ~ into the home directory, as shells do.
func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[1:])
		}
	}
	return p
}
