package policy

import (
	"context"
	"testing"

	"github.com/nexabrands/supplychain/policy/plan"
)

// BenchmarkBuiltinRule evaluates each built-in rule alone on a 10,000-resource plan made from
// real ones, the input converted once outside the timing: where the evaluation's time goes.
func BenchmarkBuiltinRule(b *testing.B) {
	set, err := builtin()
	if err != nil {
		b.Fatal(err)
	}
	p, err := plan.Parse("real.json", realPlan(b, 10000))
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
