// Package ui is xpost's Bubble Tea program: the composer, its screens, the
// key map and the styles.
//
// It never speaks HTTP: everything it needs from X goes through Services,
// which the program wires to the API client. Side effects live in tea.Cmds;
// Update and View never block.
package ui
