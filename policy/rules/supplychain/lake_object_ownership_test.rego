package supplychain.rules.supplychain.lake_object_ownership_test

import data.supplychain.rules.supplychain.lake_object_ownership as r
import data.supplychain.testing

test_bad_fails if testing.addrs(r.fail) == {"supplychain_data_lake.lake"} with input as testing.input_of([testing.res("supplychain_data_lake", "lake", {"object_ownership": "ObjectWriter"})])

test_good_passes if {
	inp := testing.input_of([testing.res("supplychain_data_lake", "lake", {"object_ownership": "BucketOwnerEnforced"})])
	count(r.fail) == 0 with input as inp
	r.applicable == {"supplychain_data_lake.lake"} with input as inp
}

test_unknown if testing.addrs(r.unknown) == {"supplychain_data_lake.lake"} with input as testing.input_of([object.union(testing.res("supplychain_data_lake", "lake", {}), {"unknown": {"object_ownership": true}})])
