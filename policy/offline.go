package policy

import (
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/nexabrands/supplychain/policy/internal/offline"
)

// disabledBuiltins are the builtins left out of every module's capabilities (offline.Disabled).
var disabledBuiltins = offline.Disabled

// offlineCapabilities are this OPA's capabilities without them (offline.Capabilities).
var offlineCapabilities = offline.Capabilities

// newCompiler returns a compiler for plangate's modules: offline, without print statements.
func newCompiler() *ast.Compiler {
	return ast.NewCompiler().WithCapabilities(offlineCapabilities()).WithEnablePrintStatements(false)
}
