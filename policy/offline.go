package policy

import (
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// disabledBuiltins are the builtins of OPA that reach the network or the file system, with
// what they would reach. They are left out of the capabilities every module is compiled with
// (built-in rules, user policies and their tests), so a policy calling one does not compile.
// TestOfflineCapabilitiesReviewed checks every nondeterministic builtin of this OPA is here or
// reviewed as local.
var disabledBuiltins = map[string]string{
	"http.send":          "sends HTTP requests (loopback, unix sockets, the cloud metadata service)",
	"net.lookup_ip_addr": "resolves names through DNS",
	"json.match_schema":  "loads $ref schemas from file:// and http(s):// URLs",
	"json.verify_schema": "loads $ref schemas from file:// and http(s):// URLs",
}

// offlineCapabilities are this OPA's capabilities without disabledBuiltins, and with no host
// allowed to the network builtins (should one come back).
var offlineCapabilities = sync.OnceValue(func() *ast.Capabilities {
	c := ast.CapabilitiesForThisVersion()
	kept := c.Builtins[:0]
	for _, b := range c.Builtins {
		if _, off := disabledBuiltins[b.Name]; !off {
			kept = append(kept, b)
		}
	}
	c.Builtins = kept
	c.AllowNet = []string{}
	return c
})

// newCompiler returns a compiler for plangate's modules: offline, without print statements.
func newCompiler() *ast.Compiler {
	return ast.NewCompiler().WithCapabilities(offlineCapabilities()).WithEnablePrintStatements(false)
}
