package supplychain.rules.supplychain.lake_encryption_test

import data.supplychain.rules.supplychain.lake_encryption as le
import data.supplychain.testing

lake(enc) := testing.res("supplychain_data_lake", "lake", {"name": "nexabrand", "encryption": enc})

test_none_fails if testing.addrs(le.fail) == {"supplychain_data_lake.lake"} with input as testing.input_of([lake({"sse_algorithm": "none"})])

test_aes_passes if count(le.fail) == 0 with input as testing.input_of([lake({"sse_algorithm": "AES256"})])

test_aes_fails_when_kms_required if testing.addrs(le.fail) == {"supplychain_data_lake.lake"} with input as testing.with_params(testing.input_of([lake({"sse_algorithm": "AES256"})]), {"lake_kms_required": true})

test_kms_with_key_passes_when_required if count(le.fail) == 0 with input as testing.with_params(testing.input_of([lake({"sse_algorithm": "aws:kms", "kms_key_arn": "arn:aws:kms:eu-west-1:1:key/k"})]), {"lake_kms_required": true})

test_unknown if testing.addrs(le.unknown) == {"supplychain_data_lake.lake"} with input as testing.input_of([object.union(lake({}), {"unknown": {"encryption": {"sse_algorithm": true}}})])

test_dsse_with_key_passes_when_required if count(le.fail) == 0 with input as testing.with_params(testing.input_of([lake({"sse_algorithm": "aws:kms:dsse", "kms_key_arn": "arn:aws:kms:eu-west-1:1:key/k"})]), {"lake_kms_required": true})

test_kms_without_key_fails_when_required if testing.addrs(le.fail) == {"supplychain_data_lake.lake"} with input as testing.with_params(testing.input_of([lake({"sse_algorithm": "aws:kms", "kms_key_arn": null})]), {"lake_kms_required": true})

test_applied_none_fails if {
	inp := testing.input_of([testing.res("supplychain_data_lake", "lake", {"raw": {"bucket": "r", "applied": {"encryption": {"sse_algorithm": "none"}}}})])
	testing.addrs(le.fail) == {"supplychain_data_lake.lake"} with input as inp
}
