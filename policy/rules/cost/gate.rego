# METADATA
# title: Monthly cost gate
# description: >-
#   Judges the monthly cost difference of a plan (plangate cost). Fails when the monthly cost rises
#   by fail_increase USD or more (default 140), warns from warn_increase USD (default 70); fails
#   when it rises by fail_percent percent or more of the cost before (off at 0), or when the cost
#   after exceeds budget USD (off at 0). Only priced components count: when the plan changes
#   something that could not be priced, the gate says it judged only what was priced, and when
#   nothing it changes could be priced it warns that it could not judge.
# custom:
#   id: SC-COST-001
#   severity: high
#   resource_types: ["*"]
#   remediation: Reduce the increase, or raise the threshold in the configuration (params.cost_fail_increase, cost_warn_increase, cost_fail_percent, cost_budget) with the team's agreement.
#   related:
#     infracost: [diffTotalMonthlyCost policy]
package supplychain.cost.gate

# Input (built by policy/cost):
#   totals:    {before, after, diff: USD numbers rounded to the cent; diff_percent: number, or null when before is 0}
#   resources: [{address, type, action, before, after, diff, components: [{name, before, after, diff}]}]
#              before/after/diff are null where a side is absent or unpriced
#   unpriced:  [{address, type, component, side, reason, detail, changed}]
#   priced_only: true when a changed resource has an unpriced component
#   changed_priced: number of changed resources with at least one priced component
#   params:    {fail_increase, warn_increase, fail_percent, budget}

default_params := {"fail_increase": 140, "warn_increase": 70, "fail_percent": 0, "budget": 0}

params := p if {
	p := input.params
	is_object(p)
} else := {}

param(name) := object.get(params, name, default_params[name])

diff := input.totals.diff

fail contains sprintf("the monthly cost rises by %s USD, at or above the limit of %s USD", [usd(diff), usd(param("fail_increase"))]) if {
	diff >= param("fail_increase")
}

warn contains sprintf("the monthly cost rises by %s USD, at or above the warning level of %s USD", [usd(diff), usd(param("warn_increase"))]) if {
	diff >= param("warn_increase")
	diff < param("fail_increase")
}

fail contains sprintf("the monthly cost rises by %s%% (%s USD), at or above the limit of %v%%", [pct(input.totals.diff_percent), usd(diff), param("fail_percent")]) if {
	param("fail_percent") > 0
	input.totals.diff_percent != null
	input.totals.diff_percent >= param("fail_percent")
}

fail contains sprintf("the monthly cost after the plan, %s USD, is over the budget of %s USD", [usd(input.totals.after), usd(param("budget"))]) if {
	param("budget") > 0
	input.totals.after > param("budget")
}

changed_unpriced := [u | some u in input.unpriced; u.changed]

warn contains sprintf("the gate could not judge: nothing the plan changes could be priced (%d unpriced: %s)", [count(changed_unpriced), reasons]) if {
	count(changed_unpriced) > 0
	input.changed_priced == 0
	reasons := concat(", ", sort({u.reason | some u in changed_unpriced}))
}

notes contains sprintf("the gate judged only what was priced: %d changed components are unpriced (%s)", [count(changed_unpriced), concat(", ", sort({u.reason | some u in changed_unpriced}))]) if {
	count(changed_unpriced) > 0
}

verdict := "fail" if {
	count(fail) > 0
} else := "warn" if {
	count(warn) > 0
} else := "pass"

# usd prints a number with two decimals (sprintf sees an integral number as an integer).
usd(x) := sprintf("%d.00", [x]) if {
	x == round(x)
} else := sprintf("%.2f", [x])

pct(x) := sprintf("%d.0", [x]) if {
	x == round(x)
} else := sprintf("%.1f", [x])
