package ui

// The screen abstraction, the screens the composer can open and the
// messages between them and the root model (app.go).
//
// Adding a screen:
//
//  1. Write a type that implements screen (Update, View, Keys) in files of
//     its own named after it (poll.go, poll_duration.go, ...): a screen
//     uses the shared pieces (keys.go, styles.go, width.go, box.go,
//     status.go, post_summary.go, postlist.go), never another screen's
//     internals. Update returns the screen itself (or a replacement) and a Cmd;
//     View draws into exactly width×height cells (the root draws the header,
//     the status bar and the help line around it); Keys lists the bindings
//     the help line shows, which should come from the KeyMap (env.keys) or,
//     for keys only that screen has, from bindings built in its own file.
//     A screen that has a text field implements typer, so that "?" types
//     instead of opening help.
//  2. Give it a screenID and a case in newScreen (below) that calls
//     its constructor, such as newPollScreenFor(e *env, req openRequest)
//     (screen, tea.Cmd), which builds the screen for req (the draft as it
//     is now and the focused post). The root then opens it when the user
//     presses the screen's key on the compose screen, or when any screen
//     returns navigate(id, req).
//  3. Finish by returning a Cmd: goBack (or emit(backMsg{})) to close the
//     screen with nothing to report, or a result message. Results the
//     compose screen applies: editDraftMsg (any change to the draft, given
//     as a function), openDraftMsg (switch to a stored draft),
//     draftPublishedMsg (the thread is out: start a new draft). The root
//     closes the screen that sent a result and hands the result to the
//     compose screen. Screens may
//     define result messages of their own and add one case for each in
//     Model.routeResult.
//  4. Report to the status bar with status(text, level) from any Cmd, and
//     what X said about rate limits with rateLimit(r).

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/ui/draft"
)

// newScreen builds screen id for req; the Cmd is run at once (to start
// loading, for instance). Every screen the composer can open is listed
// here, so what the program holds is read in one place rather than
// gathered from init functions. It returns a nil screen for the compose
// screen, which is never opened on top of itself.
func newScreen(e *env, id screenID, req openRequest) (screen, tea.Cmd) {
	switch id {
	case screenMedia:
		return newMediaScreenFor(e, req)
	case screenPoll:
		return newPollScreenFor(e, req)
	case screenSettings:
		return newSettingsScreenFor(e, req)
	case screenPublish:
		return newPublishScreenFor(e, req)
	case screenRecent:
		return newRecentScreenFor(e, req)
	case screenDrafts:
		return newDraftsScreenFor(e, req)
	case screenQueue:
		return newQueueScreenFor(e, req)
	case screenSchedule:
		return newScheduleScreenFor(e, req)
	case screenLogin:
		return newLoginScreenFor(e, req)
	case screenAccounts:
		return newAccountsScreenFor(e, req)
	}
	return nil, nil
}

// screen is one page of the composer.
type screen interface {
	// Update handles a message while the screen is on top.
	Update(msg tea.Msg) (screen, tea.Cmd)
	// View draws the screen into width×height cells.
	View(width, height int) string
	// Keys are the bindings the help line offers, most useful first.
	// Disabled bindings are left out of the help automatically.
	Keys() []key.Binding
}

// typer is implemented by screens with a text field that has focus, so
// that printable keys such as "?" reach the field.
type typer interface {
	Typing() bool
}

// cursorer is implemented by screens with a text field: where the
// terminal's cursor goes, in the cells of the screen's last View, so that
// input methods (CJK) and screen readers follow the insertion point. ok
// is false when no field has the focus or it is out of sight. Columns are
// measured with the terminal's rule (env.method), as the frame is.
type cursorer interface {
	Cursor() (x, y int, ok bool)
}

// fullHelper is implemented by screens that group their bindings into
// columns for the full help; others get Keys() split into columns.
type fullHelper interface {
	FullKeys() [][]key.Binding
}

// titler is implemented by screens that name themselves in the header.
type titler interface {
	Title() string
}

// screenID names a screen that can be opened.
type screenID int

// The screens of the composer.
const (
	screenCompose screenID = iota
	screenMedia
	screenPoll
	screenSettings
	screenPublish
	screenRecent
	screenDrafts
	screenQueue
	screenSchedule
	screenLogin
	screenAccounts
)

func (id screenID) String() string {
	switch id {
	case screenCompose:
		return "compose"
	case screenMedia:
		return "media picker"
	case screenPoll:
		return "poll builder"
	case screenSettings:
		return "reply settings"
	case screenPublish:
		return "publish"
	case screenRecent:
		return "recent posts"
	case screenDrafts:
		return "drafts"
	case screenQueue:
		return "queue"
	case screenSchedule:
		return "post later"
	case screenLogin:
		return "login"
	case screenAccounts:
		return "accounts"
	}
	return "screen"
}

// openRequest is what a screen is opened for.
type openRequest struct {
	// Draft is a copy of the draft being composed; changing it changes
	// nothing, a screen reports changes with editDraftMsg.
	Draft *draft.Draft
	// Post is the index of the focused post.
	Post int
	// Media, for the media screen, is the attachment its list opens
	// with selected (the first without alt text, when the publish
	// question sends the user there); 0 is the first.
	Media int
}

// Messages between screens and the root.
type (
	// navigateMsg opens a screen on top of the current one.
	navigateMsg struct {
		To  screenID
		Req openRequest
	}
	// backMsg closes the screen on top.
	backMsg struct{}

	// editDraftMsg is a screen's result: a change to the draft, applied by
	// the compose screen (which then saves). Status, if set, is shown.
	editDraftMsg struct {
		Apply  func(d *draft.Draft) error
		Status string
	}
	// openDraftMsg asks the compose screen to load a stored draft; Note,
	// if set, is the status shown once it is open.
	openDraftMsg struct{ ID, Note string }
	// draftPublishedMsg says the draft is fully on X; compose starts anew.
	draftPublishedMsg struct{ ID string }
	// accountMsg is the answer to the Account call made at start.
	accountMsg struct {
		Account Account
		Err     error
	}
	// rateLimitMsg reports what X said about a rate limit; the status
	// bar keeps the latest of each kind (Rate.Of).
	rateLimitMsg struct{ Rate Rate }
)

// rateLimit returns a Cmd that tells the status bar about r, or nil when
// X said nothing.
func rateLimit(r Rate) tea.Cmd {
	if !r.Known() {
		return nil
	}
	return emit(rateLimitMsg{Rate: r})
}

// goBack is a Cmd that closes the screen on top.
func goBack() tea.Msg { return backMsg{} }

// emit returns a Cmd that delivers msg.
func emit(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// navigate returns a Cmd that opens screen id for req.
func navigate(id screenID, req openRequest) tea.Cmd {
	return emit(navigateMsg{To: id, Req: req})
}

// newDraftMsg asks the compose screen for a fresh draft, leaving the one
// open among the drafts (unless it is empty). Note is the status to show.
type newDraftMsg struct{ Note string }

// openNewDraft stores d and opens it in the composer, leaving the draft
// that was open saved among the drafts. An empty d is not stored: the
// composer starts it and saves it once it has content.
func openNewDraft(e *env, d *draft.Draft, note string) tea.Cmd {
	store := draftStore(e)
	if store == nil {
		// Drafts are not kept (demo): the one draft in memory becomes the
		// new one, unless it holds text that would be lost.
		return emit(editDraftMsg{
			Status: note,
			Apply: func(cur *draft.Draft) error {
				for _, p := range cur.Posts {
					if strings.TrimSpace(p.Text) != "" || len(p.Media) > 0 || p.Poll != nil {
						return errors.New("this session keeps one draft and it is not empty: clear it first")
					}
				}
				*cur = *d.Clone()
				return nil
			},
		})
	}
	if emptyDraft(d) {
		// A draft gets its file once it has content.
		return emit(newDraftMsg{Note: note})
	}
	return func() tea.Msg {
		if err := store.Save(d); err != nil {
			return statusMsg{Text: "could not start a new draft: " + err.Error(), Level: levelError}
		}
		return openDraftMsg{ID: d.ID, Note: note}
	}
}
