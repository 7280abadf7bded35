// Command plangate judges `terraform show -json` plans with embedded Rego rules.
//
// Exit codes: 0 pass (warnings allowed), 1 policy denied, 2 drift found, 3 cost gate failed,
// 10 and above a tool error (10 bad usage, 11 plan unreadable, 12 not a valid plan, 13 policy,
// configuration or waiver file invalid, 14 output could not be written, 15 internal error).
// A tool error is never a pass.
package main

import (
	"os"
)

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}
