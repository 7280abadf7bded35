# METADATA
# title: EC2 instances use an allowed instance type
# description: Instances and launch templates use a type from the allowed_instance_types parameter. Off when the list is empty.
# custom:
#   id: SC-CONV-004
#   severity: medium
#   resource_types: [aws_instance, aws_launch_template]
#   remediation: Choose an allowed instance type, or extend allowed_instance_types in the configuration.
package supplychain.rules.conventions.instance_types

import data.supplychain.lib

allowed := lib.param("allowed_instance_types", [])

targets := [t |
	count(allowed) > 0
	some t in array.concat(lib.resources("aws_instance"), lib.resources("aws_launch_template"))
]

applicable contains t.address if some t in targets

fail contains {"address": t.address, "msg": sprintf("%s uses instance type %s; allowed: %s", [t.address, it, concat(", ", allowed)])} if {
	some t in targets
	it := lib.value(t, ["instance_type"], "")
	it != ""
	not it in allowed
}

unknown contains {"address": t.address, "msg": "the instance type is known only after apply"} if {
	some t in targets
	t.unknown.instance_type == true
}
