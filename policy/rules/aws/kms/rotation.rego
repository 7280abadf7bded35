# METADATA
# title: KMS key rotation is enabled
# description: Symmetric customer managed keys rotate their key material every year.
# custom:
#   id: SC-AWS-KMS-001
#   severity: medium
#   resource_types: [aws_kms_key]
#   remediation: Set enable_key_rotation = true on the key.
#   related:
#     checkov: [CKV_AWS_7]
#     trivy: [AVD-AWS-0065]
package supplychain.rules.aws.kms.rotation

import data.supplychain.lib

# Only symmetric encryption keys can rotate automatically.
keys := [k |
	some k in lib.resources("aws_kms_key")
	lib.value(k, ["customer_master_key_spec"], "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
	lib.value(k, ["key_usage"], "ENCRYPT_DECRYPT") == "ENCRYPT_DECRYPT"
]

applicable contains k.address if some k in keys

fail contains {"address": k.address, "msg": sprintf("KMS key %s does not rotate", [k.address])} if {
	some k in keys
	not k.unknown.enable_key_rotation == true
	lib.value(k, ["enable_key_rotation"], false) != true
}

unknown contains {"address": k.address, "msg": "key rotation is known only after apply"} if {
	some k in keys
	k.unknown.enable_key_rotation == true
}
