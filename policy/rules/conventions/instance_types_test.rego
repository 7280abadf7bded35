package supplychain.rules.conventions.instance_types_test

import data.supplychain.rules.conventions.instance_types as it
import data.supplychain.testing

params := {"allowed_instance_types": ["t3.micro", "t3.small"]}

test_big_instance_fails if testing.addrs(it.fail) == {"aws_instance.i"} with input as testing.with_params(testing.input_of([testing.res("aws_instance", "i", {"instance_type": "m5.24xlarge"})]), params)

test_allowed_passes if count(it.fail) == 0 with input as testing.with_params(testing.input_of([testing.res("aws_instance", "i", {"instance_type": "t3.micro"})]), params)

test_off_without_params if count(it.applicable) == 0 with input as testing.input_of([testing.res("aws_instance", "i", {"instance_type": "m5.24xlarge"})])
