package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/report"
)

// newPolicyTest is `plangate policy test [DIR]...`.
func newPolicyTest(stdout io.Writer) *cobra.Command {
	var coverage float64
	var noBuiltin, verbose bool
	test := &cobra.Command{
		Use:   "test [DIR]...",
		Short: "Run the Rego tests of the built-in rules and of user policy directories",
		RunE: func(cmd *cobra.Command, dirs []string) error {
			if noBuiltin && len(dirs) == 0 {
				return fail(exitUsage, errors.New("--no-builtin needs at least one directory"))
			}
			rep, err := policy.RunRegoTests(cmd.Context(), !noBuiltin, dirs, coverage > 0)
			if err != nil {
				return fail(exitPolicy, err)
			}
			for _, r := range rep.Results {
				// Test names and errors are the policy author's: printed safe for a CI log.
				if verbose || !r.Pass() {
					fmt.Fprintln(stdout, report.SafeLines(r.String()))
				}
				if r.Error != nil {
					fmt.Fprintf(stdout, "  error: %s\n", report.SafeLines(r.Error.Error()))
				}
			}
			fmt.Fprintf(stdout, "%d passed, %d failed\n", rep.Passed, rep.Failed)
			if coverage > 0 {
				fmt.Fprintf(stdout, "coverage %.1f%% (threshold %.1f%%)\n", rep.Coverage, coverage)
			}
			switch {
			case rep.Passed+rep.Failed == 0:
				return fail(exitDenied, errors.New("no tests found"))
			case !rep.OK():
				return fail(exitDenied, errors.New("tests failed"))
			case coverage > 0 && rep.Coverage < coverage:
				return fail(exitDenied, fmt.Errorf("coverage %.1f%% is below %.1f%%", rep.Coverage, coverage))
			}
			return nil
		},
	}
	test.Flags().Float64Var(&coverage, "coverage", 0, "fail when line coverage (percent) is below this")
	test.Flags().BoolVar(&noBuiltin, "no-builtin", false, "test only the given directories")
	test.Flags().BoolVarP(&verbose, "verbose", "v", false, "print every test")
	return test
}
