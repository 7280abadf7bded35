package policy

import (
	"context"
	"testing"

	"github.com/nexabrands/supplychain/policy/internal/plangen"
	"github.com/nexabrands/supplychain/policy/plan"
)

// BenchmarkBuiltinRule evaluates each built-in rule alone on a 10,000-resource plan made from
// real ones, the input converted once outside the timing: where the evaluation's time goes.
// "all" is every rule alone, in turn on one core; "groups" is the evaluation as Check does it.
func BenchmarkBuiltinRule(b *testing.B) { benchRules(b, realPlan(b, 10000)) }

// BenchmarkBuiltinRuleSynthetic is BenchmarkBuiltinRule on the generator's plan.
func BenchmarkBuiltinRuleSynthetic(b *testing.B) { benchRules(b, plangen.Generate(10000)) }

func benchRules(b *testing.B, data []byte) {
	set, err := builtin()
	if err != nil {
		b.Fatal(err)
	}
	p, err := plan.Parse("bench.json", data)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("input", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := inputValue(p, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	input, err := inputValue(p, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("all", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			for _, r := range set.rules {
				if _, err := evalRule(context.Background(), r, input); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	// As Check evaluates them: the groups' queries and the other rules, on every core.
	b.Run("groups", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := evalBuiltin(context.Background(), set, DefaultConfig(), p, input); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, r := range set.rules {
		b.Run(r.ID, func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				if _, err := evalRule(context.Background(), r, input); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
