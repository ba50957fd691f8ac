package main

import (
	"errors"
	"strings"
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
