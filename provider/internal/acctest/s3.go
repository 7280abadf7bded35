package acctest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

// S3Endpoint is the URL of the S3 stand-in, started on first use.
func S3Endpoint(t testing.TB) string {
	t.Helper()
	return awsServer(t).URL
}

// AWSProviderConfig is a provider block on the S3 stand-in with the default tag
// managed_by = "terraform"; a non-empty glueEndpoint points Glue there too.
func AWSProviderConfig(t testing.TB, glueEndpoint string) string {
	t.Helper()
	endpoints := fmt.Sprintf("    s3 = %q\n", S3Endpoint(t))
	if glueEndpoint != "" {
		endpoints = fmt.Sprintf("    s3   = %q\n    glue = %q\n", S3Endpoint(t), glueEndpoint)
	}
	return fmt.Sprintf(`
provider "supplychain" {
  region            = %q
  access_key        = %q
  secret_key        = %q
  s3_use_path_style = true
  endpoints {
%s  }
  default_tags {
    tags = {
      managed_by = "terraform"
    }
  }
}
`, localenv.Region, localenv.AccessKey, localenv.SecretKey, endpoints)
}

// S3Client is an SDK client on the stand-in, to look at what the provider did on the server.
func S3Client(t testing.TB) *s3.Client {
	t.Helper()
	cfg := awsclient.Config{Region: localenv.Region, AccessKey: localenv.AccessKey, SecretKey: localenv.SecretKey,
		Endpoints: awsclient.Endpoints{S3: S3Endpoint(t)}, S3UsePathStyle: true}
	awsCfg, err := cfg.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return cfg.S3(awsCfg)
}

// DeleteBucketsAtCleanup deletes the buckets, with every object version and delete marker,
// when the test ends: what a failed or interrupted test created does not outlive it. A bucket
// that is already gone is no error.
func DeleteBucketsAtCleanup(t testing.TB, names ...string) {
	t.Helper()
	c := S3Client(t)
	t.Cleanup(func() {
		ctx := context.Background()
		for _, b := range names {
			if err := deleteBucket(ctx, c, b); err != nil {
				t.Errorf("cleaning up bucket %s: %v", b, err)
			}
		}
	})
}

func deleteBucket(ctx context.Context, c *s3.Client, bucket string) error {
	if _, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)}); err != nil {
		var nf *s3types.NotFound
		if errors.As(err, &nf) {
			return nil // gone, or never made
		}
		return err
	}
	for {
		out, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
		if err != nil {
			return err
		}
		var ids []s3types.ObjectIdentifier
		for _, v := range out.Versions {
			ids = append(ids, s3types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
		for _, m := range out.DeleteMarkers {
			ids = append(ids, s3types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
		for _, id := range ids {
			if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: id.Key, VersionId: id.VersionId}); err != nil {
				return err
			}
		}
		if len(ids) == 0 || !aws.ToBool(out.IsTruncated) {
			break
		}
	}
	_, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	var nf *s3types.NoSuchBucket
	if errors.As(err, &nf) {
		return nil
	}
	return err
}

// CheckBucketsExist checks that every bucket exists on the server.
func CheckBucketsExist(t testing.TB, names ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		c := S3Client(t)
		for _, n := range names {
			if _, err := c.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(n)}); err != nil {
				return fmt.Errorf("bucket %s does not exist on the server: %w", n, err)
			}
		}
		return nil
	}
}

// CheckBucketsGone checks that no bucket of names is left on the server.
func CheckBucketsGone(t testing.TB, names ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		c := S3Client(t)
		for _, n := range names {
			if _, err := c.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(n)}); err == nil {
				return fmt.Errorf("bucket %s still exists after destroy", n)
			}
		}
		return nil
	}
}

// BucketSettings are a bucket's settings as the server reports them.
type BucketSettings struct {
	Versioning        string
	SSE               string // default encryption algorithm ("" without one)
	KMSKey            string
	PublicAccessBlock s3types.PublicAccessBlockConfiguration
	NoPublicAccess    bool // no public access block at all
	Policy            string
	Rules             map[string]s3types.LifecycleRule // lifecycle rules by ID
	Tags              map[string]string
}

// ReadBucket reads a bucket's settings straight from the server with the SDK.
func ReadBucket(t testing.TB, bucket string) (BucketSettings, error) {
	t.Helper()
	ctx := context.Background()
	c := S3Client(t)
	var s BucketSettings
	v, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(bucket)})
	if err != nil {
		return s, err
	}
	s.Versioning = string(v.Status)
	if e, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(bucket)}); err == nil {
		d := e.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault
		s.SSE, s.KMSKey = string(d.SSEAlgorithm), aws.ToString(d.KMSMasterKeyID)
	}
	if p, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)}); err == nil {
		s.PublicAccessBlock = *p.PublicAccessBlockConfiguration
	} else {
		s.NoPublicAccess = true
	}
	if p, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)}); err == nil {
		s.Policy = aws.ToString(p.Policy)
	}
	s.Rules = map[string]s3types.LifecycleRule{}
	if l, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(bucket)}); err == nil {
		for _, r := range l.Rules {
			s.Rules[aws.ToString(r.ID)] = r
		}
	}
	s.Tags = map[string]string{}
	if tg, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(bucket)}); err == nil {
		for _, tag := range tg.TagSet {
			s.Tags[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
		}
	}
	return s, nil
}

// ObjectBody reads an object from the stand-in ("" and false when it is absent).
func ObjectBody(t testing.TB, bucket, key string) (string, bool) {
	t.Helper()
	out, err := S3Client(t).GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return "", false
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), true
}

// ObjectVersions lists the key of every object version under prefix, and each delete marker as
// "delete marker <key>".
func ObjectVersions(t testing.TB, bucket, prefix string) []string {
	t.Helper()
	out, err := S3Client(t).ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{
		Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	if err != nil {
		t.Fatalf("listing s3://%s/%s: %v", bucket, prefix, err)
	}
	var keys []string
	for _, v := range out.Versions {
		keys = append(keys, aws.ToString(v.Key))
	}
	for _, m := range out.DeleteMarkers {
		keys = append(keys, "delete marker "+aws.ToString(m.Key))
	}
	return keys
}
