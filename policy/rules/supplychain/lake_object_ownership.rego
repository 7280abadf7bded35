# METADATA
# title: Data lake disables ACLs (BucketOwnerEnforced)
# description: The lake's object_ownership is BucketOwnerEnforced, so ACLs have no effect.
# custom:
#   id: SC-LAKE-005
#   severity: medium
#   resource_types: [supplychain_data_lake]
#   remediation: 'Set object_ownership = "BucketOwnerEnforced" on the data lake.'
#   related:
#     checkov: [CKV2_AWS_65]
package supplychain.rules.supplychain.lake_object_ownership

import data.supplychain.lib
import data.supplychain.lib.lake

applicable contains l.address if some l in lake.lakes

fail contains {"address": l.address, "msg": sprintf("data lake %s keeps ACLs enabled (object_ownership is not BucketOwnerEnforced)", [lake.name(l)])} if {
	some l in lake.lakes
	lib.value(l, ["object_ownership"], "BucketOwnerEnforced") != "BucketOwnerEnforced"
}

unknown contains {"address": l.address, "msg": "object_ownership of the lake is known only after apply"} if {
	some l in lake.lakes
	l.unknown.object_ownership == true
}
