package plan

import (
	"fmt"
	"testing"

	"github.com/nexabrands/supplychain/policy/internal/plangen"
)

// BenchmarkParse measures the reader alone on generated plans (policy's BenchmarkParse measures
// the same through the policy package).
func BenchmarkParse(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		data := plangen.Generate(n)
		b.Run(fmt.Sprintf("resources=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Parse("gen.json", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCheckKeys measures the key check alone, the reader's one pass over every byte before
// the decoders run (its share of BenchmarkParse is its cost).
func BenchmarkCheckKeys(b *testing.B) {
	data := plangen.Generate(10000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := checkKeys(data); err != nil {
			b.Fatal(err.msg)
		}
	}
}
