package validate

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// cronField is one field of an AWS cron expression: its name, its numeric range, the names it
// accepts for its values (JAN–DEC, SUN–SAT) and the special characters it allows.
type cronField struct {
	name     string
	min, max int
	names    []string
	specials string
}

var cronFields = []cronField{
	{name: "minutes", min: 0, max: 59},
	{name: "hours", min: 0, max: 23},
	{name: "day-of-month", min: 1, max: 31, specials: "?LW"},
	{name: "month", min: 1, max: 12, names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
	{name: "day-of-week", min: 1, max: 7, names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}, specials: "?L#"},
	{name: "year", min: 1970, max: 2199},
}

var (
	cronExpr     = regexp.MustCompile(`^cron\((.*)\)$`)
	cronItem     = regexp.MustCompile(`^([*?]|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:/(\d+))?$`)
	cronLastDay  = regexp.MustCompile(`^(L|LW|\d{1,2}W)$`)                 // day-of-month: last day, last weekday, nearest weekday
	cronNthOfDay = regexp.MustCompile(`^(\d{1,2}|[A-Za-z]{3})(#[1-5]|L)$`) // day-of-week: 3#2 (2nd Tuesday), 6L (last Friday)
)

// CronProblem says what is wrong with an AWS cron expression, `cron(Minutes Hours Day-of-month
// Month Day-of-week Year)` as Glue schedules take it, or "" when it is well formed. Exactly one of
// day-of-month and day-of-week must be `?`.
func CronProblem(s string) string {
	m := cronExpr.FindStringSubmatch(s)
	if m == nil {
		return "must be written cron(Minutes Hours Day-of-month Month Day-of-week Year)"
	}
	fields := strings.Fields(m[1])
	if len(fields) != len(cronFields) {
		return fmt.Sprintf("has %d fields, AWS cron takes 6 (Minutes Hours Day-of-month Month Day-of-week Year)", len(fields))
	}
	for i, f := range fields {
		if p := cronFields[i].problem(f); p != "" {
			return fmt.Sprintf("%s field %q: %s", cronFields[i].name, f, p)
		}
	}
	if (fields[2] == "?") == (fields[4] == "?") {
		return "exactly one of day-of-month and day-of-week must be ? (e.g. cron(0 2 * * ? *))"
	}
	return ""
}

// valid reports whether s is a value of the field: a number in range or one of its names.
func (c cronField) valid(s string) bool {
	for _, n := range c.names {
		if strings.EqualFold(s, n) {
			return true
		}
	}
	n, err := strconv.Atoi(s)
	return err == nil && n >= c.min && n <= c.max
}

func (c cronField) problem(field string) string {
	for _, item := range strings.Split(field, ",") {
		switch {
		case strings.ContainsRune(c.specials, 'W') && cronLastDay.MatchString(item):
			if d := strings.TrimSuffix(item, "W"); d != "L" && d != "" {
				if !c.valid(d) {
					return fmt.Sprintf("day %s is out of range %d-%d", d, c.min, c.max)
				}
			}
			continue
		case strings.ContainsRune(c.specials, '#') && (item == "L" || cronNthOfDay.MatchString(item)):
			if item != "L" {
				if !c.valid(cronNthOfDay.FindStringSubmatch(item)[1]) {
					return fmt.Sprintf("%s is not a day of the week", item)
				}
			}
			continue
		}
		m := cronItem.FindStringSubmatch(item)
		if m == nil {
			return fmt.Sprintf("%q is not a value, range, step, * or ?", item)
		}
		if m[1] == "?" {
			if !strings.ContainsRune(c.specials, '?') || field != "?" {
				return "? is allowed only alone, in day-of-month or day-of-week"
			}
			continue
		}
		if m[1] != "*" {
			lo, hi, isRange := strings.Cut(m[1], "-")
			for _, v := range []string{lo, hi} {
				if v == "" && !isRange {
					continue
				}
				if !c.valid(v) {
					return fmt.Sprintf("%s is out of range %d-%d", v, c.min, c.max)
				}
			}
		}
		if m[2] != "" {
			if n, err := strconv.Atoi(m[2]); err != nil || n < 1 || n > c.max {
				return fmt.Sprintf("step /%s is out of range 1-%d", m[2], c.max)
			}
		}
	}
	return ""
}

type cronValidator struct{}

// Cron accepts an AWS cron expression as Glue triggers take it: `cron(0 2 * * ? *)`.
func Cron() validator.String { return cronValidator{} }

func (cronValidator) Description(context.Context) string {
	return "must be an AWS cron expression, cron(Minutes Hours Day-of-month Month Day-of-week Year)"
}
func (v cronValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (cronValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if p := CronProblem(s); p != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid schedule", fmt.Sprintf("%q %s.", s, p))
	}
}
