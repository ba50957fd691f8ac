package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/rules"
)

// completionShells are the shells `xpost completion` writes a script for.
var completionShells = []string{"bash", "zsh", "fish", "powershell"}

func (a *app) newCompletionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print the shell completion script",
		Long: `Completion prints the script that makes the shell complete xpost's commands,
flags and known values: --reply-settings, --account (the saved accounts),
draft ids (from the drafts folder), recent post ids for delete, edit,
--reply-to and --quote (from a local cache: no request), media files of the
kinds X accepts, thread files.

  bash:        xpost completion bash > ~/.local/share/bash-completion/completions/xpost
  zsh:         xpost completion zsh > "${fpath[1]}/_xpost"   (with compinit)
  fish:        xpost completion fish > ~/.config/fish/completions/xpost.fish
  powershell:  xpost completion powershell | Out-String | Invoke-Expression   (in $PROFILE)`,
		Args:      exactArgs(1, "one shell: bash, zsh, fish or powershell"),
		ValidArgs: completionShells,
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(a.stdout, true)
			case "zsh":
				return root.GenZshCompletion(a.stdout)
			case "fish":
				return root.GenFishCompletion(a.stdout, true)
			case "powershell":
				return root.GenPowerShellCompletionWithDesc(a.stdout)
			}
			return usagef(cmd, "no completion for %q: give bash, zsh, fish or powershell", args[0])
		},
	}
}

// addCompletions gives the command tree's flags and arguments the values
// the shell may offer. It walks the tree, so a command that gains one of
// these flags completes it without further work.
func (a *app) addCompletions(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Flags().Lookup("reply-settings") != nil {
			_ = c.RegisterFlagCompletionFunc("reply-settings", cobra.FixedCompletions(
				[]string{"following\tpeople you follow", "mentionedUsers\tpeople the post mentions", "subscribers\tyour subscribers", "verified\tverified accounts"},
				cobra.ShellCompDirectiveNoFileComp))
		}
		for _, name := range []string{"reply-to", "quote"} {
			if c.Flags().Lookup(name) != nil {
				_ = c.RegisterFlagCompletionFunc(name, a.completeRecentFlag)
			}
		}
		if c.Flags().Lookup("media") != nil {
			_ = c.RegisterFlagCompletionFunc("media", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
				return mediaExtensionsBothCases(), cobra.ShellCompDirectiveFilterFileExt
			})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	_ = root.RegisterFlagCompletionFunc("account", a.completeAccounts)
	if c, _, err := root.Find([]string{"accounts", "default"}); err == nil && c.Name() == "default" {
		c.ValidArgsFunction = func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return a.completeAccounts(cmd, args, toComplete)
		}
	}
	for _, path := range [][]string{{"delete"}, {"edit"}} {
		if c, _, err := root.Find(path); err == nil && c.Name() == path[0] {
			c.ValidArgsFunction = a.completeRecentIDs(path[0] == "delete")
		}
	}
	for _, path := range [][]string{{"drafts", "show"}, {"drafts", "export"}, {"drafts", "delete"}} {
		if c, _, err := root.Find(path); err == nil && c.Name() == path[len(path)-1] {
			c.ValidArgsFunction = a.completeDraftIDs(path[1] == "delete")
		}
	}
}

// mediaExtensionsBothCases are X's media extensions in lower and upper
// case: shells filter by name, and cameras write JPG.
func mediaExtensionsBothCases() []string {
	var out []string
	for _, e := range rules.MediaExtensions {
		out = append(out, e, strings.ToUpper(e))
	}
	return out
}

// completeDraftIDs offers the ids of the drafts, each with its first line;
// many lets every argument be one (delete), else only the first.
func (a *app) completeDraftIDs(many bool) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 && !many {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		s, err := a.draftStore()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		sums, _ := s.List()
		var out []cobra.Completion
		for _, d := range sums {
			if strings.HasPrefix(d.ID, toComplete) {
				out = append(out, cobra.CompletionWithDesc(d.ID, fmt.Sprintf("%s (%d)", oneLine(titleOf(d), 50), d.Posts)))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeAccounts offers the names of the saved accounts, each with the
// handles it is logged in as.
func (a *app) completeAccounts(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	dirs, err := a.resolveDirs()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	logins, _ := xapi.NewAccounts(dirs.Tokens()).List()
	handles := map[string][]string{}
	var names []string
	for _, l := range logins {
		if _, ok := handles[l.Account]; !ok {
			names = append(names, l.Account)
		}
		if l.Username != "" && !slices.Contains(handles[l.Account], "@"+l.Username) {
			handles[l.Account] = append(handles[l.Account], "@"+l.Username)
		}
	}
	var out []cobra.Completion
	for _, n := range names {
		if strings.HasPrefix(n, strings.ToLower(toComplete)) {
			out = append(out, cobra.CompletionWithDesc(n, strings.Join(handles[n], ", ")))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
