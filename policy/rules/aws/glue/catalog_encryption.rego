# METADATA
# title: Glue Data Catalog is encrypted
# description: The account's Data Catalog encrypts metadata at rest with KMS and returns connection passwords encrypted. Judged where the plan manages Glue catalog objects.
# custom:
#   id: SC-AWS-GLUE-003
#   severity: medium
#   resource_types: [aws_glue_data_catalog_encryption_settings, aws_glue_catalog_database]
#   remediation: Add aws_glue_data_catalog_encryption_settings with encryption_at_rest { catalog_encryption_mode = "SSE-KMS" } and connection_password_encryption { return_connection_password_encrypted = true }.
#   related:
#     checkov: [CKV_AWS_94]
package supplychain.rules.aws.glue.catalog_encryption

import data.supplychain.lib

settings := lib.resources("aws_glue_data_catalog_encryption_settings")

databases := lib.resources("aws_glue_catalog_database")

applicable contains s.address if some s in settings

applicable contains d.address if {
	count(settings) == 0
	some d in databases
}

at_rest := ["data_catalog_encryption_settings", 0, "encryption_at_rest", 0, "catalog_encryption_mode"]

passwords := ["data_catalog_encryption_settings", 0, "connection_password_encryption", 0, "return_connection_password_encrypted"]

fail contains {"address": s.address, "msg": "the Data Catalog is not encrypted at rest with SSE-KMS"} if {
	some s in settings
	not lib.is_unknown(s, at_rest)
	lib.value(s, at_rest, "DISABLED") != "SSE-KMS"
}

fail contains {"address": s.address, "msg": "the Data Catalog returns connection passwords unencrypted"} if {
	some s in settings
	not lib.is_unknown(s, passwords)
	lib.value(s, passwords, false) != true
}

fail contains {"address": d.address, "msg": sprintf("catalog database %s is created but the plan sets no Data Catalog encryption", [lib.value(d, ["name"], d.name)])} if {
	count(settings) == 0
	some d in databases
}

unknown contains {"address": s.address, "msg": "Data Catalog encryption is known only after apply"} if {
	some s in settings
	lib.is_unknown(s, at_rest)
}
