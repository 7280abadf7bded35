package supplychain.rules.aws.redshift.admin_password_test

import data.supplychain.rules.aws.redshift.admin_password as ap
import data.supplychain.testing

test_plaintext_password_fails if testing.addrs(ap.fail) == {"aws_redshift_cluster.w"} with input as testing.input_of([testing.res("aws_redshift_cluster", "w", {"master_password": "(sensitive value)", "manage_master_password": false})])

test_managed_passes if count(ap.fail) == 0 with input as testing.input_of([testing.res("aws_redshift_cluster", "w", {"manage_master_password": true})])

test_namespace_password_fails if testing.addrs(ap.fail) == {"aws_redshiftserverless_namespace.n"} with input as testing.input_of([testing.res("aws_redshiftserverless_namespace", "n", {"admin_user_password": "(sensitive value)"})])

test_password_from_unknown_value_fails if testing.addrs(ap.fail) == {"aws_redshift_cluster.w"} with input as testing.input_of([object.union(testing.res("aws_redshift_cluster", "w", {}), {"unknown": {"master_password": true}})])
