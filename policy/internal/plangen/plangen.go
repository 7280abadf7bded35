// Package plangen writes synthetic but realistic `terraform show -json` plans of any size for
// benchmarks: a mix of S3 buckets with their split resources, Glue jobs, IAM roles and policies,
// security groups, DynamoDB tables, KMS keys, instances and Redshift clusters, spread over
// modules, with unknown and sensitive values and configuration references.
package plangen

import (
	"encoding/json"
	"fmt"
)

type change struct {
	addr, module, typ, name string
	index                   any
	after                   map[string]any
	unknown                 map[string]any
	sensitive               map[string]any
	actions                 []string
}

// Generate returns a plan with n resource changes (format 1.2).
func Generate(n int) []byte {
	var cs []change
	add := func(module, typ, name string, index any, after, unknown, sensitive map[string]any, action string) {
		addr := typ + "." + name
		if index != nil {
			if s, ok := index.(string); ok {
				addr += fmt.Sprintf("[%q]", s)
			} else {
				addr += fmt.Sprintf("[%v]", index)
			}
		}
		if module != "" {
			addr = module + "." + addr
		}
		if unknown == nil {
			unknown = map[string]any{}
		}
		if sensitive == nil {
			sensitive = map[string]any{}
		}
		cs = append(cs, change{addr, module, typ, name, index, after, unknown, sensitive, []string{action}})
	}
	tags := func(i int) map[string]any {
		return map[string]any{"owner": "data-platform", "project": "supplychain", "cost_center": fmt.Sprintf("cc-%03d", i%50), "environment": "prod"}
	}
	for i := 0; len(cs) < n; i++ {
		module := fmt.Sprintf("module.stack_%d", i/40)
		action := "create"
		if i%3 == 0 {
			action = "no-op"
		}
		switch i % 8 {
		case 0, 1: // a bucket and its split resources (5 changes)
			bucket := fmt.Sprintf("nexabrand-raw-orders-%05d", i)
			if i%2 == 1 {
				bucket = fmt.Sprintf("nexabrand-transformed-orders-%05d", i)
			}
			add(module, "aws_s3_bucket", "zone", i, map[string]any{"bucket": bucket, "force_destroy": false, "tags": tags(i), "tags_all": tags(i),
				"object_lock_enabled": false, "bucket_prefix": nil, "timeouts": nil},
				map[string]any{"id": true, "arn": true, "bucket_domain_name": true, "bucket_regional_domain_name": true, "hosted_zone_id": true, "region": true,
					"acceleration_status": true, "acl": true, "cors_rule": true, "grant": true, "lifecycle_rule": true, "logging": true, "policy": true,
					"replication_configuration": true, "request_payer": true, "server_side_encryption_configuration": true, "versioning": true, "website": true}, nil, action)
			add(module, "aws_s3_bucket_versioning", "zone", i, map[string]any{"bucket": bucket, "expected_bucket_owner": nil, "mfa": nil,
				"versioning_configuration": []any{map[string]any{"status": "Enabled"}}}, map[string]any{"id": true, "versioning_configuration": []any{map[string]any{"mfa_delete": true}}}, nil, action)
			add(module, "aws_s3_bucket_server_side_encryption_configuration", "zone", i, map[string]any{"bucket": bucket, "expected_bucket_owner": nil,
				"rule": []any{map[string]any{"apply_server_side_encryption_by_default": []any{map[string]any{"sse_algorithm": "aws:kms", "kms_master_key_id": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}, "bucket_key_enabled": true}}},
				map[string]any{"id": true}, nil, action)
			add(module, "aws_s3_bucket_public_access_block", "zone", i, map[string]any{"bucket": bucket, "block_public_acls": true, "block_public_policy": true,
				"ignore_public_acls": true, "restrict_public_buckets": i%16 != 0}, map[string]any{"id": true}, nil, action)
			policy, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Sid": "TLSOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
				"Resource": []any{"arn:aws:s3:::" + bucket, "arn:aws:s3:::" + bucket + "/*"}, "Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}}}})
			add(module, "aws_s3_bucket_policy", "zone", i, map[string]any{"bucket": bucket, "policy": string(policy)}, map[string]any{"id": true}, nil, action)
		case 2:
			add(module, "aws_glue_job", "etl", i, map[string]any{"name": fmt.Sprintf("clean-orders-%05d", i), "glue_version": "4.0", "number_of_workers": 2 + i%3, "worker_type": "G.1X",
				"timeout": 2880, "max_retries": i % 2, "security_configuration": "nexabrand-etl", "execution_class": "STANDARD", "tags": tags(i), "tags_all": tags(i),
				"command":            []any{map[string]any{"name": "glueetl", "python_version": "3", "script_location": fmt.Sprintf("s3://nexabrand-code-jobs/job_%d.py", i), "runtime": nil}},
				"default_arguments":  map[string]any{"--job-bookmark-option": "job-bookmark-enable", "--enable-metrics": "true", "--TempDir": "s3://nexabrand-code-jobs/tmp/"},
				"execution_property": []any{map[string]any{"max_concurrent_runs": 1}}},
				map[string]any{"id": true, "arn": true, "role_arn": true, "notification_property": true}, nil, action)
		case 3:
			trust, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Principal": map[string]any{"Service": "glue.amazonaws.com"}, "Action": "sts:AssumeRole"}}})
			add(module, "aws_iam_role", "glue", i, map[string]any{"name": fmt.Sprintf("glue-%05d", i), "assume_role_policy": string(trust), "path": "/", "max_session_duration": 3600,
				"tags": tags(i), "tags_all": tags(i), "force_detach_policies": false, "description": "Glue job role"}, map[string]any{"id": true, "arn": true, "unique_id": true, "create_date": true,
				"inline_policy": true, "managed_policy_arns": true}, nil, action)
			pol, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{
				map[string]any{"Effect": "Allow", "Action": []any{"s3:GetObject", "s3:PutObject"}, "Resource": "arn:aws:s3:::nexabrand-raw-orders/*"},
				map[string]any{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": map[string]any{"StringEquals": map[string]any{"iam:PassedToService": "glue.amazonaws.com"}}}}})
			add(module, "aws_iam_role_policy", "glue", i, map[string]any{"name": fmt.Sprintf("glue-%05d", i), "policy": string(pol)}, map[string]any{"id": true, "role": true}, nil, action)
		case 4:
			cidr := "10.0.0.0/8"
			if i%24 == 4 {
				cidr = "0.0.0.0/0"
			}
			add(module, "aws_security_group", "db", i, map[string]any{"name": fmt.Sprintf("db-%05d", i), "description": "warehouse access", "revoke_rules_on_delete": false,
				"ingress": []any{map[string]any{"from_port": 5439, "to_port": 5439, "protocol": "tcp", "cidr_blocks": []any{cidr}, "ipv6_cidr_blocks": []any{}, "description": "redshift", "prefix_list_ids": []any{}, "security_groups": []any{}, "self": false}},
				"egress":  []any{map[string]any{"from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": []any{"0.0.0.0/0"}, "ipv6_cidr_blocks": []any{}, "description": "", "prefix_list_ids": []any{}, "security_groups": []any{}, "self": false}},
				"tags":    tags(i), "tags_all": tags(i)}, map[string]any{"id": true, "arn": true, "owner_id": true, "vpc_id": true}, nil, action)
		case 5:
			add(module, "aws_dynamodb_table", "t", i, map[string]any{"name": fmt.Sprintf("orders-%05d", i), "billing_mode": "PAY_PER_REQUEST", "hash_key": "order_id",
				"attribute": []any{map[string]any{"name": "order_id", "type": "S"}}, "point_in_time_recovery": []any{map[string]any{"enabled": i%2 == 0}},
				"server_side_encryption": []any{}, "tags": tags(i), "tags_all": tags(i), "deletion_protection_enabled": true},
				map[string]any{"id": true, "arn": true, "stream_arn": true, "stream_label": true}, nil, action)
			add(module, "aws_kms_key", "k", i, map[string]any{"description": "lake key", "enable_key_rotation": true, "deletion_window_in_days": 30, "is_enabled": true,
				"key_usage": "ENCRYPT_DECRYPT", "customer_master_key_spec": "SYMMETRIC_DEFAULT", "tags": tags(i), "tags_all": tags(i)},
				map[string]any{"id": true, "arn": true, "key_id": true, "policy": true}, nil, action)
		case 6:
			add(module, "aws_instance", "bastion", i, map[string]any{"ami": "ami-0123456789abcdef0", "instance_type": "t3.micro", "tags": tags(i), "tags_all": tags(i),
				"metadata_options":  []any{map[string]any{"http_tokens": "required", "http_endpoint": "enabled", "http_put_response_hop_limit": 1}},
				"root_block_device": []any{map[string]any{"encrypted": true, "volume_size": 20, "volume_type": "gp3", "delete_on_termination": true}}},
				map[string]any{"id": true, "arn": true, "private_ip": true, "public_ip": true, "subnet_id": true}, nil, action)
		case 7:
			add(module, "aws_redshift_cluster", "dw", i, map[string]any{"cluster_identifier": fmt.Sprintf("dw-%05d", i), "node_type": "ra3.xlplus", "number_of_nodes": 2,
				"master_username": "admin", "master_password": "Bench-Secret-Pa55!", "manage_master_password": false, "encrypted": true, "publicly_accessible": false,
				"enhanced_vpc_routing": true, "logging": []any{map[string]any{"enable": true, "log_destination_type": "cloudwatch"}}, "tags": tags(i), "tags_all": tags(i)},
				map[string]any{"id": true, "arn": true, "endpoint": true, "dns_name": true}, map[string]any{"master_password": true}, action)
		}
	}
	cs = cs[:n]

	// planned_values by module, resource_changes, configuration.
	modules := map[string][]any{}
	priorModules := map[string][]any{}
	var order []string
	var rcs []any
	cfgModules := map[string]map[string]bool{}
	for _, c := range cs {
		sv := map[string]any{"tags": map[string]any{}, "tags_all": map[string]any{}}
		for k, v := range c.sensitive {
			sv[k] = v
		}
		pv := map[string]any{"address": c.addr, "mode": "managed", "type": c.typ, "name": c.name, "index": c.index,
			"provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0, "values": c.after, "sensitive_values": sv}
		if _, ok := modules[c.module]; !ok {
			order = append(order, c.module)
		}
		modules[c.module] = append(modules[c.module], pv)
		var before any
		if c.actions[0] == "no-op" {
			// What exists already is in the prior state too, as in real plans.
			before = c.after
			priorModules[c.module] = append(priorModules[c.module], pv)
		}
		rcs = append(rcs, map[string]any{"address": c.addr, "module_address": c.module, "mode": "managed", "type": c.typ, "name": c.name, "index": c.index,
			"provider_name": "registry.terraform.io/hashicorp/aws",
			"change":        map[string]any{"actions": c.actions, "before": before, "after": c.after, "after_unknown": c.unknown, "before_sensitive": sv, "after_sensitive": sv}})
		if cfgModules[c.module] == nil {
			cfgModules[c.module] = map[string]bool{}
		}
		cfgModules[c.module][c.typ+"."+c.name] = true
	}
	var children []any
	for _, m := range order {
		children = append(children, map[string]any{"address": m, "resources": modules[m]})
	}
	var priorChildren []any
	for _, m := range order {
		if rs := priorModules[m]; len(rs) > 0 {
			priorChildren = append(priorChildren, map[string]any{"address": m, "resources": rs})
		}
	}
	calls := map[string]any{}
	for m, rs := range cfgModules {
		var res []any
		for a := range rs {
			typ, name, _ := cut(a)
			exprs := map[string]any{"tags": map[string]any{"references": []any{"var.tags"}}}
			if typ != "aws_s3_bucket" && len(typ) > len("aws_s3_bucket") && typ[:len("aws_s3_bucket")] == "aws_s3_bucket" {
				exprs["bucket"] = map[string]any{"references": []any{"aws_s3_bucket.zone[count.index].id", "aws_s3_bucket.zone[count.index]", "aws_s3_bucket.zone", "count.index"}}
			}
			res = append(res, map[string]any{"address": a, "mode": "managed", "type": typ, "name": name, "provider_config_key": "aws", "expressions": exprs, "schema_version": 0,
				"count_expression": map[string]any{"constant_value": 1}})
		}
		calls[m[len("module."):]] = map[string]any{"source": "./modules/stack", "module": map[string]any{"resources": res}}
	}
	plan := map[string]any{
		"format_version": "1.2", "terraform_version": "1.9.8",
		"variables":        map[string]any{"region": map[string]any{"value": "eu-west-1"}},
		"planned_values":   map[string]any{"root_module": map[string]any{"child_modules": children}},
		"resource_changes": rcs,
		"prior_state": map[string]any{"format_version": "1.0", "terraform_version": "1.9.8",
			"values": map[string]any{"root_module": map[string]any{"child_modules": priorChildren}}},
		"configuration": map[string]any{
			"provider_config": map[string]any{"aws": map[string]any{"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "expressions": map[string]any{"region": map[string]any{"references": []any{"var.region"}}}}},
			"root_module":     map[string]any{"module_calls": calls},
		},
		"timestamp": "2026-11-27T00:00:00Z", "complete": true, "errored": false,
	}
	b, err := json.Marshal(plan)
	if err != nil {
		panic(err)
	}
	return b
}

func cut(a string) (string, string, bool) {
	for i := 0; i < len(a); i++ {
		if a[i] == '.' {
			return a[:i], a[i+1:], true
		}
	}
	return a, "", false
}
