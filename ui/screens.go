package ui

import tea "charm.land/bubbletea/v2"

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
	case screenLogin:
		return newLoginScreenFor(e, req)
	}
	return nil, nil
}
