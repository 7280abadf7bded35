package policy

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestOfflineBuiltins: a user policy that calls a builtin reaching the network or the file
// system does not load; the error names the file, the line and the builtin. The server below
// proves that nothing was sent.
func TestOfflineBuiltins(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	schema := filepath.Join(t.TempDir(), "s.json")
	if err := os.WriteFile(schema, []byte(`{"type": "string"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, call := range map[string]string{
		"http.send":          `http.send({"method": "GET", "url": "` + srv.URL + `"}).status_code == 200`,
		"net.lookup_ip_addr": `count(net.lookup_ip_addr("localhost")) > 0`,
		"json.match_schema":  `json.match_schema("x", {"$ref": "file://` + schema + `"})[0]`,
		"json.verify_schema": `json.verify_schema({"$ref": "` + srv.URL + `"})[0]`,
	} {
		src := "package main\n\ndeny contains \"reached\" if {\n\t" + call + "\n}\n"
		_, err := userPolicy(t, src)
		if err == nil {
			t.Errorf("%s: loaded", name)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "p.rego:4") || !strings.Contains(msg, name) {
			t.Errorf("%s: %v does not name p.rego:4 and the builtin", name, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server got %d requests", n)
	}
	// The built-in rules are compiled with the same capabilities.
	_, err := compileBuiltin(fstest.MapFS{"r.rego": {Data: []byte("package supplychain.lib\n\nx := http.send({\"method\": \"GET\", \"url\": \"" + srv.URL + "\"})\n")}})
	if err == nil || !strings.Contains(err.Error(), "http.send") {
		t.Errorf("built-in set with http.send: %v", err)
	}
	// So are the Rego tests of `plangate policy test`.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p_test.rego"), []byte("package p_test\n\ntest_net if http.send({\"method\": \"GET\", \"url\": \""+srv.URL+"\"}).status_code == 200\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if rep, err := RunRegoTests(context.Background(), false, []string{dir}, false); err == nil {
		t.Errorf("a test calling http.send ran: %+v", rep)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server got %d requests", n)
	}
}

// TestOfflineCapabilitiesReviewed: every builtin of this OPA that OPA marks nondeterministic
// (what reaches outside the evaluator is among them) is either disabled or reviewed as local.
// An OPA upgrade that adds one fails here until it is reviewed.
func TestOfflineCapabilitiesReviewed(t *testing.T) {
	local := map[string]string{
		"io.jwt.decode_verify":   "checks exp/nbf against the clock; keys come as arguments",
		"io.jwt.encode_sign":     "random nonce",
		"io.jwt.encode_sign_raw": "random nonce",
		"opa.runtime":            "empty: plangate passes no runtime (TestOpaRuntimeEmpty)",
		"rand.intn":              "random",
		"time.now_ns":            "clock",
		"uuid.rfc4122":           "random",
	}
	enabled := map[string]bool{}
	for _, b := range offlineCapabilities().Builtins {
		enabled[b.Name] = true
	}
	var unreviewed []string
	for _, b := range ast.CapabilitiesForThisVersion().Builtins {
		_, off := disabledBuiltins[b.Name]
		switch {
		case off && enabled[b.Name]:
			t.Errorf("%s is listed as disabled but is enabled", b.Name)
		case b.Nondeterministic && !off && local[b.Name] == "":
			unreviewed = append(unreviewed, b.Name)
		}
	}
	sort.Strings(unreviewed)
	if len(unreviewed) > 0 {
		t.Errorf("nondeterministic builtins neither disabled nor reviewed: %v", unreviewed)
	}
	for name := range disabledBuiltins {
		if ast.BuiltinMap[name] == nil {
			t.Errorf("%s is not a builtin of this OPA", name)
		}
	}
	if c := offlineCapabilities(); c.AllowNet == nil || len(c.AllowNet) != 0 {
		t.Errorf("allow_net = %v, want an empty list (no host)", c.AllowNet)
	}
}

// TestOpaRuntimeEmpty: opa.runtime() gives a policy nothing (no environment, no configuration).
func TestOpaRuntimeEmpty(t *testing.T) {
	t.Setenv("PLANGATE_TEST_SECRET", "s3cr3t")
	up, err := userPolicy(t, "package main\n\nwarn contains msg if {\n\tmsg := sprintf(\"runtime %v\", [opa.runtime()])\n}\n")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Check(context.Background(), readPlan(t, "supplychain_pipeline.json"), CheckOptions{User: up, NoBuiltin: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Message != "runtime {}" {
		t.Errorf("findings %+v, want one warning \"runtime {}\"", res.Findings)
	}
}
