package supplychain.rules.supplychain.lake_public_access_test

import data.supplychain.rules.supplychain.lake_public_access as lpa
import data.supplychain.testing

lake(pab) := testing.res("supplychain_data_lake", "lake", {"public_access_block": pab})

all_on := {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}

test_all_on_passes if {
	count(lpa.fail) == 0 with input as testing.input_of([lake(all_on)])
	lpa.applicable == {"supplychain_data_lake.lake"} with input as testing.input_of([lake(all_on)])
}

test_policy_off_fails if {
	fs := lpa.fail with input as testing.input_of([lake(object.union(all_on, {"block_public_policy": false}))])
	count(fs) == 1
	some f in fs
	contains(f.msg, "block_public_policy")
}

test_unknown_flag if testing.addrs(lpa.unknown) == {"supplychain_data_lake.lake"} with input as testing.input_of([object.union(lake({"block_public_acls": true}), {"unknown": {"public_access_block": {"block_public_policy": true}}})])

test_applied_off_fails if {
	inp := testing.input_of([testing.res("supplychain_data_lake", "lake", {"code": {"bucket": "c", "applied": {"public_access_block": {
		"block_public_acls": false, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true,
	}}}})])
	testing.addrs(lpa.fail) == {"supplychain_data_lake.lake"} with input as inp
	some f in lpa.fail with input as inp
	contains(f.msg, "code.block_public_acls")
}
