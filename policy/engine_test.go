package policy

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/nexabrands/supplychain/policy/internal/plangen"
	"github.com/nexabrands/supplychain/policy/plan"
)

// TestGroupsAgreeWithRulesAlone: a group's query gives each rule the verdict it gives alone.
// With one rule of every group turned off, the others are evaluated alone; their findings
// are those of the full, grouped check less the rules turned off.
func TestGroupsAgreeWithRulesAlone(t *testing.T) {
	set, err := builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(set.groups) < 5 {
		t.Fatalf("%d rule groups; the built-in rules make more", len(set.groups))
	}
	p, err := plan.Parse("gen.json", plangen.Generate(600))
	if err != nil {
		t.Fatal(err)
	}
	key := func(f Finding) string {
		return fmt.Sprintf("%s %s %s %s %s", f.RuleID, f.Status, f.Decision, f.Address, f.Message)
	}
	lines := func(cfg *Config, skip map[string]bool) []string {
		res, err := Check(context.Background(), p, CheckOptions{Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range res.Findings {
			if !skip[f.RuleID] {
				out = append(out, key(f))
			}
		}
		sort.Strings(out)
		return out
	}
	off := map[string]bool{}
	cfg := DefaultConfig()
	cfg.Rules = map[string]RuleConfig{}
	for _, g := range set.groups {
		off[g.rules[0].ID] = true
		cfg.Rules[g.rules[0].ID] = RuleConfig{Action: "off"}
	}
	grouped, alone := lines(DefaultConfig(), off), lines(cfg, nil)
	if len(grouped) == 0 || fmt.Sprint(grouped) != fmt.Sprint(alone) {
		t.Errorf("grouped and alone differ: %d findings against %d", len(grouped), len(alone))
	}
}
