# METADATA
# title: Glue job has a security configuration
# description: A security configuration tells Glue to encrypt what the job writes to S3, CloudWatch Logs and job bookmarks.
# custom:
#   id: SC-AWS-GLUE-001
#   severity: high
#   resource_types: [aws_glue_job, supplychain_etl_job]
#   remediation: Set security_configuration on the job to an aws_glue_security_configuration that encrypts S3, CloudWatch and bookmarks.
#   related:
#     checkov: [CKV_AWS_195]
package supplychain.rules.aws.glue.security_configuration

import data.supplychain.lib
import data.supplychain.lib.glue

applicable contains j.address if some j in glue.jobs

# A reference to a security configuration's name is unknown until apply only when the
# configuration is created in the same run; it is set all the same.
has_config(j) if lib.value(j, ["security_configuration"], "") != ""

has_config(j) if {
	"security_configuration" in j.configured
	j.unknown.security_configuration == true
}

fail contains {"address": j.address, "msg": sprintf("Glue job %s has no security configuration", [lib.value(j, ["name"], j.name)])} if {
	some j in glue.jobs
	not has_config(j)
}
