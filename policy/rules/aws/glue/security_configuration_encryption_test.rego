package supplychain.rules.aws.glue.security_configuration_encryption_test

import data.supplychain.rules.aws.glue.security_configuration_encryption as enc
import data.supplychain.testing

cfg(s3, cw, bm) := testing.res("aws_glue_security_configuration", "c", {"name": "sec", "encryption_configuration": [{
	"s3_encryption": [{"s3_encryption_mode": s3}],
	"cloudwatch_encryption": [{"cloudwatch_encryption_mode": cw}],
	"job_bookmarks_encryption": [{"job_bookmarks_encryption_mode": bm}],
}]})

test_all_on_passes if {
	inp := testing.input_of([cfg("SSE-KMS", "SSE-KMS", "CSE-KMS")])
	count(enc.fail) == 0 with input as inp
	enc.applicable == {"aws_glue_security_configuration.c"} with input as inp
}

test_bookmarks_off_fails if {
	fs := enc.fail with input as testing.input_of([cfg("SSE-KMS", "SSE-KMS", "DISABLED")])
	count(fs) == 1
	some f in fs
	contains(f.msg, "job bookmarks")
}

test_all_off_three_messages if count(enc.fail) == 3 with input as testing.input_of([cfg("DISABLED", "DISABLED", "DISABLED")])

test_unknown_mode if {
	c := object.union(cfg("SSE-KMS", "SSE-KMS", "CSE-KMS"), {"unknown": {"encryption_configuration": [{"s3_encryption": [{"s3_encryption_mode": true}]}]}})
	inp := testing.input_of([c])
	count(enc.unknown) == 1 with input as inp
	count(enc.fail) == 0 with input as inp
}
