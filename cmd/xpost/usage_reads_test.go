package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestLedgerRecordsReadsAndDeletes: reads (the timeline, the private
// metrics, the account, a post by id) and deletes reach the ledger as the
// fake X bills them (reads per resource, once per UTC day), and xpost
// usage shows them by kind.
func TestLedgerRecordsReadsAndDeletes(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{MeterCredits: true, Credits: 1_000_000})
	r := apiRunner(t, srv)
	for _, args := range [][]string{
		{"post", "first"},
		{"post", "second"},
		{"recent", "--limit", "5"},
		{"recent", "--limit", "5"}, // the same posts again: not billed again today
		{"whoami", "--refresh"},
		{"delete", "--yes", "FIRST"},
	} {
		if args[len(args)-1] == "FIRST" {
			args[len(args)-1] = srv.State().Posts[0].ID
		}
		wantRun(t, r.run("", args...), 0)
	}
	got := r.run("", "usage", "--json")
	wantRun(t, got, 0)
	var u usageJSON
	if err := json.Unmarshal([]byte(got.stdout), &u); err != nil {
		t.Fatal(err)
	}
	type tally struct{ Requests, Resources int }
	ledger := map[string]tally{}
	for _, k := range u.Today {
		ledger[k.Kind] = tally{k.Requests, k.Resources}
	}
	billed := map[string]tally{}
	for _, c := range srv.State().Charges {
		billed[c.Kind] = tally{c.Requests, c.Resources}
	}
	if d := cmp.Diff(billed, ledger); d != "" {
		t.Errorf("ledger vs what the fake billed (-billed +ledger):\n%s", d)
	}
	for _, kind := range []string{"owned_read", "user_read", "delete", "post"} {
		if _, ok := ledger[kind]; !ok {
			t.Errorf("the ledger has no %s", kind)
		}
	}
	text := r.run("", "usage")
	for _, want := range []string{"own post read", "account read", "deletion"} {
		if !strings.Contains(strings.ToLower(text.stdout), want) {
			t.Errorf("usage lacks %q:\n%s", want, text.stdout)
		}
	}
}
