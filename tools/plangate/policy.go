package main

import (
	"io"

	"github.com/spf13/cobra"
)

// newPolicy is `plangate policy`: test, list and show, each in its own file.
func newPolicy(stdout io.Writer) *cobra.Command {
	c := &cobra.Command{Use: "policy", Short: "Test, list and show rules"}
	c.AddCommand(newPolicyTest(stdout), newPolicyList(stdout), newPolicyShow(stdout))
	return c
}
