package main

import "github.com/spf13/cobra"

// apiCommands are the commands that talk to X, in the order help lists them.
func (a *app) apiCommands() []*cobra.Command {
	return []*cobra.Command{
		a.newLoginCommand(),
		a.newLogoutCommand(),
		a.newWhoamiCommand(),
		a.newPostCommand(),
		a.newThreadCommand(),
		a.newRecentCommand(),
		a.newDeleteCommand(),
	}
}

// addRootRun decides what plain `xpost` does: for now it shows the help.
func (a *app) addRootRun(root *cobra.Command) {
	root.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
}
