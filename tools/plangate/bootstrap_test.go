package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

// awsEnv points the SDK's default chain at the stand-in's static credentials and away from any
// real configuration on the machine.
func awsEnv(t *testing.T) {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", localenv.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", localenv.SecretKey)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_PROFILE", "")
}

func TestBootstrapAgainstTheStandIn(t *testing.T) {
	awsEnv(t)
	srv := localenv.AWST(t)
	dir := t.TempDir()
	args := []string{"bootstrap", "--bucket", "tfstate-cli", "--key", "app/terraform.tfstate", "--region", "us-east-1",
		"--endpoint", srv.URL, "--path-style", "--tags", "team=platform", "--out", dir}

	start := time.Now()
	code, out, errOut := plangate(t, nil, args...)
	cold := time.Since(start)
	t.Logf("cold run:\n%s", out)
	if code != 0 {
		t.Fatalf("cold run: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"caller: account", "bucket tfstate-cli: created", "versioning set", "every setting read back as applied",
		"next: terraform init -backend-config=" + filepath.Join(dir, "backend.hcl"), `"s3:PutObject"`, "app/terraform.tfstate.tflock"} {
		if !strings.Contains(out, want) {
			t.Errorf("cold run output lacks %q:\n%s", want, out)
		}
	}
	hclText, err := os.ReadFile(filepath.Join(dir, "backend.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclsyntax.ParseConfig(hclText, "backend.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("backend.hcl does not parse: %v\n%s", diags, hclText)
	}
	attrs, _ := f.Body.JustAttributes()
	for _, k := range []string{"bucket", "key", "region", "encrypt", "use_lockfile", "endpoints", "use_path_style"} {
		if _, ok := attrs[k]; !ok {
			t.Errorf("backend.hcl lacks %s:\n%s", k, hclText)
		}
	}
	if v, _ := attrs["use_lockfile"].Expr.Value(nil); !v.True() {
		t.Errorf("use_lockfile is not true:\n%s", hclText)
	}

	start = time.Now()
	code, out, _ = plangate(t, nil, args...)
	t.Logf("re-run:\n%s", out)
	t.Logf("cold bootstrap %s, no-op re-run %s (through the CLI, in-process stand-in)", cold, time.Since(start))
	if code != 0 || !strings.Contains(out, "nothing to do: the state backend is already right") ||
		!strings.Contains(out, "backend.hcl unchanged") || strings.Contains(out, " set\n") {
		t.Fatalf("re-run: exit %d\n%s", code, out)
	}
}

func TestBootstrapWeakerBucketDeniesWithoutFix(t *testing.T) {
	awsEnv(t)
	srv := localenv.AWST(t)
	dir := t.TempDir()
	base := []string{"bootstrap", "--bucket", "tfstate-weak", "--region", "us-east-1", "--endpoint", srv.URL, "--path-style", "--out", dir}
	if code, out, errOut := plangate(t, nil, base...); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	// A longer retention is asked for: the bucket's 90 days are now weaker.
	code, out, _ := plangate(t, nil, append(base, "--noncurrent-days", "120")...)
	if code != exitDenied || !strings.Contains(out, "weaker than needed: lifecycle.noncurrent_version_expiration: 90 days, want 120 days") ||
		!strings.Contains(out, "self-check: denied") {
		t.Fatalf("without --fix: exit %d, want 1\n%s", code, out)
	}
	code, out, _ = plangate(t, nil, append(base, "--noncurrent-days", "120", "--fix")...)
	if code != 0 || !strings.Contains(out, "lifecycle (noncurrent versions) set") || !strings.Contains(out, "fixed, every setting read back as applied") {
		t.Fatalf("with --fix: exit %d\n%s", code, out)
	}
	// Public access block turned off out of band: the built-in rule denies it too.
	cfg := awsclient.Config{Region: localenv.Region, AccessKey: localenv.AccessKey, SecretKey: localenv.SecretKey,
		Endpoints: awsclient.Endpoints{S3: srv.URL}, S3UsePathStyle: true}
	awsCfg, err := cfg.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.S3(awsCfg).PutPublicAccessBlock(context.Background(), &s3.PutPublicAccessBlockInput{Bucket: aws.String("tfstate-weak"),
		PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(false), BlockPublicPolicy: aws.Bool(false),
			IgnorePublicAcls: aws.Bool(false), RestrictPublicBuckets: aws.Bool(false)}}); err != nil {
		t.Fatal(err)
	}
	code, out, _ = plangate(t, nil, append(base, "--noncurrent-days", "120")...)
	if code != exitDenied || !strings.Contains(out, "self-check: deny SC-AWS-S3-004") ||
		!strings.Contains(out, "weaker than needed: public_access_block.block_public_acls: off, want on") {
		t.Fatalf("public access block off: exit %d, want 1 with SC-AWS-S3-004 denied\n%s", code, out)
	}
}

func TestBootstrapToolErrors(t *testing.T) {
	awsEnv(t)
	code, _, errOut := plangate(t, nil, "bootstrap", "--bucket", "b", "--region", "us-east-1", "--endpoint", "http://127.0.0.1:1", "--path-style")
	if code != exitAWS || !strings.Contains(errOut, "HeadBucket of bucket b") {
		t.Fatalf("unreachable endpoint: exit %d, want %d naming HeadBucket: %s", code, exitAWS, errOut)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	code, _, errOut = plangate(t, nil, "bootstrap", "--bucket", "b", "--region", "us-east-1")
	if code != exitAWS || !strings.Contains(errOut, "STS GetCallerIdentity") {
		t.Fatalf("no credentials: exit %d, want %d naming STS GetCallerIdentity: %s", code, exitAWS, errOut)
	}
	if code, _, _ := plangate(t, nil, "bootstrap", "--region", "us-east-1"); code != exitUsage {
		t.Fatalf("no --bucket: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := plangate(t, nil, "bootstrap", "--bucket", "b", "--region", "us-east-1", "--emit", "pulumi"); code != exitUsage {
		t.Fatalf("bad --emit: exit %d, want %d", code, exitUsage)
	}
}

func TestBootstrapEmitCloudFormation(t *testing.T) {
	code, out, errOut := plangate(t, nil, "bootstrap", "--bucket", "tfstate-cfn", "--region", "eu-west-1", "--lock-table", "tf-locks",
		"--kms-key", "arn:aws:kms:eu-west-1:123456789012:key/k", "--noncurrent-days", "60", "--tags", "team=platform", "--emit", "cloudformation")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var tpl struct {
		Version   string `json:"AWSTemplateFormatVersion"`
		Resources map[string]struct {
			Type           string
			DeletionPolicy string
			Properties     map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &tpl); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	b, p, l := tpl.Resources["StateBucket"], tpl.Resources["StateBucketPolicy"], tpl.Resources["LockTable"]
	if tpl.Version != "2010-09-09" || b.Type != "AWS::S3::Bucket" || p.Type != "AWS::S3::BucketPolicy" || l.Type != "AWS::DynamoDB::Table" {
		t.Fatalf("resources: %+v", tpl.Resources)
	}
	if b.DeletionPolicy != "Retain" || l.DeletionPolicy != "Retain" {
		t.Fatalf("resources are not retained: %+v", tpl.Resources)
	}
	get := func(m any, path ...any) any {
		for _, k := range path {
			switch k := k.(type) {
			case string:
				obj, ok := m.(map[string]any)
				if !ok {
					return nil
				}
				m = obj[k]
			case int:
				list, ok := m.([]any)
				if !ok || k >= len(list) {
					return nil
				}
				m = list[k]
			}
		}
		return m
	}
	checks := []struct {
		got, want any
	}{
		{get(b.Properties, "BucketName"), "tfstate-cfn"},
		{get(b.Properties, "VersioningConfiguration", "Status"), "Enabled"},
		{get(b.Properties, "BucketEncryption", "ServerSideEncryptionConfiguration", 0, "ServerSideEncryptionByDefault", "SSEAlgorithm"), "aws:kms"},
		{get(b.Properties, "BucketEncryption", "ServerSideEncryptionConfiguration", 0, "ServerSideEncryptionByDefault", "KMSMasterKeyID"), "arn:aws:kms:eu-west-1:123456789012:key/k"},
		{get(b.Properties, "PublicAccessBlockConfiguration", "BlockPublicAcls"), true},
		{get(b.Properties, "PublicAccessBlockConfiguration", "BlockPublicPolicy"), true},
		{get(b.Properties, "PublicAccessBlockConfiguration", "IgnorePublicAcls"), true},
		{get(b.Properties, "PublicAccessBlockConfiguration", "RestrictPublicBuckets"), true},
		{get(b.Properties, "OwnershipControls", "Rules", 0, "ObjectOwnership"), "BucketOwnerEnforced"},
		{get(b.Properties, "LifecycleConfiguration", "Rules", 0, "NoncurrentVersionExpiration", "NoncurrentDays"), float64(60)},
		{get(b.Properties, "Tags", 0, "Key"), "team"},
		{get(p.Properties, "PolicyDocument", "Statement", 0, "Condition", "Bool", "aws:SecureTransport"), "false"},
		{get(p.Properties, "PolicyDocument", "Statement", 1, "Sid"), "DenyUnencryptedObjectUploads"},
		{get(l.Properties, "KeySchema", 0, "AttributeName"), "LockID"},
		{get(l.Properties, "AttributeDefinitions", 0, "AttributeType"), "S"},
		{get(l.Properties, "BillingMode"), "PAY_PER_REQUEST"},
		{get(l.Properties, "SSESpecification", "SSEEnabled"), true},
		{get(l.Properties, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"), true},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("check %d: got %v, want %v", i, c.got, c.want)
		}
	}
}

// TestBootstrapEmitTerraform parses the emitted configuration with HCL and checks its blocks.
// `terraform validate` needs the hashicorp/aws provider's schema, which cannot be downloaded
// here; `terraform fmt -check` is run instead when the project's Terraform is installed.
func TestBootstrapEmitTerraform(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := plangate(t, nil, "bootstrap", "--bucket", "tfstate-tf", "--region", "us-east-1", "--lock-table", "tf-locks",
		"--tags", "team=platform", "--emit", "terraform", "--out", dir)
	if code != 0 || !strings.Contains(out, "state-backend.tf") {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	src, err := os.ReadFile(filepath.Join(dir, "state-backend.tf"))
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclsyntax.ParseConfig(src, "state-backend.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("emitted HCL does not parse: %v\n%s", diags, src)
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		t.Fatalf("body is %T", f.Body)
	}
	got := map[string]bool{}
	for _, b := range body.Blocks {
		if b.Type == "resource" {
			got[b.Labels[0]] = true
		}
	}
	for _, r := range []string{"aws_s3_bucket", "aws_s3_bucket_versioning", "aws_s3_bucket_server_side_encryption_configuration",
		"aws_s3_bucket_public_access_block", "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy",
		"aws_s3_bucket_lifecycle_configuration", "aws_dynamodb_table"} {
		if !got[r] {
			t.Errorf("no resource %s in:\n%s", r, src)
		}
	}
	tf, err := filepath.Abs("../../.tools/bin/terraform")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tf); err != nil {
		t.Logf("terraform fmt -check skipped: %s not installed", tf)
		return
	}
	if outb, err := execCommand(tf, "fmt", "-check", "-diff", filepath.Join(dir, "state-backend.tf")); err != nil {
		t.Fatalf("terraform fmt -check: %v\n%s", err, outb)
	}
}

func execCommand(name string, args ...string) ([]byte, error) {
	return exec.Command(name, args...).CombinedOutput()
}
