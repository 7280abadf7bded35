package validate

import (
	"strings"
	"testing"
)

func TestCronProblem(t *testing.T) {
	good := []string{
		"cron(0 2 * * ? *)", "cron(15 12 * * ? *)", "cron(0/15 * * * ? *)", "cron(0 18 ? * MON-FRI *)",
		"cron(0 8 1 * ? *)", "cron(0 10 ? * 6L 2026-2030)", "cron(0 6 L * ? *)", "cron(0 6 15W * ? *)",
		"cron(0 6 ? * 3#2 *)", "cron(5,35 14 * JAN,jul ? *)", "cron(0 0 ? * SUN *)",
	}
	for _, s := range good {
		if p := CronProblem(s); p != "" {
			t.Errorf("CronProblem(%q) = %q, want none", s, p)
		}
	}
	bad := map[string]string{
		"0 2 * * ? *":          "must be written cron(",
		"rate(1 day)":          "must be written cron(",
		"cron(0 2 * * *)":      "has 5 fields",
		"cron(0 2 * * * *)":    "exactly one of day-of-month and day-of-week",
		"cron(0 2 ? * ? *)":    "exactly one of day-of-month and day-of-week",
		"cron(60 2 * * ? *)":   "minutes field \"60\": 60 is out of range 0-59",
		"cron(0 24 * * ? *)":   "hours field",
		"cron(0 2 32 * ? *)":   "day-of-month field",
		"cron(0 2 * 13 ? *)":   "month field",
		"cron(0 2 * FOO ? *)":  "month field",
		"cron(0 2 ? * 8 *)":    "day-of-week field",
		"cron(0 2 * * ? 1969)": "year field",
		"cron(0/0 2 * * ? *)":  "step /0",
		"cron(? 2 * * ? *)":    "? is allowed only",
		"cron(0 2 *,? * ? *)":  "? is allowed only",
		"cron(0 2 * * ? * *)":  "has 7 fields",
		"cron(0 2 * * ? $)":    "not a value",
		"cron(0 2 ? * 9#2 *)":  "not a day of the week",
		"cron(0 2 40W * ? *)":  "day 40 is out of range",
	}
	for s, want := range bad {
		if p := CronProblem(s); !strings.Contains(p, want) {
			t.Errorf("CronProblem(%q) = %q, want it to contain %q", s, p, want)
		}
	}
}

func TestCronValidator(t *testing.T) {
	if errs := run(Cron(), "cron(0 2 * * ? *)"); len(errs) != 0 {
		t.Errorf("a daily schedule: %v", errs)
	}
	errs := run(Cron(), "cron(0 2 * * *)")
	if len(errs) != 1 || !strings.Contains(errs[0], `"cron(0 2 * * *)" has 5 fields`) {
		t.Errorf("a five-field cron: %v", errs)
	}
}
