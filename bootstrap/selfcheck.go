package bootstrap

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/nexabrands/supplychain/internal/iampolicy"
	"github.com/nexabrands/supplychain/internal/securebucket"
	"github.com/nexabrands/supplychain/policy"
	"github.com/nexabrands/supplychain/policy/plan"
)

// PlanJSON describes a bucket's live settings as `terraform show -json` would show the
// hashicorp/aws resources that hold them (aws_s3_bucket and its split resources, all no-op), so
// the rules of `plangate check` can judge the state bucket. A setting that is absent on the
// bucket is an absent resource, as in a configuration that lacks it.
func PlanJSON(bucket string, have securebucket.Settings, partition string) ([]byte, error) {
	type res struct {
		Address string         `json:"address"`
		Mode    string         `json:"mode"`
		Type    string         `json:"type"`
		Name    string         `json:"name"`
		Values  map[string]any `json:"values"`
	}
	var rs []res
	add := func(typ string, v map[string]any) {
		v["bucket"] = bucket
		rs = append(rs, res{Address: typ + ".state", Mode: "managed", Type: typ, Name: "state", Values: v})
	}
	add("aws_s3_bucket", map[string]any{"tags": have.Tags, "force_destroy": false})
	status := "Suspended"
	if have.Versioning {
		status = "Enabled"
	}
	add("aws_s3_bucket_versioning", map[string]any{"versioning_configuration": []any{map[string]any{"status": status}}})
	if a := have.Encryption.Algorithm; a != "" && a != "none" {
		def := map[string]any{"sse_algorithm": a, "kms_master_key_id": have.Encryption.KMSKeyARN}
		add("aws_s3_bucket_server_side_encryption_configuration", map[string]any{"rule": []any{map[string]any{
			"apply_server_side_encryption_by_default": []any{def}, "bucket_key_enabled": have.Encryption.BucketKey}}})
	}
	p := have.PublicAccessBlock
	add("aws_s3_bucket_public_access_block", map[string]any{"block_public_acls": p.BlockPublicACLs, "block_public_policy": p.BlockPublicPolicy,
		"ignore_public_acls": p.IgnorePublicACLs, "restrict_public_buckets": p.RestrictPublicBuckets})
	if have.ObjectOwnership != "" {
		add("aws_s3_bucket_ownership_controls", map[string]any{"rule": []any{map[string]any{"object_ownership": have.ObjectOwnership}}})
	}
	if partition == "" {
		partition = "aws"
	}
	doc, err := iampolicy.Merge(have.Policy, have.TLSOnly, fmt.Sprintf("arn:%s:s3:::%s", partition, bucket))
	if err != nil {
		return nil, fmt.Errorf("building the policy of bucket %s: %w", bucket, err)
	}
	if doc != "" {
		add("aws_s3_bucket_policy", map[string]any{"policy": doc})
	}
	if d := have.Lifecycle.NoncurrentExpirationDays; d > 0 {
		add("aws_s3_bucket_lifecycle_configuration", map[string]any{"rule": []any{map[string]any{
			"id": "supplychain-noncurrent-expiration", "status": "Enabled", "filter": []any{map[string]any{"prefix": ""}},
			"noncurrent_version_expiration": []any{map[string]any{"noncurrent_days": d}}}}})
	}
	changes := make([]map[string]any, 0, len(rs))
	for _, r := range rs {
		changes = append(changes, map[string]any{"address": r.Address, "mode": r.Mode, "type": r.Type, "name": r.Name,
			"provider_name": "registry.terraform.io/hashicorp/aws",
			"change":        map[string]any{"actions": []string{"no-op"}, "before": r.Values, "after": r.Values}})
	}
	return json.Marshal(map[string]any{
		"format_version":    "1.2",
		"terraform_version": "1.10.0",
		"planned_values":    map[string]any{"root_module": map[string]any{"resources": rs}},
		"resource_changes":  changes,
		"prior_state":       map[string]any{"format_version": "1.0", "values": map[string]any{"root_module": map[string]any{"resources": rs}}},
	})
}

// SelfCheck judges the bucket's live settings with the built-in rules of `plangate check`
// (default configuration: critical and high deny, the rest warn).
func SelfCheck(ctx context.Context, bucket string, have securebucket.Settings, partition string) (*policy.Result, error) {
	data, err := PlanJSON(bucket, have, partition)
	if err != nil {
		return nil, err
	}
	p, err := plan.Parse("state bucket "+bucket, data)
	if err != nil {
		return nil, fmt.Errorf("self-check: reading the bucket as a plan: %w", err)
	}
	res, err := policy.Check(ctx, p, policy.CheckOptions{})
	if err != nil {
		return nil, fmt.Errorf("self-check: judging bucket %s: %w", bucket, err)
	}
	return res, nil
}
