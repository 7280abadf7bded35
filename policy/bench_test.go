package policy

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

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
			defer reportCPU(b)()
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
			defer reportCPU(b)()
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
		defer reportCPU(b)()
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

// realPlan is a plan of about n resource changes made by repeating the repository's real plans.
func realPlan(b *testing.B, n int) []byte {
	b.Helper()
	srcs, _, err := plangen.Sources(realSourceGlobs, acceptSource)
	if err != nil {
		b.Fatal(err)
	}
	data, _, err := plangen.Repeat(srcs, n)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkCheckReal is BenchmarkCheck on plans made from real ones (plangen.Repeat), with every
// built-in rule and with the seed rules alone.
func BenchmarkCheckReal(b *testing.B) {
	if _, err := BuiltinRules(); err != nil {
		b.Fatal(err)
	}
	up, err := LoadUserPolicies(context.Background(), []string{"testdata/conftest"}, []string{"main"})
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1000, 10000} {
		data := realPlan(b, n)
		for _, c := range []struct {
			name string
			opts CheckOptions
		}{{"builtin", CheckOptions{}}, {"seed", CheckOptions{User: up, NoBuiltin: true}}} {
			b.Run(fmt.Sprintf("%s/resources=%d", c.name, n), func(b *testing.B) {
				b.ReportAllocs()
				defer reportCPU(b)()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					p, err := plan.ParseWith("real.json", data, PlanOptions(c.opts))
					if err != nil {
						b.Fatal(err)
					}
					if _, err := Check(context.Background(), p, c.opts); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// reportCPU reports the process's CPU time (user+sys, every goroutine's, the collector's
// included) per operation as cpu-ms/op: on a machine shared with other builds, wall time per
// operation measures the load as much as the code. Call as `defer reportCPU(b)()`.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
