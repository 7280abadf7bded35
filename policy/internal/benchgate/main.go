// Command benchgate prints the figures of `make bench-gate`: plangate check on plans of 1,000,
// 10,000 and 100,000 resource changes from both generators (plangen.Generate, and plangen.Repeat
// over real plans: the repository's fixtures, the Nexabrands stack's and ../shared/plans where
// present), with every built-in rule and with only the seed's conftest-style rules, and conftest
// on the same plan with the same rules: wall time, CPU time (user+sys: steadier than wall time on
// a loaded machine) and peak RSS, median of N runs, as ratios, the finding counts checked equal.
//
//	go run ./policy/internal/benchgate -conftest ~/.cache/supplychain/bin/conftest
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nexabrands/supplychain/policy/internal/plangen"
	"github.com/nexabrands/supplychain/policy/plan"
)

type measure struct {
	wall, cpu time.Duration
	rss       int64 // KiB
}

func main() {
	conftest := flag.String("conftest", "", "conftest binary (skipped when empty or missing)")
	plangate := flag.String("plangate", "", "plangate binary (built from ./tools/plangate when empty)")
	runs := flag.Int("runs", 5, "runs per measurement (median reported)")
	sizes := flag.String("sizes", "1000,10000,100000", "plan sizes in resource changes")
	gens := flag.String("generators", "generated,real", "plan generators: generated (plangen.Generate), real (plangen.Repeat over real plans)")
	realGlobs := flag.String("real", "policy/plan/testdata/plans/*.json,policy/cost/testdata/plans/nexabrands_*.json,../shared/plans/*/*.json", "glob patterns of the real plans the real generator repeats")
	policyDir := flag.String("policy", "policy/testdata/conftest", "conftest-style policy directory (the seed's rules)")
	keep := flag.String("keep", "", "directory to write the generated plans to and keep them (for profiling); they are deleted otherwise")
	emit := flag.String("emit", "", "GENERATOR,N,PATH: write one plan and print its resource changes (run by benchgate itself)")
	flag.Parse()
	if *emit != "" {
		if err := emitPlan(*emit, strings.Split(*realGlobs, ",")); err != nil {
			fmt.Fprintln(os.Stderr, "benchgate:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*conftest, *plangate, *runs, *sizes, *policyDir, *keep, strings.Split(*gens, ","), strings.Split(*realGlobs, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "benchgate:", err)
		os.Exit(1)
	}
}

func run(conftest, plangate string, runs int, sizes, policyDir, keep string, gens, realGlobs []string) error {
	dir, err := os.MkdirTemp("", "benchgate")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if plangate == "" {
		plangate = filepath.Join(dir, "plangate")
		build := exec.Command("go", "build", "-trimpath", "-o", plangate, "./tools/plangate")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("building plangate: %w", err)
		}
	}
	if conftest != "" {
		if _, err := os.Stat(conftest); err != nil {
			fmt.Fprintf(os.Stderr, "benchgate: conftest not found at %s; skipping the comparison\n", conftest)
			conftest = ""
		}
	}
	var ns []int
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("-sizes: %w", err)
		}
		ns = append(ns, n)
	}
	sort.Ints(ns)
	fmt.Printf("%-9s %-9s %-8s %-30s %9s %9s %9s %9s\n", "resources", "generator", "plan MB", "run", "wall (s)", "CPU (s)", "RSS (MiB)", "RSS/plan")
	type row struct {
		n, changes            int
		gen                   string
		all, cost, seed, conf measure
		findings              string
	}
	var rows []row
	for _, g := range gens {
		for _, n := range ns {
			planDir := dir
			if keep != "" {
				planDir = keep
			}
			path := filepath.Join(planDir, fmt.Sprintf("plan-%s-%d.json", g, n))
			// The plan is made by a child: a child's peak RSS starts at this process's own peak
			// (Go starts children sharing its memory, and Linux keeps the larger high-water mark
			// at exec), so this process never holds a plan.
			changes, size, err := makePlan(g, n, path, realGlobs)
			if err != nil {
				return err
			}
			mb := size / (1 << 20)
			if own := selfPeak(); own > 0 {
				fmt.Printf("%-9d %-9s %-8.1f %-30s %9s %9s %9.1f\n", changes, g, mb, "(benchgate's own peak: a floor)", "", "", float64(own)/1024)
			}
			show := func(what string, m measure) {
				fmt.Printf("%-9d %-9s %-8.1f %-30s %9.3f %9.3f %9.1f %9.2f\n", changes, g, mb, what, m.wall.Seconds(), m.cpu.Seconds(), float64(m.rss)/1024, float64(m.rss)*1024/size)
			}
			out := filepath.Join(dir, "out.json")
			r := row{n: n, changes: changes, gen: g}
			if r.all, err = median(runs, plangate, "check", "--no-cost", "--format", "json="+out, path); err != nil {
				return err
			}
			show("plangate, every built-in rule", r.all)
			// The cost estimate and gate in the same run, in us-east-1 where the plan's provider
			// gives no literal region (the price sheet covers it).
			if r.cost, err = median(runs, plangate, "check", "--region", "us-east-1", "--format", "json="+out, path); err != nil {
				return err
			}
			show("  + cost (us-east-1)", r.cost)
			// conftest prices nothing: the seed rules run without the cost estimate.
			if r.seed, err = median(runs, plangate, "check", "--no-cost", "--no-builtin", "--policy", policyDir, "--format", "json="+out, path); err != nil {
				return err
			}
			show("plangate, seed rules", r.seed)
			if conftest != "" {
				if r.conf, err = median(runs, conftest, "test", "--no-color", "-p", policyDir, path); err != nil {
					return err
				}
				show("conftest, seed rules", r.conf)
				if r.findings, err = sameFindings(plangate, conftest, policyDir, path, out); err != nil {
					return err
				}
			}
			rows = append(rows, r)
			if keep == "" {
				_ = os.Remove(path)
			}
		}
	}
	if conftest != "" {
		fmt.Printf("\nplangate / conftest on the seed rules (wall, CPU, peak RSS): plangate with the seed rules, with every built-in rule, and with every rule + cost:\n")
		fmt.Printf("%-9s %-9s %-17s %-17s %-17s  %s\n", "resources", "generator", "seed rules", "every rule", "+ cost", "findings (equal)")
		ratios := func(m, c measure) string {
			return fmt.Sprintf("%.2f %.2f %.2f", m.wall.Seconds()/c.wall.Seconds(), m.cpu.Seconds()/c.cpu.Seconds(), float64(m.rss)/float64(c.rss))
		}
		for _, r := range rows {
			fmt.Printf("%-9d %-9s %-17s %-17s %-17s  %s\n", r.changes, r.gen, ratios(r.seed, r.conf), ratios(r.all, r.conf), ratios(r.cost, r.conf), r.findings)
		}
	}
	return nil
}

// makePlan runs this program with -emit to write the plan of generator g with n resource
// changes to path, and returns its resource changes and size in bytes.
func makePlan(g string, n int, path string, realGlobs []string) (int, float64, error) {
	self, err := os.Executable()
	if err != nil {
		return 0, 0, err
	}
	cmd := exec.Command(self, "-real", strings.Join(realGlobs, ","), "-emit", fmt.Sprintf("%s,%d,%s", g, n, path))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, 0, fmt.Errorf("making the %s plan of %d: %w", g, n, err)
	}
	changes, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		return 0, 0, fmt.Errorf("making the %s plan of %d: %q", g, n, out)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0, 0, err
	}
	return changes, float64(fi.Size()), nil
}

// emitPlan is -emit GENERATOR,N,PATH.
func emitPlan(spec string, realGlobs []string) error {
	parts := strings.SplitN(spec, ",", 3)
	if len(parts) != 3 {
		return fmt.Errorf("-emit %q: want GENERATOR,N,PATH", spec)
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil {
		return fmt.Errorf("-emit: %w", err)
	}
	var data []byte
	changes := n
	switch parts[0] {
	case "generated":
		data = plangen.Generate(n)
	case "real":
		sources, names, err := plangen.Sources(realGlobs, func(name string, data []byte) bool {
			if !json.Valid(data) { // UTF-16 plans: the reader takes them, the generator does not
				return false
			}
			_, err := plan.Parse(name, data)
			return err == nil
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "real generator: %d source plans\n", len(names))
		if data, changes, err = plangen.Repeat(sources, n); err != nil {
			return err
		}
	default:
		return fmt.Errorf("-generators: unknown generator %q", parts[0])
	}
	if err := os.WriteFile(parts[2], data, 0o600); err != nil {
		return err
	}
	fmt.Println(changes)
	return nil
}

// selfPeak is this process's peak resident set (VmHWM) in KiB, or 0.
func selfPeak() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n
		}
	}
	return 0
}

// median runs a command n times and returns the median wall time and median peak RSS. Exit codes
// 1 (denied / policy failures) and 3 (cost gate failed) are results; anything else is an error.
func median(n int, name string, args ...string) (measure, error) {
	var ms []measure
	for range n {
		cmd := exec.Command(name, args...)
		cmd.Stdout = nil
		var stderr strings.Builder
		cmd.Stderr = &stderr
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		var ee *exec.ExitError
		if err != nil && (!errors.As(err, &ee) || (ee.ExitCode() != 1 && ee.ExitCode() != 3)) {
			return measure{}, fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, stderr.String())
		}
		ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		m := measure{wall: wall}
		if ru != nil {
			m.rss = ru.Maxrss
			m.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].wall < ms[j].wall })
	mid := ms[len(ms)/2]
	rss := make([]int64, len(ms))
	for i, m := range ms {
		rss[i] = m.rss
	}
	sort.Slice(rss, func(i, j int) bool { return rss[i] < rss[j] })
	mid.rss = rss[len(rss)/2]
	cpu := make([]time.Duration, len(ms))
	for i, m := range ms {
		cpu[i] = m.cpu
	}
	sort.Slice(cpu, func(i, j int) bool { return cpu[i] < cpu[j] })
	mid.cpu = cpu[len(cpu)/2]
	return mid, nil
}

// sameFindings checks that plangate and conftest report the same number of denials with the
// seed's rules: the comparison is of the same work.
func sameFindings(plangate, conftest, policyDir, plan, out string) (string, error) {
	_ = exec.Command(plangate, "check", "--no-cost", "--no-builtin", "--policy", policyDir, "--format", "json="+out, plan).Run()
	b, err := os.ReadFile(out)
	if err != nil {
		return "", err
	}
	var pg struct {
		Summary struct{ Deny, Warn int } `json:"summary"`
	}
	if err := json.Unmarshal(b, &pg); err != nil {
		return "", err
	}
	cout, _ := exec.Command(conftest, "test", "--no-color", "-o", "json", "-p", policyDir, plan).Output()
	var cf []struct {
		Failures []any `json:"failures"`
		Warnings []any `json:"warnings"`
	}
	if err := json.Unmarshal(cout, &cf); err != nil {
		return "", fmt.Errorf("reading conftest's JSON: %w", err)
	}
	fails, warns := 0, 0
	for _, r := range cf {
		fails += len(r.Failures)
		warns += len(r.Warnings)
	}
	if fails != pg.Summary.Deny || warns != pg.Summary.Warn {
		return "", fmt.Errorf("%s: plangate found %d denials and %d warnings, conftest %d and %d", filepath.Base(plan), pg.Summary.Deny, pg.Summary.Warn, fails, warns)
	}
	return fmt.Sprintf("%d deny, %d warn", fails, warns), nil
}
