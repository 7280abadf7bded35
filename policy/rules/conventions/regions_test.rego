package supplychain.rules.conventions.regions_test

import data.supplychain.rules.conventions.regions
import data.supplychain.testing

inp(rs) := object.union(testing.with_params(testing.input_of([]), {"allowed_regions": ["eu-west-1"]}), {"regions": rs})

test_other_region_fails if count(regions.fail) == 1 with input as inp(["us-east-1"])

test_allowed_region_passes if {
	count(regions.fail) == 0 with input as inp(["eu-west-1"])
	count(regions.applicable) == 1 with input as inp(["eu-west-1"])
}
