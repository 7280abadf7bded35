// Package bootstrap creates and checks the Terraform state backend: an S3 bucket with the same
// secure defaults as the data lake's buckets (internal/securebucket), and optionally a DynamoDB
// lock table for Terraform older than 1.10. It never deletes anything and never weakens a
// setting; an existing bucket's weaker settings are reported field by field and changed only
// when Fix is set.
package bootstrap

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/nexabrands/supplychain/internal/iampolicy"
	"github.com/nexabrands/supplychain/internal/securebucket"
)

// DenyUnencryptedSid names the bucket policy statement that denies uploads that do not ask for
// server-side encryption.
const DenyUnencryptedSid = "DenyUnencryptedObjectUploads"

// DefaultNoncurrentDays is how long noncurrent state versions are kept by default.
const DefaultNoncurrentDays = 90

// Options are the state backend's settings.
type Options struct {
	Bucket string
	Key    string
	Region string
	// Endpoint and PathStyle describe an S3-compatible server ("" for AWS).
	Endpoint  string
	PathStyle bool
	// KMSKey is a KMS key ARN or alias; "" uses SSE-S3 (AES256).
	KMSKey         string
	NoncurrentDays int32
	Tags           map[string]string
	// LockTable names a DynamoDB lock table to create as well ("" for none).
	LockTable string
	// Fix applies the settings an existing bucket lacks; without it they are only reported.
	Fix bool
}

// Clients are what a run calls.
type Clients struct {
	S3 *securebucket.Client
	// Table creates the lock table; nil when Options.LockTable is "".
	Table TableAPI
	// Account is the caller's account ID ("" when it could not be learnt). When set, every S3
	// request carries it as ExpectedBucketOwner (see ExpectedOwner).
	Account string
}

// Difference is one setting of an existing bucket weaker than the state backend needs.
type Difference struct {
	Field string
	Have  string
	Want  string
}

func (d Difference) String() string { return fmt.Sprintf("%s: %s, want %s", d.Field, d.Have, d.Want) }

// Result is what a run found and did.
type Result struct {
	Created     bool
	Differences []Difference
	// Fixed is true when Differences were applied (Fix set).
	Fixed bool
	// Left holds differences still present at the end (without Fix): the self-check denies.
	Left  []Difference
	Table *TableResult
	// Have is what S3 held at the end of the run (read back), for the self-check.
	Have *securebucket.Settings
}

// Changed reports whether the run wrote anything.
func (r *Result) Changed() bool {
	return r.Created || r.Fixed || (r.Table != nil && r.Table.Changed())
}

// ForeignBucketError reports a bucket that exists but is not the caller's (or not readable by
// the caller): it is never touched.
type ForeignBucketError struct {
	Bucket  string
	Account string
	Err     error
}

func (e *ForeignBucketError) Error() string {
	who := "the caller"
	if e.Account != "" {
		who = "account " + e.Account
	}
	return fmt.Sprintf("bucket %s exists but is not owned by %s (or %s may not read it); nothing was changed: HeadBucket: %v",
		e.Bucket, who, who, e.Err)
}

func (e *ForeignBucketError) Unwrap() error { return e.Err }

// Want returns the settings the state bucket must have.
func Want(o Options) securebucket.Settings {
	enc := securebucket.Encryption{Algorithm: "AES256"}
	if o.KMSKey != "" {
		enc = securebucket.Encryption{Algorithm: "aws:kms", KMSKeyARN: o.KMSKey, BucketKey: true}
	}
	days := o.NoncurrentDays
	if days <= 0 {
		days = DefaultNoncurrentDays
	}
	tags := map[string]string{}
	for k, v := range o.Tags {
		tags[k] = v
	}
	return securebucket.Settings{
		Versioning:        true,
		Encryption:        enc,
		PublicAccessBlock: securebucket.PublicAccessBlock{BlockPublicACLs: true, BlockPublicPolicy: true, IgnorePublicACLs: true, RestrictPublicBuckets: true},
		ObjectOwnership:   string(s3types.ObjectOwnershipBucketOwnerEnforced),
		TLSOnly:           true,
		Policy:            denyUnencryptedPolicy(o.Bucket),
		Lifecycle:         securebucket.Lifecycle{NoncurrentExpirationDays: days},
		Tags:              tags,
	}
}

// DenyUnencryptedStatement denies PutObject requests that do not ask for server-side encryption.
func DenyUnencryptedStatement(bucket string) map[string]any {
	return map[string]any{
		"Sid":       DenyUnencryptedSid,
		"Effect":    "Deny",
		"Principal": "*",
		"Action":    "s3:PutObject",
		"Resource":  "arn:aws:s3:::" + bucket + "/*",
		"Condition": map[string]any{"Null": map[string]any{"s3:x-amz-server-side-encryption": "true"}},
	}
}

func denyUnencryptedPolicy(bucket string) string {
	d := &iampolicy.Document{Statement: []map[string]any{DenyUnencryptedStatement(bucket)}}
	return d.String()
}

// hasStatement reports whether the user's part of a policy holds the deny-unencrypted statement
// unchanged.
func hasStatement(policy, bucket string) bool {
	if strings.TrimSpace(policy) == "" {
		return false
	}
	d, err := iampolicy.Parse(policy)
	if err != nil {
		return false
	}
	want := &iampolicy.Document{Statement: []map[string]any{DenyUnencryptedStatement(bucket)}}
	for _, st := range d.Statement {
		if st["Sid"] == DenyUnencryptedSid {
			one := &iampolicy.Document{Statement: []map[string]any{st}}
			return iampolicy.Equivalent(one.String(), want.String())
		}
	}
	return false
}

// addStatement returns the user's policy with the deny-unencrypted statement added (replacing an
// edited one with the same Sid); every other statement is kept.
func addStatement(policy, bucket string) (string, error) {
	d := &iampolicy.Document{}
	if strings.TrimSpace(policy) != "" {
		var err error
		if d, err = iampolicy.Parse(policy); err != nil {
			return "", err
		}
	}
	kept := d.Statement[:0:0]
	for _, st := range d.Statement {
		if st["Sid"] != DenyUnencryptedSid {
			kept = append(kept, st)
		}
	}
	d.Statement = append(kept, DenyUnencryptedStatement(bucket))
	return d.String(), nil
}

func encString(e securebucket.Encryption) string {
	if e.KMSKeyARN != "" {
		return e.Algorithm + " (" + e.KMSKeyARN + ")"
	}
	return e.Algorithm
}

// Compare lists, field by field, where have is weaker than want. A stronger setting is not a
// difference: KMS encryption when AES256 is asked, a longer noncurrent-version retention, extra
// policy statements, extra tags.
//
// ownershipUnknown is set for S3-compatible endpoints: many (the local stand-in, MinIO) do not
// implement ownership controls, so an unset object ownership there is not a difference; a value
// other than want's still is.
func Compare(bucket string, want, have securebucket.Settings, ownershipUnknown bool) []Difference {
	var out []Difference
	add := func(field, h, w string) { out = append(out, Difference{Field: field, Have: h, Want: w}) }
	if !have.Versioning {
		add("versioning", "not enabled", "Enabled")
	}
	switch {
	case have.Encryption.Algorithm == "none" || have.Encryption.Algorithm == "":
		add("encryption", "none", encString(want.Encryption))
	case want.Encryption.Algorithm == "aws:kms" && (have.Encryption.Algorithm != "aws:kms" && have.Encryption.Algorithm != "aws:kms:dsse" || have.Encryption.KMSKeyARN != want.Encryption.KMSKeyARN):
		add("encryption", encString(have.Encryption), encString(want.Encryption))
	}
	pab := []struct {
		name string
		have bool
	}{
		{"public_access_block.block_public_acls", have.PublicAccessBlock.BlockPublicACLs},
		{"public_access_block.block_public_policy", have.PublicAccessBlock.BlockPublicPolicy},
		{"public_access_block.ignore_public_acls", have.PublicAccessBlock.IgnorePublicACLs},
		{"public_access_block.restrict_public_buckets", have.PublicAccessBlock.RestrictPublicBuckets},
	}
	for _, p := range pab {
		if !p.have {
			add(p.name, "off", "on")
		}
	}
	if have.ObjectOwnership != want.ObjectOwnership && (!ownershipUnknown || have.ObjectOwnership != "") {
		h := have.ObjectOwnership
		if h == "" {
			h = "not set"
		}
		add("object_ownership", h, want.ObjectOwnership)
	}
	if !have.TLSOnly {
		add("policy.deny_insecure_transport", "absent", "present")
	}
	if !hasStatement(have.Policy, bucket) {
		add("policy.deny_unencrypted_uploads", "absent", "present")
	}
	if h := have.Lifecycle.NoncurrentExpirationDays; h == 0 || h < want.Lifecycle.NoncurrentExpirationDays {
		hs := "no rule"
		if h > 0 {
			hs = fmt.Sprintf("%d days", h)
		}
		add("lifecycle.noncurrent_version_expiration", hs, fmt.Sprintf("%d days", want.Lifecycle.NoncurrentExpirationDays))
	}
	keys := make([]string, 0, len(want.Tags))
	for k := range want.Tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if hv, ok := have.Tags[k]; !ok || hv != want.Tags[k] {
			h := "absent"
			if ok {
				h = fmt.Sprintf("%q", hv)
			}
			add("tags."+k, h, fmt.Sprintf("%q", want.Tags[k]))
		}
	}
	return out
}

// target is what a fix puts: want where have is weaker, have where it is as strong or stronger,
// so nothing is weakened and nothing of the user's is dropped.
func target(bucket string, want, have securebucket.Settings, ownershipUnknown bool) (securebucket.Settings, error) {
	t := have
	t.Versioning = true
	if have.Encryption.Algorithm == "none" || have.Encryption.Algorithm == "" ||
		want.Encryption.Algorithm == "aws:kms" && (have.Encryption.Algorithm != "aws:kms" && have.Encryption.Algorithm != "aws:kms:dsse" || have.Encryption.KMSKeyARN != want.Encryption.KMSKeyARN) {
		t.Encryption = want.Encryption
	}
	t.PublicAccessBlock = want.PublicAccessBlock
	if !ownershipUnknown || have.ObjectOwnership != "" {
		t.ObjectOwnership = want.ObjectOwnership
	}
	t.TLSOnly = true
	if !hasStatement(have.Policy, bucket) {
		p, err := addStatement(have.Policy, bucket)
		if err != nil {
			return t, fmt.Errorf("reading the policy of bucket %s: %w", bucket, err)
		}
		t.Policy = p
	}
	if h := have.Lifecycle.NoncurrentExpirationDays; h == 0 || h < want.Lifecycle.NoncurrentExpirationDays {
		t.Lifecycle.NoncurrentExpirationDays = want.Lifecycle.NoncurrentExpirationDays
	}
	t.Tags = map[string]string{}
	for k, v := range have.Tags {
		t.Tags[k] = v
	}
	for k, v := range want.Tags {
		t.Tags[k] = v
	}
	return t, nil
}

// steps are the settings in the order they are put, security settings first, tags last (the
// lake's order); each step copies one setting from the target.
var steps = []struct {
	name string
	set  func(dst *securebucket.Settings, src securebucket.Settings)
}{
	{"versioning", func(d *securebucket.Settings, s securebucket.Settings) { d.Versioning = s.Versioning }},
	{"default encryption", func(d *securebucket.Settings, s securebucket.Settings) { d.Encryption = s.Encryption }},
	{"public access block (4 flags)", func(d *securebucket.Settings, s securebucket.Settings) { d.PublicAccessBlock = s.PublicAccessBlock }},
	{"object ownership", func(d *securebucket.Settings, s securebucket.Settings) { d.ObjectOwnership = s.ObjectOwnership }},
	{"bucket policy (TLS only, deny unencrypted uploads)", func(d *securebucket.Settings, s securebucket.Settings) {
		d.TLSOnly, d.Policy = s.TLSOnly, s.Policy
	}},
	{"lifecycle (noncurrent versions)", func(d *securebucket.Settings, s securebucket.Settings) { d.Lifecycle = s.Lifecycle }},
	{"tags", func(d *securebucket.Settings, s securebucket.Settings) { d.Tags = s.Tags }},
}

// applySteps puts target on the bucket one setting at a time, through the shared Apply (which
// puts only what differs from have), and logs one line per setting put. On an S3-compatible
// endpoint (endpoint != "") that does not implement ownership controls, that step is skipped
// with a line; every other failure stops the run.
func applySteps(ctx context.Context, c *securebucket.Client, endpoint, bucket string, tgt, have securebucket.Settings, log func(string)) error {
	for _, st := range steps {
		next := have
		st.set(&next, tgt)
		if len(securebucket.Differences(next, have)) == 0 {
			continue
		}
		got, err := c.Apply(ctx, bucket, next, &have)
		if err != nil {
			if securebucket.IsUnsupported(err) && endpoint != "" && st.name == "object ownership" {
				log(fmt.Sprintf("bucket %s: %s skipped: %v", bucket, st.name, err))
				continue
			}
			return err
		}
		have = got
		log(fmt.Sprintf("bucket %s: %s set", bucket, st.name))
	}
	return nil
}

// Run creates or checks the state bucket (and the lock table) and logs one line per step.
func Run(ctx context.Context, c Clients, o Options, log func(string)) (*Result, error) {
	if log == nil {
		log = func(string) {}
	}
	res := &Result{}
	want := Want(o)
	exists, err := headBucket(ctx, c, o.Bucket)
	if err != nil {
		return res, err
	}
	if !exists {
		log(fmt.Sprintf("bucket %s: absent, creating it in %s", o.Bucket, o.Region))
		if err := c.S3.CreateBucket(ctx, o.Bucket); err != nil {
			return res, err
		}
		res.Created = true
		log(fmt.Sprintf("bucket %s: created", o.Bucket))
		if err := applySteps(ctx, c.S3, o.Endpoint, o.Bucket, want, securebucket.Fresh(), log); err != nil {
			return res, err
		}
	} else {
		log(fmt.Sprintf("bucket %s: exists and is the caller's, reading its settings", o.Bucket))
	}
	have, err := c.S3.Read(ctx, o.Bucket, true)
	if err != nil {
		return res, err
	}
	res.Have = have
	diffs := Compare(o.Bucket, want, *have, o.Endpoint != "")
	switch {
	case res.Created && len(diffs) > 0:
		res.Left = diffs
		for _, d := range diffs {
			log(fmt.Sprintf("bucket %s: not confirmed by S3 after create: %s", o.Bucket, d))
		}
	case res.Created:
		log(fmt.Sprintf("bucket %s: every setting read back as applied", o.Bucket))
	case len(diffs) == 0:
		log(fmt.Sprintf("bucket %s: every setting already right, nothing changed", o.Bucket))
	default:
		res.Differences = diffs
		for _, d := range diffs {
			log(fmt.Sprintf("bucket %s: weaker than needed: %s", o.Bucket, d))
		}
		if !o.Fix {
			res.Left = diffs
			log(fmt.Sprintf("bucket %s: %d setting(s) left as they are (run with --fix to apply them; nothing is ever weakened or deleted)", o.Bucket, len(diffs)))
			break
		}
		tgt, err := target(o.Bucket, want, *have, o.Endpoint != "")
		if err != nil {
			return res, err
		}
		if tgt.Lifecycle != have.Lifecycle {
			// A lifecycle put replaces the whole configuration: rules of others would be lost.
			others, err := foreignLifecycleRules(ctx, c.S3, o.Bucket)
			if err != nil {
				return res, err
			}
			if len(others) > 0 {
				tgt.Lifecycle = have.Lifecycle
				log(fmt.Sprintf("bucket %s: lifecycle left as is: it has other rules (%s) that a put would replace; add a rule expiring noncurrent versions after %d days by hand",
					o.Bucket, strings.Join(others, ", "), want.Lifecycle.NoncurrentExpirationDays))
			}
		}
		if err := applySteps(ctx, c.S3, o.Endpoint, o.Bucket, tgt, *have, log); err != nil {
			return res, err
		}
		res.Fixed = true
		after, err := c.S3.Read(ctx, o.Bucket, true)
		if err != nil {
			return res, err
		}
		res.Have = after
		if left := Compare(o.Bucket, want, *after, o.Endpoint != ""); len(left) > 0 {
			res.Left = left
			for _, d := range left {
				log(fmt.Sprintf("bucket %s: still weaker after the fix: %s", o.Bucket, d))
			}
		} else {
			log(fmt.Sprintf("bucket %s: fixed, every setting read back as applied", o.Bucket))
		}
	}
	if o.LockTable != "" {
		tr, err := ensureTable(ctx, c.Table, o, log)
		res.Table = tr
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// headBucket tells whether the bucket exists and is the caller's. A 403 (another account's
// bucket, or one the caller may not read; with ExpectedBucketOwner also a bucket of another
// account that the caller could read) is a *ForeignBucketError.
func headBucket(ctx context.Context, c Clients, bucket string) (bool, error) {
	_, err := c.S3.S3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
	if err == nil {
		return true, nil
	}
	var nf *s3types.NotFound
	var re *awshttp.ResponseError
	status := 0
	if errors.As(err, &re) {
		status = re.HTTPStatusCode()
	}
	switch {
	case errors.As(err, &nf) || status == http.StatusNotFound:
		return false, nil
	case status == http.StatusForbidden:
		return false, &ForeignBucketError{Bucket: bucket, Account: c.Account, Err: err}
	}
	return false, &securebucket.OpError{Op: "HeadBucket", Bucket: bucket, Err: err}
}

// ExpectedOwner is an SDK middleware (for aws.Config.APIOptions) that sets ExpectedBucketOwner on
// every S3 request that has the field and leaves it unset, so S3 refuses (403) any call on a
// bucket another account owns. Inputs of other services have no such field and are untouched.
func ExpectedOwner(account string) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("expectedBucketOwner",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				setExpectedOwner(in.Parameters, account)
				return next.HandleInitialize(ctx, in)
			}), middleware.Before)
	}
}

func setExpectedOwner(params any, account string) {
	v := reflect.ValueOf(params)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return
	}
	f := v.Elem().FieldByName("ExpectedBucketOwner")
	if f.IsValid() && f.CanSet() && f.Type() == reflect.TypeOf((*string)(nil)) && f.IsNil() {
		f.Set(reflect.ValueOf(aws.String(account)))
	}
}

// foreignLifecycleRules lists the IDs of the bucket's lifecycle rules that securebucket does not
// own (its rules are named supplychain-*).
func foreignLifecycleRules(ctx context.Context, c *securebucket.Client, bucket string) ([]string, error) {
	out, err := c.S3.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(bucket)})
	if err != nil {
		if apiCode(err) == "NoSuchLifecycleConfiguration" {
			return nil, nil
		}
		return nil, &securebucket.OpError{Op: "GetBucketLifecycleConfiguration", Bucket: bucket, Err: err}
	}
	var ids []string
	for _, r := range out.Rules {
		if id := aws.ToString(r.ID); !strings.HasPrefix(id, "supplychain-") {
			if id == "" {
				id = "(no id)"
			}
			ids = append(ids, id)
		}
	}
	return ids, nil
}
