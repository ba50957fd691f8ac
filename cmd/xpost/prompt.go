package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/fsx"
)

// canAsk reports whether the program may wait for a person to answer on
// standard input: it is a terminal and --no-input (or XPOST_NO_INPUT) was
// not given. A script's xpost never waits for an answer that cannot come.
func (a *app) canAsk() bool {
	return !a.noInput() && a.isTerminal(a.stdin)
}

// noInput reports whether --no-input or XPOST_NO_INPUT forbids waiting
// for a person.
func (a *app) noInput() bool {
	if a.global.noInput {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(a.getenv("XPOST_NO_INPUT"))) {
	case "", "0", "false", "no":
		return false
	}
	return true
}

// needInput is the usage error of a command that would have to ask a
// person and may not: what it would ask, and the flag that answers it.
func (a *app) needInput(cmd *cobra.Command, question, flag string) error {
	why := "standard input is not a terminal"
	if a.noInput() {
		why = "--no-input forbids asking"
	}
	return usagef(cmd, "%s needs an answer and %s: pass %s", question, why, flag)
}

// confirm asks a yes/no question on standard error and reads the answer;
// only y or yes (any case) is yes, and ctrl+c or the end of input is no.
// Callers check canAsk first.
func (a *app) confirm(ctx context.Context, question string) bool {
	fmt.Fprintf(a.stderr, "%s [y/N] ", question)
	answer, _ := bufio.NewReader(fsx.ContextReader(ctx, a.stdin)).ReadString('\n')
	ans := strings.ToLower(strings.TrimSpace(answer))
	return ans == "y" || ans == "yes"
}
