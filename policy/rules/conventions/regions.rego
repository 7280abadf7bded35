# METADATA
# title: AWS providers use an allowed region
# description: Every AWS provider configuration in the plan sets a region from the allowed_regions parameter. Off when the list is empty.
# custom:
#   id: SC-CONV-003
#   severity: high
#   resource_types: [provider.aws]
#   remediation: Set the provider's region to one of the allowed regions.
package supplychain.rules.conventions.regions

import data.supplychain.lib

allowed := lib.param("allowed_regions", [])

applicable contains sprintf("provider.aws (%s)", [r]) if {
	count(allowed) > 0
	some r in object.get(input, "regions", [])
}

fail contains {"address": sprintf("provider.aws (%s)", [r]), "msg": sprintf("region %s is not allowed; allowed: %s", [r, concat(", ", allowed)])} if {
	count(allowed) > 0
	some r in object.get(input, "regions", [])
	not r in allowed
}
