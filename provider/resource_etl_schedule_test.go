package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/cost"
	"github.com/nexabrands/supplychain/policy/plan"
	"github.com/nexabrands/supplychain/provider/internal/acctest"
)

const etlScheduleAddr = "supplychain_etl_schedule.daily"

// seedJobs are the jobs of the seed's Airflow DAG, plus one the update step adds.
var seedJobs = []string{"products", "customers", "targets", "orders", "order_lines", "fulfilment", "warehouse_load", "returns"}

// etlScheduleConfig declares the seed's jobs (Python shell jobs on an existing script, so nothing
// is uploaded) and a schedule over them; stages is "products customers | targets orders | …".
func etlScheduleConfig(g *fakeGlue, prefix, schedule, stages, extra string) string {
	var jobs strings.Builder
	for _, j := range seedJobs {
		fmt.Fprintf(&jobs, `
resource "supplychain_etl_job" %[1]q {
  name            = "%[2]s-%[1]s"
  role_arn        = %[3]q
  command         = "pythonshell"
  script_location = "s3://shared-scripts/etl/%[1]s.py"
}
`, j, prefix, testRoleARN)
	}
	return etlProviderConfig(g) + jobs.String() + fmt.Sprintf(`
resource "supplychain_etl_schedule" "daily" {
  name     = "%[1]s-daily"
  schedule = %[2]q
  stages   = %[3]s
%[4]s
}
`, prefix, schedule, stagesHCL(stages), extra)
}

// stagesHCL turns "products customers | targets orders" into a list of sets of job names, each a
// reference to the job resource.
func stagesHCL(s string) string {
	var stages []string
	for _, st := range strings.Split(s, "|") {
		var jobs []string
		for _, j := range strings.Fields(st) {
			jobs = append(jobs, "supplychain_etl_job."+j+".name")
		}
		stages = append(stages, "[\n    "+strings.Join(jobs, ",\n    ")+"\n  ]")
	}
	return "[\n  " + strings.Join(stages, ",\n  ") + "\n]"
}

// seedDAG is the seed's order: products and customers, then targets and orders, then order
// lines, then fulfilment, then the warehouse load.
const seedDAG = "products customers | targets orders | order_lines | fulfilment | warehouse_load"

// wantTrigger checks one trigger on the fake server: its type, state, schedule, the jobs it waits
// for and the jobs it starts (job keys without the prefix).
func wantTrigger(g *fakeGlue, prefix string, stage int, typ, state, schedule string, after, jobs []string) error {
	name := fmt.Sprintf("%s-daily-stage-%d", prefix, stage)
	t := g.trigger(name)
	if t == nil {
		return fmt.Errorf("no trigger %s on the server", name)
	}
	full := func(keys []string) []string {
		var out []string
		for _, k := range keys {
			out = append(out, prefix+"-"+k)
		}
		slices.Sort(out)
		return out
	}
	gotJobs, gotAfter := triggerJobs(t)
	gotSchedule := ""
	if t.Schedule != nil {
		gotSchedule = *t.Schedule
	}
	if t.Type != typ || t.State != state || gotSchedule != schedule || !slices.Equal(gotJobs, full(jobs)) || !slices.Equal(gotAfter, full(after)) {
		b, _ := json.Marshal(t)
		return fmt.Errorf("trigger %s = %s, want %s %s schedule %q after %v starting %v", name, b, typ, state, schedule, full(after), full(jobs))
	}
	if t.Predicate != nil && t.Predicate.Logical != "AND" {
		return fmt.Errorf("trigger %s: Logical %q, want AND (every job of the stage before)", name, t.Predicate.Logical)
	}
	return nil
}

func checkAll(checks ...func() error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, c := range checks {
			if err := c(); err != nil {
				return err
			}
		}
		return nil
	}
}

// callCounter counts the calls of an operation made since the last mark.
type callCounter struct {
	g    *fakeGlue
	base map[string]int
}

func (c *callCounter) mark(ops ...string) {
	c.base = map[string]int{}
	for _, op := range ops {
		c.base[op] = c.g.callsOf(op)
	}
}

func (c *callCounter) since(op string) int { return c.g.callsOf(op) - c.base[op] }

// expectNoPlangateFindings judges the real plan with plangate's built-in rules: the check must
// succeed (plangate reads a plan holding the resource type) and no rule may fail on the address.
// The cost estimate must read the plan too; it reports the schedule as unpriced (the price of a
// schedule's runs is not modelled yet), which is recorded in unpriced.
type expectNoPlangateFindings struct {
	address  string
	unpriced *[]string
}

func (e expectNoPlangateFindings) CheckPlan(ctx context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	data, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	p, err := plan.Parse("plan.json", data)
	if err != nil {
		resp.Error = fmt.Errorf("plangate cannot read the plan: %w", err)
		return
	}
	res, err := policy.Check(ctx, p, policy.CheckOptions{})
	if err != nil {
		resp.Error = fmt.Errorf("plangate check: %w", err)
		return
	}
	for _, f := range res.Findings {
		if f.Address == e.address && f.Status == policy.Fail {
			resp.Error = fmt.Errorf("plangate: rule %s fails on %s", f.RuleID, e.address)
			return
		}
	}
	c, err := cost.Compute(p, nil, cost.Options{})
	if err != nil {
		resp.Error = fmt.Errorf("plangate cost: %w", err)
		return
	}
	for _, u := range c.Unpriced {
		if u.Address == e.address && e.unpriced != nil {
			*e.unpriced = append(*e.unpriced, u.Code+": "+u.Detail)
		}
	}
}

// TestAccETLSchedule_lifecycle builds the seed's DAG over real supplychain_etl_job resources and
// goes through its life: create (one SCHEDULED and four CONDITIONAL triggers, all activated),
// import by name, an update that changes a stage and the schedule (only the triggers that differ
// are updated), changes made on the Glue server out of band (a condition, an activation, a
// schedule, a deleted trigger) that the plan shows and apply undoes, disabling, dropping a stage,
// and destroy, which removes every trigger.
func TestAccETLSchedule_lifecycle(t *testing.T) {
	g := newFakeGlue(t)
	prefix := lakePrefix(t)
	daily, later := "cron(0 2 * * ? *)", "cron(30 3 * * ? *)"
	updatedDAG := "products customers | targets orders | order_lines | fulfilment returns | warehouse_load"
	trig := func(i int) string { return fmt.Sprintf("%s-daily-stage-%d", prefix, i) }
	calls := &callCounter{g: g}
	var unpriced []string
	t.Cleanup(func() { t.Logf("plangate cost on %s: unpriced %v", etlScheduleAddr, unpriced) })
	ops := []string{"CreateTrigger", "UpdateTrigger", "StartTrigger", "StopTrigger", "DeleteTrigger"}
	seedTriggers := func(state, schedule string) []func() error {
		return []func() error{
			func() error {
				return wantTrigger(g, prefix, 1, "SCHEDULED", state, schedule, nil, []string{"products", "customers"})
			},
			func() error {
				return wantTrigger(g, prefix, 2, "CONDITIONAL", state, "", []string{"products", "customers"}, []string{"targets", "orders"})
			},
			func() error {
				return wantTrigger(g, prefix, 3, "CONDITIONAL", state, "", []string{"targets", "orders"}, []string{"order_lines"})
			},
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy: func(*terraform.State) error {
			for i := 1; i <= 6; i++ {
				if g.trigger(trig(i)) != nil {
					return fmt.Errorf("trigger %s still exists after destroy", trig(i))
				}
			}
			if g.callsOf("DeleteTrigger") == 0 {
				return fmt.Errorf("DeleteTrigger was never called")
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: etlScheduleConfig(g, prefix, daily, seedDAG, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(etlScheduleAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(etlScheduleAddr, tfjsonpath.New("trigger_names"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact(trig(1)), knownvalue.StringExact(trig(2)), knownvalue.StringExact(trig(3)),
						knownvalue.StringExact(trig(4)), knownvalue.StringExact(trig(5)),
					})),
					// plangate's rules read a plan holding the schedule, and none of them fails on it.
					expectNoPlangateFindings{address: etlScheduleAddr, unpriced: &unpriced},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(etlScheduleAddr, tfjsonpath.New("id"), knownvalue.StringExact(prefix+"-daily")),
					statecheck.ExpectKnownValue(etlScheduleAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				},
				Check: checkAll(append(seedTriggers("ACTIVATED", daily),
					func() error {
						return wantTrigger(g, prefix, 4, "CONDITIONAL", "ACTIVATED", "", []string{"order_lines"}, []string{"fulfilment"})
					},
					func() error {
						return wantTrigger(g, prefix, 5, "CONDITIONAL", "ACTIVATED", "", []string{"fulfilment"}, []string{"warehouse_load"})
					},
					func() error {
						if g.trigger(trig(6)) != nil {
							return fmt.Errorf("a sixth trigger exists")
						}
						return nil
					})...),
			},
			{
				ResourceName:      etlScheduleAddr,
				ImportState:       true,
				ImportStateId:     prefix + "-daily",
				ImportStateVerify: true,
			},
			{
				// A job joins stage 4 and the schedule moves: stage 1 (schedule), stage 4 (its jobs)
				// and stage 5 (it waits for stage 4) change; stages 2 and 3 are left alone.
				PreConfig: func() { calls.mark(ops...) },
				Config:    etlScheduleConfig(g, prefix, later, updatedDAG, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(etlScheduleAddr, plancheck.ResourceActionUpdate),
				}},
				Check: checkAll(append(seedTriggers("ACTIVATED", later),
					func() error {
						return wantTrigger(g, prefix, 4, "CONDITIONAL", "ACTIVATED", "", []string{"order_lines"}, []string{"fulfilment", "returns"})
					},
					func() error {
						return wantTrigger(g, prefix, 5, "CONDITIONAL", "ACTIVATED", "", []string{"fulfilment", "returns"}, []string{"warehouse_load"})
					},
					func() error {
						if n, c := calls.since("UpdateTrigger"), calls.since("CreateTrigger")+calls.since("DeleteTrigger")+calls.since("StartTrigger"); n != 3 || c != 0 {
							return fmt.Errorf("update made %d UpdateTrigger calls and %d create/delete/start calls, want 3 and 0", n, c)
						}
						return nil
					})...),
			},
			{
				// Out of band, stage 3 now waits for a failure of the stage before: the plan shows it
				// and apply restores the condition.
				PreConfig: func() {
					g.changeTrigger(trig(3), func(tr *fakeTrigger) { tr.Predicate.Conditions[0].State = "FAILED" })
					calls.mark(ops...)
				},
				Config: etlScheduleConfig(g, prefix, later, updatedDAG, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(etlScheduleAddr, plancheck.ResourceActionUpdate),
				}},
				Check: checkAll(append(seedTriggers("ACTIVATED", later), func() error {
					if u := calls.since("UpdateTrigger"); u != 1 {
						return fmt.Errorf("restoring one condition made %d UpdateTrigger calls, want 1", u)
					}
					return nil
				})...),
			},
			{
				// Out of band: stage 3 starts another job, stage 2 is deactivated, stage 1 runs
				// hourly and stage 5 is deleted. The plan shows it; apply restores every trigger.
				PreConfig: func() {
					g.changeTrigger(trig(3), func(tr *fakeTrigger) { tr.Actions = []fakeAction{{JobName: prefix + "-returns"}} })
					g.changeTrigger(trig(2), func(tr *fakeTrigger) { tr.State = "DEACTIVATED" })
					g.changeTrigger(trig(1), func(tr *fakeTrigger) { s := "cron(0 * * * ? *)"; tr.Schedule = &s })
					g.mu.Lock()
					delete(g.triggers, trig(5))
					g.mu.Unlock()
					calls.mark(ops...)
				},
				Config: etlScheduleConfig(g, prefix, later, updatedDAG, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(etlScheduleAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(etlScheduleAddr, tfjsonpath.New("schedule"), knownvalue.StringExact(later)),
				}},
				Check: checkAll(append(seedTriggers("ACTIVATED", later),
					func() error {
						return wantTrigger(g, prefix, 5, "CONDITIONAL", "ACTIVATED", "", []string{"fulfilment", "returns"}, []string{"warehouse_load"})
					},
					func() error {
						if c, u, s := calls.since("CreateTrigger"), calls.since("UpdateTrigger"), calls.since("StartTrigger"); c != 1 || u != 2 || s != 1 {
							return fmt.Errorf("restoring made %d creates, %d updates, %d starts; want 1, 2 (stages 1 and 3), 1 (stage 2)", c, u, s)
						}
						return nil
					})...),
			},
			{
				Config: etlScheduleConfig(g, prefix, later, updatedDAG, "  enabled = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(etlScheduleAddr, plancheck.ResourceActionUpdate),
				}},
				Check: checkAll(append(seedTriggers("DEACTIVATED", later),
					func() error {
						return wantTrigger(g, prefix, 5, "CONDITIONAL", "DEACTIVATED", "", []string{"fulfilment", "returns"}, []string{"warehouse_load"})
					})...),
			},
			{
				// Out of band, one trigger of a disabled schedule is started: the plan shows it.
				PreConfig: func() { g.changeTrigger(trig(4), func(tr *fakeTrigger) { tr.State = "ACTIVATED" }) },
				Config:    etlScheduleConfig(g, prefix, later, updatedDAG, "  enabled = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(etlScheduleAddr, plancheck.ResourceActionUpdate),
				}},
				Check: checkAll(func() error {
					if s := g.trigger(trig(4)).State; s != "DEACTIVATED" {
						return fmt.Errorf("trigger %s is %s after apply, want DEACTIVATED", trig(4), s)
					}
					return nil
				}),
			},
			{
				// The warehouse load leaves the schedule: its trigger is deleted.
				Config: etlScheduleConfig(g, prefix, later, "products customers | targets orders | order_lines | fulfilment returns", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(etlScheduleAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(etlScheduleAddr, tfjsonpath.New("trigger_names"), knownvalue.ListSizeExact(4)),
				}},
				Check: checkAll(append(seedTriggers("ACTIVATED", later), func() error {
					if g.trigger(trig(5)) != nil {
						return fmt.Errorf("trigger %s of the dropped stage still exists", trig(5))
					}
					return wantTrigger(g, prefix, 4, "CONDITIONAL", "ACTIVATED", "", []string{"order_lines"}, []string{"fulfilment", "returns"})
				})...),
			},
			{
				Config: etlScheduleConfig(g, prefix, later, "products customers | targets orders | order_lines | fulfilment returns", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

// TestAccETLSchedule_outOfBandDeletion: when every trigger is deleted out of band, the schedule
// is removed from state and created again; a trigger turned into another type is recreated.
func TestAccETLSchedule_outOfBandDeletion(t *testing.T) {
	g := newFakeGlue(t)
	prefix := lakePrefix(t)
	daily := "cron(0 2 * * ? *)"
	cfg := etlScheduleConfig(g, prefix, daily, "products customers | orders", "")
	trig := func(i int) string { return fmt.Sprintf("%s-daily-stage-%d", prefix, i) }
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					g.mu.Lock()
					delete(g.triggers, trig(1))
					delete(g.triggers, trig(2))
					g.mu.Unlock()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(etlScheduleAddr, plancheck.ResourceActionCreate),
				}},
				Check: checkAll(
					func() error {
						return wantTrigger(g, prefix, 1, "SCHEDULED", "ACTIVATED", daily, nil, []string{"products", "customers"})
					},
					func() error {
						return wantTrigger(g, prefix, 2, "CONDITIONAL", "ACTIVATED", "", []string{"products", "customers"}, []string{"orders"})
					}),
			},
			{
				// Stage 2 became a scheduled trigger in the console: Glue cannot change a trigger's
				// type, so apply deletes and creates it.
				PreConfig: func() {
					g.changeTrigger(trig(2), func(tr *fakeTrigger) {
						s := "cron(0 5 * * ? *)"
						tr.Type, tr.Schedule, tr.Predicate = "SCHEDULED", &s, nil
					})
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(etlScheduleAddr, plancheck.ResourceActionUpdate),
				}},
				Check: checkAll(func() error {
					return wantTrigger(g, prefix, 2, "CONDITIONAL", "ACTIVATED", "", []string{"products", "customers"}, []string{"orders"})
				}),
			},
		},
	})
}

// TestAccETLSchedule_createError: a trigger Glue refuses (its job does not exist) fails the
// create with the operation, the schedule and Glue's error, and the triggers created before it
// are deleted again.
func TestAccETLSchedule_createError(t *testing.T) {
	g := newFakeGlue(t)
	prefix := lakePrefix(t)
	py := "3.9"
	g.jobs[prefix+"-products"] = &fakeJob{Role: testRoleARN, Command: &fakeCommand{Name: "pythonshell", ScriptLocation: "s3://x/p.py", PythonVersion: &py}}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: etlProviderConfig(g) + fmt.Sprintf(`
resource "supplychain_etl_schedule" "daily" {
  name     = "%[1]s-daily"
  schedule = "cron(0 2 * * ? *)"
  stages   = [["%[1]s-products"], ["%[1]s-missing"]]
}
`, prefix),
			ExpectError: acctest.ErrorMatching(`(?s)creating Glue schedule \(` + prefix + `-daily\): trigger\s+` + prefix + `-daily-stage-2: .*EntityNotFoundException`),
		}},
	})
	if tr := g.trigger(prefix + "-daily-stage-1"); tr != nil {
		t.Fatalf("trigger %s left after the failed create", tr.Name)
	}
	if g.callsOf("DeleteTrigger") != 1 {
		t.Fatalf("DeleteTrigger calls = %d, want 1 (stage 1 taken back)", g.callsOf("DeleteTrigger"))
	}
}

// TestAccETLSchedule_invalidConfig: bad input fails at plan, before any AWS call.
func TestAccETLSchedule_invalidConfig(t *testing.T) {
	cases := map[string]struct{ name, schedule, stages, err string }{
		"bad name":          {`"daily run"`, `"cron(0 2 * * ? *)"`, `[["a"]]`, `must be 1 to 200 letters`},
		"five-field cron":   {`"daily"`, `"cron(0 2 * * *)"`, `[["a"]]`, `"cron\(0 2 \* \* \*\)" has 5 fields`},
		"rate":              {`"daily"`, `"rate(1 day)"`, `[["a"]]`, `must be written cron\(`},
		"both day fields":   {`"daily"`, `"cron(0 2 * * * *)"`, `[["a"]]`, `exactly one of day-of-month and day-of-week`},
		"no stages":         {`"daily"`, `"cron(0 2 * * ? *)"`, `[]`, `(?s)stages.*at least 1`},
		"empty stage":       {`"daily"`, `"cron(0 2 * * ? *)"`, `[["a"], []]`, `(?s)stages\[1\].*at least 1`},
		"bad job name":      {`"daily"`, `"cron(0 2 * * ? *)"`, `[["orders job"]]`, `must be a Glue job name`},
		"job in two stages": {`"daily"`, `"cron(0 2 * * ? *)"`, `[["a", "b"], ["c"], ["b"]]`, `The job b is in stage 1 and stage 3`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf("provider \"supplychain\" {\n  region = \"us-east-1\"\n}\n"+
						"resource \"supplychain_etl_schedule\" \"x\" {\n  name = %s\n  schedule = %s\n  stages = %s\n}\n", c.name, c.schedule, c.stages),
					PlanOnly:    true,
					ExpectError: acctest.ErrorMatching(c.err),
				}},
			})
		})
	}
}
