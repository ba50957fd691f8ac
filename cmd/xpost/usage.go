package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/xapi/billing"
)

// usageJSON is `xpost usage --json`: today's and this month's spending
// (UTC) by kind of request, the totals and the caps.
type usageJSON struct {
	Plan       string          `json:"plan"`
	Day        string          `json:"day"`
	Month      string          `json:"month"`
	Today      []usageKindJSON `json:"today"`
	ThisMonth  []usageKindJSON `json:"this_month"`
	TodayUSD   string          `json:"today_usd"`
	MonthUSD   string          `json:"month_usd"`
	DailyCap   string          `json:"daily_cap_usd,omitempty"`
	MonthlyCap string          `json:"monthly_cap_usd,omitempty"`
}

// usageKindJSON is one kind of request in usageJSON.
type usageKindJSON struct {
	Kind      string `json:"kind"`
	Requests  int    `json:"requests"`
	Resources int    `json:"resources"`
	USD       string `json:"usd"`
}

func (a *app) newUsageCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "usage [--json]",
		Short: "Show what xpost spent at X today and this month",
		Long: `Usage shows what xpost spent at X today and this month (UTC, as X bills),
by kind of request, from its own ledger (usage.json in the state directory):
every post, alt text and deletion X accepted, at the prices of the plan
in config.json; reads counted once per post and day, as X bills them.
It makes no request. X's developer console has the authoritative bill.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			l := a.ledger(cfg)
			u, err := l.Usage()
			if err != nil {
				return err
			}
			if asJSON {
				out := usageJSON{Plan: cfg.Plan, Day: u.Day, Month: u.Month, Today: kindsJSON(u.Today), ThisMonth: kindsJSON(u.ThisMonth),
					TodayUSD: u.TodayCost.String(), MonthUSD: u.MonthCost.String()}
				if cfg.DailyCap > 0 {
					out.DailyCap = cfg.DailyCap.String()
				}
				if cfg.MonthlyCap > 0 {
					out.MonthlyCap = cfg.MonthlyCap.String()
				}
				return writeJSON(a.stdout, out)
			}
			fmt.Fprintf(a.stdout, "today (%s): %s%s\n", u.Day, u.TodayCost, capNote(cfg.DailyCap))
			printKinds(a, u.Today)
			fmt.Fprintf(a.stdout, "this month (%s): %s%s\n", u.Month, u.MonthCost, capNote(cfg.MonthlyCap))
			printKinds(a, u.ThisMonth)
			if !l.Billed {
				fmt.Fprintf(a.stdout, "the %s plan is not billed per request: requests are counted at no cost\n", cfg.Plan)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the spending as a JSON object")
	return cmd
}

// capNote names a cap after a total, if there is one.
func capNote(c billing.Cost) string {
	if c <= 0 {
		return ""
	}
	return " of a " + c.String() + " cap"
}

func printKinds(a *app, m map[billing.Kind]billing.Tally) {
	for _, k := range billing.Kinds {
		t, ok := m[k]
		if !ok {
			continue
		}
		n := human.Count(t.Requests, "request", "requests")
		if k.Read() {
			n += ", " + human.Count(t.Resources, "resource", "resources") + " billed"
		}
		fmt.Fprintf(a.stdout, "  %-36s %8s  (%s)\n", k.Describe(), t.Cost, n)
	}
}

func kindsJSON(m map[billing.Kind]billing.Tally) []usageKindJSON {
	out := []usageKindJSON{}
	for _, k := range billing.Kinds {
		if t, ok := m[k]; ok {
			out = append(out, usageKindJSON{Kind: string(k), Requests: t.Requests, Resources: t.Resources, USD: t.Cost.String()})
		}
	}
	return out
}
