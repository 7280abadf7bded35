# METADATA
# title: Glue security configuration encrypts S3, CloudWatch and job bookmarks
# description: All three encryption settings of a Glue security configuration are on.
# custom:
#   id: SC-AWS-GLUE-002
#   severity: high
#   resource_types: [aws_glue_security_configuration]
#   remediation: Set s3_encryption_mode SSE-KMS (or SSE-S3), cloudwatch_encryption_mode SSE-KMS and job_bookmarks_encryption_mode CSE-KMS, each with a KMS key.
#   related:
#     checkov: [CKV_AWS_99]
package supplychain.rules.aws.glue.security_configuration_encryption

import data.supplychain.lib

configs := lib.resources("aws_glue_security_configuration")

applicable contains c.address if some c in configs

checks := [
	{"part": "S3", "path": ["encryption_configuration", 0, "s3_encryption", 0, "s3_encryption_mode"], "ok": {"SSE-KMS", "SSE-S3"}},
	{"part": "CloudWatch", "path": ["encryption_configuration", 0, "cloudwatch_encryption", 0, "cloudwatch_encryption_mode"], "ok": {"SSE-KMS"}},
	{"part": "job bookmarks", "path": ["encryption_configuration", 0, "job_bookmarks_encryption", 0, "job_bookmarks_encryption_mode"], "ok": {"CSE-KMS"}},
]

fail contains {"address": c.address, "msg": sprintf("Glue security configuration %s does not encrypt %s (mode %v)", [lib.value(c, ["name"], c.name), ch.part, mode])} if {
	some c in configs
	some ch in checks
	not lib.is_unknown(c, ch.path)
	mode := lib.value(c, ch.path, "DISABLED")
	not mode in ch.ok
}

unknown contains {"address": c.address, "msg": sprintf("%s encryption of Glue security configuration %s is known only after apply", [ch.part, c.name])} if {
	some c in configs
	some ch in checks
	lib.is_unknown(c, ch.path)
}
