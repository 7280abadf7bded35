package supplychain.rules.aws.kms.rotation_test

import data.supplychain.rules.aws.kms.rotation
import data.supplychain.testing

test_off_fails if testing.addrs(rotation.fail) == {"aws_kms_key.k"} with input as testing.input_of([testing.res("aws_kms_key", "k", {"enable_key_rotation": false})])

test_on_passes if count(rotation.fail) == 0 with input as testing.input_of([testing.res("aws_kms_key", "k", {"enable_key_rotation": true})])

test_asymmetric_not_judged if count(rotation.applicable) == 0 with input as testing.input_of([testing.res("aws_kms_key", "k", {"customer_master_key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY"})])
