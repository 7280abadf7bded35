package cost

import (
	"encoding/json"
	"math/big"
	"strings"
)

// Decimal arithmetic: every amount is a big.Rat, exact; it is rounded to the cent (halves away
// from zero) only when printed or handed to the gate.

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("cost: bad constant " + s)
	}
	return r
}

func ratInt(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

func mul(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }
func add(a, b *big.Rat) *big.Rat { return new(big.Rat).Add(a, b) }
func sub(a, b *big.Rat) *big.Rat { return new(big.Rat).Sub(a, b) }

// USD prints an amount rounded to the cent: 60.74.
func USD(r *big.Rat) string {
	if r == nil {
		return "-"
	}
	s := r.FloatString(2)
	if s == "-0.00" {
		return "0.00"
	}
	return s
}

// SignedUSD prints a difference with its sign: +60.74, -3.20, 0.00.
func SignedUSD(r *big.Rat) string {
	s := USD(r)
	if r != nil && !strings.HasPrefix(s, "-") && s != "0.00" {
		return "+" + s
	}
	return s
}

// num prints a quantity or price exactly when it is a finite decimal (up to 10 places), else
// rounded to 6 places.
func num(r *big.Rat) string {
	if r == nil {
		return "-"
	}
	for p := 0; p <= 10; p++ {
		s := r.FloatString(p)
		if back, ok := new(big.Rat).SetString(s); ok && back.Cmp(r) == 0 {
			return s
		}
	}
	return strings.TrimRight(strings.TrimRight(r.FloatString(6), "0"), ".")
}

// cents turns an amount into a JSON number rounded to the cent, for reports and the gate.
func cents(r *big.Rat) json.Number {
	if r == nil {
		return ""
	}
	return json.Number(USD(r))
}
