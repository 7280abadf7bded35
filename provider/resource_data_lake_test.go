package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go/middleware"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nexabrands/supplychain/internal/awsclient"
)

func lakePrefix() string {
	return "acc-" + acctest.RandStringFromCharSet(8, "abcdefghijklmnopqrstuvwxyz0123456789")
}

func lakeConfig(prefix, body string) string {
	return lakeProviderConfig() + fmt.Sprintf(`
resource "supplychain_data_lake" "test" {
  name_prefix = %q
%s
}
`, prefix, body)
}

func bucketNames(prefix string) []string {
	return []string{prefix + "-raw", prefix + "-code", prefix + "-transformed"}
}

// checkLakeGone verifies no bucket of the lake is left on the server.
func checkLakeGone(t *testing.T, names ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		c := testS3(t)
		for _, n := range names {
			if _, err := c.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(n)}); err == nil {
				return fmt.Errorf("bucket %s still exists after destroy", n)
			}
		}
		return nil
	}
}

// serverSettings reads a bucket's settings straight from the server with the SDK.
type serverSettings struct {
	versioning string
	sse        string
	kmsKey     string
	pab        s3types.PublicAccessBlockConfiguration
	pabMissing bool
	policy     string
	rules      map[string]s3types.LifecycleRule
	tags       map[string]string
}

func readServer(t *testing.T, bucket string) (serverSettings, error) {
	ctx := context.Background()
	c := testS3(t)
	var s serverSettings
	v, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(bucket)})
	if err != nil {
		return s, err
	}
	s.versioning = string(v.Status)
	if e, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(bucket)}); err == nil {
		d := e.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault
		s.sse, s.kmsKey = string(d.SSEAlgorithm), aws.ToString(d.KMSMasterKeyID)
	}
	if p, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)}); err == nil {
		s.pab = *p.PublicAccessBlockConfiguration
	} else {
		s.pabMissing = true
	}
	if p, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)}); err == nil {
		s.policy = aws.ToString(p.Policy)
	}
	s.rules = map[string]s3types.LifecycleRule{}
	if l, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(bucket)}); err == nil {
		for _, r := range l.Rules {
			s.rules[aws.ToString(r.ID)] = r
		}
	}
	s.tags = map[string]string{}
	if tg, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(bucket)}); err == nil {
		for _, tag := range tg.TagSet {
			s.tags[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
		}
	}
	return s, nil
}

// checkSecureDefaults checks every default setting on the server, for every bucket.
func checkSecureDefaults(t *testing.T, prefix string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for i, b := range bucketNames(prefix) {
			s, err := readServer(t, b)
			if err != nil {
				return fmt.Errorf("bucket %s: %w", b, err)
			}
			if s.versioning != "Enabled" {
				return fmt.Errorf("%s: versioning %q, want Enabled", b, s.versioning)
			}
			if s.sse != "AES256" {
				return fmt.Errorf("%s: default encryption %q, want AES256", b, s.sse)
			}
			p := s.pab
			if s.pabMissing || !aws.ToBool(p.BlockPublicAcls) || !aws.ToBool(p.BlockPublicPolicy) || !aws.ToBool(p.IgnorePublicAcls) || !aws.ToBool(p.RestrictPublicBuckets) {
				return fmt.Errorf("%s: public access block %+v, want all four on", b, p)
			}
			if !strings.Contains(s.policy, "DenyInsecureTransport") || !strings.Contains(s.policy, "aws:SecureTransport") {
				return fmt.Errorf("%s: policy %q lacks the TLS-only statement", b, s.policy)
			}
			if r, ok := s.rules["supplychain-noncurrent-expiration"]; !ok || aws.ToInt32(r.NoncurrentVersionExpiration.NoncurrentDays) != 30 {
				return fmt.Errorf("%s: noncurrent expiration rule %+v", b, s.rules)
			}
			if r, ok := s.rules["supplychain-abort-incomplete-multipart"]; !ok || aws.ToInt32(r.AbortIncompleteMultipartUpload.DaysAfterInitiation) != 7 {
				return fmt.Errorf("%s: abort multipart rule %+v", b, s.rules)
			}
			_, glacier := s.rules["supplychain-raw-to-glacier"]
			if glacier != (i == 0) {
				return fmt.Errorf("%s: GLACIER transition present=%v, want only on raw", b, glacier)
			}
			if i == 0 && aws.ToInt32(s.rules["supplychain-raw-to-glacier"].Transitions[0].Days) != 90 {
				return fmt.Errorf("%s: GLACIER after %d days, want 90", b, aws.ToInt32(s.rules["supplychain-raw-to-glacier"].Transitions[0].Days))
			}
			if s.tags["managed_by"] != "terraform" || s.tags["team"] != "data" {
				return fmt.Errorf("%s: tags %v, want default tag managed_by and own tag team", b, s.tags)
			}
		}
		return nil
	}
}

// TestAccDataLake_defaults creates a lake with defaults and checks every setting on the server,
// then changes settings out of band (drift), expects an update that restores them, deletes a
// bucket by hand and expects it back, imports the lake by prefix, and destroys it.
func TestAccDataLake_defaults(t *testing.T) {
	prefix := lakePrefix()
	names := bucketNames(prefix)
	cfg := lakeConfig(prefix, `  tags = { team = "data" }`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		CheckDestroy:             checkLakeGone(t, names...),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("supplychain_data_lake.test", plancheck.ResourceActionCreate),
					// Names and ARNs are known at plan time, so other resources can use them.
					plancheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("raw").AtMapKey("arn"),
						knownvalue.StringExact("arn:aws:s3:::"+names[0])),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("id"), knownvalue.StringExact(prefix)),
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("raw").AtMapKey("bucket"), knownvalue.StringExact(names[0])),
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("code").AtMapKey("bucket"), knownvalue.StringExact(names[1])),
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("transformed").AtMapKey("arn"), knownvalue.StringExact("arn:aws:s3:::"+names[2])),
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("versioning"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("tls_only"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("encryption").AtMapKey("sse_algorithm"), knownvalue.StringExact("AES256")),
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("tags_all"), knownvalue.MapExact(map[string]knownvalue.Check{
						"managed_by": knownvalue.StringExact("terraform"), "team": knownvalue.StringExact("data"),
					})),
				},
				Check: checkSecureDefaults(t, prefix),
			},
			{
				// Drift: versioning suspended on the code bucket, public access block removed
				// from the raw bucket, the TLS statement removed from the transformed bucket.
				PreConfig: func() {
					ctx := context.Background()
					c := testS3(t)
					mustDo(t, func() error {
						_, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(names[1]),
							VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusSuspended}})
						return err
					})
					mustDo(t, func() error {
						_, err := c.DeletePublicAccessBlock(ctx, &s3.DeletePublicAccessBlockInput{Bucket: aws.String(names[0])})
						return err
					})
					mustDo(t, func() error {
						_, err := c.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(names[2])})
						return err
					})
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("supplychain_data_lake.test", plancheck.ResourceActionUpdate),
				}},
				Check: checkSecureDefaults(t, prefix),
			},
			{
				// A bucket deleted by hand is created again by the next apply.
				PreConfig: func() {
					mustDo(t, func() error {
						_, err := testS3(t).DeleteBucket(context.Background(), &s3.DeleteBucketInput{Bucket: aws.String(names[2])})
						return err
					})
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("supplychain_data_lake.test", plancheck.ResourceActionUpdate),
				}},
				Check: checkSecureDefaults(t, prefix),
			},
			{
				ResourceName:            "supplychain_data_lake.test",
				ImportState:             true,
				ImportStateId:           prefix,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"force_destroy"},
			},
		},
	})
}

// TestAccDataLake_explicitNames names each bucket, imports the lake by the three names, and
// checks that renaming a bucket replaces the lake.
func TestAccDataLake_explicitNames(t *testing.T) {
	p := lakePrefix()
	names := []string{p + "-landing", p + "-scripts", p + "-curated"}
	cfg := func(raw string) string {
		return lakeProviderConfig() + fmt.Sprintf(`
resource "supplychain_data_lake" "test" {
  raw         = { bucket = %q }
  code        = { bucket = %q }
  transformed = { bucket = %q }
}
`, raw, names[1], names[2])
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		CheckDestroy:             checkLakeGone(t, append(names, p+"-landing2")...),
		Steps: []resource.TestStep{
			{
				Config: cfg(names[0]),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("id"), knownvalue.StringExact(strings.Join(names, ","))),
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("code").AtMapKey("arn"), knownvalue.StringExact("arn:aws:s3:::"+names[1])),
				},
			},
			{
				ResourceName:            "supplychain_data_lake.test",
				ImportState:             true,
				ImportStateId:           strings.Join(names, ","),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"force_destroy"},
			},
			{
				Config: cfg(p + "-landing2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("supplychain_data_lake.test", plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
}

func mustDo(t *testing.T, f func() error) {
	t.Helper()
	if err := f(); err != nil {
		t.Fatal(err)
	}
}

const testPolicy = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "EtlReadsRaw",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::123456789012:role/etl"},
    "Action": ["s3:GetObject", "s3:ListBucket"],
    "Resource": ["arn:aws:s3:::%[1]s-raw", "arn:aws:s3:::%[1]s-raw/*"]
  }]
}`

// TestAccDataLake_update changes every setting in place and checks each on the server.
func TestAccDataLake_update(t *testing.T) {
	prefix := lakePrefix()
	names := bucketNames(prefix)
	kmsKey := "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	changed := fmt.Sprintf(`
  versioning = false
  tls_only   = false
  encryption = {
    sse_algorithm      = "aws:kms"
    kms_key_arn        = %q
    bucket_key_enabled = true
  }
  public_access_block = {
    block_public_acls       = true
    block_public_policy     = false
    ignore_public_acls      = true
    restrict_public_buckets = false
  }
  lifecycle_policy = {
    raw_glacier_transition_days            = 180
    noncurrent_version_expiration_days     = 0
    abort_incomplete_multipart_upload_days = 3
  }
  raw = {
    policy = <<-EOT
%s
    EOT
  }
  tags = { team = "analytics", cost_centre = "cc-42" }
`, kmsKey, fmt.Sprintf(testPolicy, prefix))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		CheckDestroy:             checkLakeGone(t, names...),
		Steps: []resource.TestStep{
			{Config: lakeConfig(prefix, `  tags = { team = "data" }`), Check: checkSecureDefaults(t, prefix)},
			{
				Config: lakeConfig(prefix, changed),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("supplychain_data_lake.test", plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					for i, b := range names {
						s, err := readServer(t, b)
						if err != nil {
							return err
						}
						if s.versioning != "Suspended" {
							return fmt.Errorf("%s: versioning %q, want Suspended", b, s.versioning)
						}
						if s.sse != "aws:kms" || s.kmsKey != kmsKey {
							return fmt.Errorf("%s: encryption %q key %q", b, s.sse, s.kmsKey)
						}
						if !aws.ToBool(s.pab.BlockPublicAcls) || aws.ToBool(s.pab.BlockPublicPolicy) || !aws.ToBool(s.pab.IgnorePublicAcls) || aws.ToBool(s.pab.RestrictPublicBuckets) {
							return fmt.Errorf("%s: public access block %+v", b, s.pab)
						}
						if strings.Contains(s.policy, "DenyInsecureTransport") {
							return fmt.Errorf("%s: TLS statement still present", b)
						}
						if (i == 0) != strings.Contains(s.policy, "EtlReadsRaw") {
							return fmt.Errorf("%s: user policy %q (wanted only on raw)", b, s.policy)
						}
						if _, ok := s.rules["supplychain-noncurrent-expiration"]; ok {
							return fmt.Errorf("%s: noncurrent rule still present", b)
						}
						if r := s.rules["supplychain-abort-incomplete-multipart"]; r.AbortIncompleteMultipartUpload == nil || aws.ToInt32(r.AbortIncompleteMultipartUpload.DaysAfterInitiation) != 3 {
							return fmt.Errorf("%s: abort multipart %+v", b, r)
						}
						if i == 0 && aws.ToInt32(s.rules["supplychain-raw-to-glacier"].Transitions[0].Days) != 180 {
							return fmt.Errorf("%s: glacier rule %+v", b, s.rules)
						}
						if s.tags["team"] != "analytics" || s.tags["cost_centre"] != "cc-42" || s.tags["managed_by"] != "terraform" {
							return fmt.Errorf("%s: tags %v", b, s.tags)
						}
					}
					return nil
				},
			},
			{
				// The same policy written differently is the same policy: no diff.
				Config:           lakeConfig(prefix, strings.Replace(changed, `["s3:GetObject", "s3:ListBucket"]`, `["s3:ListBucket","s3:GetObject"]`, 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// And back to the secure defaults.
				Config: lakeConfig(prefix, `  tags = { team = "data" }`),
				Check:  checkSecureDefaults(t, prefix),
			},
		},
	})
}

// TestAccDataLake_forceDestroy: destroying a lake whose buckets hold object versions is refused
// without force_destroy and deletes nothing; with it, every version and delete marker goes.
func TestAccDataLake_forceDestroy(t *testing.T) {
	prefix := lakePrefix()
	names := bucketNames(prefix)
	putObjects := func(*terraform.State) error {
		ctx := context.Background()
		c := testS3(t)
		for i := 0; i < 3; i++ {
			if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(names[0]), Key: aws.String("orders/orders.csv"),
				Body: strings.NewReader(fmt.Sprint("order_id\n", i))}); err != nil {
				return err
			}
		}
		_, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(names[0]), Key: aws.String("orders/orders.csv")})
		return err
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		CheckDestroy:             checkLakeGone(t, names...),
		Steps: []resource.TestStep{
			{Config: lakeConfig(prefix, ""), Check: putObjects},
			{
				Config:      lakeConfig(prefix, ""),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Refusing to delete buckets that hold objects:.*` + names[0] + `.*delete\s+markers:\s+4\)`),
			},
			{
				// Nothing was deleted by the refused destroy.
				Config: lakeConfig(prefix, "  force_destroy = true"),
				Check: func(*terraform.State) error {
					for _, b := range names {
						if _, err := readServer(t, b); err != nil {
							return fmt.Errorf("bucket %s gone after a refused destroy: %w", b, err)
						}
					}
					return nil
				},
			},
		},
	})
}

// TestAccDataLake_invalidNames: bad names are rejected by `terraform validate`/plan, before any
// request is made.
func TestAccDataLake_invalidNames(t *testing.T) {
	cases := map[string]struct{ body, err string }{
		"uppercase prefix": {`name_prefix = "Nexabrands"`, `Invalid bucket name prefix`},
		"prefix too long":  {`name_prefix = "` + strings.Repeat("a", 52) + `"`, `-transformed", which\s+must be 3 to 63`},
		"underscore name": {`
  raw         = { bucket = "lake_raw" }
  code        = { bucket = "lake-code" }
  transformed = { bucket = "lake-transformed" }`, `may contain only lowercase\s+letters`},
		"missing names": {`raw = { bucket = "lake-raw" }`, `Missing bucket name`},
		"duplicate names": {`
  raw         = { bucket = "lake-a" }
  code        = { bucket = "lake-a" }
  transformed = { bucket = "lake-b" }`, `would both be named "lake-a"`},
		"kms key without kms": {`name_prefix = "lake"
  encryption = { sse_algorithm = "AES256", kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/abc" }`, `KMS key without KMS encryption`},
		"bad policy": {`name_prefix = "lake"
  raw = { policy = "{\"Statement\": 3}" }`, `Invalid policy document`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Factories(),
				Steps: []resource.TestStep{{
					Config:      lakeProviderConfig() + "resource \"supplychain_data_lake\" \"test\" {\n" + c.body + "\n}\n",
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(c.err),
				}},
			})
		})
	}
}

// TestAccDataLake_unsupportedSettingResumes: the stand-in does not implement object ownership.
// Create fails after the buckets exist with a diagnostic naming the setting and the endpoint;
// the buckets stay in state (not orphaned), and the next apply without the setting finishes.
func TestAccDataLake_unsupportedSettingResumes(t *testing.T) {
	prefix := lakePrefix()
	names := bucketNames(prefix)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		CheckDestroy:             checkLakeGone(t, names...),
		Steps: []resource.TestStep{
			{
				Config:      lakeConfig(prefix, `  object_ownership = "BucketOwnerEnforced"`),
				ExpectError: regexp.MustCompile(`(?s)` + regexp.QuoteMeta(testAWS().URL) + `\s+does\s+not\s+implement\s+object_ownership`),
			},
			{
				Config: lakeConfig(prefix, `  tags = { team = "data" }`),
				Check:  checkSecureDefaults(t, prefix),
			},
		},
	})
}

// refreshCounter counts S3 requests per bucket with an SDK middleware installed in the provider.
type refreshCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *refreshCounter) hook(cfg *awsclient.Config) {
	cfg.APIOptions = append(cfg.APIOptions, func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("countPerBucket",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				c.mu.Lock()
				c.counts[inputBucket(in.Parameters)]++
				c.mu.Unlock()
				return next.HandleInitialize(ctx, in)
			}), middleware.After)
	})
}

func inputBucket(p any) string {
	switch v := p.(type) {
	case *s3.GetBucketVersioningInput:
		return aws.ToString(v.Bucket)
	case *s3.GetBucketEncryptionInput:
		return aws.ToString(v.Bucket)
	case *s3.GetPublicAccessBlockInput:
		return aws.ToString(v.Bucket)
	case *s3.GetBucketPolicyInput:
		return aws.ToString(v.Bucket)
	case *s3.GetBucketLifecycleConfigurationInput:
		return aws.ToString(v.Bucket)
	case *s3.GetBucketTaggingInput:
		return aws.ToString(v.Bucket)
	case *s3.GetBucketOwnershipControlsInput:
		return aws.ToString(v.Bucket)
	}
	return fmt.Sprintf("%T", p)
}

// TestAccDataLake_refreshRequests counts the S3 requests of one `terraform refresh` of a lake
// through the real CLI, per bucket. The goal is at most 8 per bucket.
func TestAccDataLake_refreshRequests(t *testing.T) {
	prefix := lakePrefix()
	names := bucketNames(prefix)
	counter := &refreshCounter{counts: map[string]int{}}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(WithAWSConfigHook(counter.hook)),
		CheckDestroy:             checkLakeGone(t, names...),
		Steps: []resource.TestStep{
			{Config: lakeConfig(prefix, "")},
			{
				PreConfig: func() {
					counter.mu.Lock()
					counter.counts = map[string]int{}
					counter.mu.Unlock()
				},
				RefreshState: true,
				Check: func(*terraform.State) error {
					counter.mu.Lock()
					defer counter.mu.Unlock()
					t.Logf("S3 requests of one refresh, per bucket: %v", counter.counts)
					for _, b := range names {
						if n := counter.counts[b]; n == 0 || n > 8 {
							return fmt.Errorf("bucket %s: %d requests in one refresh, want 1..8 (%v)", b, n, counter.counts)
						}
					}
					return nil
				},
			},
		},
	})
}
