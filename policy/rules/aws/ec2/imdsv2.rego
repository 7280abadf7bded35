# METADATA
# title: EC2 instances require IMDSv2
# description: Requiring session tokens for the instance metadata service blocks the SSRF path to instance credentials.
# custom:
#   id: SC-AWS-EC2-002
#   severity: high
#   resource_types: [aws_instance, aws_launch_template]
#   remediation: Add metadata_options { http_tokens = "required" } to the instance or launch template.
#   related:
#     checkov: [CKV_AWS_79]
#     trivy: [AVD-AWS-0028]
package supplychain.rules.aws.ec2.imdsv2

import data.supplychain.lib

targets := array.concat(lib.resources("aws_instance"), lib.resources("aws_launch_template"))

applicable contains t.address if some t in targets

path := ["metadata_options", 0, "http_tokens"]

fail contains {"address": t.address, "msg": sprintf("%s does not require IMDSv2 (http_tokens is %v)", [t.address, lib.value(t, path, "optional")])} if {
	some t in targets
	not lib.is_unknown(t, path)
	lib.value(t, path, "optional") != "required"
}

# metadata_options left out of the configuration is computed: the default is optional.
fail contains {"address": t.address, "msg": sprintf("%s does not set metadata_options, so IMDSv1 stays allowed", [t.address])} if {
	some t in targets
	lib.is_unknown(t, path)
	not lib.configured(t, "metadata_options")
}

unknown contains {"address": t.address, "msg": "http_tokens is known only after apply"} if {
	some t in targets
	lib.is_unknown(t, path)
	"metadata_options" in t.configured
}
