package supplychain.rules.aws.redshift.audit_logging_test

import data.supplychain.rules.aws.redshift.audit_logging as al
import data.supplychain.testing

cluster := testing.res("aws_redshift_cluster", "w", {"cluster_identifier": "nexabrand-dw"})

test_no_logging_fails if testing.addrs(al.fail) == {"aws_redshift_cluster.w"} with input as testing.input_of([cluster])

test_logging_resource_passes if count(al.fail) == 0 with input as testing.input_of([cluster, testing.res("aws_redshift_logging", "l", {"cluster_identifier": "nexabrand-dw", "log_destination_type": "cloudwatch"})])

test_inline_logging_passes if count(al.fail) == 0 with input as testing.input_of([testing.res("aws_redshift_cluster", "w", {"logging": [{"enable": true}]})])

test_namespace_without_exports_fails if testing.addrs(al.fail) == {"aws_redshiftserverless_namespace.n"} with input as testing.input_of([testing.res("aws_redshiftserverless_namespace", "n", {"log_exports": []})])

test_namespace_with_exports_passes if count(al.fail) == 0 with input as testing.input_of([testing.res("aws_redshiftserverless_namespace", "n", {"log_exports": ["useractivitylog"]})])
