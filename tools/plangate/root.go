package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nexabrands/supplychain/policy/report"
)

// Exit codes (README.md, `plangate --help`).
const (
	exitPass     = 0
	exitDenied   = 1
	exitDrift    = 2
	exitCost     = 3
	exitUsage    = 10
	exitReadPlan = 11
	exitBadPlan  = 12
	exitPolicy   = 13
	exitOutput   = 14
	exitInternal = 15
	exitAWS      = 16
)

// exitHelp lists the exit codes; a code that only a command reports names the command when
// it exists, so --help names no command plangate lacks.
func exitHelp(root *cobra.Command) string {
	has := func(cmd string) bool {
		for _, c := range root.Commands() {
			if c.Name() == cmd {
				return true
			}
		}
		return false
	}
	// by names the command that reports a code, and the commands that carry it too.
	by := func(cmd, what string, also ...string) string {
		if !has(cmd) {
			return what + " (no command reports it yet)"
		}
		names := []string{"plangate " + cmd}
		for _, a := range also {
			if has(a) {
				names = append(names, "plangate "+a)
			}
		}
		s := fmt.Sprintf("%-24s (%s)", what, strings.Join(names, ", "))
		if len(also) > 0 && len(names) > 1 {
			s += "; 1 wins over 3"
		}
		return s
	}
	return strings.Join([]string{
		"Exit codes:",
		"  0   pass (warnings allowed)",
		"  1   policy denied (a denied finding, or an expired waiver)",
		"  2   " + by("drift", "drift found"),
		"  3   " + by("cost", "cost gate failed", "check"),
		"  10  bad flags or arguments",
		"  11  the plan file cannot be read",
		"  12  the input is not a valid plan (empty, truncated, not JSON, unknown format, ambiguous, errored or incomplete)",
		"  13  a policy, configuration, waiver or usage file is invalid",
		"  14  an output file cannot be written, or would overwrite an input or follow a link",
		"  15  internal error, or evaluation stopped at its time or memory limit",
		"  16  " + by("bootstrap", "an AWS call failed"),
		"A tool error is never a pass: any exit code other than 0 fails a gate.",
	}, "\n")
}

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func fail(code int, err error) error { return &exitError{code: code, err: err} }

// run is the whole program; main only passes the process's arguments, streams and environment.
func run(args []string, stdout, stderr io.Writer, getenv func(string) string) (code int) {
	// A Go panic would exit 2, which reads as "drift found": any command's panic is an internal
	// error (15) instead.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintln(stderr, "plangate: internal error:", report.SafeLines(fmt.Sprint(r)))
			code = exitInternal
		}
	}()
	root := newRoot(stdout, stderr, getenv)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitPass
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.code != exitDenied {
			// Errors may quote the plan or a policy: no line of them may start a workflow command.
			fmt.Fprintln(stderr, "plangate:", report.SafeLines(ee.err.Error()))
		}
		return ee.code
	}
	// Cobra's own errors: unknown command or flag, wrong number of arguments.
	fmt.Fprintln(stderr, "plangate:", report.SafeLines(err.Error()))
	fmt.Fprintln(stderr, "Run 'plangate --help' for usage.")
	return exitUsage
}

// newRoot wires the commands; each lives in its own file.
func newRoot(stdout, stderr io.Writer, getenv func(string) string) *cobra.Command {
	root := &cobra.Command{
		Use:           "plangate",
		Short:         "Judge Terraform plans with embedded Rego rules",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fail(exitUsage, fmt.Errorf("%w (see '%s --help')", err, c.CommandPath()))
	})
	check := newCheck(stdout, stderr, getenv)
	cost := newCost(stdout)
	drift := newDrift(stdout, stderr, getenv)
	root.AddCommand(check, newPolicy(stdout), newVersion(stdout), cost, drift, newBootstrap(stdout, getenv), newComment(stdout, stderr, getenv))
	help := exitHelp(root)
	root.Long = "plangate reads the JSON of `terraform show -json PLANFILE` and judges it with built-in Rego\n" +
		"rules (S3, Glue, Redshift, IAM, DynamoDB, KMS, EC2/VPC, conventions, the supplychain provider)\n" +
		"and your own conftest-style policies. It works offline.\n\n" + help
	check.Long += "\n\n" + help
	cost.Long += "\n\n" + help
	return root
}
