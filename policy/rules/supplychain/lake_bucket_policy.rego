# METADATA
# title: Data lake bucket policies have no unconditional Allow for every principal
# description: The policies of the lake's raw, code and transformed buckets have no Allow statement with Principal "*" and no Condition.
# custom:
#   id: SC-LAKE-007
#   severity: critical
#   resource_types: [supplychain_data_lake]
#   remediation: Name the principals in the zone's policy, or add a Condition to the statement.
#   related:
#     checkov: [CKV_AWS_70]
package supplychain.rules.supplychain.lake_bucket_policy

import data.supplychain.lib
import data.supplychain.lib.lake
import data.supplychain.lib.s3

applicable contains l.address if some l in lake.lakes

fail contains {"address": l.address, "msg": sprintf("data lake %s: the %s bucket policy allows every principal without a condition", [lake.name(l), zone])} if {
	some l in lake.lakes
	some zone in ["raw", "code", "transformed"]
	z := lake.attr(l, zone)
	z != null
	doc := lib.json_doc(object.get(z, "policy", null))
	some st in lib.statements(doc)
	st.Effect == "Allow"
	s3.public_principal(object.get(st, "Principal", null))
	count(object.get(st, "Condition", {})) == 0
}
