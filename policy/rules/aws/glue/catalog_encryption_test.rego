package supplychain.rules.aws.glue.catalog_encryption_test

import data.supplychain.rules.aws.glue.catalog_encryption as ce
import data.supplychain.testing

settings(mode, pw) := testing.res("aws_glue_data_catalog_encryption_settings", "s", {"data_catalog_encryption_settings": [{
	"encryption_at_rest": [{"catalog_encryption_mode": mode}],
	"connection_password_encryption": [{"return_connection_password_encrypted": pw}],
}]})

db := testing.res("aws_glue_catalog_database", "d", {"name": "orders"})

test_kms_passes if count(ce.fail) == 0 with input as testing.input_of([settings("SSE-KMS", true), db])

test_disabled_fails if testing.addrs(ce.fail) == {"aws_glue_data_catalog_encryption_settings.s"} with input as testing.input_of([settings("DISABLED", true)])

test_passwords_fail if count(ce.fail) == 1 with input as testing.input_of([settings("SSE-KMS", false)])

test_database_without_settings_fails if testing.addrs(ce.fail) == {"aws_glue_catalog_database.d"} with input as testing.input_of([db])
