package xapitest

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// DemoClientID is the public OAuth client every Server registers. It has no
// secret and accepts any http://127.0.0.1:PORT/callback redirect, which is
// what `xpost login` and `xpost --demo` use.
const DemoClientID = "xpost-demo"

// Options configures a Server. The zero value is a working server on the
// real clock with no faults.
type Options struct {
	// AutoApprove makes the authorize page redirect at once, as the demo
	// user, instead of showing the consent page.
	AutoApprove bool
	// TokenTTL is the access-token lifetime; zero means X's 2 hours.
	TokenTTL time.Duration
	// Latency is added to every API answer.
	Latency time.Duration
	// FailRate is the fraction of API requests answered 500 or 503 without
	// acting.
	FailRate float64
	// FailAfterRate is the fraction of successful mutating requests (POST,
	// DELETE) that act and then drop the connection without answering.
	FailAfterRate float64
	// Seed seeds the fault RNG and the id sequence, for repeatable runs.
	Seed int64
	// Premium makes the demo user a Premium subscriber (25,000 limit).
	Premium bool
	// DemoPosts seeds the demo user with a few posts.
	DemoPosts bool
	// Clock is the server's time; nil means the real clock.
	Clock Clock
	// DailyPostCap, when positive, is a per-user 24-hour cap on POST
	// /2/tweets, announced in x-user-limit-24hour-* headers.
	DailyPostCap int
	// PlainText returns post text as it was sent. X HTML-escapes &, <
	// and > in the text of every answer ("&amp;", "&lt;", "&gt;"); so does
	// the fake unless this is set.
	PlainText bool
	// NoMediaLinks leaves the text of posts with media as it was sent. X
	// appends the media's t.co link to it (a media-only post's text is
	// just the link); so does the fake unless this is set.
	NoMediaLinks bool
	// MeterCredits turns on pay-per-use billing with a balance of
	// Credits, counted in credits of $0.001 ([Dollar] is 1000): each
	// successful request to a billable endpoint spends its price from X's
	// 2026 list ([Prices]: a post $0.015, a post with a URL $0.20, a
	// summoned reply $0.01, own-timeline reads $0.001 and other post
	// reads $0.005 per post, user reads $0.010, alt text $0.005; media
	// upload is free), reads billed once per resource and UTC day. A
	// request the balance cannot pay for answers 402 CreditsDepleted
	// without acting. SetCredits changes the balance.
	MeterCredits bool
	Credits      int
	// CreditsProblem picks the 402 body: CreditsProblemCredits (the
	// default) or CreditsProblemDepleted, the two shapes seen in 2026.
	CreditsProblem string
	// UsageCap, when positive, is how many posts the developer account may
	// create per UsageCapPeriod; further creates answer 429 usage-capped
	// (with x-rate-limit-remaining still positive, as at X).
	UsageCap int
	// UsageCapPeriod is PeriodMonthly (the default) or PeriodDaily.
	UsageCapPeriod string
	// Odd429 and Odd429Count start the server with those Faults.
	Odd429      string
	Odd429Count int
	// NoGzip answers uncompressed even when the request accepts gzip. X
	// compresses its answers (content-encoding: gzip) when asked; so does
	// the fake unless this is set.
	NoGzip bool
	// FinalizeSucceeded makes FINALIZE of a video or GIF report
	// processing_info.state "succeeded" at once, as X sometimes does,
	// instead of "pending".
	FinalizeSucceeded bool
	// RefuseRefresh answers every refresh-token grant with X's answer to a
	// spent refresh token (400 invalid_request "Value passed for the token
	// was invalid."), as after a revoke or a refresh by another copy.
	RefuseRefresh bool
	// Plan is the developer account's API plan: PlanPayPerUse,
	// PlanSelfServeLegacy or PlanEnterprise make the server enforce X's
	// 2026 rules for that plan (see [Server.Plan]); empty enforces none,
	// as before 2026.
	Plan string
	// EditWindow is how long after posting a Premium author may edit a
	// post; zero means one hour (X's API announcement of 2025-10-03).
	EditWindow time.Duration
	// MaxEdits is how many times a post may be edited; zero means 5.
	MaxEdits int
	// ProcessingTime is how long video and GIF processing takes after
	// finalize on the server's clock; zero means 2 seconds. Each STATUS
	// poll also advances processing one step, so a client that honours
	// check_after_secs finishes after two polls even on a stopped clock.
	ProcessingTime time.Duration
}

// User is an account on the fake X.
type User struct {
	ID       string
	Name     string
	Username string
	// SubscriptionType is X's user.fields value: "None", "Basic",
	// "Premium" or "PremiumPlus". Premium and PremiumPlus may post up to
	// 25,000 weighted characters.
	SubscriptionType string
}

// Client is a registered OAuth 2.0 client (an X app).
type Client struct {
	ID string
	// Secret is empty for a public client (client_id in the form body) and
	// set for a confidential one (HTTP Basic auth required).
	Secret string
	// Redirects are the registered callback URLs, matched exactly. Empty
	// means the loopback rule: any http://127.0.0.1:PORT/callback.
	Redirects []string
}

// TokenPair is what IssueToken mints, as the token endpoint would.
type TokenPair struct {
	AccessToken  string
	RefreshToken string // empty unless offline.access was granted
	ExpiresIn    int    // seconds
}

// Server is a running (or unstarted) fake X. Its methods are safe for
// concurrent use.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234, set by Start.
	URL string

	opts    Options
	clock   Clock
	handler http.Handler
	ts      *httptest.Server
	done    chan struct{}
	closeMu sync.Once

	mu       sync.Mutex
	rng      *rand.Rand
	faults   Faults
	users    []*User
	clients  map[string]*Client
	posts    []*post // creation order, deleted ones included (flagged)
	postByID map[string]*post
	byText   map[string]*post // newest post per author and text, for duplicates
	media    map[string]*media
	mediaSeq []string // media ids in creation order
	codes    map[string]*authCode
	access   map[string]*accessToken
	refresh  map[string]*refreshToken
	limits   *rateLimiter
	lastID   int64
	counters Counters
	// byEndpoint counts the requests to each endpoint (RequestsTo).
	byEndpoint map[string]int
	credits    int // pay-per-use balance in credits of $0.001; negative: not metered
	charges    map[string]chargeTotal
	// billedToday holds the read resources billed on billedDay (UTC),
	// which X does not bill twice in a day.
	billedToday map[string]bool
	billedDay   string
	usage       window // posts created in the usage-cap period
	// odd429Sent counts the odd 429s answered, against Faults.Odd429Count.
	odd429Sent int
}

// NewServer starts a Server on 127.0.0.1 at a free port, like
// httptest.NewServer. Call Close when done.
func NewServer(opts Options) *Server {
	s := NewUnstartedServer(opts)
	s.Start()
	return s
}

// NewUnstartedServer returns a Server that is not listening yet: call Start,
// or serve Handler from an http.Server of your own (cmd/xfake does).
func NewUnstartedServer(opts Options) *Server {
	if opts.TokenTTL <= 0 {
		opts.TokenTTL = 2 * time.Hour
	}
	if opts.ProcessingTime <= 0 {
		opts.ProcessingTime = 2 * time.Second
	}
	if opts.EditWindow <= 0 {
		opts.EditWindow = time.Hour
	}
	if opts.MaxEdits <= 0 {
		opts.MaxEdits = 5
	}
	if opts.UsageCapPeriod == "" {
		opts.UsageCapPeriod = PeriodMonthly
	}
	clock := opts.Clock
	if clock == nil {
		clock = realClock{}
	}
	seed := uint64(opts.Seed)
	s := &Server{
		opts:  opts,
		clock: clock,
		done:  make(chan struct{}),
		rng:   rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		faults: Faults{FailRate: opts.FailRate, FailAfterRate: opts.FailAfterRate, Latency: opts.Latency,
			Odd429: opts.Odd429, Odd429Count: opts.Odd429Count},
		credits:  -1,
		charges:  map[string]chargeTotal{},
		clients:  map[string]*Client{},
		postByID: map[string]*post{},
		byText:   map[string]*post{},
		media:    map[string]*media{},
		codes:    map[string]*authCode{},
		access:   map[string]*accessToken{},
		refresh:  map[string]*refreshToken{},
		limits:   newRateLimiter(),
	}
	sub := "None"
	if opts.Premium {
		sub = "Premium"
	}
	s.AddUser(User{ID: "1", Name: "xpost demo", Username: "xpostdemo", SubscriptionType: sub})
	s.RegisterClient(Client{ID: DemoClientID})
	if opts.DemoPosts {
		s.seedDemoPosts()
	}
	if opts.MeterCredits {
		s.credits = max(opts.Credits, 0)
	}
	s.handler = s.routes()
	return s
}

// Start starts listening on 127.0.0.1 at a free port and sets URL.
func (s *Server) Start() {
	s.ts = httptest.NewUnstartedServer(s.handler)
	s.ts.Start()
	s.URL = s.ts.URL
}

// Close stops the server, ending any injected latency at once, and waits
// for outstanding requests. It is safe to call more than once.
func (s *Server) Close() {
	s.closeMu.Do(func() {
		close(s.done)
		if s.ts != nil {
			s.ts.Close()
		}
	})
}

// Handler returns the server's HTTP handler, for serving it from a listener
// of your own.
func (s *Server) Handler() http.Handler { return s.handler }

// DemoUser returns the demo account (id "1", @xpostdemo) that the authorize
// page signs in and that --demo posts as.
func (s *Server) DemoUser() User {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *s.users[0]
}

// AddUser adds an account and returns it as stored: an empty ID gets the
// next free number, an empty SubscriptionType becomes "None", an empty
// Username or Name is derived from the id.
func (s *Server) AddUser(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.ID == "" {
		u.ID = strconv.Itoa(len(s.users) + 1)
		for s.userLocked(u.ID) != nil {
			n, _ := strconv.Atoi(u.ID)
			u.ID = strconv.Itoa(n + 1)
		}
	}
	if u.SubscriptionType == "" {
		u.SubscriptionType = "None"
	}
	if u.Username == "" {
		u.Username = "user" + u.ID
	}
	if u.Name == "" {
		u.Name = "User " + u.ID
	}
	if old := s.userLocked(u.ID); old != nil {
		*old = u
		return u
	}
	nu := u
	s.users = append(s.users, &nu)
	return u
}

// RegisterClient registers (or replaces) an OAuth client.
func (s *Server) RegisterClient(c Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.Redirects = append([]string(nil), c.Redirects...)
	s.clients[c.ID] = &c
}

// Requests returns how many requests the server has received.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counters.Requests
}

func (s *Server) userLocked(id string) *User {
	for _, u := range s.users {
		if u.ID == id {
			return u
		}
	}
	return nil
}

// twepoch is X's snowflake epoch (2010-11-04T01:42:54.657Z) in Unix ms.
const twepoch = 1288834974657

// nextIDLocked returns a new snowflake-style id: time-ordered like X's, and
// strictly increasing even when the clock stands still, so "newest first"
// is simply "largest id first".
func (s *Server) nextIDLocked() string {
	ms := s.clock.Now().UnixMilli() - twepoch
	if ms < 0 {
		ms = 0
	}
	id := ms<<22 | int64(s.opts.Seed&0x3ff)<<12
	if id <= s.lastID {
		id = s.lastID + 1
	}
	s.lastID = id
	return strconv.FormatInt(id, 10)
}

func (s *Server) now() time.Time { return s.clock.Now() }
