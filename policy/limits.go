package policy

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"runtime/debug"
	"runtime/metrics"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultTimeout is how long a check may evaluate when neither --timeout nor the configuration
// says.
const DefaultTimeout = 5 * time.Minute

// DefaultMemoryLimit is the memory a check may use when the configuration does not say.
const DefaultMemoryLimit = 4 << 30

// memoryPoll is how often the memory in use is compared with the limit during evaluation.
const memoryPoll = 10 * time.Millisecond

// LimitError says that evaluation was stopped at its time or memory limit: the gate could not
// judge (a tool error, never a pass).
type LimitError struct {
	// Limit is "time" or "memory"; Value the limit ("5m0s", "4 GiB").
	Limit, Value string
	// Rules are the rules that were being evaluated when the limit was reached.
	Rules []string
}

func (e *LimitError) Error() string {
	how := "--timeout or timeout in the configuration"
	if e.Limit == "memory" {
		how = "memory_limit in the configuration"
	}
	rules := "the rules (none had started)"
	if len(e.Rules) > 0 {
		rules = "rule " + strings.Join(e.Rules, ", ")
	}
	return fmt.Sprintf("evaluation stopped: the %s limit of %s (%s) was reached while evaluating %s", e.Limit, e.Value, how, rules)
}

// IsLimit reports whether err says that a check was stopped at its time or memory limit.
func IsLimit(err error) bool {
	var le *LimitError
	return errors.As(err, &le)
}

// limitCause returns the limit that cancelled ctx, if one did.
func limitCause(ctx context.Context) *LimitError {
	var le *LimitError
	if errors.As(context.Cause(ctx), &le) {
		return le
	}
	return nil
}

// limitReached returns the error of rules stopped by the limit that cancelled ctx, or nil when
// no limit did.
func limitReached(ctx context.Context, rules []string) error {
	le := limitCause(ctx)
	if le == nil {
		return nil
	}
	out := *le
	out.Rules = append([]string(nil), rules...)
	sort.Strings(out.Rules)
	return &out
}

// Bounded runs f under the limits a check runs under (the time limit, and the memory limit with
// the soft limit lowered to it meanwhile), for evaluations outside Check: a cost gate. It returns
// f's error, or the LimitError naming what when a limit stopped it.
func Bounded(ctx context.Context, timeout time.Duration, memory int64, what string, f func(context.Context) error) error {
	ctx, stop := withLimits(ctx, timeout, memory)
	defer stop()
	err := f(ctx)
	if le := limitReached(ctx, []string{what}); le != nil {
		return le
	}
	return err
}

// memoryMu keeps the process's soft memory limit consistent across concurrent checks.
var memoryMu sync.Mutex

// withLimits returns a context that is cancelled when the time limit passes or when the memory
// the process uses exceeds the memory limit. Until stop is called the Go runtime's soft memory
// limit is at most the limit too, so the collector works harder before the check is stopped.
func withLimits(ctx context.Context, timeout time.Duration, memory int64) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	timer := time.AfterFunc(timeout, func() {
		cancel(&LimitError{Limit: "time", Value: timeout.String()})
	})
	memoryMu.Lock()
	prev := debug.SetMemoryLimit(-1)
	if memory < prev {
		debug.SetMemoryLimit(memory)
	}
	memoryMu.Unlock()
	done := make(chan struct{})
	go func() {
		samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
		tick := time.NewTicker(memoryPoll)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
				metrics.Read(samples)
				used := int64(samples[0].Value.Uint64() - samples[1].Value.Uint64())
				if used > memory {
					cancel(&LimitError{Limit: "memory", Value: formatBytes(memory)})
					return
				}
			}
		}
	}()
	return ctx, func() {
		close(done)
		timer.Stop()
		cancel(nil)
		memoryMu.Lock()
		debug.SetMemoryLimit(prev)
		memoryMu.Unlock()
	}
}

// Duration is a time.Duration read from YAML as "90s", "5m" (the configuration's timeout).
type Duration struct{ time.Duration }

// UnmarshalYAML reads a Go duration string.
func (d *Duration) UnmarshalYAML(unmarshal func(any) error) error {
	var s string
	if err := unmarshal(&s); err != nil {
		return fmt.Errorf("timeout: want a duration such as 90s or 5m: %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("timeout: want a duration such as 90s or 5m, got %q", s)
	}
	d.Duration = v
	return nil
}

// ByteSize is a number of bytes read from YAML as "512MiB", "4GiB" or a plain number (the
// configuration's memory_limit).
type ByteSize struct{ Bytes int64 }

var byteSizePattern = regexp.MustCompile(`^([0-9]+)\s*(|B|KiB|MiB|GiB|TiB)$`)

// UnmarshalYAML reads a size in bytes, KiB, MiB, GiB or TiB.
func (b *ByteSize) UnmarshalYAML(unmarshal func(any) error) error {
	var s string
	if err := unmarshal(&s); err != nil {
		return fmt.Errorf("memory_limit: want a size such as 512MiB or 4GiB: %w", err)
	}
	m := byteSizePattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return fmt.Errorf("memory_limit: want a size such as 512MiB or 4GiB, got %q", s)
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	shift := map[string]uint{"": 0, "B": 0, "KiB": 10, "MiB": 20, "GiB": 30, "TiB": 40}[m[2]]
	if err != nil || n > math.MaxInt64>>shift {
		return fmt.Errorf("memory_limit: size %q is too large", s)
	}
	b.Bytes = n << shift
	return nil
}

func formatBytes(n int64) string {
	for _, u := range []struct {
		s    string
		bits uint
	}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}} {
		if n >= 1<<u.bits && n%(1<<u.bits) == 0 {
			return fmt.Sprintf("%d %s", n>>u.bits, u.s)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}
