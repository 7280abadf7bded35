package bootstrap

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/nexabrands/supplychain/internal/iampolicy"
)

// bucketPolicyStatements are the two statements the state bucket's policy holds.
func bucketPolicyStatements(bucket string) []map[string]any {
	return []map[string]any{iampolicy.TLSOnlyStatement("arn:aws:s3:::" + bucket), DenyUnencryptedStatement(bucket)}
}

// CloudFormation returns a CloudFormation template (JSON) with the same bucket, policy and lock
// table as Run creates. Every resource is retained when the stack is deleted.
func CloudFormation(o Options) string {
	want := Want(o)
	sse := map[string]any{"SSEAlgorithm": want.Encryption.Algorithm}
	if want.Encryption.KMSKeyARN != "" {
		sse["KMSMasterKeyID"] = want.Encryption.KMSKeyARN
	}
	var tags []map[string]string
	for _, k := range sortedKeys(want.Tags) {
		tags = append(tags, map[string]string{"Key": k, "Value": want.Tags[k]})
	}
	bucket := map[string]any{
		"BucketName":              o.Bucket,
		"VersioningConfiguration": map[string]any{"Status": "Enabled"},
		"BucketEncryption": map[string]any{"ServerSideEncryptionConfiguration": []any{map[string]any{
			"ServerSideEncryptionByDefault": sse, "BucketKeyEnabled": want.Encryption.BucketKey}}},
		"PublicAccessBlockConfiguration": map[string]any{"BlockPublicAcls": true, "BlockPublicPolicy": true,
			"IgnorePublicAcls": true, "RestrictPublicBuckets": true},
		"OwnershipControls": map[string]any{"Rules": []any{map[string]any{"ObjectOwnership": want.ObjectOwnership}}},
		"LifecycleConfiguration": map[string]any{"Rules": []any{map[string]any{
			"Id": "supplychain-noncurrent-expiration", "Status": "Enabled",
			"NoncurrentVersionExpiration": map[string]any{"NoncurrentDays": want.Lifecycle.NoncurrentExpirationDays}}}},
	}
	if len(tags) > 0 {
		bucket["Tags"] = tags
	}
	res := map[string]any{
		"StateBucket": map[string]any{"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
			"Properties": bucket},
		"StateBucketPolicy": map[string]any{"Type": "AWS::S3::BucketPolicy", "Properties": map[string]any{
			"Bucket":         map[string]any{"Ref": "StateBucket"},
			"PolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": bucketPolicyStatements(o.Bucket)}}},
	}
	outputs := map[string]any{"StateBucketName": map[string]any{"Value": map[string]any{"Ref": "StateBucket"}}}
	if o.LockTable != "" {
		sseSpec := map[string]any{"SSEEnabled": true, "SSEType": "KMS"}
		if o.KMSKey != "" {
			sseSpec["KMSMasterKeyId"] = o.KMSKey
		}
		table := map[string]any{
			"TableName":                        o.LockTable,
			"AttributeDefinitions":             []any{map[string]any{"AttributeName": "LockID", "AttributeType": "S"}},
			"KeySchema":                        []any{map[string]any{"AttributeName": "LockID", "KeyType": "HASH"}},
			"BillingMode":                      "PAY_PER_REQUEST",
			"SSESpecification":                 sseSpec,
			"PointInTimeRecoverySpecification": map[string]any{"PointInTimeRecoveryEnabled": true},
		}
		if len(tags) > 0 {
			table["Tags"] = tags
		}
		res["LockTable"] = map[string]any{"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
			"Properties": table}
		outputs["LockTableName"] = map[string]any{"Value": map[string]any{"Ref": "LockTable"}}
	}
	doc := map[string]any{
		"AWSTemplateFormatVersion": "2010-09-09",
		"Description":              "Terraform state backend (plangate bootstrap): bucket " + o.Bucket,
		"Resources":                res,
		"Outputs":                  outputs,
	}
	b, _ := json.MarshalIndent(doc, "", "  ")
	return string(b) + "\n"
}

// Terraform returns the same backend as Terraform configuration (hashicorp/aws >= 5), for teams
// that adopt the bucket into a stack (`terraform import` each resource, or import blocks).
func Terraform(o Options) string {
	want := Want(o)
	q := strconv.Quote
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("# Written by plangate bootstrap: the Terraform state backend of bucket %s.\n", o.Bucket)
	p("terraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \">= 5.0\"\n    }\n  }\n}\n\n")
	p("resource \"aws_s3_bucket\" \"state\" {\n  bucket = %s\n", q(o.Bucket))
	if len(want.Tags) > 0 {
		p("  tags = {\n")
		for _, k := range sortedKeys(want.Tags) {
			p("    %s = %s\n", q(k), q(want.Tags[k]))
		}
		p("  }\n")
	}
	p("\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n\n")
	p("resource \"aws_s3_bucket_versioning\" \"state\" {\n  bucket = aws_s3_bucket.state.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n\n")
	p("resource \"aws_s3_bucket_server_side_encryption_configuration\" \"state\" {\n  bucket = aws_s3_bucket.state.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = %s\n", q(want.Encryption.Algorithm))
	if want.Encryption.KMSKeyARN != "" {
		p("      kms_master_key_id = %s\n", q(want.Encryption.KMSKeyARN))
	}
	p("    }\n    bucket_key_enabled = %t\n  }\n}\n\n", want.Encryption.BucketKey)
	p("resource \"aws_s3_bucket_public_access_block\" \"state\" {\n  bucket                  = aws_s3_bucket.state.id\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n\n")
	p("resource \"aws_s3_bucket_ownership_controls\" \"state\" {\n  bucket = aws_s3_bucket.state.id\n  rule {\n    object_ownership = %s\n  }\n}\n\n", q(want.ObjectOwnership))
	pol, _ := json.MarshalIndent(map[string]any{"Version": "2012-10-17", "Statement": bucketPolicyStatements(o.Bucket)}, "  ", "  ")
	p("resource \"aws_s3_bucket_policy\" \"state\" {\n  bucket = aws_s3_bucket.state.id\n  policy = <<-EOT\n  %s\n  EOT\n}\n\n", string(pol))
	p("resource \"aws_s3_bucket_lifecycle_configuration\" \"state\" {\n  bucket = aws_s3_bucket.state.id\n  rule {\n    id     = \"supplychain-noncurrent-expiration\"\n    status = \"Enabled\"\n    filter {}\n    noncurrent_version_expiration {\n      noncurrent_days = %d\n    }\n  }\n  depends_on = [aws_s3_bucket_versioning.state]\n}\n", want.Lifecycle.NoncurrentExpirationDays)
	if o.LockTable != "" {
		p("\nresource \"aws_dynamodb_table\" \"lock\" {\n  name         = %s\n  billing_mode = \"PAY_PER_REQUEST\"\n  hash_key     = \"LockID\"\n\n  attribute {\n    name = \"LockID\"\n    type = \"S\"\n  }\n\n  server_side_encryption {\n    enabled = true\n", q(o.LockTable))
		if o.KMSKey != "" {
			p("    kms_key_arn = %s\n", q(o.KMSKey))
		}
		p("  }\n\n  point_in_time_recovery {\n    enabled = true\n  }\n")
		if len(want.Tags) > 0 {
			p("\n  tags = {\n")
			for _, k := range sortedKeys(want.Tags) {
				p("    %s = %s\n", q(k), q(want.Tags[k]))
			}
			p("  }\n")
		}
		p("\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n")
	}
	return b.String()
}
