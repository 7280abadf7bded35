// Package offline holds the capabilities every Rego module plangate compiles is compiled with:
// this OPA's, without the builtins that reach the network or the file system. The rules, user
// policies and their tests (package policy) and cost gates (package cost) share them.
package offline

import (
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Disabled are the builtins of OPA that reach the network or the file system, with what they
// would reach. A module calling one does not compile. policy's TestOfflineCapabilitiesReviewed
// checks every nondeterministic builtin of this OPA is here or reviewed as local.
var Disabled = map[string]string{
	"http.send":          "sends HTTP requests (loopback, unix sockets, the cloud metadata service)",
	"net.lookup_ip_addr": "resolves names through DNS",
	"json.match_schema":  "loads $ref schemas from file:// and http(s):// URLs",
	"json.verify_schema": "loads $ref schemas from file:// and http(s):// URLs",
}

// Capabilities are this OPA's capabilities without Disabled, and with no host allowed to the
// network builtins (should one come back).
var Capabilities = sync.OnceValue(func() *ast.Capabilities {
	c := ast.CapabilitiesForThisVersion()
	kept := c.Builtins[:0]
	for _, b := range c.Builtins {
		if _, off := Disabled[b.Name]; !off {
			kept = append(kept, b)
		}
	}
	c.Builtins = kept
	c.AllowNet = []string{}
	return c
})
