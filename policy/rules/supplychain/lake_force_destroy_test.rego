package supplychain.rules.supplychain.lake_force_destroy_test

import data.supplychain.rules.supplychain.lake_force_destroy as r
import data.supplychain.testing

test_bad_fails if testing.addrs(r.fail) == {"supplychain_data_lake.lake"} with input as testing.input_of([testing.res("supplychain_data_lake", "lake", {"force_destroy": true})])

test_good_passes if {
	inp := testing.input_of([testing.res("supplychain_data_lake", "lake", {"force_destroy": false})])
	count(r.fail) == 0 with input as inp
	r.applicable == {"supplychain_data_lake.lake"} with input as inp
}

test_unknown if testing.addrs(r.unknown) == {"supplychain_data_lake.lake"} with input as testing.input_of([object.union(testing.res("supplychain_data_lake", "lake", {}), {"unknown": {"force_destroy": true}})])
