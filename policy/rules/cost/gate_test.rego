package supplychain.cost.gate_test

import data.supplychain.cost.gate

inp(before, after) := {
	"totals": {"before": before, "after": after, "diff": after - before, "diff_percent": pct(before, after)},
	"resources": [],
	"unpriced": [],
	"priced_only": false,
	"changed_priced": 1,
	"params": {},
}

pct(before, after) := ((after - before) * 100) / before if before > 0

pct(before, after) := null if before == 0

test_just_under_warn_passes if {
	gate.verdict == "pass" with input as inp(100, 169.99)
}

test_warn_at_70 if {
	gate.verdict == "warn" with input as inp(100, 170)
	count(gate.fail) == 0 with input as inp(100, 170)
}

test_just_under_fail_warns if {
	gate.verdict == "warn" with input as inp(0, 139.99)
}

test_fail_at_140 if {
	gate.verdict == "fail" with input as inp(0, 140)
	gate.fail == {"the monthly cost rises by 140.00 USD, at or above the limit of 140.00 USD"} with input as inp(0, 140)
}

test_decrease_passes if {
	gate.verdict == "pass" with input as inp(500, 10)
}

test_percent_threshold if {
	i := object.union(inp(100, 130), {"params": {"fail_percent": 25}})
	gate.verdict == "fail" with input as i
	j := object.union(inp(100, 120), {"params": {"fail_percent": 25}})
	gate.verdict == "pass" with input as j
}

test_percent_off_when_before_is_zero if {
	i := object.union(inp(0, 50), {"params": {"fail_percent": 1}})
	gate.verdict == "pass" with input as i
}

test_budget if {
	i := object.union(inp(900, 1000.01), {"params": {"budget": 1000}})
	count(gate.fail) == 1 with input as i
	j := object.union(inp(900, 1000), {"params": {"budget": 1000}})
	gate.verdict == "warn" with input as j
}

test_thresholds_are_parameters if {
	i := object.union(inp(0, 60), {"params": {"fail_increase": 50, "warn_increase": 25}})
	gate.verdict == "fail" with input as i
}

test_unpriced_changes_are_noted if {
	i := object.union(inp(0, 10), {"unpriced": [{"address": "aws_db_instance.x", "reason": "no_price_for_type", "changed": true}], "priced_only": true})
	count(gate.notes) == 1 with input as i
	gate.verdict == "pass" with input as i
}

test_nothing_priced_cannot_pass if {
	i := object.union(inp(0, 0), {"unpriced": [{"address": "aws_instance.x", "reason": "no_price_for_region", "changed": true}], "priced_only": true, "changed_priced": 0})
	gate.verdict == "warn" with input as i
}
