package provider_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go/middleware"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/provider"
	"github.com/nexabrands/supplychain/provider/internal/acctest"
)

// lakePrefix is a fresh name prefix for a lake on the S3 stand-in; the lake's buckets are
// deleted when the test ends, whatever the test left.
func lakePrefix(t *testing.T) string {
	p := acctest.RandomName("acc")
	acctest.DeleteBucketsAtCleanup(t, bucketNames(p)...)
	return p
}

func lakeConfig(t *testing.T, prefix, body string) string {
	return acctest.AWSProviderConfig(t, "") + fmt.Sprintf(`
resource "supplychain_data_lake" "test" {
  name_prefix = %q
%s
}
`, prefix, body)
}

func bucketNames(prefix string) []string {
	return []string{prefix + "-raw", prefix + "-code", prefix + "-transformed"}
}

// checkSecureDefaults checks every default setting on the server, for every bucket.
func checkSecureDefaults(t *testing.T, prefix string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for i, b := range bucketNames(prefix) {
			s, err := acctest.ReadBucket(t, b)
			if err != nil {
				return fmt.Errorf("bucket %s: %w", b, err)
			}
			if s.Versioning != "Enabled" {
				return fmt.Errorf("%s: versioning %q, want Enabled", b, s.Versioning)
			}
			if s.SSE != "AES256" {
				return fmt.Errorf("%s: default encryption %q, want AES256", b, s.SSE)
			}
			p := s.PublicAccessBlock
			if s.NoPublicAccess || !aws.ToBool(p.BlockPublicAcls) || !aws.ToBool(p.BlockPublicPolicy) || !aws.ToBool(p.IgnorePublicAcls) || !aws.ToBool(p.RestrictPublicBuckets) {
				return fmt.Errorf("%s: public access block %+v, want all four on", b, p)
			}
			if !strings.Contains(s.Policy, "DenyInsecureTransport") || !strings.Contains(s.Policy, "aws:SecureTransport") {
				return fmt.Errorf("%s: policy %q lacks the TLS-only statement", b, s.Policy)
			}
			if r, ok := s.Rules["supplychain-noncurrent-expiration"]; !ok || aws.ToInt32(r.NoncurrentVersionExpiration.NoncurrentDays) != 30 {
				return fmt.Errorf("%s: noncurrent expiration rule %+v", b, s.Rules)
			}
			if r, ok := s.Rules["supplychain-abort-incomplete-multipart"]; !ok || aws.ToInt32(r.AbortIncompleteMultipartUpload.DaysAfterInitiation) != 7 {
				return fmt.Errorf("%s: abort multipart rule %+v", b, s.Rules)
			}
			_, glacier := s.Rules["supplychain-raw-to-glacier"]
			if glacier != (i == 0) {
				return fmt.Errorf("%s: GLACIER transition present=%v, want only on raw", b, glacier)
			}
			if i == 0 && aws.ToInt32(s.Rules["supplychain-raw-to-glacier"].Transitions[0].Days) != 90 {
				return fmt.Errorf("%s: GLACIER after %d days, want 90", b, aws.ToInt32(s.Rules["supplychain-raw-to-glacier"].Transitions[0].Days))
			}
			if s.Tags["managed_by"] != "terraform" || s.Tags["team"] != "data" {
				return fmt.Errorf("%s: tags %v, want default tag managed_by and own tag team", b, s.Tags)
			}
		}
		return nil
	}
}

// TestAccDataLake_defaults creates a lake with defaults and checks every setting on the server,
// then changes settings out of band (drift), expects an update that restores them, deletes a
// bucket by hand and expects it back, imports the lake by prefix, and destroys it.
func TestAccDataLake_defaults(t *testing.T) {
	prefix := lakePrefix(t)
	names := bucketNames(prefix)
	cfg := lakeConfig(t, prefix, `  tags = { team = "data" }`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy:             acctest.CheckBucketsGone(t, names...),
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
					c := acctest.S3Client(t)
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
						_, err := acctest.S3Client(t).DeleteBucket(context.Background(), &s3.DeleteBucketInput{Bucket: aws.String(names[2])})
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
			{
				// By the three names: the same state as by prefix.
				ResourceName:            "supplychain_data_lake.test",
				ImportState:             true,
				ImportStateId:           strings.Join(names, ","),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"force_destroy"},
			},
			{
				// An import block by the three names plans nothing at all.
				Config:          cfg,
				ResourceName:    "supplychain_data_lake.test",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   strings.Join(names, ","),
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

// TestAccDataLake_explicitNames names each bucket, imports the lake by the three names, and
// checks that renaming a bucket replaces the lake.
func TestAccDataLake_explicitNames(t *testing.T) {
	p := lakePrefix(t)
	names := []string{p + "-landing", p + "-scripts", p + "-curated"}
	acctest.DeleteBucketsAtCleanup(t, append(names, p+"-landing2")...)
	cfg := func(raw string) string {
		return acctest.AWSProviderConfig(t, "") + fmt.Sprintf(`
resource "supplychain_data_lake" "test" {
  raw         = { bucket = %q }
  code        = { bucket = %q }
  transformed = { bucket = %q }
}
`, raw, names[1], names[2])
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy:             acctest.CheckBucketsGone(t, append(names, p+"-landing2")...),
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
	prefix := lakePrefix(t)
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
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy:             acctest.CheckBucketsGone(t, names...),
		Steps: []resource.TestStep{
			{Config: lakeConfig(t, prefix, `  tags = { team = "data" }`), Check: checkSecureDefaults(t, prefix)},
			{
				Config: lakeConfig(t, prefix, changed),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("supplychain_data_lake.test", plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					for i, b := range names {
						s, err := acctest.ReadBucket(t, b)
						if err != nil {
							return err
						}
						if s.Versioning != "Suspended" {
							return fmt.Errorf("%s: versioning %q, want Suspended", b, s.Versioning)
						}
						if s.SSE != "aws:kms" || s.KMSKey != kmsKey {
							return fmt.Errorf("%s: encryption %q key %q", b, s.SSE, s.KMSKey)
						}
						if !aws.ToBool(s.PublicAccessBlock.BlockPublicAcls) || aws.ToBool(s.PublicAccessBlock.BlockPublicPolicy) || !aws.ToBool(s.PublicAccessBlock.IgnorePublicAcls) || aws.ToBool(s.PublicAccessBlock.RestrictPublicBuckets) {
							return fmt.Errorf("%s: public access block %+v", b, s.PublicAccessBlock)
						}
						if strings.Contains(s.Policy, "DenyInsecureTransport") {
							return fmt.Errorf("%s: TLS statement still present", b)
						}
						if (i == 0) != strings.Contains(s.Policy, "EtlReadsRaw") {
							return fmt.Errorf("%s: user policy %q (wanted only on raw)", b, s.Policy)
						}
						if _, ok := s.Rules["supplychain-noncurrent-expiration"]; ok {
							return fmt.Errorf("%s: noncurrent rule still present", b)
						}
						if r := s.Rules["supplychain-abort-incomplete-multipart"]; r.AbortIncompleteMultipartUpload == nil || aws.ToInt32(r.AbortIncompleteMultipartUpload.DaysAfterInitiation) != 3 {
							return fmt.Errorf("%s: abort multipart %+v", b, r)
						}
						if i == 0 && aws.ToInt32(s.Rules["supplychain-raw-to-glacier"].Transitions[0].Days) != 180 {
							return fmt.Errorf("%s: glacier rule %+v", b, s.Rules)
						}
						if s.Tags["team"] != "analytics" || s.Tags["cost_centre"] != "cc-42" || s.Tags["managed_by"] != "terraform" {
							return fmt.Errorf("%s: tags %v", b, s.Tags)
						}
					}
					return nil
				},
			},
			{
				// The same policy written differently is the same policy: no diff.
				Config:           lakeConfig(t, prefix, strings.Replace(changed, `["s3:GetObject", "s3:ListBucket"]`, `["s3:ListBucket","s3:GetObject"]`, 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// And back to the secure defaults.
				Config: lakeConfig(t, prefix, `  tags = { team = "data" }`),
				Check:  checkSecureDefaults(t, prefix),
			},
		},
	})
}

// TestAccDataLake_forceDestroy: destroying a lake whose buckets hold object versions is refused
// without force_destroy and deletes nothing; with it, every version and delete marker goes.
func TestAccDataLake_forceDestroy(t *testing.T) {
	prefix := lakePrefix(t)
	names := bucketNames(prefix)
	putObjects := func(*terraform.State) error {
		ctx := context.Background()
		c := acctest.S3Client(t)
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
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy:             acctest.CheckBucketsGone(t, names...),
		Steps: []resource.TestStep{
			{Config: lakeConfig(t, prefix, ""), Check: putObjects},
			{
				Config:      lakeConfig(t, prefix, ""),
				Destroy:     true,
				ExpectError: acctest.ErrorMatching(`(?s)Refusing to delete buckets that hold objects:.*` + names[0] + `.*delete\s+markers:\s+4\)`),
			},
			{
				// Nothing was deleted by the refused destroy.
				Config: lakeConfig(t, prefix, "  force_destroy = true"),
				Check: func(*terraform.State) error {
					for _, b := range names {
						if _, err := acctest.ReadBucket(t, b); err != nil {
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
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config:      acctest.AWSProviderConfig(t, "") + "resource \"supplychain_data_lake\" \"test\" {\n" + c.body + "\n}\n",
					PlanOnly:    true,
					ExpectError: acctest.ErrorMatching(c.err),
				}},
			})
		})
	}
}

// TestAccDataLake_unsupportedSettingResumes: the stand-in does not implement object ownership.
// The create stops on the raw bucket after its versioning, encryption and public access block;
// it is reported as a warning (an error would taint the lake, and a tainted lake is replaced),
// the lake is saved untainted with what the raw bucket really has, and the next apply without
// the setting is an in-place update that creates the other buckets and finishes every setting.
func TestAccDataLake_unsupportedSettingResumes(t *testing.T) {
	prefix := lakePrefix(t)
	names := bucketNames(prefix)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy:             acctest.CheckBucketsGone(t, names...),
		Steps: []resource.TestStep{
			{
				Config:             lakeConfig(t, prefix, `  object_ownership = "BucketOwnerEnforced"`),
				ExpectNonEmptyPlan: true,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("raw").AtMapKey("applied").AtMapKey("versioning"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("raw").AtMapKey("applied").AtMapKey("tls_only"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("code").AtMapKey("applied"), knownvalue.Null()),
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("transformed").AtMapKey("applied"), knownvalue.Null()),
				},
				Check: checkNotTainted("supplychain_data_lake.test"),
			},
			{
				Config: lakeConfig(t, prefix, `  tags = { team = "data" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("supplychain_data_lake.test", plancheck.ResourceActionUpdate),
				}},
				Check: checkSecureDefaults(t, prefix),
			},
		},
	})
}

// checkNotTainted fails when the resource is tainted in state.
func checkNotTainted(addr string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		if rs.Primary.Tainted {
			return fmt.Errorf("%s is tainted: the next plan would replace it", addr)
		}
		return nil
	}
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
// through the real CLI, per bucket: exactly six each (the README's figure), and no others.
func TestAccDataLake_refreshRequests(t *testing.T) {
	prefix := lakePrefix(t)
	names := bucketNames(prefix)
	counter := &refreshCounter{counts: map[string]int{}}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t, provider.WithAWSConfigHook(counter.hook)),
		CheckDestroy:             acctest.CheckBucketsGone(t, names...),
		Steps: []resource.TestStep{
			{Config: lakeConfig(t, prefix, "")},
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
						if n := counter.counts[b]; n != 6 {
							return fmt.Errorf("bucket %s: %d requests in one refresh, want 6 (%v)", b, n, counter.counts)
						}
					}
					if len(counter.counts) != len(names) {
						return fmt.Errorf("requests beyond the lake's buckets in one refresh: %v", counter.counts)
					}
					return nil
				},
			},
		},
	})
}

// lakeConfigAt is lakeConfig with the provider's S3 endpoint at url (a forwarder).
func lakeConfigAt(t *testing.T, url, prefix, body string) string {
	return strings.Replace(lakeConfig(t, prefix, body), acctest.S3Endpoint(t), url, 1)
}

// TestAccDataLake_secondStackRefused: a second lake with the same name_prefix (a copied stack)
// must not adopt the first lake's buckets: its create fails naming terraform import, and sends
// nothing to those buckets but a HeadBucket.
func TestAccDataLake_secondStackRefused(t *testing.T) {
	prefix := lakePrefix(t)
	names := bucketNames(prefix)
	fwd := newS3Forwarder(t)
	first := lakeConfigAt(t, fwd.URL, prefix, `  tags = { team = "data" }`)
	second := first + fmt.Sprintf(`
resource "supplychain_data_lake" "copy" {
  name_prefix   = %q
  force_destroy = true
}
`, prefix)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy:             acctest.CheckBucketsGone(t, names...),
		Steps: []resource.TestStep{
			{Config: first},
			{
				PreConfig:   fwd.resetLog,
				Config:      second,
				ExpectError: acctest.ErrorMatching(`(?s)bucket\s+` + names[0] + `\s+already\s+exists.*terraform\s+import`),
			},
			{
				PreConfig: func() {
					for _, c := range fwd.calls() {
						if strings.HasPrefix(c.Bucket, prefix+"-") && !strings.HasPrefix(c.Op, "Get") && c.Op != "HeadBucket" {
							t.Errorf("the refused create sent %s to the first lake's bucket", c)
						}
					}
				},
				Config: first,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: checkSecureDefaults(t, prefix),
			},
		},
	})
}

// TestAccDataLake_driftOnOneBucket: versioning suspended on the transformed bucket only. Each
// refresh records it (it shows on every refresh, not every other), the plan after a refresh is
// an in-place update naming that bucket, and the apply turns versioning back on.
func TestAccDataLake_driftOnOneBucket(t *testing.T) {
	prefix := lakePrefix(t)
	names := bucketNames(prefix)
	cfg := lakeConfig(t, prefix, `  tags = { team = "data" }`)
	update := []plancheck.PlanCheck{
		plancheck.ExpectResourceAction("supplychain_data_lake.test", plancheck.ResourceActionUpdate),
		plancheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("transformed").AtMapKey("applied").AtMapKey("versioning"), knownvalue.Bool(true)),
	}
	recorded := resource.TestCheckResourceAttr("supplychain_data_lake.test", "transformed.applied.versioning", "false")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy:             acctest.CheckBucketsGone(t, names...),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					mustDo(t, func() error {
						_, err := acctest.S3Client(t).PutBucketVersioning(context.Background(), &s3.PutBucketVersioningInput{Bucket: aws.String(names[2]),
							VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusSuspended}})
						return err
					})
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				RefreshPlanChecks:  resource.RefreshPlanChecks{PostRefresh: update},
				Check:              recorded,
			},
			{
				// A second refresh still sees it.
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				RefreshPlanChecks:  resource.RefreshPlanChecks{PostRefresh: update},
				Check:              recorded,
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: update},
				Check:            checkSecureDefaults(t, prefix),
			},
		},
	})
}

// TestAccDataLake_updateCutHalfWay: a tag change whose PutBucketTagging fails on the code bucket
// (every attempt) stops the update; the next apply is an update again and tags every bucket.
func TestAccDataLake_updateCutHalfWay(t *testing.T) {
	prefix := lakePrefix(t)
	names := bucketNames(prefix)
	fwd := newS3Forwarder(t)
	newTags := lakeConfigAt(t, fwd.URL, prefix, `  tags = { team = "analytics" }`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy:             acctest.CheckBucketsGone(t, names...),
		Steps: []resource.TestStep{
			{Config: lakeConfigAt(t, fwd.URL, prefix, `  tags = { team = "data" }`)},
			{
				PreConfig:   func() { fwd.fault(failRequest, -1, is("PutBucketTagging", names[1])) },
				Config:      newTags,
				ExpectError: acctest.ErrorMatching(`(?s)updating data lake.*PutBucketTagging of bucket ` + names[1]),
			},
			{
				PreConfig: fwd.clear,
				Config:    newTags,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("supplychain_data_lake.test", plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					for _, b := range names {
						s, err := acctest.ReadBucket(t, b)
						if err != nil {
							return err
						}
						if s.Tags["team"] != "analytics" {
							return fmt.Errorf("%s: tags %v after the re-apply, want team=analytics", b, s.Tags)
						}
					}
					return nil
				},
			},
		},
	})
}

// TestAccDataLake_createCutHalfWayResumes: the S3 server dies right after it turned versioning
// on for the transformed bucket (its answer is lost, and every later request fails until it is
// back). The create is reported incomplete and the lake is saved untainted; an object lands in
// the raw bucket; the re-apply is an in-place update that loses no data and leaves every setting
// of every bucket on the server.
func TestAccDataLake_createCutHalfWayResumes(t *testing.T) {
	prefix := lakePrefix(t)
	names := bucketNames(prefix)
	fwd := newS3Forwarder(t)
	cfg := lakeConfigAt(t, fwd.URL, prefix, `  tags = { team = "data" }`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy:             acctest.CheckBucketsGone(t, names...),
		Steps: []resource.TestStep{
			{
				PreConfig:          func() { fwd.fault(dropThenDown, 1, is("PutBucketVersioning", names[2])) },
				Config:             cfg,
				ExpectNonEmptyPlan: true,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("code").AtMapKey("applied").AtMapKey("tls_only"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("supplychain_data_lake.test", tfjsonpath.New("transformed").AtMapKey("applied").AtMapKey("tls_only"), knownvalue.Bool(false)),
				},
				Check: func(s *terraform.State) error {
					fwd.clear() // the server is back before the plan that follows the apply
					return checkNotTainted("supplychain_data_lake.test")(s)
				},
			},
			{
				PreConfig: func() {
					mustDo(t, func() error {
						_, err := acctest.S3Client(t).PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(names[0]),
							Key: aws.String("orders/orders.csv"), Body: strings.NewReader("order_id\n1\n")})
						return err
					})
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("supplychain_data_lake.test", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(checkSecureDefaults(t, prefix), func(*terraform.State) error {
					_, err := acctest.S3Client(t).HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(names[0]), Key: aws.String("orders/orders.csv")})
					return err
				}),
			},
			{Config: lakeConfigAt(t, fwd.URL, prefix, "  tags = { team = \"data\" }\n  force_destroy = true")},
		},
	})
}

// TestAccDataLake_createOrder: every security setting of a bucket is applied before the next
// bucket is created (order seen by a forwarder), after all three names were checked free.
func TestAccDataLake_createOrder(t *testing.T) {
	prefix := lakePrefix(t)
	names := bucketNames(prefix)
	fwd := newS3Forwarder(t)
	security := []string{"PutBucketVersioning", "PutBucketEncryption", "PutPublicAccessBlock", "PutBucketPolicy", "PutBucketLifecycleConfiguration"}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy:             acctest.CheckBucketsGone(t, names...),
		Steps: []resource.TestStep{{
			PreConfig: fwd.resetLog,
			Config:    lakeConfigAt(t, fwd.URL, prefix, ""),
			Check: func(*terraform.State) error {
				var seq []string
				for _, c := range fwd.calls() {
					if strings.HasPrefix(c.Op, "Put") || c.Op == "CreateBucket" || c.Op == "HeadBucket" {
						seq = append(seq, c.String())
					}
				}
				var want []string
				for _, b := range names {
					want = append(want, "HeadBucket "+b)
				}
				for _, b := range names {
					want = append(want, "CreateBucket "+b)
					for _, op := range security {
						want = append(want, op+" "+b)
					}
					want = append(want, "PutBucketTagging "+b)
				}
				if strings.Join(seq, "\n") != strings.Join(want, "\n") {
					return fmt.Errorf("requests of the create:\n%s\n\nwant:\n%s", strings.Join(seq, "\n"), strings.Join(want, "\n"))
				}
				return nil
			},
		}},
	})
}

// TestAccDataLake_refusedDestroyCountFails: when counting the objects of a bucket that holds
// some fails, the refused destroy says so and ends with the listing error (it printed 0).
func TestAccDataLake_refusedDestroyCountFails(t *testing.T) {
	prefix := lakePrefix(t)
	names := bucketNames(prefix)
	fwd := newS3Forwarder(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy:             acctest.CheckBucketsGone(t, names...),
		Steps: []resource.TestStep{
			{
				Config: lakeConfigAt(t, fwd.URL, prefix, ""),
				Check: func(*terraform.State) error {
					_, err := acctest.S3Client(t).PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(names[0]),
						Key: aws.String("orders/orders.csv"), Body: strings.NewReader("order_id\n1\n")})
					return err
				},
			},
			{
				// HasObjects lists one key; the count lists all: only the count fails.
				PreConfig: func() {
					fwd.fault(failRequest, -1, func(c s3Call) bool {
						return c.Op == "ListObjectVersions" && c.Bucket == names[0] && c.Query.Get("max-keys") != "1"
					})
				},
				Config:      lakeConfigAt(t, fwd.URL, prefix, ""),
				Destroy:     true,
				ExpectError: acctest.ErrorMatching(`(?s)` + names[0] + `\s+holds\s+objects;\s+counting\s+them\s+failed.*ListObjectVersions.*InternalError`),
			},
			{
				PreConfig: fwd.clear,
				Config:    lakeConfigAt(t, fwd.URL, prefix, "  force_destroy = true"),
			},
		},
	})
}

// TestDataLakeUpgradeStateFromV0 upgrades a version 0 state (no per-bucket settings; an empty
// ARN marked a missing bucket): every bucket gets `applied` from the lake-wide settings, the
// missing one none and its ARN back, and explicit names that share a prefix get name_prefix
// and id as version 1 plans them.
func TestDataLakeUpgradeStateFromV0(t *testing.T) {
	srv, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	v0 := `{
  "id": "up-raw,up-code,up-transformed", "name_prefix": null, "force_destroy": false,
  "raw": {"bucket": "up-raw", "arn": "arn:aws:s3:::up-raw", "policy": null},
  "code": {"bucket": "up-code", "arn": "arn:aws:s3:::up-code", "policy": null},
  "transformed": {"bucket": "up-transformed", "arn": "", "policy": null},
  "versioning": false, "tls_only": true, "object_ownership": null,
  "encryption": {"sse_algorithm": "AES256", "kms_key_arn": null, "bucket_key_enabled": false},
  "public_access_block": {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true},
  "lifecycle_policy": {"raw_glacier_transition_days": 90, "noncurrent_version_expiration_days": 30, "abort_incomplete_multipart_upload_days": 7},
  "tags": {"team": "data"}, "tags_all": {"team": "data"}
}`
	resp, err := srv.UpgradeResourceState(context.Background(), &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "supplychain_data_lake", Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(v0)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Fatalf("upgrade diagnostic: %s: %s", d.Summary, d.Detail)
	}
	sch, err := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	lakeSchema := sch.ResourceSchemas["supplychain_data_lake"]
	if lakeSchema.Version != 1 {
		t.Fatalf("schema version %d, want 1", lakeSchema.Version)
	}
	raw, err := resp.UpgradedState.Unmarshal(lakeSchema.ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]tftypes.Value
	if err := raw.As(&m); err != nil {
		t.Fatal(err)
	}
	str := func(v tftypes.Value) string {
		var s string
		if v.IsNull() {
			return "<null>"
		}
		if err := v.As(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got := str(m["name_prefix"]); got != "up" {
		t.Errorf("name_prefix = %s, want up", got)
	}
	if got := str(m["id"]); got != "up" {
		t.Errorf("id = %s, want up", got)
	}
	for role, wantApplied := range map[string]bool{"raw": true, "code": true, "transformed": false} {
		var b map[string]tftypes.Value
		if err := m[role].As(&b); err != nil {
			t.Fatal(err)
		}
		if got := str(b["arn"]); got != "arn:aws:s3:::up-"+role {
			t.Errorf("%s.arn = %s", role, got)
		}
		if b["applied"].IsNull() == wantApplied {
			t.Errorf("%s.applied null = %v, want %v", role, b["applied"].IsNull(), !wantApplied)
			continue
		}
		if !wantApplied {
			continue
		}
		var a map[string]tftypes.Value
		if err := b["applied"].As(&a); err != nil {
			t.Fatal(err)
		}
		var versioning, tls bool
		if err := a["versioning"].As(&versioning); err != nil {
			t.Fatal(err)
		}
		if err := a["tls_only"].As(&tls); err != nil {
			t.Fatal(err)
		}
		if versioning || !tls {
			t.Errorf("%s.applied versioning=%v tls_only=%v, want the v0 lake-wide false/true", role, versioning, tls)
		}
	}
}

// TestAccDataLake_createAnswerLost: S3 creates the code bucket but its answer is lost; the SDK's
// retry gets BucketAlreadyOwnedByYou. The bucket was absent a moment before (HeadBucket), so it
// is this create's own and the create goes on: one apply, every setting, an empty plan after.
func TestAccDataLake_createAnswerLost(t *testing.T) {
	prefix := lakePrefix(t)
	names := bucketNames(prefix)
	fwd := newS3Forwarder(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy:             acctest.CheckBucketsGone(t, names...),
		Steps: []resource.TestStep{{
			PreConfig: func() { fwd.fault(dropAnswer, 1, is("CreateBucket", names[1])) },
			Config:    lakeConfigAt(t, fwd.URL, prefix, `  tags = { team = "data" }`),
			Check: resource.ComposeTestCheckFunc(checkSecureDefaults(t, prefix), func(*terraform.State) error {
				n := 0
				for _, c := range fwd.calls() {
					if c.Op == "CreateBucket" && c.Bucket == names[1] {
						n++
					}
				}
				if n < 2 {
					return fmt.Errorf("CreateBucket %s sent %d times; the lost answer was not retried", names[1], n)
				}
				return nil
			}),
		}},
	})
}

// lakeFinished is the postcondition the README offers to make an apply fail when a create stops
// half-way: Terraform checks postconditions after it has decided on tainting, so the lake stays
// untainted and the next apply updates it in place.
const lakeFinished = `
  lifecycle {
    postcondition {
      condition = alltrue([for b in [self.raw, self.code, self.transformed] :
        b.applied == null ? false : (b.applied.versioning == self.versioning && b.applied.tls_only == self.tls_only &&
        b.applied.encryption == self.encryption && b.applied.public_access_block == self.public_access_block)])
      error_message = "The data lake is not finished: apply again."
    }
  }`

// TestAccDataLake_postconditionFailsIncompleteCreate: with the README's postcondition, a create
// that stops half-way fails the apply, and the lake is still not tainted: the re-apply is an
// in-place update that finishes every bucket.
func TestAccDataLake_postconditionFailsIncompleteCreate(t *testing.T) {
	prefix := lakePrefix(t)
	names := bucketNames(prefix)
	fwd := newS3Forwarder(t)
	cfg := lakeConfigAt(t, fwd.URL, prefix, `  tags = { team = "data" }`+lakeFinished)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy:             acctest.CheckBucketsGone(t, names...),
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { fwd.fault(failRequest, -1, is("PutPublicAccessBlock", names[1])) },
				Config:      cfg,
				ExpectError: acctest.ErrorMatching(`The data lake is not finished: apply again`),
			},
			{
				PreConfig: fwd.clear,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("supplychain_data_lake.test", plancheck.ResourceActionUpdate),
				}},
				Check: checkSecureDefaults(t, prefix),
			},
		},
	})
}
