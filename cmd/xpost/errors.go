package main

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/billing"
)

// messager is an error that knows how to explain itself to a user: what
// went wrong and what to do. The xapi errors implement it.
type messager interface {
	error
	Message() string
}

// userMessage is what the program prints for a failed command. An error
// from xapi carries a sentence for the user (Message) besides its
// technical text; the context this program wrapped around it ("part 3: ",
// a hint how to resume) is kept around that sentence.
func userMessage(err error) string {
	m, ok := errors.AsType[messager](err)
	if !ok {
		return err.Error()
	}
	full, inner := err.Error(), m.Error()
	if strings.Contains(full, inner) {
		return strings.Replace(full, inner, m.Message(), 1)
	}
	return m.Message()
}

// Exit statuses, part of the command line contract (README "Exit
// status"). 0, 1 and 2 keep their first meaning; 3 to 7 refine 1, the
// failure, so that a script can tell what to do next without reading the
// message.
const (
	exitOK       = 0
	exitFailure  = 1 // failed, for a reason not listed below
	exitUsage    = 2 // the command line is wrong
	exitLogin    = 3 // not logged in, or X refused the login: run xpost login
	exitRetry    = 4 // rate limited, out of credits, X unreachable: retry later
	exitRefused  = 5 // refused (X's rules, a duplicate, not allowed): change it
	exitPartial  = 6 // partly done or outcome unknown: resume, never start over
	exitInternal = 7 // a defect of xpost: report it
)

// partialError is a publish that stopped after some of it may be on X:
// parts posted, or a part whose answer was lost. Running the same command
// again from the start would post twice; resuming does not.
type partialError struct {
	// posted are the ids of the parts known to be live, in order.
	posted []string
	err    error
}

func (e *partialError) Error() string { return e.err.Error() }

func (e *partialError) Unwrap() error { return e.err }

// internalError is a defect of the program itself (a panic), never a
// problem of the input or of X.
type internalError struct {
	err   error
	stack []byte // for the log, not for the terminal
}

func (e *internalError) Error() string {
	return "internal error (a defect of xpost, please report it with the log): " + e.err.Error()
}

func (e *internalError) Unwrap() error { return e.err }

// exitCode maps a command's error to the exit status that tells a script
// what to do next. The order matters: what is already on X decides first
// (a thread half posted is resumed, whatever stopped it), then what the
// user can do about the cause.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	if ee, ok := errors.AsType[*exitError](err); ok {
		return ee.code
	}
	if _, ok := errors.AsType[*usageError](err); ok {
		return exitUsage
	}
	if _, ok := errors.AsType[*internalError](err); ok {
		return exitInternal
	}
	if _, ok := errors.AsType[*partialError](err); ok {
		return exitPartial
	}
	if _, ok := errors.AsType[*xapi.UnknownOutcomeError](err); ok {
		return exitPartial
	}
	if errors.Is(err, xapi.ErrLoginRequired) || errors.Is(err, xapi.ErrLoginTimeout) {
		return exitLogin
	}
	if errors.Is(err, xapi.ErrOutOfCredits) {
		return exitRetry
	}
	if _, ok := errors.AsType[*xapi.RateLimitError](err); ok {
		return exitRetry
	}
	if oe, ok := errors.AsType[*xapi.OAuthError](err); ok {
		if oe.StatusCode >= 500 || oe.StatusCode == http.StatusTooManyRequests ||
			oe.Code == "temporarily_unavailable" || oe.Code == "server_error" {
			return exitRetry
		}
		return exitLogin
	}
	if _, ok := errors.AsType[*xapi.EditRefusedError](err); ok {
		return exitRefused
	}
	if _, ok := errors.AsType[*xapi.PlanRefusedError](err); ok {
		return exitRefused
	}
	if _, ok := errors.AsType[*billing.CapError](err); ok {
		return exitRefused
	}
	if ae, ok := errors.AsType[*xapi.APIError](err); ok {
		switch {
		case ae.StatusCode == http.StatusUnauthorized:
			return exitLogin
		case ae.LacksPermission():
			return exitLogin
		case ae.StatusCode >= 500:
			return exitRetry
		case ae.StatusCode >= 400:
			return exitRefused
		}
		return exitFailure
	}
	if _, ok := errors.AsType[*xapi.ValidationError](err); ok {
		return exitRefused
	}
	if pe, ok := errors.AsType[*problemsError](err); ok && !pe.files {
		return exitRefused
	}
	if _, ok := errors.AsType[*xapi.NetworkError](err); ok {
		return exitRetry
	}
	if _, ok := errors.AsType[*xapi.UnreadableAnswerError](err); ok {
		return exitRetry
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return exitRetry
	}
	return exitFailure
}
