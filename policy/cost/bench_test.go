package cost

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/nexabrands/supplychain/policy/internal/plangen"
	"github.com/nexabrands/supplychain/policy/plan"
)

// BenchmarkCompute prices the 10,000-resource benchmark plan and runs the gate over it.
func BenchmarkCompute(b *testing.B) {
	p, err := plan.Parse("bench.json", plangen.Generate(10000))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	defer func() {
		b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}()
	for i := 0; i < b.N; i++ {
		r, err := Compute(p, nil, Options{Region: "us-east-1"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Gate(context.Background(), DefaultGateParams()); err != nil {
			b.Fatal(err)
		}
	}
}

// cpuTime is the process's CPU time (user+sys): on a shared machine, wall time per operation
// measures the load as much as the code.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
