package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// logFile is the program's log: xpost.log in the log directory, or the
// file --log names. It is never standard output, which belongs to the
// composer or to a script's data.
type logFile struct {
	f      *os.File
	logger *slog.Logger
}

// secretKeys are attribute keys whose values never reach the log, whatever
// code logs them.
var secretKeys = []string{"token", "secret", "authorization", "code", "verifier", "password"}

// logger opens the log on first use. A log that cannot be opened is not
// worth failing a command for: logging then goes nowhere, and the reason
// is said once on standard error.
func (a *app) logger() *slog.Logger {
	if a.log != nil {
		return a.log.logger
	}
	a.log = &logFile{logger: slog.New(slog.DiscardHandler)}
	path := a.global.logPath
	if path == "" {
		cfg, err := a.config()
		if err != nil {
			return a.log.logger
		}
		path = cfg.Dirs.LogFile()
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		fmt.Fprintf(a.stderr, "xpost: cannot open the log (%v); continuing without it\n", err)
		return a.log.logger
	}
	a.log.f = f
	a.log.logger = slog.New(newLogHandler(f))
	return a.log.logger
}

// newLogHandler writes text records and blanks every attribute whose key
// looks like it could hold a secret.
func newLogHandler(w io.Writer) slog.Handler {
	return slog.NewTextHandler(w, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, attr slog.Attr) slog.Attr {
			k := strings.ToLower(attr.Key)
			for _, s := range secretKeys {
				if strings.Contains(k, s) {
					return slog.String(attr.Key, "[redacted]")
				}
			}
			return attr
		},
	})
}

func (a *app) closeLog() {
	if a.log != nil && a.log.f != nil {
		a.log.f.Close()
	}
}

// logError records a failed command. Error values from xapi never contain
// tokens, codes or secrets, so they may be logged as they are.
func (a *app) logError(cmd *cobra.Command, err error) {
	if a.log == nil {
		return // commands that never opened the log (count) stay side-effect free
	}
	name := "xpost"
	if cmd != nil {
		name = cmd.CommandPath()
	}
	if ie, ok := errors.AsType[*internalError](err); ok {
		a.log.logger.Error("command failed", "command", name, "err", err.Error(), "stack", string(ie.stack))
		return
	}
	a.log.logger.Error("command failed", "command", name, "err", err.Error())
}
