package supplychain.rules.aws.ec2.ebs_encrypted_test

import data.supplychain.rules.aws.ec2.ebs_encrypted as ebs
import data.supplychain.testing

test_volume_unencrypted_fails if testing.addrs(ebs.fail) == {"aws_ebs_volume.v"} with input as testing.input_of([testing.res("aws_ebs_volume", "v", {"encrypted": false})])

test_volume_encrypted_passes if count(ebs.fail) == 0 with input as testing.input_of([testing.res("aws_ebs_volume", "v", {"encrypted": true})])

test_instance_root_unencrypted_fails if testing.addrs(ebs.fail) == {"aws_instance.i"} with input as testing.input_of([testing.res("aws_instance", "i", {"root_block_device": [{"encrypted": false}]})])

test_instance_without_root_block_fails if testing.addrs(ebs.fail) == {"aws_instance.i"} with input as testing.input_of([testing.res("aws_instance", "i", {})])

test_account_default_passes if count(ebs.fail) == 0 with input as testing.input_of([testing.res("aws_ebs_volume", "v", {"encrypted": false}), testing.res("aws_ebs_encryption_by_default", "d", {"enabled": true})])
