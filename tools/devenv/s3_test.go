package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

// TestS3PutDir uploads a directory's files (not its subdirectories) under a prefix of a bucket
// on the stand-in, as the demo does with the raw sample; an empty or missing directory is an error.
func TestS3PutDir(t *testing.T) {
	a := localenv.AWST(t)
	t.Setenv("AWS_ENDPOINT_URL_S3", a.URL)
	t.Setenv("AWS_REGION", localenv.Region)
	t.Setenv("AWS_ACCESS_KEY_ID", localenv.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", localenv.SecretKey)
	ctx := context.Background()
	cfg := awsclient.Config{Region: localenv.Region, Endpoints: awsclient.Endpoints{S3: a.URL}, S3UsePathStyle: true}
	awsCfg, err := cfg.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.S3(awsCfg)
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("raw")}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, body := range map[string]string{"orders.csv": "order_id\nFMR1\n", "customers.csv": "customer_id\n1\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	if code := s3Command([]string{"put-dir", "raw", "/in/", dir}); code != 0 {
		t.Fatalf("put-dir exit %d", code)
	}
	list, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("raw")})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range list.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	if len(keys) != 2 || keys[0] != "in/customers.csv" || keys[1] != "in/orders.csv" {
		t.Fatalf("keys %q, want in/customers.csv and in/orders.csv", keys)
	}
	o, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("raw"), Key: aws.String("in/orders.csv")})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(o.Body)
	_ = o.Body.Close()
	if string(b) != "order_id\nFMR1\n" {
		t.Errorf("in/orders.csv holds %q", b)
	}
	if code := s3Command([]string{"put-dir", "raw", "x", filepath.Join(dir, "sub")}); code == 0 {
		t.Error("put-dir of an empty directory succeeded")
	}
	if code := s3Command([]string{"put-dir", "raw", "x"}); code != 10 {
		t.Errorf("put-dir without a directory: exit %d, want 10", code)
	}
}

// TestS3Versions lists every version of one key (and of no other key that shares its prefix)
// in a versioned bucket; a key without versions is an error.
func TestS3Versions(t *testing.T) {
	a := localenv.AWST(t)
	t.Setenv("AWS_ENDPOINT_URL_S3", a.URL)
	t.Setenv("AWS_REGION", localenv.Region)
	t.Setenv("AWS_ACCESS_KEY_ID", localenv.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", localenv.SecretKey)
	ctx := context.Background()
	cfg := awsclient.Config{Region: localenv.Region, Endpoints: awsclient.Endpoints{S3: a.URL}, S3UsePathStyle: true}
	awsCfg, err := cfg.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.S3(awsCfg)
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("state")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String("state"),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a/terraform.tfstate", "a/terraform.tfstate", "a/terraform.tfstate.tflock"} {
		if code := s3Command([]string{"put", "state", k, "{}"}); code != 0 {
			t.Fatalf("put %s: exit %d", k, code)
		}
	}
	out := captureStdout(t, func() {
		if code := s3Command([]string{"versions", "state", "a/terraform.tfstate"}); code != 0 {
			t.Errorf("versions: exit %d", code)
		}
	})
	if got := strings.Count(out, "version "); got != 2 || strings.Count(out, "(latest)") != 1 || !strings.Contains(out, "2 version(s)") {
		t.Errorf("versions printed %d version lines, want 2 with one latest:\n%s", got, out)
	}
	if strings.Contains(out, "tflock") {
		t.Errorf("versions listed another key:\n%s", out)
	}
	if code := s3Command([]string{"versions", "state", "b/none"}); code != 11 {
		t.Errorf("versions of a missing key: exit %d, want 11", code)
	}
	if code := s3Command([]string{"versions", "state"}); code != 10 {
		t.Errorf("versions without a key: exit %d, want 10", code)
	}
}

func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	f()
	os.Stdout = old
	_ = w.Close()
	return <-done
}

// TestS3Requests: the stand-in counts requests per bucket (and "(service)" for the root), `devenv
// s3 requests show` prints them with their total, and `reset` zeroes them.
func TestS3Requests(t *testing.T) {
	a := localenv.AWST(t)
	ctx := context.Background()
	cfg := awsclient.Config{Region: localenv.Region, AccessKey: localenv.AccessKey, SecretKey: localenv.SecretKey,
		Endpoints: awsclient.Endpoints{S3: a.URL}, S3UsePathStyle: true}
	awsCfg, err := cfg.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.S3(awsCfg)
	for _, b := range []string{"one", "two"} {
		if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ {
		if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("one"), Key: aws.String("k/" + string(rune('a'+i))), Body: strings.NewReader("x")}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.ListBuckets(ctx, &s3.ListBucketsInput{}); err != nil {
		t.Fatal(err)
	}
	if got := a.Requests(); got["one"] != 4 || got["two"] != 1 || got["(service)"] != 1 || len(got) != 3 {
		t.Errorf("requests = %v, want one=4 two=1 (service)=1", got)
	}
	var out strings.Builder
	if err := requests(ctx, a.URL, "show", &out); err != nil {
		t.Fatal(err)
	}
	want := "(service)                             1\none                                   4\ntwo                                   1\ntotal                                 6\n"
	if out.String() != want {
		t.Errorf("requests show printed\n%s\nwant\n%s", out.String(), want)
	}
	if err := requests(ctx, a.URL, "reset", io.Discard); err != nil {
		t.Fatal(err)
	}
	if got := a.Requests(); len(got) != 0 {
		t.Errorf("after reset: %v", got)
	}
	if err := requests(ctx, a.URL, "count", io.Discard); err == nil || !strings.Contains(err.Error(), "want show or reset") {
		t.Errorf("requests count: %v", err)
	}
}
