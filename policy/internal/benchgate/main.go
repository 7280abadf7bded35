// Command benchgate prints the figures of `make bench-gate`: plangate check on generated plans of
// 100, 1,000 and 10,000 resources (wall time and peak RSS, median of N runs), with every built-in
// rule without and with the cost estimate and gate (in the plan's region, which the price sheet
// does not cover, and in us-east-1, which it does), with only the seed's conftest-style rules,
// and conftest on the same plan with the same rules, as a ratio.
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
)

type measure struct {
	wall time.Duration
	cpu  time.Duration // user + system: steadier than wall time on a loaded machine
	rss  int64         // KiB
}

func main() {
	conftest := flag.String("conftest", "", "conftest binary (skipped when empty or missing)")
	plangate := flag.String("plangate", "", "plangate binary (built from ./tools/plangate when empty)")
	runs := flag.Int("runs", 5, "runs per measurement (median reported)")
	sizes := flag.String("sizes", "100,1000,10000", "plan sizes in resource changes")
	policyDir := flag.String("policy", "policy/testdata/conftest", "conftest-style policy directory (the seed's rules)")
	flag.Parse()
	if err := run(*conftest, *plangate, *runs, *sizes, *policyDir); err != nil {
		fmt.Fprintln(os.Stderr, "benchgate:", err)
		os.Exit(1)
	}
}

func run(conftest, plangate string, runs int, sizes, policyDir string) error {
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
	fmt.Printf("%-9s %-8s %-34s %10s %10s %10s\n", "resources", "plan MB", "run", "wall (s)", "CPU (s)", "RSS (MiB)")
	type row struct{ plangateSeed, conftestSeed measure }
	ratios := map[int]row{}
	var ns []int
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("-sizes: %w", err)
		}
		ns = append(ns, n)
		path := filepath.Join(dir, fmt.Sprintf("plan-%d.json", n))
		data := plangen.Generate(n)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return err
		}
		mb := float64(len(data)) / (1 << 20)
		// The generated plan's region (var.region) is eu-west-1, which the price sheet does not
		// cover; the same plan in us-east-1 is priced.
		east := filepath.Join(dir, fmt.Sprintf("plan-%d-us-east-1.json", n))
		if err := os.WriteFile(east, []byte(strings.ReplaceAll(string(data), `"eu-west-1"`, `"us-east-1"`)), 0o600); err != nil {
			return err
		}
		out := filepath.Join(dir, "out.json")
		for _, c := range []struct {
			label string
			args  []string
		}{
			{"plangate, all built-in rules", []string{"--no-cost", path}},
			{"  + cost (eu-west-1, unpriced)", []string{path}},
			{"plangate, built-in, us-east-1", []string{"--no-cost", east}},
			{"  + cost (us-east-1, priced)", []string{east}},
		} {
			m, err := median(runs, plangate, append([]string{"check", "--format", "json=" + out}, c.args...)...)
			if err != nil {
				return err
			}
			fmt.Printf("%-9d %-8.1f %-34s %10.3f %10.3f %10.1f\n", n, mb, c.label, m.wall.Seconds(), m.cpu.Seconds(), float64(m.rss)/1024)
		}
		// conftest prices nothing: the seed rules run without the cost estimate.
		seed, err := median(runs, plangate, "check", "--no-cost", "--no-builtin", "--policy", policyDir, "--format", "json="+out, path)
		if err != nil {
			return err
		}
		fmt.Printf("%-9d %-8.1f %-34s %10.3f %10.3f %10.1f\n", n, mb, "plangate, seed rules", seed.wall.Seconds(), seed.cpu.Seconds(), float64(seed.rss)/1024)
		r := row{plangateSeed: seed}
		if conftest != "" {
			c, err := median(runs, conftest, "test", "--no-color", "-p", policyDir, path)
			if err != nil {
				return err
			}
			r.conftestSeed = c
			fmt.Printf("%-9d %-8.1f %-34s %10.3f %10.3f %10.1f\n", n, mb, "conftest, seed rules", c.wall.Seconds(), c.cpu.Seconds(), float64(c.rss)/1024)
			if err := sameFindings(plangate, conftest, policyDir, path, out); err != nil {
				return err
			}
		}
		ratios[n] = r
	}
	if conftest != "" {
		fmt.Printf("\n%-9s %22s %22s\n", "resources", "time plangate/conftest", "RSS plangate/conftest")
		sort.Ints(ns)
		for _, n := range ns {
			r := ratios[n]
			fmt.Printf("%-9d %22.2f %22.2f\n", n, r.plangateSeed.wall.Seconds()/r.conftestSeed.wall.Seconds(), float64(r.plangateSeed.rss)/float64(r.conftestSeed.rss))
		}
	}
	return nil
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
		if err != nil && (!errors.As(err, &ee) || ee.ExitCode() != 1 && ee.ExitCode() != 3) {
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
func sameFindings(plangate, conftest, policyDir, plan, out string) error {
	_ = exec.Command(plangate, "check", "--no-cost", "--no-builtin", "--policy", policyDir, "--format", "json="+out, plan).Run()
	b, err := os.ReadFile(out)
	if err != nil {
		return err
	}
	var pg struct {
		Summary struct{ Deny, Warn int } `json:"summary"`
	}
	if err := json.Unmarshal(b, &pg); err != nil {
		return err
	}
	cout, _ := exec.Command(conftest, "test", "--no-color", "-o", "json", "-p", policyDir, plan).Output()
	var cf []struct {
		Failures []any `json:"failures"`
		Warnings []any `json:"warnings"`
	}
	if err := json.Unmarshal(cout, &cf); err != nil {
		return fmt.Errorf("reading conftest's JSON: %w", err)
	}
	fails, warns := 0, 0
	for _, r := range cf {
		fails += len(r.Failures)
		warns += len(r.Warnings)
	}
	if fails != pg.Summary.Deny || warns != pg.Summary.Warn {
		return fmt.Errorf("%s: plangate found %d denials and %d warnings, conftest %d and %d", filepath.Base(plan), pg.Summary.Deny, pg.Summary.Warn, fails, warns)
	}
	return nil
}
