package supplychain.rules.supplychain.lake_lifecycle_test

import data.supplychain.rules.supplychain.lake_lifecycle as ll
import data.supplychain.testing

lake(days) := testing.res("supplychain_data_lake", "lake", {"name_prefix": "nexabrand", "lifecycle_policy": {"raw_glacier_transition_days": days, "noncurrent_version_expiration_days": 30}})

test_off_fails if testing.addrs(ll.fail) == {"supplychain_data_lake.lake"} with input as testing.input_of([lake(0)])

test_default_passes if {
	count(ll.fail) == 0 with input as testing.input_of([lake(90)])
	ll.applicable == {"supplychain_data_lake.lake"} with input as testing.input_of([lake(90)])
}

test_unknown if testing.addrs(ll.unknown) == {"supplychain_data_lake.lake"} with input as testing.input_of([object.union(testing.res("supplychain_data_lake", "lake", {}), {"unknown": {"lifecycle_policy": true}})])
