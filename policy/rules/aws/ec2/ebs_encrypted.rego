# METADATA
# title: EBS volumes are encrypted
# description: EBS volumes and the root and data block devices of instances are encrypted, unless the plan turns on EBS encryption by default for the account.
# custom:
#   id: SC-AWS-EC2-003
#   severity: high
#   resource_types: [aws_ebs_volume, aws_instance, aws_ebs_encryption_by_default]
#   remediation: Set encrypted = true on the volume or block device, or add aws_ebs_encryption_by_default { enabled = true }.
#   related:
#     checkov: [CKV_AWS_3, CKV_AWS_8]
#     trivy: [AVD-AWS-0026, AVD-AWS-0131]
package supplychain.rules.aws.ec2.ebs_encrypted

import data.supplychain.lib

by_default if {
	some d in lib.resources("aws_ebs_encryption_by_default")
	lib.value(d, ["enabled"], true) == true
}

volumes := lib.resources("aws_ebs_volume")

instances := lib.resources("aws_instance")

applicable contains r.address if some r in array.concat(volumes, instances)

fail contains {"address": v.address, "msg": sprintf("EBS volume %s is not encrypted", [v.address])} if {
	not by_default
	some v in volumes
	not v.unknown.encrypted == true
	lib.value(v, ["encrypted"], false) != true
}

fail contains {"address": i.address, "msg": sprintf("%s: %s is not encrypted", [i.address, dev])} if {
	not by_default
	some i in instances
	some kind in ["root_block_device", "ebs_block_device"]
	some n, d in lib.block_list(i, kind)
	not lib.is_unknown(i, [kind, n, "encrypted"])
	object.get(d, "encrypted", false) != true
	dev := sprintf("%s %v", [kind, object.get(d, "device_name", n)])
}

# An instance without a root_block_device block gets an unencrypted root volume unless the AMI
# or the account says otherwise.
fail contains {"address": i.address, "msg": sprintf("%s: the root volume is not set to be encrypted", [i.address])} if {
	not by_default
	some i in instances
	not lib.configured(i, "root_block_device")
	count(lib.block_list(i, "root_block_device")) == 0
}

unknown contains {"address": v.address, "msg": "encryption of the volume is known only after apply"} if {
	not by_default
	some v in volumes
	v.unknown.encrypted == true
}
