package cost

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gateDir writes a replacement gate of one file and returns its directory.
func gateDir(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "gate.rego"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestGateIsOffline: a replacement gate is compiled like every module plangate compiles: one
// that calls a builtin reaching the network does not compile, and says where.
func TestGateIsOffline(t *testing.T) {
	r := compute(t, readPlan(t, "nexabrands_create.json"), nil, Options{Usage: usage(t, "nexabrands-usage.yml")})
	dir := gateDir(t, `package supplychain.cost.gate

verdict := "pass" if http.send({"method": "GET", "url": "http://169.254.169.254/latest/meta-data/"})

fail := set()
warn := set()
notes := set()
`)
	_, err := r.GateFrom(context.Background(), dir, DefaultGateParams())
	if err == nil || !strings.Contains(err.Error(), "http.send") || !strings.Contains(err.Error(), "gate.rego:3") {
		t.Fatalf("a gate calling http.send was not refused with its place: %v", err)
	}
}

// TestGateReadsOnlyWhatItReads: the built-in gate's input leaves out each resource's line, which
// it does not read; a gate that reads them, or the input whole, gets them.
func TestGateReadsOnlyWhatItReads(t *testing.T) {
	pg, err := gateQuery()
	if err != nil {
		t.Fatal(err)
	}
	if pg.reads == nil || pg.reads["resources"] || !pg.reads["totals"] || !pg.reads["params"] || !pg.reads["unpriced"] {
		t.Fatalf("the built-in gate reads %v", pg.reads)
	}
	r := compute(t, readPlan(t, "nexabrands_create.json"), nil, Options{Usage: usage(t, "nexabrands-usage.yml")})
	for name, src := range map[string]string{
		"reads resources": `package supplychain.cost.gate

fail contains sprintf("%d lines", [count(input.resources)]) if count(input.resources) > 0
warn := set()
notes := set()
verdict := "fail" if count(fail) > 0 else := "pass"
`,
		"reads the input whole": `package supplychain.cost.gate

lines := object.get(input, "resources", [])

fail contains sprintf("%d lines", [count(lines)]) if count(lines) > 0
warn := set()
notes := set()
verdict := "fail" if count(fail) > 0 else := "pass"
`,
	} {
		v, err := r.GateFrom(context.Background(), gateDir(t, src), DefaultGateParams())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want := fmt.Sprintf("%d lines", len(r.Resources)); v.Verdict != "fail" || len(v.Fail) != 1 || v.Fail[0] != want {
			t.Errorf("%s: the gate did not see the resources' lines: %+v", name, v)
		}
	}
}
