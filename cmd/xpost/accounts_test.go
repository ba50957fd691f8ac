package main

import (
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// approveAs plays a browser that approves the login on the fake's
// consent page as the user with id userID.
func approveAs(t *testing.T, userID string) func(string) {
	return func(authURL string) {
		u, err := url.Parse(authURL)
		if err != nil {
			t.Error(err)
			return
		}
		form := u.Query()
		form.Set("decision", "approve")
		form.Set("user_id", userID)
		u.RawQuery = ""
		resp, err := http.PostForm(u.String(), form)
		if err != nil {
			t.Errorf("browser: %v", err)
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// twoAccounts logs in the fake's demo user (the first login: account
// "xpostdemo", the default) and a second user as account "work", through
// the browser login, and returns the runner and the second user.
func twoAccounts(t *testing.T) (*xapitest.Server, *runner, xapitest.User) {
	t.Helper()
	srv := fake(t, xapitest.Options{})
	work := srv.AddUser(xapitest.User{Username: "acme_corp", Name: "Acme"})
	r := newRunner(t)
	r.env["XPOST_API_BASE"] = srv.URL
	r.env["XPOST_CLIENT_ID"] = xapitest.DemoClientID
	login := func(user string, args ...string) {
		t.Helper()
		got := loginRun(t, r, strings.NewReader(""), approveAs(t, user), append(args, "--no-browser", "--port", strconv.Itoa(freePort(t)))...)
		wantRun(t, got, 0)
	}
	login(srv.DemoUser().ID)
	login(work.ID, "--account", "Work")
	return srv, r, work
}

// TestAccountsSideBySide: two accounts logged in to one API base; every
// command uses the default unless --account or XPOST_ACCOUNT names the
// other; the default can change; logout forgets one account only.
func TestAccountsSideBySide(t *testing.T) {
	t.Parallel()
	srv, r, work := twoAccounts(t)
	demo := srv.DemoUser()

	got := r.run("", "accounts")
	wantRun(t, got, 0, "")
	for _, want := range []string{"* xpostdemo", "@xpostdemo", "(in use)", "  work", "@acme_corp", srv.URL} {
		if !strings.Contains(got.stdout, want) {
			t.Errorf("accounts lacks %q:\n%s", want, got.stdout)
		}
	}

	for _, tc := range []struct {
		name string
		args []string
		env  string
		want string
	}{
		{"the default", []string{"whoami"}, "", "@" + demo.Username},
		{"--account", []string{"--account", "work", "whoami"}, "", "@" + work.Username},
		{"--account after the command", []string{"whoami", "--account", "WORK"}, "", "@" + work.Username},
		{"XPOST_ACCOUNT", []string{"whoami"}, "work", "@" + work.Username},
		{"--account over XPOST_ACCOUNT", []string{"--account", "xpostdemo", "whoami"}, "work", "@" + demo.Username},
	} {
		r.env["XPOST_ACCOUNT"] = tc.env
		got := r.run("", tc.args...)
		wantRun(t, got, 0)
		if !strings.HasPrefix(got.stdout, tc.want+" ") {
			t.Errorf("%s: whoami = %q, want %s", tc.name, got.stdout, tc.want)
		}
	}
	r.env["XPOST_ACCOUNT"] = ""

	// A post goes out as the account named, and only as it.
	wantRun(t, r.run("", "--account", "work", "post", "from work"), 0)
	posts := srv.State().Posts
	if last := posts[len(posts)-1]; last.AuthorID != work.ID || last.Text != "from work" {
		t.Errorf("the post went out as %s: %+v", last.AuthorID, last)
	}

	got = r.run("", "--account", "nobody", "post", "lost")
	wantRun(t, got, exitLogin, "run `xpost --account nobody --api-base "+srv.URL+" login`")

	wantRun(t, r.run("", "accounts", "default", "work"), 0, "")
	if got := r.run("", "whoami"); !strings.HasPrefix(got.stdout, "@"+work.Username) {
		t.Errorf("after accounts default work: whoami = %q", got.stdout)
	}
	wantRun(t, r.run("", "accounts", "default", "nobody"), exitLogin, "there is no account nobody")

	// Logging out of the default leaves the other, which becomes the
	// default.
	wantRun(t, r.run("", "logout"), 0)
	got = r.run("", "accounts", "--json")
	wantRun(t, got, 0)
	golden(t, filepath.Join("json", "accounts-after-logout.golden"), stableJSON(t, got.stdout, srv.URL, ""))
	if got := r.run("", "whoami"); !strings.HasPrefix(got.stdout, "@"+demo.Username) {
		t.Errorf("after logging out of work: whoami = %q", got.stdout)
	}
}

func TestAccountsJSON(t *testing.T) {
	t.Parallel()
	srv, r, _ := twoAccounts(t)
	got := r.run("", "--account", "work", "accounts", "--json")
	wantRun(t, got, 0, "")
	golden(t, filepath.Join("json", "accounts.golden"), stableJSON(t, got.stdout, srv.URL, ""))
}

func TestAccountsNone(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	wantRun(t, r.run("", "accounts"), 0, "")
	if got := r.run("", "accounts", "--json"); got.stdout != "" || got.code != 0 {
		t.Errorf("accounts --json with none = %q, %d", got.stdout, got.code)
	}
	wantRun(t, r.run("", "--account", "../x", "whoami"), exitUsage, "is not an account name")
}

// TestOldLoginMovesIntoAnAccount: a login saved by a version with one
// account keeps working: the first command moves it into an account named
// after its handle, which becomes the default, and posts with it.
func TestOldLoginMovesIntoAnAccount(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	r := apiRunner(t, srv) // saves the login where older versions did
	dir := r.env["XPOST_CONFIG_DIR"]
	old := xapi.NewStore(dir, srv.URL).Path()
	if _, err := os.Stat(old); err != nil {
		t.Fatal(err)
	}
	got := r.run("", "post", "still logged in")
	wantRun(t, got, 0)
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("the old login file is still there (%v)", err)
	}
	moved := xapi.NewAccounts(dir).Store("xpostdemo", srv.URL)
	if fi, err := os.Stat(moved.Path()); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("moved login: %v, %v", fi, err)
	}
	got = r.run("", "accounts", "--json")
	wantRun(t, got, 0)
	if !strings.Contains(got.stdout, `"account":"xpostdemo"`) || !strings.Contains(got.stdout, `"default":true`) {
		t.Errorf("accounts after the move: %s", got.stdout)
	}
}

func TestAccountCompletion(t *testing.T) {
	t.Parallel()
	_, r, _ := twoAccounts(t)
	got := r.run("", "__complete", "--account", "")
	for _, want := range []string{"work\t@acme_corp", "xpostdemo\t@xpostdemo"} {
		if !strings.Contains(got.stdout, want) {
			t.Errorf("completion of --account lacks %q:\n%s", want, got.stdout)
		}
	}
	got = r.run("", "__complete", "accounts", "default", "w")
	if !strings.Contains(got.stdout, "work") || strings.Contains(got.stdout, "xpostdemo") {
		t.Errorf("completion of accounts default w:\n%s", got.stdout)
	}
}

// TestQueuePostsAsTheDraftsAccount: an item queued with --account posts as
// that account when the runner posts it, whichever account is the default
// by then; an item queued without one posts as the default of its time.
func TestQueuePostsAsTheDraftsAccount(t *testing.T) {
	t.Parallel()
	srv, r, work := twoAccounts(t)
	clock := &fakeClock{t: time.Date(2026, 12, 3, 10, 15, 0, 0, time.UTC)}
	r.configure = func(a *app) { a.clock, a.loc = clock.Now, time.UTC }
	queue := func(args ...string) string {
		t.Helper()
		got := r.run("", args...)
		wantRun(t, got, 0, "queued for ")
		return strings.TrimSpace(got.stdout)
	}
	queue("--account", "work", "post", "--at", "+1h", "for work")
	queue("post", "--at", "+1h", "for the demo")
	got := r.run("", "queue", "--json")
	wantRun(t, got, 0)
	for _, want := range []string{`"account":"work"`, `"account":"xpostdemo"`} {
		if !strings.Contains(got.stdout, want) {
			t.Errorf("queue --json lacks %s:\n%s", want, got.stdout)
		}
	}
	wantRun(t, r.run("", "accounts", "default", "work"), 0)
	clock.Advance(2 * time.Hour)
	wantRun(t, r.run("", "queue", "run"), 0)
	authors := map[string]string{}
	for _, p := range srv.State().Posts {
		authors[p.Text] = p.AuthorID
	}
	if want := map[string]string{"for work": work.ID, "for the demo": srv.DemoUser().ID}; !maps.Equal(authors, want) {
		t.Errorf("authors = %v, want %v", authors, want)
	}
}

// TestServicesSwitchAndPublishAsTheDraftsAccount: the composer's services
// list the accounts, switch without a request, and publish a draft as the
// account it was written for, whichever is in use.
func TestServicesSwitchAndPublishAsTheDraftsAccount(t *testing.T) {
	t.Parallel()
	srv, r, work := twoAccounts(t)
	svc := adapter(t, r)
	choices, err := svc.Accounts()
	if err != nil {
		t.Fatal(err)
	}
	want := []ui.AccountChoice{{Name: "work", Username: "acme_corp"}, {Name: "xpostdemo", Username: "xpostdemo", Default: true}}
	if d := cmp.Diff(want, choices); d != "" {
		t.Errorf("Accounts (-want +got):\n%s", d)
	}
	before := srv.State().Counters.Requests
	acc, err := svc.SwitchAccount(t.Context(), "work")
	if err != nil || acc.Login != "work" || acc.Username != work.Username || !acc.Several {
		t.Fatalf("SwitchAccount = %+v, %v (Several: two accounts are logged in)", acc, err)
	}
	if n := srv.State().Counters.Requests - before; n != 0 {
		t.Errorf("switching made %d requests", n)
	}
	d := draft.New()
	d.Posts[0].Text = "written for the demo account"
	d.Account = "xpostdemo"
	plan, err := svc.PlanPublish(*d, &xapi.MemoryJournal{}, 280)
	if err != nil || plan.As != "@xpostdemo (account xpostdemo)" {
		t.Errorf("plan.As = %q, %v", plan.As, err)
	}
	if err := svc.Publish(t.Context(), *d, &xapi.MemoryJournal{}, nil); err != nil {
		t.Fatal(err)
	}
	posts := srv.State().Posts
	if last := posts[len(posts)-1]; last.AuthorID != srv.DemoUser().ID {
		t.Errorf("the draft went out as %s, want the demo user", last.AuthorID)
	}
}

// TestLogoutOfOneAccount: logout --account revokes and forgets that
// account's login only; the default stays, and the account asks for a
// login naming itself.
func TestLogoutOfOneAccount(t *testing.T) {
	t.Parallel()
	srv, r, _ := twoAccounts(t)
	got := r.run("", "logout", "--account", "work", "--json")
	wantRun(t, got, 0)
	if !strings.Contains(got.stdout, `"logged_out":true`) {
		t.Errorf("logout --json = %s", got.stdout)
	}
	got = r.run("", "accounts", "--json")
	if strings.Contains(got.stdout, `"account":"work"`) || !strings.Contains(got.stdout, `"account":"xpostdemo","username":"xpostdemo","user_id":"1","api_base":"`+srv.URL+`","default":true`) {
		t.Errorf("accounts after logging out of work:\n%s", got.stdout)
	}
	wantRun(t, r.run("", "--account", "work", "whoami"), exitLogin, "xpost --account work --api-base "+srv.URL+" login")
	wantRun(t, r.run("", "whoami"), 0)
}

// TestServicesListLoginsAtAnotherBase: the composer's accounts list
// holds a login at another API base too, after those at the base in use,
// with its base and what to run to use it; the services cannot switch to
// it while open.
func TestServicesListLoginsAtAnotherBase(t *testing.T) {
	t.Parallel()
	srv, r, _ := twoAccounts(t)
	other := fake(t, xapitest.Options{})
	r.env["XPOST_API_BASE"] = other.URL
	got := loginRun(t, r, strings.NewReader(""), approveAs(t, other.DemoUser().ID), "--account", "lab", "--no-browser", "--port", strconv.Itoa(freePort(t)))
	wantRun(t, got, 0)
	r.env["XPOST_API_BASE"] = srv.URL
	choices, err := adapter(t, r).Accounts()
	if err != nil {
		t.Fatal(err)
	}
	otherBase := xapi.NewStore(t.TempDir(), other.URL).APIBase()
	if len(choices) != 3 || choices[2].Name != "lab" || choices[2].APIBase != otherBase || choices[0].APIBase != "" || choices[1].APIBase != "" {
		t.Fatalf("Accounts = %+v, want the two here, then lab at %s", choices, otherBase)
	}
	for _, want := range []string{"lab is logged in at " + otherBase, "xpost --api-base " + otherBase + " --account lab"} {
		if !strings.Contains(choices[2].Unavailable, want) {
			t.Errorf("why lab cannot be chosen: %q lacks %q", choices[2].Unavailable, want)
		}
	}
	if choices[0].Unavailable != "" || choices[1].Unavailable != "" {
		t.Errorf("a login at the base in use is unavailable: %+v", choices[:2])
	}
}
