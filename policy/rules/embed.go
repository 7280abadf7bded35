// Package rules holds the built-in Rego v1 rules of plangate and their tests.
//
// Every rule is a package under supplychain.rules with a package-scoped `# METADATA` block whose
// custom section carries id, severity, resource_types, remediation and related ids. A rule
// package defines three documents over the input that policy builds from a plan:
//
//	applicable  set of addresses the rule judges
//	fail        set of {"address", "msg"}: the resource breaks the rule
//	unknown     set of {"address", "msg"}: the deciding value is known only after apply
//
// An applicable address in neither set passes. Shared helpers live in package supplychain.lib.
package rules

import "embed"

// FS holds every file of this directory and its subdirectories, tests included (names starting
// with . or _ too); the engine reads the .rego files. A package outside supplychain.rules,
// supplychain.lib and supplychain.testing is an error when the rules are loaded.
//
//go:embed all:*
var FS embed.FS
