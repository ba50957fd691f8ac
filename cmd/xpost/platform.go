package main

import (
	"os"
	"os/exec"
	"runtime"

	"github.com/charmbracelet/x/term"
)

// isTerminal reports whether v is an *os.File attached to a terminal.
// Anything else (a pipe, a buffer in a test) is not.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// openBrowser opens url with the platform's opener and does not wait for
// the browser. The URL is passed as one argument, never through a shell.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	// Reap the opener in the background; its exit status says nothing
	// useful (xdg-open returns before the browser has the page).
	go cmd.Wait()
	return nil
}
