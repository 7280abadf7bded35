// Package securebucket is the one implementation of "a secure bucket" on S3 or S3-compatible
// storage that the provider's data lake (provider/internal/lake) and the state backend
// (bootstrap) share: it reads the live settings of a bucket, applies the settings that differ,
// compares them, and empties and deletes buckets.
// Each setting is one S3 sub-resource, read with one request, so a refresh costs six requests
// per bucket (seven when object ownership is managed).
package securebucket

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/nexabrands/supplychain/internal/iampolicy"
)

// Encryption is the bucket's default encryption. Algorithm is "AES256", "aws:kms",
// "aws:kms:dsse", or "none" (no default encryption configured).
type Encryption struct {
	Algorithm string
	KMSKeyARN string
	BucketKey bool
}

// PublicAccessBlock holds the four flags of S3 Block Public Access.
type PublicAccessBlock struct {
	BlockPublicACLs       bool
	BlockPublicPolicy     bool
	IgnorePublicACLs      bool
	RestrictPublicBuckets bool
}

// Lifecycle holds the managed lifecycle rules; 0 days means the rule is absent.
// The lake sets GlacierAfterDays on its raw bucket only; the state bucket never sets it.
type Lifecycle struct {
	GlacierAfterDays             int32
	NoncurrentExpirationDays     int32
	AbortIncompleteMultipartDays int32
}

// Lifecycle rule IDs owned by this package (the IDs are the lake's, kept unchanged).
const (
	ruleGlacier    = "supplychain-raw-to-glacier"
	ruleNoncurrent = "supplychain-noncurrent-expiration"
	ruleMultipart  = "supplychain-abort-incomplete-multipart"
)

// Settings is everything managed on one bucket.
type Settings struct {
	Versioning        bool
	Encryption        Encryption
	PublicAccessBlock PublicAccessBlock
	// ObjectOwnership is "" when unmanaged.
	ObjectOwnership string
	TLSOnly         bool
	// Policy is the user's part of the bucket policy ("" for none), without the TLS statement.
	Policy    string
	Lifecycle Lifecycle
	Tags      map[string]string
}

// Client wraps an S3 client with what messages need.
type Client struct {
	S3        *s3.Client
	Endpoint  string // named in diagnostics
	Region    string
	Partition string
}

// ARN returns a bucket's ARN.
func (c *Client) ARN(bucket string) string {
	p := c.Partition
	if p == "" {
		p = "aws"
	}
	return fmt.Sprintf("arn:%s:s3:::%s", p, bucket)
}

// ErrNotFound reports that a bucket does not exist.
var ErrNotFound = errors.New("bucket not found")

// UnsupportedError reports a setting the S3 endpoint does not implement.
type UnsupportedError struct {
	Setting   string
	Operation string
	Endpoint  string
	Err       error
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("the S3 endpoint %s does not implement %s (%s): %v", e.Endpoint, e.Setting, e.Operation, e.Err)
}

func (e *UnsupportedError) Unwrap() error { return e.Err }

// OpError names the operation and the bucket, and ends with the original error.
type OpError struct {
	Op     string
	Bucket string
	Err    error
}

func (e *OpError) Error() string { return fmt.Sprintf("%s of bucket %s: %v", e.Op, e.Bucket, e.Err) }
func (e *OpError) Unwrap() error { return e.Err }

func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func httpStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

func isNotFound(err error, codes ...string) bool {
	code := errorCode(err)
	for _, c := range codes {
		if code == c {
			return true
		}
	}
	return false
}

func isNoSuchBucket(err error) bool {
	var nsb *s3types.NoSuchBucket
	return errors.As(err, &nsb) || errorCode(err) == "NoSuchBucket"
}

// unsupported recognises a server that does not implement an operation: 501 / NotImplemented, or
// MalformedXML for a request body the SDK built (the server does not know the element).
func unsupported(err error) bool {
	switch errorCode(err) {
	case "NotImplemented", "MalformedXML", "UnsupportedOperation", "XNotImplemented":
		return true
	}
	return httpStatus(err) == http.StatusNotImplemented
}

func (c *Client) wrap(op, setting, bucket string, err error) error {
	if err == nil {
		return nil
	}
	if unsupported(err) {
		return &UnsupportedError{Setting: setting, Operation: op, Endpoint: c.Endpoint, Err: err}
	}
	return &OpError{Op: op, Bucket: bucket, Err: err}
}

// ExistsError reports a bucket that exists before it is created: another stack's, an
// earlier lake's, or a bucket made by hand. Nothing of it was touched.
type ExistsError struct {
	Bucket string
	// Owned is false when the bucket belongs to someone else (or the caller may not read it).
	Owned bool
	Err   error
}

func (e *ExistsError) Error() string {
	if e.Owned {
		return fmt.Sprintf("bucket %s already exists and is owned by this account", e.Bucket)
	}
	return fmt.Sprintf("bucket %s already exists and belongs to another account (bucket names are global): %v", e.Bucket, e.Err)
}

func (e *ExistsError) Unwrap() error { return e.Err }

// CheckAbsent returns nil when the bucket does not exist, an *ExistsError when it does, and
// another error when the server cannot tell. It sends one HeadBucket and changes nothing.
func (c *Client) CheckAbsent(ctx context.Context, bucket string) error {
	_, err := c.S3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
	if err == nil {
		return &ExistsError{Bucket: bucket, Owned: true}
	}
	var nf *s3types.NotFound
	if errors.As(err, &nf) || isNoSuchBucket(err) || httpStatus(err) == http.StatusNotFound {
		return nil
	}
	if httpStatus(err) == http.StatusForbidden || errorCode(err) == "Forbidden" {
		return &ExistsError{Bucket: bucket, Err: err}
	}
	return c.wrap("HeadBucket", "bucket", bucket, err)
}

// CreateBucket creates a bucket that CheckAbsent has just found missing. A bucket that exists is
// refused (*ExistsError), except BucketAlreadyOwnedByYou right after CheckAbsent said missing:
// that is the SDK's retry of this very request after its answer was lost.
func (c *Client) CreateBucket(ctx context.Context, bucket string) error {
	in := &s3.CreateBucketInput{Bucket: aws.String(bucket)}
	if c.Region != "" && c.Region != "us-east-1" {
		in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{
			LocationConstraint: s3types.BucketLocationConstraint(c.Region),
		}
	}
	_, err := c.S3.CreateBucket(ctx, in)
	var owned *s3types.BucketAlreadyOwnedByYou
	if err == nil || errors.As(err, &owned) || errorCode(err) == "BucketAlreadyOwnedByYou" {
		return nil
	}
	var exists *s3types.BucketAlreadyExists
	if errors.As(err, &exists) || errorCode(err) == "BucketAlreadyExists" {
		return &ExistsError{Bucket: bucket, Err: err}
	}
	return c.wrap("CreateBucket", "bucket", bucket, err)
}

// Read returns the live settings of a bucket, or ErrNotFound.
func (c *Client) Read(ctx context.Context, bucket string, ownershipManaged bool) (*Settings, error) {
	s := &Settings{}
	ver, err := c.S3.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(bucket)})
	if err != nil {
		if isNoSuchBucket(err) {
			return nil, ErrNotFound
		}
		return nil, c.wrap("GetBucketVersioning", "versioning", bucket, err)
	}
	s.Versioning = ver.Status == s3types.BucketVersioningStatusEnabled

	s.Encryption = Encryption{Algorithm: "none"}
	enc, err := c.S3.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(bucket)})
	switch {
	case err == nil:
		if enc.ServerSideEncryptionConfiguration != nil && len(enc.ServerSideEncryptionConfiguration.Rules) > 0 {
			r := enc.ServerSideEncryptionConfiguration.Rules[0]
			if d := r.ApplyServerSideEncryptionByDefault; d != nil {
				s.Encryption.Algorithm = string(d.SSEAlgorithm)
				s.Encryption.KMSKeyARN = aws.ToString(d.KMSMasterKeyID)
			}
			s.Encryption.BucketKey = aws.ToBool(r.BucketKeyEnabled)
		}
	case isNotFound(err, "ServerSideEncryptionConfigurationNotFoundError"):
	default:
		return nil, c.wrap("GetBucketEncryption", "encryption", bucket, err)
	}

	pab, err := c.S3.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)})
	switch {
	case err == nil:
		if p := pab.PublicAccessBlockConfiguration; p != nil {
			s.PublicAccessBlock = PublicAccessBlock{
				BlockPublicACLs: aws.ToBool(p.BlockPublicAcls), BlockPublicPolicy: aws.ToBool(p.BlockPublicPolicy),
				IgnorePublicACLs: aws.ToBool(p.IgnorePublicAcls), RestrictPublicBuckets: aws.ToBool(p.RestrictPublicBuckets),
			}
		}
	case isNotFound(err, "NoSuchPublicAccessBlockConfiguration"):
	default:
		return nil, c.wrap("GetPublicAccessBlock", "public_access_block", bucket, err)
	}

	if ownershipManaged {
		own, err := c.S3.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: aws.String(bucket)})
		switch {
		case err == nil:
			if own.OwnershipControls != nil && len(own.OwnershipControls.Rules) > 0 {
				s.ObjectOwnership = string(own.OwnershipControls.Rules[0].ObjectOwnership)
			}
		case isNotFound(err, "OwnershipControlsNotFoundError"):
		default:
			return nil, c.wrap("GetBucketOwnershipControls", "object_ownership", bucket, err)
		}
	}

	pol, err := c.S3.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
	switch {
	case err == nil:
		s.Policy, s.TLSOnly, err = iampolicy.Split(aws.ToString(pol.Policy), c.ARN(bucket))
		if err != nil {
			return nil, &OpError{Op: "reading the policy", Bucket: bucket, Err: err}
		}
	case isNotFound(err, "NoSuchBucketPolicy"):
	default:
		return nil, c.wrap("GetBucketPolicy", "policy", bucket, err)
	}

	lc, err := c.S3.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(bucket)})
	switch {
	case err == nil:
		s.Lifecycle = lifecycleFromRules(lc.Rules)
	case isNotFound(err, "NoSuchLifecycleConfiguration"):
	default:
		return nil, c.wrap("GetBucketLifecycleConfiguration", "lifecycle_policy", bucket, err)
	}

	tags, err := c.S3.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(bucket)})
	switch {
	case err == nil:
		s.Tags = make(map[string]string, len(tags.TagSet))
		for _, t := range tags.TagSet {
			s.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	case isNotFound(err, "NoSuchTagSet", "NoSuchTagSetError"):
		s.Tags = map[string]string{}
	default:
		return nil, c.wrap("GetBucketTagging", "tags", bucket, err)
	}
	return s, nil
}

func lifecycleFromRules(rules []s3types.LifecycleRule) Lifecycle {
	var l Lifecycle
	for _, r := range rules {
		if r.Status != s3types.ExpirationStatusEnabled {
			continue
		}
		switch aws.ToString(r.ID) {
		case ruleGlacier:
			for _, t := range r.Transitions {
				if t.StorageClass == s3types.TransitionStorageClassGlacier {
					l.GlacierAfterDays = aws.ToInt32(t.Days)
				}
			}
		case ruleNoncurrent:
			if r.NoncurrentVersionExpiration != nil {
				l.NoncurrentExpirationDays = aws.ToInt32(r.NoncurrentVersionExpiration.NoncurrentDays)
			}
		case ruleMultipart:
			if r.AbortIncompleteMultipartUpload != nil {
				l.AbortIncompleteMultipartDays = aws.ToInt32(r.AbortIncompleteMultipartUpload.DaysAfterInitiation)
			}
		}
	}
	return l
}

func lifecycleRules(l Lifecycle) []s3types.LifecycleRule {
	all := &s3types.LifecycleRuleFilter{Prefix: aws.String("")}
	var rules []s3types.LifecycleRule
	if l.GlacierAfterDays > 0 {
		rules = append(rules, s3types.LifecycleRule{
			ID: aws.String(ruleGlacier), Status: s3types.ExpirationStatusEnabled, Filter: all,
			Transitions: []s3types.Transition{{Days: aws.Int32(l.GlacierAfterDays), StorageClass: s3types.TransitionStorageClassGlacier}},
		})
	}
	if l.NoncurrentExpirationDays > 0 {
		rules = append(rules, s3types.LifecycleRule{
			ID: aws.String(ruleNoncurrent), Status: s3types.ExpirationStatusEnabled, Filter: all,
			NoncurrentVersionExpiration: &s3types.NoncurrentVersionExpiration{NoncurrentDays: aws.Int32(l.NoncurrentExpirationDays)},
		})
	}
	if l.AbortIncompleteMultipartDays > 0 {
		rules = append(rules, s3types.LifecycleRule{
			ID: aws.String(ruleMultipart), Status: s3types.ExpirationStatusEnabled, Filter: all,
			AbortIncompleteMultipartUpload: &s3types.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(l.AbortIncompleteMultipartDays)},
		})
	}
	return rules
}

// Fresh is what is assumed of a bucket it has just created, before any setting is put:
// nothing configured. (AWS turns on SSE-S3 and Block Public Access on new buckets; the next
// refresh reads the truth.)
func Fresh() Settings {
	return Settings{Encryption: Encryption{Algorithm: "none"}, Tags: map[string]string{}}
}

// Apply puts every setting of want that differs from have; a nil have (a new bucket, or one
// whose live state is unknown) puts them all. Settings are applied in a fixed order, security
// settings first (versioning, encryption, public access block, ownership, policy, lifecycle),
// then tags, and the first failure stops the run with an error naming the setting.
//
// It returns what the bucket holds as far as this client knows: have (Fresh when nil) with every
// setting that was put successfully replaced by want's, so a failure half-way records exactly
// what was applied.
func (c *Client) Apply(ctx context.Context, bucket string, want Settings, have *Settings) (Settings, error) {
	got := Fresh()
	if have != nil {
		got = *have
	}
	err := c.apply(ctx, bucket, want, have, &got)
	return got, err
}

func (c *Client) apply(ctx context.Context, bucket string, want Settings, have *Settings, got *Settings) error {
	b := aws.String(bucket)
	if have == nil || want.Versioning != have.Versioning {
		if want.Versioning || have != nil && have.Versioning {
			status := s3types.BucketVersioningStatusEnabled
			if !want.Versioning {
				status = s3types.BucketVersioningStatusSuspended
			}
			_, err := c.S3.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: b,
				VersioningConfiguration: &s3types.VersioningConfiguration{Status: status}})
			if err != nil {
				return c.wrap("PutBucketVersioning", "versioning", bucket, err)
			}
		}
		got.Versioning = want.Versioning
	}
	if have == nil || want.Encryption != have.Encryption {
		if want.Encryption.Algorithm == "none" || want.Encryption.Algorithm == "" {
			_, err := c.S3.DeleteBucketEncryption(ctx, &s3.DeleteBucketEncryptionInput{Bucket: b})
			if err != nil && !isNotFound(err, "ServerSideEncryptionConfigurationNotFoundError") {
				return c.wrap("DeleteBucketEncryption", "encryption", bucket, err)
			}
		} else {
			def := &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryption(want.Encryption.Algorithm)}
			if want.Encryption.KMSKeyARN != "" {
				def.KMSMasterKeyID = aws.String(want.Encryption.KMSKeyARN)
			}
			_, err := c.S3.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: b,
				ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{{
					ApplyServerSideEncryptionByDefault: def, BucketKeyEnabled: aws.Bool(want.Encryption.BucketKey),
				}}}})
			if err != nil {
				return c.wrap("PutBucketEncryption", "encryption", bucket, err)
			}
		}
		got.Encryption = want.Encryption
	}
	if have == nil || want.PublicAccessBlock != have.PublicAccessBlock {
		p := want.PublicAccessBlock
		_, err := c.S3.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: b,
			PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
				BlockPublicAcls: aws.Bool(p.BlockPublicACLs), BlockPublicPolicy: aws.Bool(p.BlockPublicPolicy),
				IgnorePublicAcls: aws.Bool(p.IgnorePublicACLs), RestrictPublicBuckets: aws.Bool(p.RestrictPublicBuckets),
			}})
		if err != nil {
			return c.wrap("PutPublicAccessBlock", "public_access_block", bucket, err)
		}
		got.PublicAccessBlock = want.PublicAccessBlock
	}
	if want.ObjectOwnership != "" && (have == nil || want.ObjectOwnership != have.ObjectOwnership) {
		if err := c.PutOwnership(ctx, bucket, want.ObjectOwnership); err != nil {
			return err
		}
		got.ObjectOwnership = want.ObjectOwnership
	}
	if have == nil || want.TLSOnly != have.TLSOnly || !iampolicy.Equivalent(want.Policy, have.Policy) {
		doc, err := iampolicy.Merge(want.Policy, want.TLSOnly, c.ARN(bucket))
		if err != nil {
			return &OpError{Op: "building the policy", Bucket: bucket, Err: err}
		}
		if doc == "" {
			if have != nil {
				if _, err := c.S3.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: b}); err != nil {
					return c.wrap("DeleteBucketPolicy", "policy", bucket, err)
				}
			}
		} else if _, err := c.S3.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: b, Policy: aws.String(doc)}); err != nil {
			return c.wrap("PutBucketPolicy", "policy", bucket, err)
		}
		got.TLSOnly, got.Policy = want.TLSOnly, want.Policy
	}
	if have == nil || want.Lifecycle != have.Lifecycle {
		rules := lifecycleRules(want.Lifecycle)
		if len(rules) == 0 {
			if have != nil {
				if _, err := c.S3.DeleteBucketLifecycle(ctx, &s3.DeleteBucketLifecycleInput{Bucket: b}); err != nil {
					return c.wrap("DeleteBucketLifecycle", "lifecycle_policy", bucket, err)
				}
			}
		} else if _, err := c.S3.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: b,
			LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: rules}}); err != nil {
			return c.wrap("PutBucketLifecycleConfiguration", "lifecycle_policy", bucket, err)
		}
		got.Lifecycle = want.Lifecycle
	}
	if have == nil || !equalTags(want.Tags, have.Tags) {
		if len(want.Tags) == 0 {
			if have != nil {
				if _, err := c.S3.DeleteBucketTagging(ctx, &s3.DeleteBucketTaggingInput{Bucket: b}); err != nil {
					return c.wrap("DeleteBucketTagging", "tags", bucket, err)
				}
			}
		} else if _, err := c.S3.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: b,
			Tagging: &s3types.Tagging{TagSet: tagSet(want.Tags)}}); err != nil {
			return c.wrap("PutBucketTagging", "tags", bucket, err)
		}
		got.Tags = want.Tags
	}
	return nil
}

// Differences names the settings of have that differ from want, in the order Apply puts them;
// an empty ObjectOwnership in want (unmanaged) never differs.
func Differences(want, have Settings) []string {
	var out []string
	if want.Versioning != have.Versioning {
		out = append(out, "versioning")
	}
	if want.Encryption != have.Encryption {
		out = append(out, "encryption")
	}
	if want.PublicAccessBlock != have.PublicAccessBlock {
		out = append(out, "public_access_block")
	}
	if want.ObjectOwnership != "" && want.ObjectOwnership != have.ObjectOwnership {
		out = append(out, "object_ownership")
	}
	if want.TLSOnly != have.TLSOnly || !iampolicy.Equivalent(want.Policy, have.Policy) {
		out = append(out, "tls_only/policy")
	}
	if want.Lifecycle != have.Lifecycle {
		out = append(out, "lifecycle_policy")
	}
	if !equalTags(want.Tags, have.Tags) {
		out = append(out, "tags")
	}
	return out
}

// PutOwnership sets the bucket's object ownership rule.
func (c *Client) PutOwnership(ctx context.Context, bucket, ownership string) error {
	_, err := c.S3.PutBucketOwnershipControls(ctx, &s3.PutBucketOwnershipControlsInput{Bucket: aws.String(bucket),
		OwnershipControls: &s3types.OwnershipControls{Rules: []s3types.OwnershipControlsRule{{
			ObjectOwnership: s3types.ObjectOwnership(ownership),
		}}}})
	return c.wrap("PutBucketOwnershipControls", "object_ownership", bucket, err)
}

func equalTags(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}

func tagSet(m map[string]string) []s3types.Tag {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]s3types.Tag, 0, len(keys))
	for _, k := range keys {
		out = append(out, s3types.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return out
}

// HasObjects reports whether a bucket holds any object version or delete marker.
// A missing bucket holds nothing.
func (c *Client) HasObjects(ctx context.Context, bucket string) (bool, error) {
	out, err := c.S3.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), MaxKeys: aws.Int32(1)})
	if err != nil {
		if isNoSuchBucket(err) {
			return false, nil
		}
		return false, c.wrap("ListObjectVersions", "force_destroy", bucket, err)
	}
	return len(out.Versions)+len(out.DeleteMarkers) > 0, nil
}

// Empty deletes every object version and delete marker in a bucket and returns how many it
// deleted.
func (c *Client) Empty(ctx context.Context, bucket string) (int, error) {
	deleted := 0
	p := s3.NewListObjectVersionsPaginator(c.S3, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if isNoSuchBucket(err) {
				return deleted, nil
			}
			return deleted, c.wrap("ListObjectVersions", "force_destroy", bucket, err)
		}
		ids := make([]s3types.ObjectIdentifier, 0, len(page.Versions)+len(page.DeleteMarkers))
		for _, v := range page.Versions {
			ids = append(ids, s3types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
		for _, m := range page.DeleteMarkers {
			ids = append(ids, s3types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
		for start := 0; start < len(ids); start += 1000 {
			end := min(start+1000, len(ids))
			out, err := c.S3.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(bucket),
				Delete: &s3types.Delete{Objects: ids[start:end], Quiet: aws.Bool(true)}})
			if err != nil {
				return deleted, c.wrap("DeleteObjects", "force_destroy", bucket, err)
			}
			if len(out.Errors) > 0 {
				e := out.Errors[0]
				return deleted, &OpError{Op: "DeleteObjects", Bucket: bucket, Err: fmt.Errorf("%d objects not deleted, first %s (version %s): %s %s",
					len(out.Errors), aws.ToString(e.Key), aws.ToString(e.VersionId), aws.ToString(e.Code), aws.ToString(e.Message))}
			}
			deleted += end - start
		}
	}
	return deleted, nil
}

// DeleteBucket deletes an empty bucket; a missing bucket is not an error.
func (c *Client) DeleteBucket(ctx context.Context, bucket string) error {
	_, err := c.S3.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	if err != nil && !isNoSuchBucket(err) {
		if errorCode(err) == "BucketNotEmpty" {
			return &OpError{Op: "DeleteBucket", Bucket: bucket, Err: fmt.Errorf("objects were written while it was being emptied: %w", err)}
		}
		return c.wrap("DeleteBucket", "bucket", bucket, err)
	}
	return nil
}

// ObjectCount counts the object versions and delete markers of a bucket, for messages.
func (c *Client) ObjectCount(ctx context.Context, bucket string) (int, error) {
	n := 0
	p := s3.NewListObjectVersionsPaginator(c.S3, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return n, c.wrap("ListObjectVersions", "force_destroy", bucket, err)
		}
		n += len(page.Versions) + len(page.DeleteMarkers)
	}
	return n, nil
}

// IsUnsupported reports whether err says the endpoint lacks a feature.
func IsUnsupported(err error) bool {
	var u *UnsupportedError
	return errors.As(err, &u)
}
