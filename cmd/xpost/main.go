package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/xpostdev/xpost/outbox"
	"github.com/xpostdev/xpost/xapi"
)

// version is the program's version. Release builds set it with
// -ldflags "-X main.version=v1.2.3"; otherwise it comes from the module
// build information (a tagged `go install` knows its version).
var version = ""

// programVersion returns the version to print for --version.
func programVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

func main() {
	sigs := make(chan os.Signal, 2)
	// SIGHUP is the terminal going away (a closed window, a dropped SSH
	// session): like SIGTERM, it ends the run the orderly way, so that
	// what must be saved is saved and temporary files are removed.
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	ctx, cancel := context.WithCancelCause(context.Background())
	go watchSignals(sigs, cancel, os.Stderr, func(code int) {
		atExit.run()
		os.Exit(code)
	})
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	signal.Stop(sigs)
	cancel(nil)
	os.Exit(code)
}

// errInterrupted is why a command stopped on ctrl+c (or SIGTERM, or
// SIGHUP): the cause of its context, which reads from standard input
// report.
var errInterrupted = errors.New("interrupted")

// watchSignals turns the first ctrl+c, SIGTERM or SIGHUP into the
// cancellation of the run's context: commands stop what they wait for (a
// read of standard input, a request, a rate-limit wait), save what must
// be saved and exit. A second one exits at once, whatever the program is
// waiting for, so ctrl+c always works; exit runs the cleanups registered
// in atExit first.
func watchSignals(sigs <-chan os.Signal, cancel context.CancelCauseFunc, stderr io.Writer, exit func(int)) {
	if _, ok := <-sigs; !ok {
		return
	}
	cancel(errInterrupted)
	if _, ok := <-sigs; !ok {
		return
	}
	fmt.Fprintln(stderr, "xpost: interrupted twice: stopped at once")
	exit(exitFailure)
}

// run executes one command line with the process environment. It is main
// without os.Exit, so tests run the whole program in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := newApp(stdin, stdout, stderr, os.Getenv)
	a.notifier = outbox.Desktop
	return a.run(ctx, args)
}

// app is one run of the program: its standard streams, environment and the
// state commands share (configuration, log). Nothing in it is global, so
// tests run many programs in parallel.
type app struct {
	// composerMax is the composer's --max flag: 0 follows the account.
	composerMax int
	// accessible is the composer's --accessible flag.
	accessible bool

	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// userHome is os.UserHomeDir (nil); tests give a home of their own.
	userHome func() (string, error)
	// completing is set while the shell asks for completions.
	completing bool
	// runEditor runs the editor on a file (nil: the real one, on the
	// terminal); tests replace it.
	runEditor func(ctx context.Context, argv []string, path string) error

	// isTerminal reports whether a stream is an interactive terminal; it
	// decides whether delete may ask and whether the composer can open.
	isTerminal func(any) bool
	// openBrowser opens a URL in the user's browser; tests replace it.
	openBrowser func(url string) error

	// clientOptions adjusts the X client's options; tests use it to skip
	// the real back-off sleeps.
	clientOptions func(*xapi.Options)
	// teaOptions are added to the composer's program options; tests give
	// a window size, which a real terminal reports by itself.
	teaOptions []tea.ProgramOption

	// loginTimeout bounds the wait for the browser in a login; zero
	// means xapi's default. Tests shorten it.
	loginTimeout time.Duration

	// clock, loc and sleep are the queue's clock, time zone and waits;
	// nil means the real ones. Tests set them.
	clock func() time.Time
	loc   *time.Location
	sleep func(ctx context.Context, d time.Duration) error
	// notifier gives the queue runner's desktop notifier (nil: none). Only
	// the real program sets it, so no test shows a notification.
	notifier func() outbox.Notifier

	global globalFlags
	cfg    *config
	// cfgFile is config.json as read for cfg.
	cfgFile *settingsFile
	log     *logFile

	// storeMu guards the account this run uses and the stores of the
	// accounts' logins, made once per run and account.
	storeMu         sync.Mutex
	account         string
	accountResolved bool
	stores          map[string]*xapi.Store
	warnings        warnings

	// runCtx is the run's context, for work that outlives a command's
	// call into the API (the account refresh); background is that work,
	// which run waits for before it returns.
	runCtx     context.Context
	background sync.WaitGroup
	refreshed  sync.Once
}

// globalFlags are the flags every command accepts, before or after its name.
type globalFlags struct {
	// account is --account: the named account to use.
	account   string
	apiBase   string
	configDir string
	logPath   string
	// noInput forbids waiting for a person (a confirmation, the
	// composer, a login): such commands fail at once naming the flag
	// that answers them.
	noInput bool
}

func newApp(stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) *app {
	return &app{
		stdin:       stdin,
		stdout:      stdout,
		stderr:      stderr,
		getenv:      getenv,
		isTerminal:  isTerminal,
		openBrowser: openBrowser,
	}
}

// usageError is a command line the program cannot make sense of: exit
// status 2 and a hint where to read the usage.
type usageError struct {
	cmd string // the command's path, e.g. "xpost count"
	msg string
}

func (e *usageError) Error() string { return e.msg }

// usagef returns a usage error for cmd.
func usagef(cmd *cobra.Command, format string, args ...any) error {
	return &usageError{cmd: cmd.CommandPath(), msg: fmt.Sprintf(format, args...)}
}

// exitError ends the program with a status and no further message: the
// command has already said everything (xpost count's invalid text).
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func (a *app) run(ctx context.Context, args []string) int {
	defer a.closeLog()
	a.runCtx = ctx
	defer a.background.Wait()
	root := a.newRootCommand()
	a.completing = len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
	root.SetArgs(args)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	cmd, err := execute(ctx, root)
	if err == nil {
		return exitOK
	}
	if ee, ok := errors.AsType[*exitError](err); ok {
		return ee.code
	}
	if ue, ok := errors.AsType[*usageError](err); ok {
		path := ue.cmd
		if path == "" && cmd != nil {
			path = cmd.CommandPath()
		}
		if path == "" {
			path = "xpost"
		}
		fmt.Fprintf(a.stderr, "%s: %s\nRun '%s --help' for usage.\n", path, ue.msg, path)
		return exitUsage
	}
	a.logError(cmd, err)
	fmt.Fprintf(a.stderr, "xpost: %s\n", userMessage(err))
	return exitCode(err)
}

// execute runs the command line, turning a panic into an internal error
// (exit status 7) with its stack, so that a defect is told apart from a
// failure a script may retry.
func execute(ctx context.Context, root *cobra.Command) (cmd *cobra.Command, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &internalError{err: fmt.Errorf("panic: %v", v), stack: debug.Stack()}
		}
	}()
	return root.ExecuteContextC(ctx)
}

// newRootCommand builds the command tree. Global flags are persistent, so
// they are accepted before or after a command's name.
func (a *app) newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "xpost",
		Short: "A terminal composer for X",
		Long: `xpost is a terminal composer for X: write posts and threads with live
character counts, attach media and polls, and publish them; or script it
with the commands below.

Run xpost with no command to open the composer, or xpost --demo to try it
against a built-in fake X (no account needed, nothing leaves the machine).`,
		Version:           programVersion(),
		SilenceErrors:     true,
		SilenceUsage:      true,
		Args:              noArgs,
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
	}
	root.SetVersionTemplate("xpost {{.Version}}\n")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usagef(cmd, "%s", err.Error())
	})

	pf := root.PersistentFlags()
	pf.StringVar(&a.global.account, "account", "", "use the saved account `NAME` instead of the default one (xpost accounts lists them); env XPOST_ACCOUNT")
	pf.StringVar(&a.global.apiBase, "api-base", "", "send every request to this X API `URL` (e.g. a fake server); env XPOST_API_BASE")
	pf.StringVar(&a.global.configDir, "config-dir", "", "keep every file (configuration, logins, drafts, log) in `DIR` instead of the platform's places; env XPOST_CONFIG_DIR")
	pf.StringVar(&a.global.logPath, "log", "", "write the log to `FILE` instead of xpost.log in the log directory")
	pf.BoolVar(&a.global.noInput, "no-input", false, "never wait for a person: a question fails at once, naming the flag that answers it; env XPOST_NO_INPUT=1")

	root.SetHelpCommand(&cobra.Command{
		Use:   "help [COMMAND]",
		Short: "Help about any command",
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := root.Find(args)
			if err != nil || target == nil || len(rest) > 0 {
				return usagef(root, "no help for %q: run 'xpost help' for the commands", strings.Join(args, " "))
			}
			return target.Help()
		},
	})
	a.addRootRun(root)
	root.AddCommand(a.newCountCommand())
	for _, c := range a.apiCommands() {
		root.AddCommand(c)
	}
	root.AddCommand(a.newCompletionCommand(), a.newManPagesCommand())
	a.addCompletions(root)
	return root
}

// noArgs rejects arguments with a usage error that names an unknown
// command, rather than cobra's plain error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if !cmd.HasParent() {
		return usagef(cmd, "unknown command %q", args[0])
	}
	return usagef(cmd, "unexpected argument %q", args[0])
}

// exactArgs, maxArgs and minArgs are cobra's validators with usage errors.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef(cmd, "expected %s, got %d arguments", what, len(args))
		}
		return nil
	}
}

func maxArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef(cmd, "expected at most %s, got %d arguments: %s", what, len(args), strings.Join(args, " "))
		}
		return nil
	}
}

func minArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usagef(cmd, "expected %s", what)
		}
		return nil
	}
}

// flagChanged reports whether the user gave a flag, so that a flag given
// with its default value still overrides the environment and config file.
func flagChanged(fs *pflag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	return f != nil && f.Changed
}

// atExit holds what must be undone even when the program is stopped at
// once by a second signal, where deferred calls do not run: the demo's
// temporary directory.
var atExit cleanups

// cleanups are functions to run once on the way out, whichever way that
// is. Each is registered by whoever made the mess and removed by it when
// it cleaned up the ordinary way.
type cleanups struct {
	mu   sync.Mutex
	next int
	fns  map[int]func()
}

// add registers f and returns the function that unregisters it.
func (c *cleanups) add(f func()) (remove func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fns == nil {
		c.fns = map[int]func(){}
	}
	id := c.next
	c.next++
	c.fns[id] = f
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.fns, id)
	}
}

// run runs and forgets every registered cleanup.
func (c *cleanups) run() {
	c.mu.Lock()
	fns := c.fns
	c.fns = nil
	c.mu.Unlock()
	for _, f := range fns {
		f()
	}
}
