package bootstrap

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/internal/securebucket"
	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

// callLog records the S3 and DynamoDB operations a client sends, through an SDK middleware.
type callLog struct {
	mu  sync.Mutex
	ops []string
}

func (l *callLog) middleware(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("logCalls",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			l.mu.Lock()
			l.ops = append(l.ops, middleware.GetServiceID(ctx)+" "+middleware.GetOperationName(ctx))
			l.mu.Unlock()
			return next.HandleInitialize(ctx, in)
		}), middleware.After)
}

func (l *callLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.ops
	l.ops = nil
	return out
}

// writes lists the calls that change something (every call that is not a Get, Head, List or
// Describe).
func writes(ops []string) []string {
	var out []string
	for _, op := range ops {
		name := op[strings.LastIndex(op, " ")+1:]
		if !strings.HasPrefix(name, "Get") && !strings.HasPrefix(name, "Head") && !strings.HasPrefix(name, "List") && !strings.HasPrefix(name, "Describe") {
			out = append(out, op)
		}
	}
	return out
}

type env struct {
	clients Clients
	log     *callLog
	raw     *s3.Client // the same server, unlogged, for changing a bucket out of band
}

func newEnv(t testing.TB, url string, opts ...func(*middleware.Stack) error) *env {
	t.Helper()
	l := &callLog{}
	cfg := awsclient.Config{
		Region: localenv.Region, AccessKey: localenv.AccessKey, SecretKey: localenv.SecretKey,
		Endpoints: awsclient.Endpoints{S3: url, DynamoDB: url}, S3UsePathStyle: true,
		APIOptions: append([]func(*middleware.Stack) error{l.middleware}, opts...),
	}
	awsCfg, err := cfg.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rawCfg := cfg
	rawCfg.APIOptions = nil
	rawAWS, err := rawCfg.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &env{
		clients: Clients{
			S3:    &securebucket.Client{S3: cfg.S3(awsCfg), Endpoint: url, Region: localenv.Region, Partition: "aws"},
			Table: dynamodb.NewFromConfig(awsCfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(url) }),
		},
		log: l,
		raw: rawCfg.S3(rawAWS),
	}
}

func opts(bucket string) Options {
	return Options{Bucket: bucket, Key: "stacks/app.tfstate", Region: localenv.Region, NoncurrentDays: 30, Endpoint: "local",
		Tags: map[string]string{"team": "platform"}}
}

func lines() (*[]string, func(string)) {
	var out []string
	return &out, func(s string) { out = append(out, s) }
}

func TestColdBootstrapThenNoOp(t *testing.T) {
	ctx := context.Background()
	srv := localenv.AWST(t)
	e := newEnv(t, srv.URL)
	o := opts("state-cold")

	logged, say := lines()
	res, err := Run(ctx, e.clients, o, say)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || len(res.Left) != 0 || !res.Changed() {
		t.Fatalf("cold run: %+v, log %q", res, *logged)
	}
	for _, step := range []string{"created", "versioning set", "default encryption set", "public access block (4 flags) set",
		"object ownership skipped: the S3 endpoint", "bucket policy (TLS only, deny unencrypted uploads) set", "lifecycle (noncurrent versions) set", "tags set",
		"every setting read back as applied"} {
		if !containsLine(*logged, step) {
			t.Errorf("no line %q in %q", step, *logged)
		}
	}
	// What S3 holds, read independently of Run.
	have, err := e.clients.S3.Read(ctx, o.Bucket, true)
	if err != nil {
		t.Fatal(err)
	}
	if d := Compare(o.Bucket, Want(o), *have, true); len(d) != 0 {
		t.Fatalf("after the cold run S3 differs: %v", d)
	}
	if have.Encryption.Algorithm != "AES256" || have.Lifecycle.NoncurrentExpirationDays != 30 ||
		have.Lifecycle.GlacierAfterDays != 0 || have.Tags["team"] != "platform" || !have.TLSOnly {
		t.Fatalf("settings read back: %+v", have)
	}
	pol, err := e.raw.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(o.Bucket)})
	if err != nil {
		t.Fatal(err)
	}
	for _, sid := range []string{"DenyInsecureTransport", DenyUnencryptedSid} {
		if !strings.Contains(aws.ToString(pol.Policy), sid) {
			t.Errorf("bucket policy lacks %s: %s", sid, aws.ToString(pol.Policy))
		}
	}

	e.log.take()
	logged, say = lines()
	res, err = Run(ctx, e.clients, o, say)
	if err != nil {
		t.Fatal(err)
	}
	ops := e.log.take()
	if res.Created || res.Changed() || len(res.Differences) != 0 {
		t.Fatalf("re-run changed something: %+v", res)
	}
	if w := writes(ops); len(w) != 0 {
		t.Fatalf("re-run wrote: %v", w)
	}
	// HeadBucket, then the seven reads of securebucket.Read with ownership.
	if len(ops) != 8 {
		t.Fatalf("re-run made %d S3 calls, want 8: %v", len(ops), ops)
	}
	if !containsLine(*logged, "every setting already right, nothing changed") {
		t.Fatalf("re-run does not say nothing changed: %q", *logged)
	}
}

func containsLine(lines []string, s string) bool {
	for _, l := range lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// weaken suspends versioning, turns the public access block off and removes the bucket policy,
// out of band; it also adds a tag of the user's, which a fix must keep.
func weaken(t *testing.T, c *s3.Client, bucket string) {
	t.Helper()
	ctx := context.Background()
	b := aws.String(bucket)
	if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: b,
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusSuspended}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: b, PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
		BlockPublicAcls: aws.Bool(false), BlockPublicPolicy: aws.Bool(false), IgnorePublicAcls: aws.Bool(false), RestrictPublicBuckets: aws.Bool(false)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: b, Tagging: &s3types.Tagging{TagSet: []s3types.Tag{
		{Key: aws.String("team"), Value: aws.String("platform")}, {Key: aws.String("cost-centre"), Value: aws.String("42")}}}}); err != nil {
		t.Fatal(err)
	}
}

func TestWeakenedBucketReportedThenFixed(t *testing.T) {
	ctx := context.Background()
	srv := localenv.AWST(t)
	e := newEnv(t, srv.URL)
	o := opts("state-weak")
	if _, err := Run(ctx, e.clients, o, nil); err != nil {
		t.Fatal(err)
	}
	weaken(t, e.raw, o.Bucket)

	e.log.take()
	logged, say := lines()
	res, err := Run(ctx, e.clients, o, say)
	if err != nil {
		t.Fatal(err)
	}
	if w := writes(e.log.take()); len(w) != 0 {
		t.Fatalf("a run without --fix wrote: %v", w)
	}
	var fields []string
	for _, d := range res.Left {
		fields = append(fields, d.Field)
	}
	want := []string{"versioning", "public_access_block.block_public_acls", "public_access_block.block_public_policy",
		"public_access_block.ignore_public_acls", "public_access_block.restrict_public_buckets",
		"policy.deny_insecure_transport", "policy.deny_unencrypted_uploads"}
	if strings.Join(fields, ",") != strings.Join(want, ",") {
		t.Fatalf("differences %v, want %v (log %q)", fields, want, *logged)
	}
	for _, f := range want {
		if !containsLine(*logged, "weaker than needed: "+f+": ") {
			t.Errorf("no line for %s in %q", f, *logged)
		}
	}
	if res.Fixed || res.Changed() {
		t.Fatalf("changed without --fix: %+v", res)
	}

	o.Fix = true
	res, err = Run(ctx, e.clients, o, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := writes(e.log.take())
	if !res.Fixed || len(res.Left) != 0 {
		t.Fatalf("fix: %+v", res)
	}
	// Exactly the three settings that were weakened are put again; nothing is deleted.
	if strings.Join(w, ",") != "S3 PutBucketVersioning,S3 PutPublicAccessBlock,S3 PutBucketPolicy" {
		t.Fatalf("fix wrote %v", w)
	}
	have, err := e.clients.S3.Read(ctx, o.Bucket, true)
	if err != nil {
		t.Fatal(err)
	}
	if d := Compare(o.Bucket, Want(o), *have, true); len(d) != 0 {
		t.Fatalf("after --fix S3 still differs: %v", d)
	}
	if have.Tags["cost-centre"] != "42" {
		t.Fatalf("the user's tag was dropped: %v", have.Tags)
	}
	o.Fix = false
	if res, err := Run(ctx, e.clients, o, nil); err != nil || res.Changed() || len(res.Left) != 0 {
		t.Fatalf("run after the fix: %+v, %v", res, err)
	}
}

func TestStrongerSettingsAreNotWeakened(t *testing.T) {
	want := Want(opts("b"))
	have := want
	have.Encryption = securebucket.Encryption{Algorithm: "aws:kms", KMSKeyARN: "arn:aws:kms:us-east-1:123456789012:key/k"}
	have.Lifecycle.NoncurrentExpirationDays = 365
	have.Tags = map[string]string{"team": "platform", "extra": "x"}
	if d := Compare("b", want, have, false); len(d) != 0 {
		t.Fatalf("stronger settings reported as weaker: %v", d)
	}
	have.Lifecycle.NoncurrentExpirationDays = 7
	d := Compare("b", want, have, false)
	if len(d) != 1 || d[0].Field != "lifecycle.noncurrent_version_expiration" || d[0].Have != "7 days" || d[0].Want != "30 days" {
		t.Fatalf("shorter retention: %v", d)
	}
	tgt, err := target("b", want, have, false)
	if err != nil {
		t.Fatal(err)
	}
	if tgt.Encryption != have.Encryption || tgt.Tags["extra"] != "x" || tgt.Lifecycle.NoncurrentExpirationDays != 30 {
		t.Fatalf("fix target weakens or drops: %+v", tgt)
	}
}

// foreignOwner stands in front of the S3 stand-in and answers 403, as S3 does, to a request whose
// ExpectedBucketOwner is not the bucket's owner. It records the requests that reached the bucket.
func foreignOwner(t *testing.T, upstream, bucket, owner string) (string, *[]string) {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/"+bucket) {
			mu.Lock()
			seen = append(seen, r.Method+" "+r.URL.RequestURI())
			mu.Unlock()
			create := r.Method == http.MethodPut && r.URL.RawQuery == "" // CreateBucket has no ExpectedBucketOwner
			if got := r.Header.Get("X-Amz-Expected-Bucket-Owner"); got != owner && !create {
				w.WriteHeader(http.StatusForbidden)
				return
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &seen
}

func TestAnotherAccountsBucketIsRefused(t *testing.T) {
	ctx := context.Background()
	srv := localenv.AWST(t)
	front, seen := foreignOwner(t, srv.URL, "state-foreign", "111111111111")
	e := newEnv(t, front, ExpectedOwner("123456789012"))
	e.clients.Account = "123456789012"
	if _, err := newEnv(t, srv.URL).raw.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("state-foreign")}); err != nil {
		t.Fatal(err)
	}
	*seen = nil
	_, err := Run(ctx, e.clients, opts("state-foreign"), nil)
	var fe *ForeignBucketError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "not owned by account 123456789012") || !strings.Contains(err.Error(), "HeadBucket") {
		t.Fatalf("err = %v, want a refusal naming the account and HeadBucket", err)
	}
	if len(*seen) != 1 || !strings.HasPrefix((*seen)[0], "HEAD ") {
		t.Fatalf("requests that reached the bucket: %v, want one HeadBucket", *seen)
	}
	// The caller's own bucket, with the same header, is accepted.
	front2, _ := foreignOwner(t, srv.URL, "state-mine", "123456789012")
	e2 := newEnv(t, front2, ExpectedOwner("123456789012"))
	if _, err := Run(ctx, e2.clients, opts("state-mine"), nil); err != nil {
		t.Fatalf("own bucket: %v", err)
	}
}

func TestLockTableCreatedOnce(t *testing.T) {
	ctx := context.Background()
	srv := localenv.AWST(t)
	e := newEnv(t, srv.URL)
	o := opts("state-locked")
	o.LockTable = "tf-locks"
	logged, say := lines()
	res, err := Run(ctx, e.clients, o, say)
	if err != nil {
		t.Fatal(err)
	}
	if res.Table == nil || !res.Table.Created {
		t.Fatalf("table not created: %+v (log %q)", res.Table, *logged)
	}
	ddb, ok := e.clients.Table.(*dynamodb.Client)
	if !ok {
		t.Fatalf("table client is %T", e.clients.Table)
	}
	out, err := ddb.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("tf-locks")})
	if err != nil {
		t.Fatal(err)
	}
	if !lockKeyOK(out.Table) || out.Table.BillingModeSummary == nil || out.Table.BillingModeSummary.BillingMode != "PAY_PER_REQUEST" {
		t.Fatalf("table: %+v", out.Table)
	}
	t.Logf("PITR on the stand-in: %s", res.Table.PITR)
	e.log.take()
	res, err = Run(ctx, e.clients, o, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed() || len(res.Table.Problems) != 0 {
		t.Fatalf("second run changed something or denies: %+v %+v", res, res.Table)
	}
	if w := writes(e.log.take()); len(w) != 0 && (len(w) != 1 || w[0] != "DynamoDB UpdateContinuousBackups") {
		t.Fatalf("second run wrote %v", w)
	}
}

// BenchmarkColdBootstrap is one cold run (create, every setting, read back) against the
// in-process stand-in.
func BenchmarkColdBootstrap(b *testing.B) {
	srv := localenv.AWST(b)
	e := newEnv(b, srv.URL)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		o := opts(fmt.Sprintf("state-bench-%d", i))
		if _, err := Run(ctx, e.clients, o, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNoOpRerun is one re-run on a bucket that is already right; it reports the S3 calls
// per run.
func BenchmarkNoOpRerun(b *testing.B) {
	srv := localenv.AWST(b)
	e := newEnv(b, srv.URL)
	ctx := context.Background()
	o := opts("state-bench-noop")
	if _, err := Run(ctx, e.clients, o, nil); err != nil {
		b.Fatal(err)
	}
	e.log.take()
	calls := 0
	for b.Loop() {
		res, err := Run(ctx, e.clients, o, nil)
		if err != nil || res.Changed() {
			b.Fatalf("%+v %v", res, err)
		}
		calls += len(e.log.take())
	}
	b.ReportMetric(float64(calls)/float64(b.N), "s3calls/op")
}

// TestFixKeepsOtherLifecycleRules: a lifecycle put replaces the whole configuration, so a fix
// on a bucket with someone else's rule leaves the lifecycle as is and says so.
func TestFixKeepsOtherLifecycleRules(t *testing.T) {
	ctx := context.Background()
	srv := localenv.AWST(t)
	e := newEnv(t, srv.URL)
	o := opts("state-rules")
	if _, err := e.raw.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(o.Bucket)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.raw.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String(o.Bucket),
		LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: []s3types.LifecycleRule{{
			ID: aws.String("team-logs"), Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("logs/")},
			Expiration: &s3types.LifecycleExpiration{Days: aws.Int32(7)}}}}}); err != nil {
		t.Fatal(err)
	}
	o.Fix = true
	logged, say := lines()
	res, err := Run(ctx, e.clients, o, say)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Left) != 1 || res.Left[0].Field != "lifecycle.noncurrent_version_expiration" || !containsLine(*logged, "lifecycle left as is: it has other rules (team-logs)") {
		t.Fatalf("left %v, log %q", res.Left, *logged)
	}
	lc, err := e.raw.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(o.Bucket)})
	if err != nil || len(lc.Rules) != 1 || aws.ToString(lc.Rules[0].ID) != "team-logs" {
		t.Fatalf("the other rule was not kept: %+v %v", lc, err)
	}
}
