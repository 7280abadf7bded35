# METADATA
# title: Data lake buckets cannot be destroyed with their data
# description: force_destroy = true lets terraform destroy delete every object of the lake's buckets.
# custom:
#   id: SC-LAKE-006
#   severity: medium
#   resource_types: [supplychain_data_lake]
#   remediation: 'Set force_destroy = false (the default) outside throw-away environments.'
package supplychain.rules.supplychain.lake_force_destroy

import data.supplychain.lib
import data.supplychain.lib.lake

applicable contains l.address if some l in lake.lakes

fail contains {"address": l.address, "msg": sprintf("data lake %s sets force_destroy, so a destroy deletes all its data", [lake.name(l)])} if {
	some l in lake.lakes
	l.values.force_destroy == true
}

unknown contains {"address": l.address, "msg": "force_destroy of the lake is known only after apply"} if {
	some l in lake.lakes
	l.unknown.force_destroy == true
}
