# METADATA
# title: Data lake blocks public access
# description: All four public_access_block settings of a supplychain_data_lake stay on.
# custom:
#   id: SC-LAKE-002
#   severity: critical
#   resource_types: [supplychain_data_lake]
#   remediation: Set public_access_block = { block_public_acls = true, block_public_policy = true, ignore_public_acls = true, restrict_public_buckets = true } (or leave it at its default).
#   related:
#     checkov: [CKV2_AWS_6]
#     trivy: [AVD-AWS-0094]
package supplychain.rules.supplychain.lake_public_access

import data.supplychain.lib
import data.supplychain.lib.lake

flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

applicable contains l.address if some l in lake.lakes

off(l) := [f |
	pab := lake.attr(l, "public_access_block")
	pab != null
	some f in flags
	object.get(pab, f, true) == false
]

fail contains {"address": l.address, "msg": sprintf("data lake %s turns off public access block settings: %s", [lake.name(l), concat(", ", off(l))])} if {
	some l in lake.lakes
	count(off(l)) > 0
}

unknown contains {"address": l.address, "msg": sprintf("public access block setting %s of the lake is known only after apply", [f])} if {
	some l in lake.lakes
	some f in flags
	lib.is_unknown(l, ["public_access_block", f])
	count(off(l)) == 0
}

fail contains {"address": l.address, "msg": sprintf("data lake %s has public access block settings off: %s", [lake.name(l), concat(", ", sort([s |
	some role, a in lake.applied(l)
	some f in flags
	object.get(a, ["public_access_block", f], true) == false
	s := sprintf("%s.%s", [role, f])
]))])} if {
	some l in lake.lakes
	some _, a in lake.applied(l)
	some f in flags
	object.get(a, ["public_access_block", f], true) == false
}
