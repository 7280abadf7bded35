package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nexabrands/supplychain/policy"
)

// newPolicyShow is `plangate policy show RULE-ID`.
func newPolicyShow(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "show RULE-ID",
		Short: "Print one rule's description, remediation and related checks",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rules, err := policy.BuiltinRules()
			if err != nil {
				return fail(exitInternal, err)
			}
			for _, r := range rules {
				if !strings.EqualFold(r.ID, args[0]) {
					continue
				}
				fmt.Fprintf(stdout, "%s  %s\nseverity:       %s\nresource types: %s\n", r.ID, r.Title, r.Severity, strings.Join(r.ResourceTypes, ", "))
				if r.Description != "" {
					fmt.Fprintf(stdout, "\n%s\n", r.Description)
				}
				fmt.Fprintf(stdout, "\nremediation: %s\n", r.Remediation)
				keys := make([]string, 0, len(r.Related))
				for k := range r.Related {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					fmt.Fprintf(stdout, "%s: %s\n", k, strings.Join(r.Related[k], ", "))
				}
				fmt.Fprintf(stdout, "source: %s (%s)\n", r.File, r.Package)
				return nil
			}
			return fail(exitUsage, fmt.Errorf("no rule %q (see 'plangate policy list')", args[0]))
		},
	}
}
