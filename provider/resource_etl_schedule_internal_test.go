package provider

import (
	"slices"
	"testing"

	"github.com/nexabrands/supplychain/provider/internal/glue"
)

// TestETLScheduleTriggers: the triggers a DAG asks for, and when a live trigger differs.
func TestETLScheduleTriggers(t *testing.T) {
	ts := triggersOf("daily", "cron(0 2 * * ? *)", [][]string{{"customers", "products"}, {"orders"}, {"load"}})
	if len(ts) != 3 || ts[0].Name != "daily-stage-1" || ts[0].Type != glue.TriggerScheduled || ts[0].Schedule != "cron(0 2 * * ? *)" ||
		ts[0].After != nil || ts[1].Type != glue.TriggerConditional || !slices.Equal(ts[1].After, []string{"customers", "products"}) ||
		!slices.Equal(ts[2].After, []string{"orders"}) || !slices.Equal(ts[2].Jobs, []string{"load"}) || ts[2].Schedule != "" {
		t.Fatalf("triggersOf = %+v", ts)
	}
	live := func(edit func(*glue.Trigger)) *glue.Trigger {
		l := ts[1]
		l.Jobs, l.After, l.Plain, l.State = []string{"orders"}, []string{"products", "customers"}, true, "ACTIVATED"
		edit(&l)
		return &l
	}
	if !matches(live(func(*glue.Trigger) {}), ts[1]) {
		t.Error("a trigger with the same jobs in another order does not match")
	}
	for name, edit := range map[string]func(*glue.Trigger){
		"other job":        func(l *glue.Trigger) { l.Jobs = []string{"returns"} },
		"waits on fewer":   func(l *glue.Trigger) { l.After = []string{"products"} },
		"not plain":        func(l *glue.Trigger) { l.Plain = false },
		"scheduled":        func(l *glue.Trigger) { l.Type = glue.TriggerScheduled },
		"extra job starts": func(l *glue.Trigger) { l.Jobs = append(l.Jobs, "load") },
	} {
		if matches(live(edit), ts[1]) {
			t.Errorf("%s: matches", name)
		}
	}
	first := ts[0]
	first.State, first.Plain = "ACTIVATED", true
	other := first
	other.Schedule = "cron(0 3 * * ? *)"
	if !matches(&first, ts[0]) || matches(&other, ts[0]) {
		t.Error("a scheduled trigger matches by its schedule")
	}
}
