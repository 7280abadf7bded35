package awsclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
)

func TestPartition(t *testing.T) {
	for region, want := range map[string]string{
		"eu-west-1": "aws", "cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov", "us-isob-east-1": "aws-iso-b",
	} {
		if got := Partition(region); got != want {
			t.Errorf("Partition(%q) = %q, want %q", region, got, want)
		}
	}
}

func TestLoadRejectsHalfStaticCredentials(t *testing.T) {
	_, err := Config{Region: "eu-west-1", AccessKey: "AKIA"}.Load(context.Background())
	if err == nil {
		t.Fatal("access_key without secret_key accepted")
	}
}

func TestLoadNeedsRegion(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	_, err := Config{AccessKey: "a", SecretKey: "b"}.Load(context.Background())
	if !errors.Is(err, ErrNoRegion) {
		t.Fatalf("err = %v, want ErrNoRegion", err)
	}
}

func TestLoadStaticCredentials(t *testing.T) {
	cfg, err := Config{Region: "eu-west-1", AccessKey: "a", SecretKey: "b"}.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	creds, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil || creds.AccessKeyID != "a" || creds.SecretAccessKey != "b" {
		t.Fatalf("credentials = %+v, %v", creds, err)
	}
}

func TestGlueHonoursTheEndpoint(t *testing.T) {
	var target string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target = r.Header.Get("X-Amz-Target")
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = w.Write([]byte(`{"Job":{"Name":"orders"}}`))
	}))
	defer srv.Close()
	c := Config{Region: "eu-west-1", AccessKey: "a", SecretKey: "b", Endpoints: Endpoints{Glue: srv.URL}}
	cfg, err := c.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.Glue(cfg).GetJob(context.Background(), &glue.GetJobInput{JobName: aws.String("orders")})
	if err != nil {
		t.Fatal(err)
	}
	if target != "AWSGlue.GetJob" || aws.ToString(out.Job.Name) != "orders" {
		t.Fatalf("request target %q, job %+v: the Glue endpoint override was not used", target, out.Job)
	}
}
