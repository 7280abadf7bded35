# METADATA
# title: Data lake versioning stays on
# description: The lake's versioning attribute is not false, so raw files can be restored.
# custom:
#   id: SC-LAKE-003
#   severity: medium
#   resource_types: [supplychain_data_lake]
#   remediation: 'Set versioning = true on the data lake.'
#   related:
#     checkov: [CKV_AWS_21]
#     trivy: [AVD-AWS-0090]
package supplychain.rules.supplychain.lake_versioning

import data.supplychain.lib
import data.supplychain.lib.lake

applicable contains l.address if some l in lake.lakes

fail contains {"address": l.address, "msg": sprintf("data lake %s turns versioning off", [lake.name(l)])} if {
	some l in lake.lakes
	l.values.versioning == false
}

unknown contains {"address": l.address, "msg": "versioning of the lake is known only after apply"} if {
	some l in lake.lakes
	l.unknown.versioning == true
}

fail contains {"address": l.address, "msg": sprintf("data lake %s has versioning off on its %s bucket", [lake.name(l), concat(", ", off)])} if {
	some l in lake.lakes
	off := lake.applied_off(l, ["versioning"], false)
	count(off) > 0
}
