package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/spf13/cobra"

	"github.com/nexabrands/supplychain/policy"
)

// newPolicyList is `plangate policy list`.
func newPolicyList(stdout io.Writer) *cobra.Command {
	var format string
	list := &cobra.Command{
		Use:   "list",
		Short: "Print the catalogue of built-in rules",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return fail(exitUsage, fmt.Errorf("--format %q: use text or json", format))
			}
			rules, err := policy.BuiltinRules()
			if err != nil {
				return fail(exitInternal, err)
			}
			sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
			if format == "json" {
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rules)
			}
			for _, r := range rules {
				fmt.Fprintf(stdout, "%-15s %-9s %s\n", r.ID, r.Severity, r.Title)
			}
			return nil
		},
	}
	list.Flags().StringVar(&format, "format", "text", "text or json")
	return list
}
