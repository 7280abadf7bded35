package supplychain.rules.aws.ec2.imdsv2_test

import data.supplychain.rules.aws.ec2.imdsv2
import data.supplychain.testing

test_optional_fails if testing.addrs(imdsv2.fail) == {"aws_instance.web"} with input as testing.input_of([testing.res("aws_instance", "web", {"metadata_options": [{"http_tokens": "optional"}]})])

test_required_passes if count(imdsv2.fail) == 0 with input as testing.input_of([testing.res("aws_launch_template", "lt", {"metadata_options": [{"http_tokens": "required"}]})])

test_unset_computed_fails if testing.addrs(imdsv2.fail) == {"aws_instance.web"} with input as testing.input_of([object.union(testing.res("aws_instance", "web", {}), {"unknown": {"metadata_options": true}, "configured": ["ami"]})])

test_configured_unknown if testing.addrs(imdsv2.unknown) == {"aws_instance.web"} with input as testing.input_of([object.union(testing.res("aws_instance", "web", {"metadata_options": [{}]}), {"unknown": {"metadata_options": [{"http_tokens": true}]}, "configured": ["metadata_options"]})])
