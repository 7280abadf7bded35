package supplychain.rules.supplychain.lake_tls_only_test

import data.supplychain.rules.supplychain.lake_tls_only as r
import data.supplychain.testing

test_bad_fails if testing.addrs(r.fail) == {"supplychain_data_lake.lake"} with input as testing.input_of([testing.res("supplychain_data_lake", "lake", {"tls_only": false})])

test_good_passes if {
	inp := testing.input_of([testing.res("supplychain_data_lake", "lake", {"tls_only": true})])
	count(r.fail) == 0 with input as inp
	r.applicable == {"supplychain_data_lake.lake"} with input as inp
}

test_unknown if testing.addrs(r.unknown) == {"supplychain_data_lake.lake"} with input as testing.input_of([object.union(testing.res("supplychain_data_lake", "lake", {}), {"unknown": {"tls_only": true}})])

test_applied_off_fails if {
	inp := testing.input_of([testing.res("supplychain_data_lake", "lake", {"raw": {"bucket": "r", "applied": {"tls_only": false}}})])
	testing.addrs(r.fail) == {"supplychain_data_lake.lake"} with input as inp
}
