# METADATA
# title: Data lake buckets are encrypted
# description: A supplychain_data_lake does not turn default encryption off (sse_algorithm "none"); with the lake_kms_required parameter it must use aws:kms with a key.
# custom:
#   id: SC-LAKE-001
#   severity: high
#   resource_types: [supplychain_data_lake]
#   remediation: Set encryption = { sse_algorithm = "aws:kms", kms_key_arn = aws_kms_key.lake.arn, bucket_key_enabled = true } (the default is AES256).
#   related:
#     checkov: [CKV_AWS_19, CKV_AWS_145]
#     trivy: [AVD-AWS-0088, AVD-AWS-0132]
package supplychain.rules.supplychain.lake_encryption

import data.supplychain.lib
import data.supplychain.lib.lake

applicable contains l.address if some l in lake.lakes

fail contains {"address": l.address, "msg": sprintf("data lake %s turns encryption off (sse_algorithm none)", [lake.name(l)])} if {
	some l in lake.lakes
	lake.attr(l, "encryption").sse_algorithm == "none"
}

fail contains {"address": l.address, "msg": sprintf("data lake %s must use sse_algorithm aws:kms with a kms_key_arn", [lake.name(l)])} if {
	lib.param("lake_kms_required", false) == true
	some l in lake.lakes
	e := lake.attr(l, "encryption")
	e != null
	not lib.is_unknown(l, ["encryption", "sse_algorithm"])
	not kms_with_key(l, e)
}

kms_with_key(l, e) if {
	startswith(e.sse_algorithm, "aws:kms") # aws:kms or aws:kms:dsse
	object.get(e, "kms_key_arn", null) != null
}

kms_with_key(l, e) if {
	startswith(e.sse_algorithm, "aws:kms")
	lib.is_unknown(l, ["encryption", "kms_key_arn"])
}

unknown contains {"address": l.address, "msg": "the lake's encryption is known only after apply"} if {
	some l in lake.lakes
	lib.is_unknown(l, ["encryption", "sse_algorithm"])
}

fail contains {"address": l.address, "msg": sprintf("data lake %s has encryption off on its %s bucket", [lake.name(l), concat(", ", off)])} if {
	some l in lake.lakes
	off := lake.applied_off(l, ["encryption", "sse_algorithm"], "none")
	count(off) > 0
}
