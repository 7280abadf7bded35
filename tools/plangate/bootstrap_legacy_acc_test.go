package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

// TestAccBootstrap_terraform157LockTable bootstraps with --lock-table, then runs the project's
// Terraform 1.5.7 (DynamoDB locking; no use_lockfile) with the written backend.hcl: init, an
// apply whose provisioner sleeps while the test finds the lock item in the table, and checks
// that the lock is released and the state is in the bucket.
func TestAccBootstrap_terraform157LockTable(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (it runs Terraform)")
	}
	terraform, err := filepath.Abs("../../.tools/bin/terraform")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(terraform); err != nil {
		t.Fatalf("Terraform is not installed at %s (bash tools/devenv/install-tools.sh terraform): %v", terraform, err)
	}
	rc, err := filepath.Abs("../devenv/terraform.rc")
	if err != nil {
		t.Fatal(err)
	}
	awsEnv(t)
	srv := localenv.AWST(t)
	dir := t.TempDir()
	const bucket, key, table = "tfstate-legacy", "app/terraform.tfstate", "tf-locks"
	if code, out, errOut := plangate(t, nil, "bootstrap", "--bucket", bucket, "--key", key, "--region", "us-east-1",
		"--endpoint", srv.URL, "--path-style", "--lock-table", table, "--out", dir); code != 0 {
		t.Fatalf("bootstrap: exit %d\n%s%s", code, out, errOut)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`terraform {
  backend "s3" {}
}

resource "terraform_data" "x" {
  input = 1

  provisioner "local-exec" {
    command = "sleep 3"
  }
}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1")
	initCmd := exec.Command(terraform, "init", "-input=false", "-no-color", "-backend-config=backend.hcl")
	initCmd.Dir, initCmd.Env = dir, env
	if out, err := initCmd.CombinedOutput(); err != nil {
		t.Fatalf("terraform init: %v\n%s", err, out)
	}
	apply := exec.Command(terraform, "apply", "-input=false", "-no-color", "-auto-approve")
	apply.Dir, apply.Env = dir, env
	applyOut := &syncBuffer{}
	apply.Stdout, apply.Stderr = applyOut, applyOut
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	cfg := awsclient.Config{Region: localenv.Region, AccessKey: localenv.AccessKey, SecretKey: localenv.SecretKey,
		Endpoints: awsclient.Endpoints{S3: srv.URL}, S3UsePathStyle: true}
	awsCfg, err := cfg.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ddb := dynamodb.NewFromConfig(awsCfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	lockID := map[string]ddbtypes.AttributeValue{"LockID": &ddbtypes.AttributeValueMemberS{Value: bucket + "/" + key}}
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(applyOut.String(), "(local-exec): Executing:") {
		if time.Now().After(deadline) {
			_ = apply.Process.Kill()
			t.Fatalf("the apply never reached its provisioner:\n%s", applyOut.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	held, err := ddb.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(table), Key: lockID})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := held.Item["Info"]; !ok {
		t.Errorf("no lock item %s/%s with Info in %s during the apply: %v", bucket, key, table, held.Item)
	}
	if err := apply.Wait(); err != nil {
		t.Fatalf("terraform apply: %v\n%s", err, applyOut.String())
	}
	after, err := ddb.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(table), Key: lockID})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := after.Item["Info"]; ok {
		t.Errorf("lock item still held after the apply: %v", after.Item)
	}
	if _, err := cfg.S3(awsCfg).HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}); err != nil {
		t.Fatalf("no state object %s after the apply: %v", key, err)
	}
}
