package policy

import (
	"context"
	"fmt"
	"testing"

	"github.com/nexabrands/supplychain/policy/internal/plangen"
	"github.com/nexabrands/supplychain/policy/plan"
)

// BenchmarkCheck measures reading a generated plan and judging it with every built-in rule,
// as `plangate check` does (without rendering). `make bench-gate` measures the binary, with RSS
// and the conftest comparison.
func BenchmarkCheck(b *testing.B) {
	if _, err := BuiltinRules(); err != nil { // compile once, outside the timing, as a process does once
		b.Fatal(err)
	}
	for _, n := range []int{100, 1000, 10000} {
		data := plangen.Generate(n)
		b.Run(fmt.Sprintf("resources=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				p, err := plan.Parse("gen.json", data)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Check(context.Background(), p, CheckOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParse measures the plan reader alone.
func BenchmarkParse(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		data := plangen.Generate(n)
		b.Run(fmt.Sprintf("resources=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := plan.Parse("gen.json", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCheckSeedRules measures the conftest comparison's workload in process: read the plan
// (as `plangate check --no-builtin` reads it: only what the rules read) and judge it with the
// seed's conftest-style rules only.
func BenchmarkCheckSeedRules(b *testing.B) {
	up, err := LoadUserPolicies(context.Background(), []string{"testdata/conftest"}, []string{"main"})
	if err != nil {
		b.Fatal(err)
	}
	data := plangen.Generate(10000)
	opts := CheckOptions{User: up, NoBuiltin: true}
	b.Run("resources=10000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p, err := plan.ParseWith("gen.json", data, PlanOptions(opts))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Check(context.Background(), p, opts); err != nil {
				b.Fatal(err)
			}
		}
	})
}
