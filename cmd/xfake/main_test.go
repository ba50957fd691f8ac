package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xpostdev/xpost/xapi/xapitest"
)

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want int
	}{
		{name: "unknown flag", args: []string{"--nope"}, want: 2},
		{name: "argument", args: []string{"extra"}, want: 2},
		{name: "fail rate above 1", args: []string{"--fail-rate", "1.5"}, want: 2},
		{name: "negative fail-after", args: []string{"--fail-after-rate", "-0.1"}, want: 2},
		{name: "bad duration", args: []string{"--latency", "soon"}, want: 2},
		{name: "zero ttl", args: []string{"--token-ttl", "0s"}, want: 2},
		{name: "bad cap period", args: []string{"--usage-cap", "1", "--usage-cap-period", "weekly"}, want: 2},
		{name: "bad odd 429", args: []string{"--odd-429", "sometimes"}, want: 2},
		{name: "bad 402 body", args: []string{"--credits-problem", "broke"}, want: 2},
		{name: "credits below -1", args: []string{"--credits", "-2"}, want: 2},
		{name: "negative cap", args: []string{"--usage-cap", "-1"}, want: 2},
		{name: "credits not in dollars", args: []string{"--credits", "ten"}, want: 2},
		{name: "credits below a tenth of a cent", args: []string{"--credits", "0.0005"}, want: 2},
		{name: "unknown plan", args: []string{"--plan", "free"}, want: 2},
		{name: "credits on an enterprise plan", args: []string{"--plan", "enterprise", "--credits", "1"}, want: 2},
		{name: "zero edit window", args: []string{"--edit-window", "0s"}, want: 2},
		{name: "no edits", args: []string{"--max-edits", "0"}, want: 2},
		{name: "help", args: []string{"--help"}, want: 0},
		{name: "unusable address", args: []string{"--addr", "256.0.0.1:0"}, want: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr strings.Builder
			if got := run(t.Context(), tt.args, &stdout, &stderr); got != tt.want {
				t.Errorf("exit = %d, want %d (stderr %s)", got, tt.want, stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing", stdout.String())
			}
		})
	}
}

func TestServesUntilCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		code := run(ctx, []string{"--auto-approve", "--premium", "--demo-posts", "--seed", "3", "--latency", "1ms"}, pw, io.Discard)
		pw.Close()
		done <- code
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	base := strings.TrimSpace(line)
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("first line = %q, want the base URL", line)
	}
	go io.Copy(io.Discard, pr)

	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/_fake/state", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Users []struct {
			SubscriptionType string `json:"subscription_type"`
		} `json:"users"`
		Posts []json.RawMessage `json:"posts"`
	}
	err = json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if err != nil || len(st.Users) != 1 || st.Users[0].SubscriptionType != "Premium" || len(st.Posts) != 3 {
		t.Fatalf("state = %+v, %v", st, err)
	}
	req, _ = http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/2/users/me", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("users/me without a token = %v, %v", resp, err)
	} else {
		resp.Body.Close()
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit = %d, want 0", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("xfake did not stop after cancellation")
	}
}

func TestBehaviourFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		args  []string
		check func(o xapitest.Options) bool
	}{
		{name: "defaults answer as X", args: nil, check: func(o xapitest.Options) bool { return !o.PlainText && !o.NoMediaLinks }},
		{name: "plain text", args: []string{"--plain-text"}, check: func(o xapitest.Options) bool { return o.PlainText }},
		{name: "no media links", args: []string{"--no-media-links"}, check: func(o xapitest.Options) bool { return o.NoMediaLinks }},
		{name: "defaults", args: nil, check: func(o xapitest.Options) bool {
			return !o.NoGzip && !o.MeterCredits && o.UsageCap == 0 && o.Odd429 == "" && !o.FinalizeSucceeded && !o.RefuseRefresh
		}},
		{name: "no gzip", args: []string{"--no-gzip"}, check: func(o xapitest.Options) bool { return o.NoGzip }},
		{name: "no credits", args: []string{"--credits", "0"}, check: func(o xapitest.Options) bool { return o.MeterCredits && o.Credits == 0 }},
		{name: "some credits", args: []string{"--credits", "5"}, check: func(o xapitest.Options) bool { return o.MeterCredits && o.Credits == 5*xapitest.Dollar }},
		{name: "credits in cents", args: []string{"--credits", "$0.25"}, check: func(o xapitest.Options) bool { return o.MeterCredits && o.Credits == 250 }},
		{name: "pay-per-use plan", args: []string{"--plan", "pay-per-use", "--credits", "1"}, check: func(o xapitest.Options) bool {
			return o.Plan == xapitest.PlanPayPerUse && o.MeterCredits
		}},
		{name: "legacy plan", args: []string{"--plan", "self-serve-legacy"}, check: func(o xapitest.Options) bool { return o.Plan == xapitest.PlanSelfServeLegacy }},
		{name: "enterprise plan", args: []string{"--plan", "enterprise"}, check: func(o xapitest.Options) bool { return o.Plan == xapitest.PlanEnterprise }},
		{name: "edit defaults", args: nil, check: func(o xapitest.Options) bool { return o.EditWindow == time.Hour && o.MaxEdits == 5 && o.Plan == "" }},
		{name: "edit window", args: []string{"--edit-window", "30m", "--max-edits", "2"}, check: func(o xapitest.Options) bool {
			return o.EditWindow == 30*time.Minute && o.MaxEdits == 2
		}},
		{name: "other 402 body", args: []string{"--credits", "0", "--credits-problem", "credits-depleted"}, check: func(o xapitest.Options) bool {
			return o.CreditsProblem == xapitest.CreditsProblemDepleted
		}},
		{name: "monthly cap", args: []string{"--usage-cap", "3"}, check: func(o xapitest.Options) bool {
			return o.UsageCap == 3 && o.UsageCapPeriod == xapitest.PeriodMonthly
		}},
		{name: "daily cap", args: []string{"--usage-cap", "3", "--usage-cap-period", "Daily"}, check: func(o xapitest.Options) bool {
			return o.UsageCap == 3 && o.UsageCapPeriod == xapitest.PeriodDaily
		}},
		{name: "odd 429", args: []string{"--odd-429", "past-reset", "--odd-429-count", "2"}, check: func(o xapitest.Options) bool {
			return o.Odd429 == xapitest.Odd429PastReset && o.Odd429Count == 2
		}},
		{name: "finalize succeeded", args: []string{"--finalize-succeeded"}, check: func(o xapitest.Options) bool { return o.FinalizeSucceeded }},
		{name: "refuse refresh", args: []string{"--refuse-refresh"}, check: func(o xapitest.Options) bool { return o.RefuseRefresh }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := parseFlags(tt.args, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(c.opts) {
				t.Errorf("options = %+v", c.opts)
			}
		})
	}
	var help strings.Builder
	parseFlags([]string{"--help"}, &help)
	for _, flag := range []string{"-plain-text", "-no-media-links", "-no-gzip", "-credits", "-credits-problem", "-usage-cap", "-usage-cap-period",
		"-odd-429", "-odd-429-count", "-finalize-succeeded", "-refuse-refresh", "-plan", "-edit-window", "-max-edits"} {
		if !strings.Contains(help.String(), flag) {
			t.Errorf("help does not mention %s:\n%s", flag, help.String())
		}
	}
}
