package supplychain.rules.aws.redshift.enhanced_vpc_routing_test

import data.supplychain.rules.aws.redshift.enhanced_vpc_routing as evr
import data.supplychain.testing

test_off_fails if testing.addrs(evr.fail) == {"aws_redshift_cluster.w"} with input as testing.input_of([testing.res("aws_redshift_cluster", "w", {"enhanced_vpc_routing": false})])

test_on_passes if count(evr.fail) == 0 with input as testing.input_of([testing.res("aws_redshiftserverless_workgroup", "g", {"enhanced_vpc_routing": true})])

test_unknown if testing.addrs(evr.unknown) == {"aws_redshift_cluster.w"} with input as testing.input_of([object.union(testing.res("aws_redshift_cluster", "w", {}), {"unknown": {"enhanced_vpc_routing": true}})])
