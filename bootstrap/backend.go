package bootstrap

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// BackendHCL is the partial backend configuration for `terraform init -backend-config=FILE`
// (S3 backend of Terraform >= 1.10 and OpenTofu >= 1.10: use_lockfile, endpoints, use_path_style).
func BackendHCL(o Options) string {
	var b strings.Builder
	w := func(k, v string) { fmt.Fprintf(&b, "%-14s = %s\n", k, v) }
	b.WriteString("# Written by plangate bootstrap. Use with: terraform init -backend-config=backend.hcl\n")
	w("bucket", strconv.Quote(o.Bucket))
	w("key", strconv.Quote(o.Key))
	w("region", strconv.Quote(o.Region))
	w("encrypt", "true")
	if o.KMSKey != "" {
		w("kms_key_id", strconv.Quote(o.KMSKey))
	}
	w("use_lockfile", "true")
	if o.LockTable != "" {
		w("dynamodb_table", strconv.Quote(o.LockTable))
	}
	if o.Endpoint != "" {
		b.WriteString("# An S3-compatible endpoint: no STS or EC2 metadata service is assumed.\n")
		eps := "{ s3 = " + strconv.Quote(o.Endpoint)
		if o.LockTable != "" {
			eps += ", dynamodb = " + strconv.Quote(o.Endpoint)
		}
		w("endpoints", eps+" }")
		w("skip_credentials_validation", "true")
		w("skip_requesting_account_id", "true")
		w("skip_metadata_api_check", "true")
		w("skip_region_validation", "true")
	}
	if o.PathStyle {
		w("use_path_style", "true")
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
