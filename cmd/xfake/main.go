// Command xfake runs the fake X API v2 server of package xapitest on its
// own, for demos and scripts: point `xpost --api-base` at it.
//
// It prints its base URL as the first line of standard output, then serves
// until interrupted (SIGINT or SIGTERM). GET /_fake/state shows what it
// holds. It is not meant to face the internet.
//
//	xfake [--addr 127.0.0.1:0] [--auto-approve] [--latency D] [--fail-rate F]
//	      [--fail-after-rate F] [--token-ttl D] [--premium] [--seed N] [--demo-posts]
//	      [--plain-text] [--no-media-links] [--no-gzip] [--credits USD]
//	      [--credits-problem credits|credits-depleted]
//	      [--usage-cap N] [--usage-cap-period monthly|daily]
//	      [--odd-429 remaining|past-reset] [--odd-429-count N]
//	      [--finalize-succeeded] [--refuse-refresh]
//	      [--plan pay-per-use|self-serve-legacy|enterprise]
//	      [--edit-window D] [--max-edits N]
//
// By default it answers as X does: post text HTML-escaped (&amp;, &lt;,
// &gt;), the media's t.co link appended to the text of a post with media,
// answers gzip-compressed when the request accepts gzip. The flags switch
// these off, and switch on X's rarer answers: 402 CreditsDepleted, the 429
// of a used-up usage cap, 429s whose headers do not explain them, a
// FINALIZE that reports processing already done, a refused refresh token.
// --plan enforces the 2026 rules of an API plan, and --credits bills each
// request at X's 2026 prices.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/xpostdev/xpost/xapi/xapitest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// config is the parsed command line.
type config struct {
	addr string
	opts xapitest.Options
}

// usageLines is the usage synopsis, shared by the help and usage errors.
var usageLines = []string{
	"usage: xfake [--addr 127.0.0.1:0] [--auto-approve] [--latency D] [--fail-rate F]",
	"             [--fail-after-rate F] [--token-ttl D] [--premium] [--seed N] [--demo-posts]",
	"             [--plain-text] [--no-media-links] [--no-gzip] [--credits USD]",
	"             [--credits-problem credits|credits-depleted]",
	"             [--usage-cap N] [--usage-cap-period monthly|daily]",
	"             [--odd-429 remaining|past-reset] [--odd-429-count N]",
	"             [--finalize-succeeded] [--refuse-refresh]",
	"             [--plan pay-per-use|self-serve-legacy|enterprise]",
	"             [--edit-window D] [--max-edits N]",
	"It answers as X does: post text HTML-escaped (&amp; &lt; &gt;), media posts with their",
	"t.co link appended to the text, gzip when the request accepts it. Flags:",
}

// parseFlags parses args. It reports a usage error on stderr and returns
// it; flag.ErrHelp means help was asked for.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("xfake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		for _, l := range usageLines {
			fmt.Fprintln(stderr, l)
		}
		fs.PrintDefaults()
	}
	fs.StringVar(&c.addr, "addr", "127.0.0.1:0", "`address` to listen on (port 0 picks a free port)")
	fs.BoolVar(&c.opts.AutoApprove, "auto-approve", false, "approve authorization requests at once, as the demo user")
	fs.DurationVar(&c.opts.Latency, "latency", 0, "`duration` added to every API answer")
	fs.Float64Var(&c.opts.FailRate, "fail-rate", 0, "`fraction` of API requests answered 500/503 without acting")
	fs.Float64Var(&c.opts.FailAfterRate, "fail-after-rate", 0, "`fraction` of mutating requests that act, then drop the connection")
	fs.DurationVar(&c.opts.TokenTTL, "token-ttl", 2*time.Hour, "access-token `lifetime`")
	fs.BoolVar(&c.opts.Premium, "premium", false, "make the demo user Premium (25,000-character posts)")
	fs.Int64Var(&c.opts.Seed, "seed", 0, "`seed` for injected faults and ids")
	fs.BoolVar(&c.opts.DemoPosts, "demo-posts", false, "give the demo user a few posts")
	fs.BoolVar(&c.opts.PlainText, "plain-text", false, "return post text as sent, without X's HTML escaping of &, < and >")
	fs.BoolVar(&c.opts.NoMediaLinks, "no-media-links", false, "do not append the media's t.co link to the text of posts with media, as X does")
	fs.BoolVar(&c.opts.NoGzip, "no-gzip", false, "answer uncompressed even when the request accepts gzip (X compresses)")
	credits := fs.String("credits", "-1", "pay-per-use balance in `dollars` (0.50, $2): each successful request costs its price\n"+
		"on X's 2026 list (post $0.015, post with a URL $0.20, summoned reply $0.01, own-timeline read\n"+
		"$0.001 and other post read $0.005 per post, user read $0.010, alt text $0.005, delete $0.005;\n"+
		"reads once per post and UTC day; media upload free); one it cannot pay for gets X's 402\n"+
		"CreditsDepleted; -1 means unmetered")
	fs.StringVar(&c.opts.CreditsProblem, "credits-problem", xapitest.CreditsProblemCredits, "which of X's two 402 bodies: `type` credits (title CreditsDepleted)\nor credits-depleted (title Payment Required)")
	fs.IntVar(&c.opts.UsageCap, "usage-cap", 0, "after `N` posts per period, answer 429 usage-capped (UsageCapExceeded) with\nrequests still left in the 15-minute window; 0 means no cap")
	period := fs.String("usage-cap-period", "monthly", "`period` of --usage-cap: monthly or daily")
	fs.StringVar(&c.opts.Odd429, "odd-429", "", "answer API requests with a 429 its headers do not explain: `kind` remaining\n(x-rate-limit-remaining still positive) or past-reset (x-rate-limit-reset already past)")
	fs.IntVar(&c.opts.Odd429Count, "odd-429-count", 0, "answer `N` odd 429s, then behave; 0 means every request gets one")
	fs.BoolVar(&c.opts.FinalizeSucceeded, "finalize-succeeded", false, "FINALIZE of a video or GIF reports processing already succeeded, instead of pending")
	fs.StringVar(&c.opts.Plan, "plan", "", "enforce the 2026 rules of an API `plan`: pay-per-use or self-serve-legacy refuse quote\n"+
		"posts, replies to authors who did not mention or quote the user, and more than one cashtag\n"+
		"(X's 403s); enterprise refuses none; unset enforces none")
	fs.DurationVar(&c.opts.EditWindow, "edit-window", time.Hour, "how long after posting a Premium author may edit a post (edit_options)")
	fs.IntVar(&c.opts.MaxEdits, "max-edits", 5, "how many times (`N`) a post may be edited")
	fs.BoolVar(&c.opts.RefuseRefresh, "refuse-refresh", false, "refuse every refresh token with X's 400 invalid_request \"Value passed for the token was invalid.\"")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if *credits != "-1" {
		n, err := xapitest.ParseUSD(*credits)
		if err != nil {
			fmt.Fprintf(stderr, "xfake: --credits: %v, or -1 for unmetered\n", err)
			return c, errors.New("usage")
		}
		c.opts.MeterCredits, c.opts.Credits = true, n
	}
	switch c.opts.Plan {
	case "", xapitest.PlanPayPerUse:
	case xapitest.PlanSelfServeLegacy, xapitest.PlanEnterprise:
		if c.opts.MeterCredits {
			fmt.Fprintf(stderr, "xfake: --credits is the pay-per-use balance; --plan %s has none (drop one of them)\n", c.opts.Plan)
			return c, errors.New("usage")
		}
	default:
		fmt.Fprintf(stderr, "xfake: --plan must be one of %s, not %q\n", strings.Join(xapitest.Plans, ", "), c.opts.Plan)
		return c, errors.New("usage")
	}
	if c.opts.EditWindow <= 0 || c.opts.MaxEdits <= 0 {
		fmt.Fprintln(stderr, "xfake: --edit-window and --max-edits must be positive")
		return c, errors.New("usage")
	}
	switch strings.ToLower(*period) {
	case "monthly":
		c.opts.UsageCapPeriod = xapitest.PeriodMonthly
	case "daily":
		c.opts.UsageCapPeriod = xapitest.PeriodDaily
	default:
		fmt.Fprintf(stderr, "xfake: --usage-cap-period must be monthly or daily, not %q\n", *period)
		return c, errors.New("usage")
	}
	switch c.opts.CreditsProblem {
	case xapitest.CreditsProblemCredits, xapitest.CreditsProblemDepleted:
	default:
		fmt.Fprintf(stderr, "xfake: --credits-problem must be credits or credits-depleted, not %q\n", c.opts.CreditsProblem)
		return c, errors.New("usage")
	}
	switch c.opts.Odd429 {
	case "", xapitest.Odd429Remaining, xapitest.Odd429PastReset:
	default:
		fmt.Fprintf(stderr, "xfake: --odd-429 must be remaining or past-reset, not %q\n", c.opts.Odd429)
		return c, errors.New("usage")
	}
	if c.opts.UsageCap < 0 || c.opts.Odd429Count < 0 {
		fmt.Fprintln(stderr, "xfake: --usage-cap and --odd-429-count must be 0 or more")
		return c, errors.New("usage")
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "xfake: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return c, errors.New("usage")
	}
	for _, r := range []struct {
		name string
		v    float64
	}{{"--fail-rate", c.opts.FailRate}, {"--fail-after-rate", c.opts.FailAfterRate}} {
		if r.v < 0 || r.v > 1 {
			fmt.Fprintf(stderr, "xfake: %s must be between 0 and 1\n", r.name)
			return c, errors.New("usage")
		}
	}
	if c.opts.Latency < 0 || c.opts.TokenTTL <= 0 {
		fmt.Fprintln(stderr, "xfake: --latency must not be negative and --token-ttl must be positive")
		return c, errors.New("usage")
	}
	return c, nil
}

// run serves until ctx ends and returns the exit status: 0 after a clean
// shutdown, 1 when the server cannot run, 2 for a usage error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		fmt.Fprintf(stderr, "xfake: cannot listen on %s: %v (choose another --addr)\n", c.addr, err)
		return 1
	}
	fake := xapitest.NewUnstartedServer(c.opts)
	srv := &http.Server{Handler: fake.Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "http://%s\n", ln.Addr())
	fmt.Fprintf(stderr, "xfake: client id %s, demo user @%s; state at http://%s/_fake/state\n",
		xapitest.DemoClientID, fake.DemoUser().Username, ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "xfake: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	fake.Close()
	if err := srv.Shutdown(shutdown); err != nil {
		fmt.Fprintf(stderr, "xfake: shutdown: %v\n", err)
		return 1
	}
	return 0
}
