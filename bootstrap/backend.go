package bootstrap

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// BackendHCL is the partial backend configuration for `terraform init -backend-config=FILE`.
//
// Without a lock table it is for Terraform and OpenTofu >= 1.10: S3 lock files (use_lockfile),
// and with an endpoint the `endpoints` and `use_path_style` keys of 1.6 and later. With a lock
// table it is for older Terraform too (the reason for a table): dynamodb_table, no use_lockfile
// (an unknown key before 1.10), and the endpoint keys Terraform 1.5 knows (`endpoint`,
// `dynamodb_endpoint`, `force_path_style`; later versions accept them with a deprecation warning).
func BackendHCL(o Options) string {
	var b strings.Builder
	w := func(k, v string) { fmt.Fprintf(&b, "%-27s = %s\n", k, v) }
	b.WriteString("# Written by plangate bootstrap. Use with: terraform init -backend-config=backend.hcl\n")
	w("bucket", strconv.Quote(o.Bucket))
	w("key", strconv.Quote(o.Key))
	w("region", strconv.Quote(o.Region))
	w("encrypt", "true")
	if o.KMSKey != "" {
		w("kms_key_id", strconv.Quote(o.KMSKey))
	}
	legacy := o.LockTable != ""
	if legacy {
		b.WriteString("# DynamoDB locking, for Terraform before 1.10. Once every user runs 1.10 or later, add\n# use_lockfile = true (S3 lock files) and later drop dynamodb_table.\n")
		w("dynamodb_table", strconv.Quote(o.LockTable))
	} else {
		w("use_lockfile", "true")
	}
	if o.Endpoint != "" {
		b.WriteString("# An S3-compatible endpoint: no STS or EC2 metadata service is assumed.\n")
		if legacy {
			w("endpoint", strconv.Quote(o.Endpoint))
			w("dynamodb_endpoint", strconv.Quote(o.Endpoint))
		} else {
			w("endpoints", "{ s3 = "+strconv.Quote(o.Endpoint)+" }")
			w("skip_requesting_account_id", "true")
		}
		w("skip_credentials_validation", "true")
		w("skip_metadata_api_check", "true")
		w("skip_region_validation", "true")
	}
	if o.PathStyle {
		if legacy {
			w("force_path_style", "true")
		} else {
			w("use_path_style", "true")
		}
	}
	return b.String()
}

// InitCommand is the line that initialises a configuration with the written file.
func InitCommand(file string) string {
	return "terraform init -backend-config=" + file
}

// IAMPolicy is the least-privilege policy for the state: list the key (and the workspaces' env:/ prefix), read and write
// the state object, read, write and delete its .tflock, use the KMS key and the lock table when
// there are any. account is "" when unknown (the table ARN then has a placeholder).
func IAMPolicy(o Options, partition, account string) string {
	if partition == "" {
		partition = "aws"
	}
	bucketARN := fmt.Sprintf("arn:%s:s3:::%s", partition, o.Bucket)
	st := []map[string]any{
		// The backend lists the key itself and, for workspaces, the env:/ prefix.
		{"Sid": "ListStatePrefix", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": bucketARN,
			"Condition": map[string]any{"StringLike": map[string]any{"s3:prefix": []string{o.Key, "env:/", "env:/*"}}}},
		{"Sid": "ReadWriteState", "Effect": "Allow", "Action": []string{"s3:GetObject", "s3:PutObject"},
			"Resource": bucketARN + "/" + o.Key},
		{"Sid": "LockFile", "Effect": "Allow", "Action": []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"},
			"Resource": bucketARN + "/" + o.Key + ".tflock"},
	}
	if o.KMSKey != "" {
		st = append(st, map[string]any{"Sid": "StateKey", "Effect": "Allow",
			"Action": []string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"}, "Resource": o.KMSKey})
	}
	if o.LockTable != "" {
		if account == "" {
			account = "ACCOUNT_ID"
		}
		st = append(st, map[string]any{"Sid": "LockTable", "Effect": "Allow",
			"Action":   []string{"dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"},
			"Resource": fmt.Sprintf("arn:%s:dynamodb:%s:%s:table/%s", partition, o.Region, account, o.LockTable)})
	}
	b, _ := json.MarshalIndent(map[string]any{"Version": "2012-10-17", "Statement": st}, "", "  ")
	return string(b) + "\n"
}
