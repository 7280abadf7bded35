# METADATA
# title: Data lake keeps its raw lifecycle rule
# description: The lake's lifecycle_policy moves raw objects to Glacier after raw_glacier_transition_days (default 90); 0 turns the rule off and raw files pile up in S3 Standard.
# custom:
#   id: SC-LAKE-008
#   severity: medium
#   resource_types: [supplychain_data_lake]
#   remediation: Leave lifecycle_policy.raw_glacier_transition_days at its default (90) or set a number of days greater than 0.
#   related:
#     checkov: [CKV2_AWS_61]
package supplychain.rules.supplychain.lake_lifecycle

import data.supplychain.lib
import data.supplychain.lib.lake

applicable contains l.address if some l in lake.lakes

fail contains {"address": l.address, "msg": sprintf("data lake %s turns the raw bucket's lifecycle rule off (raw_glacier_transition_days 0)", [lake.name(l)])} if {
	some l in lake.lakes
	p := lake.attr(l, "lifecycle_policy")
	p != null
	object.get(p, "raw_glacier_transition_days", 90) == 0
}

unknown contains {"address": l.address, "msg": "the lake's lifecycle policy is known only after apply"} if {
	some l in lake.lakes
	l.unknown.lifecycle_policy == true
}
