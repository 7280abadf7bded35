package securebucket

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

// requestLog counts S3 operations per bucket through an SDK middleware.
type requestLog struct {
	mu     sync.Mutex
	counts map[string]int // bucket -> requests
	ops    []string
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.counts = map[string]int{}
	l.ops = nil
}

func (l *requestLog) middleware(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("countRequests",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			bucket := bucketOf(in.Parameters)
			l.mu.Lock()
			if l.counts == nil {
				l.counts = map[string]int{}
			}
			l.counts[bucket]++
			l.ops = append(l.ops, middleware.GetOperationName(ctx)+" "+bucket)
			l.mu.Unlock()
			return next.HandleInitialize(ctx, in)
		}), middleware.After)
}

// bucketOf reads the Bucket field every bucket-level S3 input has.
func bucketOf(params any) string {
	switch p := params.(type) {
	case *s3.GetBucketVersioningInput:
		return aws.ToString(p.Bucket)
	case *s3.GetBucketEncryptionInput:
		return aws.ToString(p.Bucket)
	case *s3.GetPublicAccessBlockInput:
		return aws.ToString(p.Bucket)
	case *s3.GetBucketOwnershipControlsInput:
		return aws.ToString(p.Bucket)
	case *s3.GetBucketPolicyInput:
		return aws.ToString(p.Bucket)
	case *s3.GetBucketLifecycleConfigurationInput:
		return aws.ToString(p.Bucket)
	case *s3.GetBucketTaggingInput:
		return aws.ToString(p.Bucket)
	case *s3.HeadBucketInput:
		return aws.ToString(p.Bucket)
	case *s3.PutBucketTaggingInput:
		return aws.ToString(p.Bucket)
	}
	return fmt.Sprintf("%T", params)
}

func newClient(t testing.TB, apiOptions ...func(*middleware.Stack) error) *Client {
	t.Helper()
	srv := localenv.AWST(t)
	cfg := awsclient.Config{
		Region: localenv.Region, AccessKey: localenv.AccessKey, SecretKey: localenv.SecretKey,
		Endpoints: awsclient.Endpoints{S3: srv.URL}, S3UsePathStyle: true, APIOptions: apiOptions,
	}
	awsCfg, err := cfg.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &Client{S3: cfg.S3(awsCfg), Endpoint: srv.URL, Region: localenv.Region, Partition: "aws"}
}

func secureDefaults() Settings {
	return Settings{
		Versioning:        true,
		Encryption:        Encryption{Algorithm: "AES256"},
		PublicAccessBlock: PublicAccessBlock{true, true, true, true},
		TLSOnly:           true,
		Lifecycle:         Lifecycle{GlacierAfterDays: 90, NoncurrentExpirationDays: 30, AbortIncompleteMultipartDays: 7},
		Tags:              map[string]string{"team": "data", "env": "test"},
	}
}

// TestApplyThenReadRoundTrips applies every setting to a bucket on the S3 stand-in and reads each
// one back from the server.
func TestApplyThenReadRoundTrips(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	if err := c.CheckAbsent(ctx, "lake-raw"); err != nil {
		t.Fatalf("CheckAbsent on a missing bucket: %v", err)
	}
	if err := c.CreateBucket(ctx, "lake-raw"); err != nil {
		t.Fatal(err)
	}
	var ex *ExistsError
	if err := c.CheckAbsent(ctx, "lake-raw"); !errors.As(err, &ex) || !ex.Owned || !strings.Contains(err.Error(), "lake-raw") {
		t.Fatalf("CheckAbsent on an existing bucket of ours = %v, want an ExistsError (owned) naming it", err)
	}
	want := secureDefaults()
	want.Policy = `{"Version":"2012-10-17","Statement":[{"Sid":"EtlRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/etl"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::lake-raw/*"}]}`
	if got, err := c.Apply(ctx, "lake-raw", want, nil); err != nil {
		t.Fatal(err)
	} else if d := Differences(want, got); len(d) > 0 {
		t.Fatalf("Apply reports %v not applied after a full apply", d)
	}
	got, err := c.Read(ctx, "lake-raw", false)
	if err != nil {
		t.Fatal(err)
	}
	assertSettings(t, got, want)

	// Turn things off: versioning suspends, the policy loses its TLS statement, lifecycle goes.
	off := want
	off.Versioning = false
	off.TLSOnly = false
	off.Policy = ""
	off.Lifecycle = Lifecycle{}
	off.PublicAccessBlock = PublicAccessBlock{}
	off.Tags = map[string]string{}
	if _, err := c.Apply(ctx, "lake-raw", off, got); err != nil {
		t.Fatal(err)
	}
	got, err = c.Read(ctx, "lake-raw", false)
	if err != nil {
		t.Fatal(err)
	}
	assertSettings(t, got, off)
}

func assertSettings(t *testing.T, got *Settings, want Settings) {
	t.Helper()
	if got.Versioning != want.Versioning {
		t.Errorf("versioning = %v, want %v", got.Versioning, want.Versioning)
	}
	if got.Encryption != want.Encryption {
		t.Errorf("encryption = %+v, want %+v", got.Encryption, want.Encryption)
	}
	if got.PublicAccessBlock != want.PublicAccessBlock {
		t.Errorf("public access block = %+v, want %+v", got.PublicAccessBlock, want.PublicAccessBlock)
	}
	if got.TLSOnly != want.TLSOnly {
		t.Errorf("tls_only = %v, want %v", got.TLSOnly, want.TLSOnly)
	}
	if (got.Policy == "") != (want.Policy == "") || (want.Policy != "" && !strings.Contains(got.Policy, "EtlRead")) {
		t.Errorf("policy = %q, want %q", got.Policy, want.Policy)
	}
	if got.Lifecycle != want.Lifecycle {
		t.Errorf("lifecycle = %+v, want %+v", got.Lifecycle, want.Lifecycle)
	}
	if !equalTags(got.Tags, want.Tags) {
		t.Errorf("tags = %v, want %v", got.Tags, want.Tags)
	}
}

func TestReadMissingBucket(t *testing.T) {
	c := newClient(t)
	if _, err := c.Read(context.Background(), "no-such-bucket", false); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	if err := c.DeleteBucket(context.Background(), "no-such-bucket"); err != nil {
		t.Fatalf("deleting a missing bucket: %v", err)
	}
}

// TestEmptyRemovesVersionsAndDeleteMarkers writes several versions and a delete marker, then
// empties the bucket and deletes it.
func TestEmptyRemovesVersionsAndDeleteMarkers(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	const b = "lake-versions"
	if err := c.CreateBucket(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Apply(ctx, b, secureDefaults(), nil); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		for _, key := range []string{"orders/2024-01.csv", "orders/2024-02.csv"} {
			if _, err := c.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String(key),
				Body: strings.NewReader(fmt.Sprint("v", i))}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := c.S3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(b), Key: aws.String("orders/2024-01.csv")}); err != nil {
		t.Fatal(err)
	}
	n, err := c.ObjectCount(ctx, b)
	if err != nil || n != 7 {
		t.Fatalf("ObjectCount = %d, %v; want 6 versions + 1 delete marker", n, err)
	}
	if has, err := c.HasObjects(ctx, b); err != nil || !has {
		t.Fatalf("HasObjects = %v, %v", has, err)
	}
	if err := c.DeleteBucket(ctx, b); err == nil {
		t.Fatal("deleting a non-empty bucket succeeded")
	}
	deleted, err := c.Empty(ctx, b)
	if err != nil || deleted != 7 {
		t.Fatalf("Empty = %d, %v; want 7", deleted, err)
	}
	if has, err := c.HasObjects(ctx, b); err != nil || has {
		t.Fatalf("after Empty HasObjects = %v, %v", has, err)
	}
	if err := c.DeleteBucket(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Read(ctx, b, false); !errors.Is(err, ErrNotFound) {
		t.Fatalf("bucket still there: %v", err)
	}
}

// TestRefreshRequestsPerBucket counts the S3 requests one refresh of a bucket makes, through an
// SDK middleware: six, seven when object ownership is managed (the goal is at most eight).
func TestRefreshRequestsPerBucket(t *testing.T) {
	ctx := context.Background()
	log := &requestLog{}
	c := newClient(t, log.middleware)
	if err := c.CreateBucket(ctx, "lake-count"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Apply(ctx, "lake-count", secureDefaults(), nil); err != nil {
		t.Fatal(err)
	}
	log.reset()
	if _, err := c.Read(ctx, "lake-count", false); err != nil {
		t.Fatal(err)
	}
	if got := log.counts["lake-count"]; got != 6 || len(log.counts) != 1 {
		t.Fatalf("refresh made %v (%v), want 6 requests on lake-count only", log.counts, log.ops)
	}
	log.reset()
	// The stand-in has no ownership controls; the request is still made and counted.
	_, _ = c.Read(ctx, "lake-count", true)
	if got := log.counts["lake-count"]; got != 7 {
		t.Fatalf("refresh with ownership made %d requests, want 7 (%v)", got, log.ops)
	}
}

// TestApplyChangesOnlyWhatChanged: with the live settings known, a change of tags alone makes one
// request, and no change makes none.
func TestApplyChangesOnlyWhatChanged(t *testing.T) {
	ctx := context.Background()
	log := &requestLog{}
	c := newClient(t, log.middleware)
	if err := c.CreateBucket(ctx, "lake-delta"); err != nil {
		t.Fatal(err)
	}
	have := secureDefaults()
	if _, err := c.Apply(ctx, "lake-delta", have, nil); err != nil {
		t.Fatal(err)
	}
	log.reset()
	if _, err := c.Apply(ctx, "lake-delta", have, &have); err != nil {
		t.Fatal(err)
	}
	if len(log.ops) != 0 {
		t.Fatalf("no change made requests: %v", log.ops)
	}
	want := have
	want.Tags = map[string]string{"team": "data", "env": "prod"}
	if _, err := c.Apply(ctx, "lake-delta", want, &have); err != nil {
		t.Fatal(err)
	}
	if len(log.ops) != 1 || !strings.HasPrefix(log.ops[0], "PutBucketTagging") {
		t.Fatalf("tag change made %v, want one PutBucketTagging", log.ops)
	}
}

// TestApplyStoppedHalfWayReportsWhatWasApplied: when a put fails, Apply returns the settings
// put before it and the prior ones for the rest, so a caller records exactly what the bucket has.
func TestApplyStoppedHalfWayReportsWhatWasApplied(t *testing.T) {
	ctx := context.Background()
	failPAB := func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("failPAB",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				if _, ok := in.Parameters.(*s3.PutPublicAccessBlockInput); ok {
					return middleware.InitializeOutput{}, middleware.Metadata{}, errors.New("connection reset by peer")
				}
				return next.HandleInitialize(ctx, in)
			}), middleware.After)
	}
	c := newClient(t, failPAB)
	if err := c.CreateBucket(ctx, "lake-half"); err != nil {
		t.Fatal(err)
	}
	want := secureDefaults()
	got, err := c.Apply(ctx, "lake-half", want, nil)
	if err == nil || !strings.Contains(err.Error(), "PutPublicAccessBlock") || !strings.Contains(err.Error(), "lake-half") {
		t.Fatalf("err = %v, want the PutPublicAccessBlock failure naming the bucket", err)
	}
	if !got.Versioning || got.Encryption != want.Encryption {
		t.Errorf("settings put before the failure not reported: %+v", got)
	}
	if d := Differences(want, got); strings.Join(d, " ") != "public_access_block tls_only/policy lifecycle_policy tags" {
		t.Errorf("not applied = %v, want every setting from the public access block on", d)
	}
}

// TestCreateBucketRefusesAnotherAccountsName: a name taken elsewhere is an ExistsError (not owned).
func TestCreateBucketRefusesAnotherAccountsName(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		w.WriteHeader(http.StatusConflict)
		_, _ = io.WriteString(w, `<Error><Code>BucketAlreadyExists</Code><Message>taken</Message></Error>`)
	}))
	defer srv.Close()
	cfg := awsclient.Config{Region: "us-east-1", AccessKey: "a", SecretKey: "b",
		Endpoints: awsclient.Endpoints{S3: srv.URL}, S3UsePathStyle: true, MaxAttempts: 1}
	awsCfg, err := cfg.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := &Client{S3: cfg.S3(awsCfg), Endpoint: srv.URL, Region: "us-east-1"}
	var ex *ExistsError
	if err := c.CheckAbsent(context.Background(), "taken"); !errors.As(err, &ex) || ex.Owned {
		t.Fatalf("CheckAbsent on a 403 = %v, want an ExistsError not owned", err)
	}
	if err := c.CreateBucket(context.Background(), "taken"); !errors.As(err, &ex) || ex.Owned {
		t.Fatalf("CreateBucket on BucketAlreadyExists = %v, want an ExistsError not owned", err)
	}
}

// TestOwnershipControlsRequestShape checks the PutBucketOwnershipControls request against an
// httptest S3 endpoint, because the S3 stand-in does not implement ownership controls. The test
// server checks method, path, query and XML body, as S3 documents them.
func TestOwnershipControlsRequestShape(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		seen = append(seen, r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery)
		if r.Method != http.MethodPut || r.URL.Path != "/lake-raw" || !r.URL.Query().Has("ownershipControls") {
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		for _, want := range []string{"<OwnershipControls", "<Rule>", "<ObjectOwnership>BucketOwnerEnforced</ObjectOwnership>"} {
			if !strings.Contains(string(body), want) {
				http.Error(w, "body lacks "+want, http.StatusBadRequest)
				return
			}
		}
		if r.Header.Get("Content-Md5") == "" && r.Header.Get("X-Amz-Checksum-Crc32") == "" && r.Header.Get("X-Amz-Sdk-Checksum-Algorithm") == "" {
			http.Error(w, "PutBucketOwnershipControls requires a content checksum", http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	cfg := awsclient.Config{Region: "us-east-1", AccessKey: "a", SecretKey: "b",
		Endpoints: awsclient.Endpoints{S3: srv.URL}, S3UsePathStyle: true, MaxAttempts: 1}
	awsCfg, err := cfg.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := &Client{S3: cfg.S3(awsCfg), Endpoint: srv.URL, Region: "us-east-1"}
	if err := c.PutOwnership(context.Background(), "lake-raw", "BucketOwnerEnforced"); err != nil {
		t.Fatalf("request rejected by the checking server: %v (requests %v)", err, seen)
	}
	if len(seen) != 1 {
		t.Fatalf("requests = %v, want exactly one", seen)
	}
}

// TestUnsupportedSettingNamesSettingAndEndpoint: the stand-in answers MalformedXML to ownership
// controls; the error must name the setting and the endpoint.
func TestUnsupportedSettingNamesSettingAndEndpoint(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	if err := c.CreateBucket(ctx, "lake-own"); err != nil {
		t.Fatal(err)
	}
	err := c.PutOwnership(ctx, "lake-own", "BucketOwnerEnforced")
	if err == nil {
		t.Skip("this S3 server implements ownership controls; nothing unsupported to report")
	}
	if !IsUnsupported(err) || !strings.Contains(err.Error(), "object_ownership") || !strings.Contains(err.Error(), c.Endpoint) {
		t.Fatalf("error %q should be an UnsupportedError naming object_ownership and %s", err, c.Endpoint)
	}
}

// BenchmarkRead measures one refresh of one bucket (six S3 requests) against the in-process
// stand-in: the provider's share of a plan's wall time per bucket.
func BenchmarkRead(b *testing.B) {
	ctx := context.Background()
	c := newClient(b)
	if err := c.CreateBucket(ctx, "lake-bench"); err != nil {
		b.Fatal(err)
	}
	if _, err := c.Apply(ctx, "lake-bench", secureDefaults(), nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Read(ctx, "lake-bench", false); err != nil {
			b.Fatal(err)
		}
	}
}
