package main

import (
	"os"
	"runtime/debug"

	"github.com/nexabrands/supplychain/policy/plan"
)

// The collector's soft memory target while a check reads and judges its plans, as a multiple of
// the plans' size on disk with a floor. Go's collector lets the heap grow to twice what is live
// before it collects; on a large plan that headroom, not the live data, is what fills a CI
// runner's memory. Near the target the collector runs more often instead (for more CPU time),
// and never stops the check: memory_limit stays the hard limit, and the target never exceeds it.
// Below the floor the default headroom costs little memory and saves CPU time. The target is
// the runtime's memory; the process's code and the kernel's books come on top (about 20 MiB).
const (
	// leanTarget: user policies alone, read as they read (the plan's bytes, what the policies
	// read of it, their findings).
	leanTarget, leanFloor = 2.75, 256 << 20
	// fullTarget: the built-in rules or the cost estimate (every resource decoded, converted for
	// the rules, and their findings).
	fullTarget, fullFloor = 10, 1 << 30
)

// memoryTarget returns the soft memory target for reading plans of these paths with opts under
// the hard limit, or 0 for none: when GOMEMLIMIT is set (the user's choice wins) or a plan comes
// from standard input (its size is not known beforehand).
func memoryTarget(paths []string, opts plan.Options, limit int64, getenv func(string) string) int64 {
	if getenv("GOMEMLIMIT") != "" {
		return 0
	}
	var size int64
	for _, p := range paths {
		if p == "" {
			continue
		}
		if p == "-" {
			return 0
		}
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			return 0
		}
		size += fi.Size()
	}
	k, floor := float64(fullTarget), int64(fullFloor)
	if opts.NoStateValues {
		k, floor = leanTarget, leanFloor
	}
	return min(max(int64(k*float64(size)), floor), limit)
}

// withMemoryTarget sets the collector's soft memory limit to target (when it is not 0 and lower
// than the limit in force) and returns the function that restores it.
func withMemoryTarget(target int64) func() {
	prev := debug.SetMemoryLimit(-1)
	if target <= 0 || target >= prev {
		return func() {}
	}
	debug.SetMemoryLimit(target)
	return func() { debug.SetMemoryLimit(prev) }
}
