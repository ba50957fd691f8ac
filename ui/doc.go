// Package ui is xpost's Bubble Tea program: the composer, its screens, the
// key map and the styles.
//
// It never speaks HTTP: everything it needs from X goes through Services,
// which the program wires to the API client. Side effects live in tea.Cmds;
// Update and View never block.
//
// Files are grouped by owner. The root model is app.go and app_view.go;
// screens.go holds the screen abstraction, the list of screens (newScreen)
// and the messages between them. Each screen has files named after it:
// compose*.go, drafts.go, login.go, media*.go, poll*.go, publish*.go,
// queue.go, recent.go, schedule.go, settings.go. What several screens share has files of
// its own and never lives in a screen's: keys.go and help.go (the key map
// and the help built from it), styles.go, width.go, termwidth.go and box.go
// (measuring and drawing by the terminal's rule), status.go (the status
// bar), services.go (what the program provides), postlist.go and
// post_summary.go (the account's posts as lists show them), crash.go. The
// text field is ui/internal/textedit; drafts and their store are ui/draft.
package ui
