// Package costrules holds the cost gate in Rego (package supplychain.cost.gate) and its tests.
// policy/cost evaluates it over the input it builds from a priced plan (documented in gate.rego).
package costrules

import "embed"

// FS holds gate.rego and gate_test.rego.
//
//go:embed *.rego
var FS embed.FS
