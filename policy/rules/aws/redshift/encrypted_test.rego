package supplychain.rules.aws.redshift.encrypted_test

import data.supplychain.rules.aws.redshift.encrypted
import data.supplychain.testing

test_unencrypted_fails if testing.addrs(encrypted.fail) == {"aws_redshift_cluster.w"} with input as testing.input_of([testing.res("aws_redshift_cluster", "w", {"encrypted": false})])

test_missing_fails if testing.addrs(encrypted.fail) == {"aws_redshift_cluster.w"} with input as testing.input_of([testing.res("aws_redshift_cluster", "w", {})])

test_encrypted_passes if count(encrypted.fail) == 0 with input as testing.input_of([testing.res("aws_redshift_cluster", "w", {"encrypted": true})])

test_unknown if {
	c := object.union(testing.res("aws_redshift_cluster", "w", {}), {"unknown": {"encrypted": true}, "configured": ["encrypted"]})
	testing.addrs(encrypted.unknown) == {"aws_redshift_cluster.w"} with input as testing.input_of([c])
	count(encrypted.fail) == 0 with input as testing.input_of([c])
}
