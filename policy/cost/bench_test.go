package cost

import (
	"context"
	"testing"

	"github.com/nexabrands/supplychain/policy/internal/plangen"
	"github.com/nexabrands/supplychain/policy/plan"
)

// BenchmarkCompute prices the 10,000-resource benchmark plan and runs the gate over it.
func BenchmarkCompute(b *testing.B) {
	p, err := plan.Parse("bench.json", plangen.Generate(10000))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
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
