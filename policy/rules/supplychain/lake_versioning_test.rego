package supplychain.rules.supplychain.lake_versioning_test

import data.supplychain.rules.supplychain.lake_versioning as r
import data.supplychain.testing

test_bad_fails if testing.addrs(r.fail) == {"supplychain_data_lake.lake"} with input as testing.input_of([testing.res("supplychain_data_lake", "lake", {"versioning": false})])

test_good_passes if {
	inp := testing.input_of([testing.res("supplychain_data_lake", "lake", {"versioning": true})])
	count(r.fail) == 0 with input as inp
	r.applicable == {"supplychain_data_lake.lake"} with input as inp
}

test_unknown if testing.addrs(r.unknown) == {"supplychain_data_lake.lake"} with input as testing.input_of([object.union(testing.res("supplychain_data_lake", "lake", {}), {"unknown": {"versioning": true}})])

# The lake's own setting says on, but one bucket's applied settings (a refresh, or drift) say off.
test_applied_off_fails if {
	inp := testing.input_of([testing.res("supplychain_data_lake", "lake", {
		"versioning": true,
		"raw": {"bucket": "r", "applied": {"versioning": true}},
		"transformed": {"bucket": "t", "applied": {"versioning": false}},
	})])
	testing.addrs(r.fail) == {"supplychain_data_lake.lake"} with input as inp
	some f in r.fail with input as inp
	contains(f.msg, "transformed bucket")
}

test_applied_unknown_or_null_passes if {
	inp := testing.input_of([testing.res("supplychain_data_lake", "lake", {
		"versioning": true,
		"raw": {"bucket": "r", "applied": null},
		"code": {"bucket": "c"},
	})])
	count(r.fail) == 0 with input as inp
}
