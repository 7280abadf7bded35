package supplychain.rules.aws.redshift.public_test

import data.supplychain.rules.aws.redshift.public
import data.supplychain.testing

test_public_cluster_fails if testing.addrs(public.fail) == {"aws_redshift_cluster.w"} with input as testing.input_of([testing.res("aws_redshift_cluster", "w", {"publicly_accessible": true})])

test_private_cluster_passes if count(public.fail) == 0 with input as testing.input_of([testing.res("aws_redshift_cluster", "w", {"publicly_accessible": false})])

test_public_workgroup_fails if testing.addrs(public.fail) == {"aws_redshiftserverless_workgroup.g"} with input as testing.input_of([testing.res("aws_redshiftserverless_workgroup", "g", {"publicly_accessible": true})])

test_unset_on_configured_cluster_fails if {
	c := object.union(testing.res("aws_redshift_cluster", "w", {}), {"configured": ["cluster_identifier"]})
	testing.addrs(public.fail) == {"aws_redshift_cluster.w"} with input as testing.input_of([c])
}
