package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/xpostdev/xpost/internal/appdirs"
	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/outbox"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/billing"
	"github.com/xpostdev/xpost/xapi/rules"
)

// Defaults of the settings config.json may change.
const (
	defaultAPIBase      = "https://api.x.com"
	defaultRedirectPort = 8765
	defaultRecentLimit  = 10
)

// fileConfig is config.json in the config directory. Every field is
// optional; flags and XPOST_* environment variables override it.
type fileConfig struct {
	// ClientID is the OAuth 2.0 client id of the user's X app.
	ClientID string `json:"client_id,omitempty"`
	// ClientSecret is set only for confidential clients.
	ClientSecret string `json:"client_secret,omitempty"`
	// RedirectPort is the loopback port of the login callback; it must be
	// a registered callback URL of the X app.
	RedirectPort int `json:"redirect_port,omitempty"`
	// APIBase points every endpoint at another server.
	APIBase string `json:"api_base,omitempty"`
	// DefaultLimit is the weighted length posts are written against, for
	// those who want to stay under a limit other than their account's
	// (a Premium user keeping posts to 280); 0 follows the account.
	DefaultLimit int `json:"default_limit,omitempty"`
	// QueueLate is what a runner does with a queued item whose time
	// passed by more than its grace period: "hold" (the default) or
	// "post". post/thread --late sets it for one item.
	QueueLate string `json:"queue_late,omitempty"`
	// QueueGrace is how late a queued item may still be posted, as a
	// duration ("1h", "90m"); empty means an hour. --grace sets it for one
	// item.
	QueueGrace string `json:"queue_grace,omitempty"`
	// Plan is the developer account's X API plan: pay-per-use (the
	// default), self-serve-legacy or enterprise. It decides the prices
	// shown and the rules checked before sending.
	Plan string `json:"plan,omitempty"`
	// Prices override X's pay-per-use prices, by kind of request
	// ("post": "0.015"); amounts in dollars, as strings or numbers.
	Prices map[string]json.RawMessage `json:"prices,omitempty"`
	// QueueNotify is which queue outcomes a runner announces as a
	// desktop notification: "failures" (failed or held, the default),
	// "all" (posted too) or "off".
	QueueNotify string `json:"queue_notify,omitempty"`
	// ThreadPacing is how far apart a thread's parts are posted, as a
	// duration ("30s"); empty or "0s" posts them at once. thread --pace
	// and queue run --pace override it.
	ThreadPacing string `json:"thread_pacing,omitempty"`
	// UploadFirst makes every publish upload all of a thread's files
	// before its first post, so that a file X refuses leaves nothing on
	// X; by default each post goes out as soon as its own files are up.
	// thread --upload-first sets it for one publish.
	UploadFirst bool `json:"upload_first,omitempty"`
	// UndoSeconds is the composer's undo window: a publish from its
	// confirmation waits this many seconds, with a countdown and a
	// cancel key, before anything is sent; 0 (the default) sends at once.
	UndoSeconds int `json:"undo_seconds,omitempty"`
	// AltText is what publishing does with an image without alt text:
	// "ask" (the default: the composer asks once), "require" (refused
	// everywhere, with how to add it) or "off".
	AltText string `json:"alt_text,omitempty"`
	// Completion offers the handles and hashtags used before while "@"
	// or "#" is typed in the composer; on unless false.
	Completion *bool `json:"completion,omitempty"`
	// Accessible draws the composer for screen readers (--accessible and
	// XPOST_ACCESSIBLE=1 do too): no animation, no box drawing, words
	// instead of marks, counts in words.
	Accessible bool `json:"accessible,omitempty"`
	// Thumbnails is how the media screen draws pictures: "" (found from
	// the terminal), "off", "kitty", "iterm2" or "sixel";
	// XPOST_THUMBNAILS overrides it.
	Thumbnails string `json:"thumbnails,omitempty"`
	// SpendingCap caps what xpost spends per UTC day and calendar month
	// ("daily": "1.00", "monthly": 10), by its own ledger.
	SpendingCap *struct {
		Daily   json.RawMessage `json:"daily,omitempty"`
		Monthly json.RawMessage `json:"monthly,omitempty"`
	} `json:"spending_cap,omitempty"`
	// AssistantMaySchedule lets the MCP server (xpost mcp) put drafts in
	// the queue for a time the user chose with the assistant; it never
	// publishes at once. Off by default.
	AssistantMaySchedule bool `json:"assistant_may_schedule,omitempty"`
}

// config is the resolved configuration of one run: flags over environment
// over config.json over defaults.
type config struct {
	// Dirs are where the files are: config, state, cache and log.
	Dirs         appdirs.Dirs
	ClientID     string
	ClientSecret string
	RedirectPort int
	APIBase      string
	DefaultLimit int
	// QueueLate and QueueGrace are the queue's default late policy.
	QueueLate  string
	QueueGrace time.Duration
	// Plan and Prices are the developer account's API plan (never
	// empty) and its prices.
	Plan   string
	Prices billing.Prices
	// QueueNotify is what a runner announces on the desktop.
	QueueNotify outbox.NotifyLevel
	// ThreadPacing is the wait between two parts of a thread (0: none).
	ThreadPacing time.Duration
	// UndoWindow is undo_seconds (0: publish at once).
	UndoWindow time.Duration
	// AltText is the alt_text policy (never empty).
	AltText draft.AltPolicy
	// NoCompletion is completion set to false.
	NoCompletion bool
	// Accessible is the accessible setting of config.json.
	Accessible bool
	// Thumbnails is the thumbnails setting of config.json ("" finds out).
	Thumbnails string
	// UploadFirst is upload_first: every upload before the first post.
	UploadFirst bool
	// DailyCap and MonthlyCap are spending_cap (zero: none).
	DailyCap, MonthlyCap billing.Cost
	// AssistantMaySchedule lets the MCP server queue drafts in the
	// outbox (never publish at once).
	AssistantMaySchedule bool
}

// tokenDir is the directory of the saved logins: the token store's
// files and locks. Every store is made on it.
func (c *config) tokenDir() string { return c.Dirs.Tokens() }

// ledger is the spending ledger of the configured account, with its caps.
func (c *config) ledger() *billing.Ledger {
	l := billing.NewLedger(c.Dirs.Ledger(), c.Plan == rules.PlanPayPerUse, c.Prices)
	l.Daily, l.Monthly = c.DailyCap, c.MonthlyCap
	return l
}

// pricing is what the check before sending needs, for the account u
// (nil when not known).
func (c *config) pricing(u *xapi.User) *xapi.Pricing {
	return &xapi.Pricing{Plan: c.Plan, Prices: c.Prices, User: u}
}

// postLimit is the weighted length posts are checked against: the
// configured default_limit, else what the account may post.
func (c *config) postLimit(account int) int {
	if c.DefaultLimit > 0 {
		return c.DefaultLimit
	}
	return account
}

// limitHint says where limit, as postLimit gave it, comes from, for a
// message about a text that is too long: the user's own setting, or the
// standard limit that Premium raises.
func (c *config) limitHint(limit int) string {
	switch {
	case c.DefaultLimit > 0:
		return "default_limit in " + configFileName + " sets this limit"
	case limit == xapi.StandardLimit:
		return "Premium accounts may post up to 25,000"
	}
	return ""
}

// configFileName and the other names of xpost's files (appdirs says
// which directory each is in).
const (
	configFileName = appdirs.ConfigFileName
	logFileName    = appdirs.LogFileName
	draftsDirName  = appdirs.DraftsDirName
)

// resolveDirs finds the directories without creating them: the one
// --config-dir or XPOST_CONFIG_DIR names, else the platform's. A named
// directory that is the platform's own config directory (as the runner
// files of earlier versions name it) is the platform layout.
func (a *app) resolveDirs() (appdirs.Dirs, error) {
	named := cmp.Or(a.global.configDir, a.getenv("XPOST_CONFIG_DIR"))
	home := a.userHome
	if home == nil {
		home = os.UserHomeDir
	}
	platform, err := appdirs.Platform(appdirs.Env{GOOS: runtime.GOOS, Getenv: a.getenv, Home: home})
	if named == "" {
		return platform, err
	}
	abs, aerr := filepath.Abs(named)
	if aerr != nil {
		return appdirs.Dirs{}, aerr
	}
	if err == nil && abs == platform.Legacy() {
		return platform, nil
	}
	return appdirs.Single(abs), nil
}

// prepareDirs creates the directories and moves the files an earlier
// version kept in one directory to their places, saying once on standard
// error what moved. Shell completion neither moves nor says anything: its
// standard error is not the user's to read.
func (a *app) prepareDirs(dirs appdirs.Dirs) error {
	if err := dirs.Create(); err != nil {
		return fmt.Errorf("cannot create the configuration directory: %w", err)
	}
	if a.completing {
		return nil
	}
	r, err := appdirs.Migrate(dirs)
	if s := r.Summary(); s != "" {
		fmt.Fprintf(a.stderr, "xpost: files now live where this system keeps them (xpost config path lists the places):\n%s", indent(s))
	}
	return err
}

// indent puts two spaces before every line of s.
func indent(s string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "")
}

// config resolves the configuration once per run, creates the config
// directory (0700: it holds the token) and makes an existing one private.
func (a *app) config() (*config, error) {
	if a.cfg != nil {
		return a.cfg, nil
	}
	dirs, err := a.resolveDirs()
	if err != nil {
		return nil, err
	}
	if err := a.prepareDirs(dirs); err != nil {
		return nil, err
	}
	sf, err := readFileConfig(dirs.ConfigFile())
	if err != nil {
		return nil, err
	}
	a.cfgFile = sf
	fc := sf.fc
	cfg := &config{
		Dirs:                 dirs,
		ClientID:             firstNonEmpty(a.getenv("XPOST_CLIENT_ID"), fc.ClientID),
		ClientSecret:         firstNonEmpty(a.getenv("XPOST_CLIENT_SECRET"), fc.ClientSecret),
		RedirectPort:         fc.RedirectPort,
		APIBase:              firstNonEmpty(a.global.apiBase, a.getenv("XPOST_API_BASE"), fc.APIBase, defaultAPIBase),
		DefaultLimit:         fc.DefaultLimit,
		QueueLate:            fc.QueueLate,
		Plan:                 firstNonEmpty(fc.Plan, rules.PlanPayPerUse),
		UndoWindow:           time.Duration(fc.UndoSeconds) * time.Second,
		Prices:               sf.prices,
		DailyCap:             sf.dailyCap,
		MonthlyCap:           sf.monthlyCap,
		AssistantMaySchedule: fc.AssistantMaySchedule,
		Accessible:           fc.Accessible,
		Thumbnails:           fc.Thumbnails,
		UploadFirst:          fc.UploadFirst,
	}
	cfg.QueueNotify = outbox.NotifyLevel(fc.QueueNotify) // checked when read; "" is the runner's default
	cfg.NoCompletion = fc.Completion != nil && !*fc.Completion
	cfg.AltText, _ = draft.ParseAltPolicy(fc.AltText) // checked when read
	if fc.ThreadPacing != "" {
		cfg.ThreadPacing, _ = time.ParseDuration(fc.ThreadPacing) // checked when read
	}
	if fc.QueueGrace != "" {
		cfg.QueueGrace, _ = time.ParseDuration(fc.QueueGrace) // checked when read
	}
	if cfg.RedirectPort == 0 {
		cfg.RedirectPort = defaultRedirectPort
	}
	if _, err := xapi.ParseBaseURL(cfg.APIBase); err != nil {
		return nil, err
	}
	a.cfg = cfg
	// A login readable by others is made private and reported now, before
	// a composer could take over the terminal.
	a.store(cfg).FixPermissions()
	return cfg, nil
}

// maxConfigFile is the largest config.json read: it holds a few short
// settings.
const maxConfigFile = 1 << 20

// maxUndoSeconds bounds undo_seconds: a longer wait is better served by
// scheduling the post.
const maxUndoSeconds = 60

// settingsFile is config.json as read and checked: its settings, the
// values that needed parsing, and which keys it sets (for xpost config).
type settingsFile struct {
	fc                   fileConfig
	prices               billing.Prices
	dailyCap, monthlyCap billing.Cost
	// raw holds each key the file sets, as written.
	raw map[string]json.RawMessage
}

// configError is a config.json that cannot be used: the file, the line
// and key that are wrong (when known), and what is wrong with them.
type configError struct {
	path string
	line int // 0 when not known
	key  string
	msg  string
}

func (e *configError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.path, e.line, e.msg)
	}
	return e.path + ": " + e.msg
}

// readFileConfig reads config.json; a missing file is an empty config.
func readFileConfig(path string) (*settingsFile, error) {
	b, err := fsx.ReadFile(path, maxConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return &settingsFile{}, nil
	}
	if err != nil {
		return nil, readFailure(path, err, "it holds a few settings: fix or delete the file")
	}
	return parseFileConfig(path, b)
}

// configKeys are the keys config.json may hold, from fileConfig's tags.
func configKeys() []string {
	t := reflect.TypeFor[fileConfig]()
	keys := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		keys = append(keys, name)
	}
	return keys
}

// parseFileConfig reads and checks the text of config.json, whole: the
// first key that is wrong (unknown, of the wrong type, or a bad value) is
// the error, with its line, and nothing of a wrong file is used.
func parseFileConfig(path string, b []byte) (*settingsFile, error) {
	sf := &settingsFile{}
	lineAt := func(off int64) int { return 1 + bytes.Count(b[:min(int(off), len(b))], []byte("\n")) }
	bad := func(key, format string, args ...any) error {
		return &configError{path: path, line: keyLine(b, key), key: key, msg: fmt.Sprintf(format, args...)}
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return sf, nil
	}
	if err := json.Unmarshal(b, &sf.raw); err != nil {
		if se, ok := errors.AsType[*json.SyntaxError](err); ok {
			return nil, &configError{path: path, line: lineAt(se.Offset), msg: fmt.Sprintf("not valid JSON: %v (fix or delete the file)", se)}
		}
		return nil, &configError{path: path, msg: fmt.Sprintf("not valid: %v (it must be one JSON object of settings)", err)}
	}
	known := configKeys()
	for key := range sf.raw {
		if !slices.Contains(known, key) {
			return nil, bad(key, "unknown key %q: the keys are %s", key, strings.Join(known, ", "))
		}
	}
	if err := json.Unmarshal(b, &sf.fc); err != nil {
		if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
			key, _, _ := strings.Cut(te.Field, ".")
			return nil, &configError{path: path, line: lineAt(te.Offset), key: key,
				msg: fmt.Sprintf("%s must be %s, not %s", te.Field, jsonKind(te.Type), te.Value)}
		}
		return nil, &configError{path: path, msg: err.Error()}
	}
	fc := &sf.fc
	if fc.RedirectPort < 0 || fc.RedirectPort > 65535 {
		return nil, bad("redirect_port", "redirect_port %d is not a port number (1-65535)", fc.RedirectPort)
	}
	if fc.APIBase != "" {
		if _, err := xapi.ParseBaseURL(fc.APIBase); err != nil {
			return nil, bad("api_base", "api_base: %v", err)
		}
	}
	if fc.QueueLate != "" && fc.QueueLate != draft.LateHold && fc.QueueLate != draft.LatePost {
		return nil, bad("queue_late", "queue_late %q must be \"hold\" or \"post\"", fc.QueueLate)
	}
	if d, err := time.ParseDuration(fc.QueueGrace); fc.QueueGrace != "" && (err != nil || d <= 0) {
		return nil, bad("queue_grace", "queue_grace %q must be a positive duration such as \"1h\" or \"90m\"", fc.QueueGrace)
	}
	if fc.Plan != "" && !rules.ValidPlan(fc.Plan) {
		return nil, bad("plan", "plan %q is not an X API plan: use %s", fc.Plan, strings.Join(rules.Plans, ", "))
	}
	if d, err := time.ParseDuration(fc.ThreadPacing); fc.ThreadPacing != "" && (err != nil || d < 0 || d > xapi.MaxPace) {
		return nil, bad("thread_pacing", "thread_pacing %q must be a duration from \"0s\" (at once) to \"1h\", such as \"30s\"", fc.ThreadPacing)
	}
	if fc.UndoSeconds < 0 || fc.UndoSeconds > maxUndoSeconds {
		return nil, bad("undo_seconds", "undo_seconds %d must be a number of seconds from 1 to %d, or 0 to publish at once", fc.UndoSeconds, maxUndoSeconds)
	}
	if _, err := draft.ParseAltPolicy(fc.AltText); err != nil {
		return nil, bad("alt_text", "%v", err)
	}
	if _, err := outbox.ParseNotifyLevel(fc.QueueNotify); err != nil {
		return nil, bad("queue_notify", "%v", err)
	}
	if fc.DefaultLimit < 0 {
		return nil, bad("default_limit", "default_limit %d must be a positive length (25000 for Premium), or 0 to follow the account", fc.DefaultLimit)
	}
	var err error
	if sf.prices, err = parsePrices(fc.Prices); err != nil {
		return nil, bad("prices", "%v", err)
	}
	if sc := fc.SpendingCap; sc != nil {
		for _, c := range []struct {
			name string
			raw  json.RawMessage
			to   *billing.Cost
		}{{"daily", sc.Daily, &sf.dailyCap}, {"monthly", sc.Monthly, &sf.monthlyCap}} {
			if len(c.raw) == 0 {
				continue
			}
			if *c.to, err = billing.ParseCost(strings.Trim(strings.TrimSpace(string(c.raw)), `"`)); err != nil {
				return nil, bad("spending_cap", "spending_cap.%s: %v", c.name, err)
			}
		}
	}
	return sf, nil
}

// keyLine is the line of config.json's text b where the top-level key
// is, or 0.
func keyLine(b []byte, key string) int {
	dec := json.NewDecoder(bytes.NewReader(b))
	depth := 0
	expectKey := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return 0
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			expectKey = depth == 1 && v == '{'
			continue
		case string:
			if depth == 1 && expectKey {
				if v == key {
					return 1 + bytes.Count(b[:dec.InputOffset()], []byte("\n"))
				}
				expectKey = false
				continue
			}
		}
		if depth == 1 {
			expectKey = true
		}
	}
}

// jsonKind words a Go type as the JSON value a setting needs.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Map, reflect.Struct, reflect.Pointer:
		return "an object"
	case reflect.Slice:
		return "a list"
	}
	return t.String()
}

// parsePrices reads the price overrides of config.json: each a kind of
// request X bills and a dollar amount, as a string ("0.015") or a number.
func parsePrices(raw map[string]json.RawMessage) (billing.Prices, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	out := billing.Prices{}
	for name, v := range raw {
		k, err := billing.ParseKind(name)
		if err != nil {
			return nil, fmt.Errorf("prices: %v", err)
		}
		text := strings.Trim(strings.TrimSpace(string(v)), `"`)
		c, err := billing.ParseCost(text)
		if err != nil {
			return nil, fmt.Errorf("prices.%s: %v", name, err)
		}
		out[k] = c
	}
	return out, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
