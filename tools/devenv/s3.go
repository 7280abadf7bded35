package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

// s3Command acts on a bucket of the running stand-in (AWS_ENDPOINT_URL_S3), so the demo can show
// what is on the server and change it out of band:
//
//	devenv s3 show BUCKET | suspend-versioning BUCKET | put BUCKET KEY TEXT | put-dir BUCKET PREFIX DIR
//	devenv s3 versions BUCKET KEY
//	devenv s3 requests show|reset
func s3Command(args []string) int {
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: devenv s3 show|suspend-versioning BUCKET | devenv s3 put BUCKET KEY TEXT | devenv s3 put-dir BUCKET PREFIX DIR | devenv s3 versions BUCKET KEY | devenv s3 requests show|reset")
		return 10
	}
	endpoint := os.Getenv("AWS_ENDPOINT_URL_S3")
	if endpoint == "" {
		fmt.Fprintln(os.Stderr, "devenv s3: AWS_ENDPOINT_URL_S3 is not set; run it under `devenv run`")
		return 10
	}
	cfg := awsclient.Config{Region: os.Getenv("AWS_REGION"), Endpoints: awsclient.Endpoints{S3: endpoint}, S3UsePathStyle: true}
	ctx := context.Background()
	awsCfg, err := cfg.Load(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "devenv s3: %v\n", err)
		return 11
	}
	c := cfg.S3(awsCfg)
	bucket := aws.String(args[1])
	switch args[0] {
	case "requests":
		err = requests(ctx, endpoint, args[1], os.Stdout)
	case "show":
		err = show(ctx, c, args[1])
	case "suspend-versioning":
		_, err = c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: bucket,
			VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusSuspended}})
	case "put-dir":
		if len(args) != 4 {
			fmt.Fprintln(os.Stderr, "usage: devenv s3 put-dir BUCKET PREFIX DIR")
			return 10
		}
		err = putDir(ctx, c, args[1], args[2], args[3])
	case "versions":
		if len(args) != 3 {
			fmt.Fprintln(os.Stderr, "usage: devenv s3 versions BUCKET KEY")
			return 10
		}
		err = versions(ctx, c, args[1], args[2])
	case "put":
		if len(args) != 4 {
			fmt.Fprintln(os.Stderr, "usage: devenv s3 put BUCKET KEY TEXT")
			return 10
		}
		_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: aws.String(args[2]), Body: strings.NewReader(args[3])})
	default:
		fmt.Fprintf(os.Stderr, "devenv s3: unknown action %q\n", args[0])
		return 10
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "devenv s3 %s %s: %v\n", args[0], args[1], err)
		return 11
	}
	return 0
}

func show(ctx context.Context, c *s3.Client, bucket string) error {
	b := aws.String(bucket)
	v, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: b})
	if err != nil {
		return err
	}
	status := string(v.Status)
	if status == "" {
		status = "never enabled"
	}
	fmt.Printf("%s\n  versioning:          %s\n", bucket, status)
	if e, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: b}); err == nil {
		fmt.Printf("  default encryption:  %s\n", e.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm)
	} else {
		fmt.Printf("  default encryption:  none\n")
	}
	if p, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: b}); err == nil {
		x := p.PublicAccessBlockConfiguration
		fmt.Printf("  public access block: acls=%v policy=%v ignore_acls=%v restrict=%v\n", aws.ToBool(x.BlockPublicAcls),
			aws.ToBool(x.BlockPublicPolicy), aws.ToBool(x.IgnorePublicAcls), aws.ToBool(x.RestrictPublicBuckets))
	} else {
		fmt.Printf("  public access block: none\n")
	}
	if p, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: b}); err == nil {
		tls := strings.Contains(aws.ToString(p.Policy), `"aws:SecureTransport":"false"`)
		fmt.Printf("  policy:              %d bytes, denies plain HTTP: %v\n", len(aws.ToString(p.Policy)), tls)
	}
	if l, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: b}); err == nil {
		var ids []string
		for _, r := range l.Rules {
			ids = append(ids, aws.ToString(r.ID))
		}
		fmt.Printf("  lifecycle rules:     %s\n", strings.Join(ids, ", "))
	}
	var nsb *s3types.NoSuchBucket
	if t, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: b}); err == nil {
		var kv []string
		for _, tag := range t.TagSet {
			kv = append(kv, aws.ToString(tag.Key)+"="+aws.ToString(tag.Value))
		}
		sort.Strings(kv)
		fmt.Printf("  tags:                %s\n", strings.Join(kv, " "))
	} else if errors.As(err, &nsb) {
		return err
	}
	return nil
}

// putDir uploads the regular files of dir (not its subdirectories) under prefix, printing each.
func putDir(ctx context.Context, c *s3.Client, bucket, prefix, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	prefix = strings.Trim(prefix, "/")
	n := 0
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		key := e.Name()
		if prefix != "" {
			key = prefix + "/" + key
		}
		if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(b)}); err != nil {
			return fmt.Errorf("uploading %s to s3://%s/%s: %w", e.Name(), bucket, key, err)
		}
		fmt.Printf("  s3://%s/%s  %d bytes\n", bucket, key, len(b))
		n++
	}
	if n == 0 {
		return fmt.Errorf("no files in %s", dir)
	}
	return nil
}

// versions prints the versions of one object, newest first as the server lists them, so the demo
// can show that the state is in a versioned bucket: one line per version (id, size, latest) and
// then the count. An object with no version is an error.
func versions(ctx context.Context, c *s3.Client, bucket, key string) error {
	in := &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(key)}
	n := 0
	for p := s3.NewListObjectVersionsPaginator(c, in); p.HasMorePages(); {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, v := range page.Versions {
			if aws.ToString(v.Key) != key {
				continue
			}
			latest := ""
			if aws.ToBool(v.IsLatest) {
				latest = "  (latest)"
			}
			fmt.Printf("  s3://%s/%s  version %s  %d bytes%s\n", bucket, key, aws.ToString(v.VersionId), aws.ToInt64(v.Size), latest)
			n++
		}
	}
	if n == 0 {
		return fmt.Errorf("no version of %s", key)
	}
	fmt.Printf("  %d version(s)\n", n)
	return nil
}

// requests shows (one "bucket requests" line per bucket, sorted) or resets the stand-in's request
// counts (localenv.RequestsPath).
func requests(ctx context.Context, endpoint, action string, w io.Writer) error {
	method := map[string]string{"show": http.MethodGet, "reset": http.MethodDelete}[action]
	if method == "" {
		return fmt.Errorf("want show or reset, not %q", action)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(endpoint, "/")+localenv.RequestsPath, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s (is this devenv's stand-in?)", method, localenv.RequestsPath, resp.Status)
	}
	if method == http.MethodDelete {
		return nil
	}
	var counts map[string]int
	if err := json.NewDecoder(resp.Body).Decode(&counts); err != nil {
		return fmt.Errorf("reading the request counts: %w", err)
	}
	names := make([]string, 0, len(counts))
	total := 0
	for b, n := range counts {
		names = append(names, b)
		total += n
	}
	sort.Strings(names)
	for _, b := range names {
		fmt.Fprintf(w, "%-32s %6d\n", b, counts[b])
	}
	fmt.Fprintf(w, "%-32s %6d\n", "total", total)
	return nil
}
