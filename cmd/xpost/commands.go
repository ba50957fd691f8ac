package main

import "github.com/spf13/cobra"

// apiCommands are the commands that talk to X, in the order help lists them.
func (a *app) apiCommands() []*cobra.Command {
	return []*cobra.Command{
		a.newLoginCommand(),
		a.newLogoutCommand(),
		a.newWhoamiCommand(),
		a.newAccountsCommand(),
		a.newUsageCommand(),
		a.newPostCommand(),
		a.newEditCommand(),
		a.newThreadCommand(),
		a.newQueueCommand(),
		a.newDraftsCommand(),
		a.newMCPCommand(),
		a.newRecentCommand(),
		a.newDeleteCommand(),
		a.newConfigCommand(),
	}
}
