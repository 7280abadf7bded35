# METADATA
# title: Bucket names follow the naming convention
# description: S3 bucket names (and the data lake's raw, code and transformed buckets) match the bucket_name_pattern parameter, e.g. the seed's ^nexabrand-[a-z]+-[a-z0-9-]+$. Off when the parameter is empty.
# custom:
#   id: SC-CONV-001
#   severity: medium
#   resource_types: [aws_s3_bucket, supplychain_data_lake]
#   remediation: Rename the bucket to match the team's pattern (bucket_name_pattern in the plangate configuration).
package supplychain.rules.conventions.bucket_name

import data.supplychain.lib

pattern := lib.param("bucket_name_pattern", "")

# names: {address, name} of every bucket name the plan sets, with unknown ones as null.
names contains {"address": b.address, "name": lib.value(b, ["bucket"], null)} if some b in lib.resources("aws_s3_bucket")

names contains {"address": l.address, "name": lib.value(l, [zone, "bucket"], null)} if {
	some l in lib.resources("supplychain_data_lake")
	some zone in ["raw", "code", "transformed"]
	not l.unknown[zone] == true
	lib.value(l, [zone], null) != null
}

applicable contains n.address if {
	pattern != ""
	some n in names
}

fail contains {"address": n.address, "msg": sprintf("bucket name %q does not match %s", [n.name, pattern])} if {
	pattern != ""
	some n in names
	is_string(n.name)
	not regex.match(pattern, n.name)
}

unknown contains {"address": n.address, "msg": "the bucket name is known only after apply"} if {
	pattern != ""
	some n in names
	n.name == null
}
