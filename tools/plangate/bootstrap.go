package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
	"github.com/spf13/cobra"

	"github.com/nexabrands/supplychain/bootstrap"
	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/internal/securebucket"
	"github.com/nexabrands/supplychain/policy"
)

// bootstrapTimeout bounds one run (the lock table's wait included).
const bootstrapTimeout = 5 * time.Minute

type bootstrapFlags struct {
	bucket, key, region, endpoint, kmsKey, lockTable, profile, assumeRole, emit, out string
	pathStyle, fix                                                                   bool
	noncurrentDays                                                                   int32
	tags                                                                             map[string]string
	// apiOptions are added to every AWS client (tests count requests with it).
	apiOptions []func(*middleware.Stack) error
}

func newBootstrap(stdout io.Writer, getenv func(string) string) *cobra.Command {
	var fl bootstrapFlags
	c := &cobra.Command{
		Use:   "bootstrap --bucket NAME",
		Short: "Create or check the Terraform state backend (S3 bucket, optional DynamoDB lock table)",
		Long: "Create the S3 bucket that holds Terraform state, with the data lake's secure defaults:\n" +
			"versioning, default encryption (AES256, or --kms-key), all four public-access-block flags,\n" +
			"object ownership BucketOwnerEnforced, a bucket policy that denies non-TLS requests and\n" +
			"uploads without server-side encryption, a lifecycle rule that expires noncurrent versions\n" +
			"after --noncurrent-days (never current ones), and --tags. One line is printed per step.\n\n" +
			"A second run changes nothing and says so. On an existing bucket whose settings are weaker\n" +
			"it reports each difference and changes them only with --fix; it never deletes anything and\n" +
			"never weakens a setting. A bucket owned by another account is refused (every S3 request\n" +
			"carries ExpectedBucketOwner once STS names the caller's account).\n\n" +
			"Locking: S3 lock files (use_lockfile, Terraform and OpenTofu >= 1.10). --lock-table NAME also\n" +
			"creates a DynamoDB table (LockID string hash key, on-demand, KMS-encrypted, point-in-time\n" +
			"recovery where the server implements it) for older Terraform.\n\n" +
			"It then writes a partial backend.hcl into --out (default .), prints the\n" +
			"`terraform init -backend-config=...` line and the least-privilege IAM policy for the state\n" +
			"key, its .tflock and the table. --emit cloudformation|terraform prints the same backend as a\n" +
			"CloudFormation template (JSON) or Terraform configuration instead, and makes no AWS call.\n\n" +
			"Credentials: the default AWS chain, --profile, --assume-role ROLE_ARN. --endpoint URL (and\n" +
			"--path-style) addresses an S3-compatible server; STS and DynamoDB are asked there too.\n\n" +
			"Exit codes: 0 done or already right, 1 weaker settings left (without --fix), 10 bad flags,\n" +
			"14 a file cannot be written, 16 an AWS call failed or was refused (no credentials, endpoint\n" +
			"unreachable, access denied, another account's bucket): the message names the call.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBootstrap(cmd.Context(), stdout, getenv, fl)
		},
	}
	f := c.Flags()
	f.StringVar(&fl.bucket, "bucket", "", "state bucket name (required)")
	f.StringVar(&fl.key, "key", "terraform.tfstate", "state object key")
	f.StringVar(&fl.region, "region", "", "AWS region (default $AWS_REGION, then $AWS_DEFAULT_REGION)")
	f.StringVar(&fl.endpoint, "endpoint", "", "S3-compatible endpoint URL (also used for STS and DynamoDB)")
	f.BoolVar(&fl.pathStyle, "path-style", false, "address buckets path-style (http://host/bucket)")
	f.StringVar(&fl.kmsKey, "kms-key", "", "KMS key ARN for default encryption (default AES256)")
	f.Int32Var(&fl.noncurrentDays, "noncurrent-days", bootstrap.DefaultNoncurrentDays, "days before a noncurrent state version expires")
	f.StringToStringVar(&fl.tags, "tags", nil, "tags, KEY=VALUE,KEY=VALUE")
	f.StringVar(&fl.lockTable, "lock-table", "", "also create this DynamoDB lock table (Terraform < 1.10)")
	f.StringVar(&fl.profile, "profile", "", "AWS shared-config profile")
	f.StringVar(&fl.assumeRole, "assume-role", "", "role ARN to assume")
	f.BoolVar(&fl.fix, "fix", false, "apply the settings an existing bucket lacks")
	f.StringVar(&fl.emit, "emit", "", "print the backend as cloudformation or terraform instead of creating it")
	f.StringVar(&fl.out, "out", "", "directory for backend.hcl (default .) and for the --emit file (default standard output)")
	return c
}

func bootstrapOptions(fl bootstrapFlags, getenv func(string) string) (bootstrap.Options, error) {
	o := bootstrap.Options{Bucket: fl.bucket, Key: fl.key, Region: fl.region, Endpoint: fl.endpoint, PathStyle: fl.pathStyle,
		KMSKey: fl.kmsKey, NoncurrentDays: fl.noncurrentDays, Tags: fl.tags, LockTable: fl.lockTable, Fix: fl.fix}
	if o.Bucket == "" {
		return o, errors.New("--bucket is required")
	}
	if o.Key == "" {
		return o, errors.New("--key must not be empty")
	}
	if o.NoncurrentDays < 1 {
		return o, fmt.Errorf("--noncurrent-days must be at least 1, got %d", o.NoncurrentDays)
	}
	if o.Region == "" {
		o.Region = getenv("AWS_REGION")
	}
	if o.Region == "" {
		o.Region = getenv("AWS_DEFAULT_REGION")
	}
	if o.Region == "" {
		return o, errors.New("no region: pass --region or set AWS_REGION")
	}
	return o, nil
}

func runBootstrap(ctx context.Context, stdout io.Writer, getenv func(string) string, fl bootstrapFlags) error {
	o, err := bootstrapOptions(fl, getenv)
	if err != nil {
		return fail(exitUsage, err)
	}
	switch fl.emit {
	case "":
	case "cloudformation", "terraform":
		return emitBackend(stdout, fl, o)
	default:
		return fail(exitUsage, fmt.Errorf("--emit must be cloudformation or terraform, got %q", fl.emit))
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, bootstrapTimeout)
	defer cancel()

	cfg := awsclient.Config{Region: o.Region, Profile: fl.profile, S3UsePathStyle: fl.pathStyle, APIOptions: fl.apiOptions}
	if fl.endpoint != "" {
		cfg.Endpoints = awsclient.Endpoints{S3: fl.endpoint, STS: fl.endpoint, DynamoDB: fl.endpoint}
	}
	if fl.assumeRole != "" {
		cfg.AssumeRole = &awsclient.AssumeRole{RoleARN: fl.assumeRole, SessionName: "plangate-bootstrap"}
	}
	awsCfg, err := cfg.Load(ctx)
	if err != nil {
		return fail(exitAWS, err)
	}
	say := func(line string) { fmt.Fprintln(stdout, line) }

	account := ""
	stsClient := sts.NewFromConfig(awsCfg, func(so *sts.Options) {
		if cfg.Endpoints.STS != "" {
			so.BaseEndpoint = aws.String(cfg.Endpoints.STS)
		}
	})
	id, err := stsClient.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	switch {
	case err == nil:
		account = aws.ToString(id.Account)
		say(fmt.Sprintf("caller: account %s", account))
	case fl.endpoint != "":
		say(fmt.Sprintf("caller: account unknown (STS GetCallerIdentity at %s failed), so requests carry no ExpectedBucketOwner", fl.endpoint))
	default:
		return fail(exitAWS, fmt.Errorf("STS GetCallerIdentity (are credentials configured?): %w", err))
	}
	if account != "" {
		awsCfg.APIOptions = append(awsCfg.APIOptions, bootstrap.ExpectedOwner(account))
	}
	clients := bootstrap.Clients{
		S3:      &securebucket.Client{S3: cfg.S3(awsCfg), Endpoint: cfg.S3EndpointName(o.Region), Region: o.Region, Partition: awsclient.Partition(o.Region)},
		Account: account,
	}
	if o.LockTable != "" {
		clients.Table = dynamodb.NewFromConfig(awsCfg, func(do *dynamodb.Options) {
			if cfg.Endpoints.DynamoDB != "" {
				do.BaseEndpoint = aws.String(cfg.Endpoints.DynamoDB)
			}
		})
	}
	start := time.Now()
	res, err := bootstrap.Run(ctx, clients, o, say)
	if err != nil {
		return fail(exitAWS, err)
	}
	left := len(res.Left)
	if res.Table != nil {
		left += len(res.Table.Problems)
	}
	// The bucket as read back, judged by the built-in rules of `plangate check`.
	judged, err := bootstrap.SelfCheck(ctx, o.Bucket, *res.Have, awsclient.Partition(o.Region))
	if err != nil {
		return fail(exitInternal, err)
	}
	for _, f := range judged.Findings {
		if l := f.Level(); l == policy.LevelDeny || l == policy.LevelWarn {
			say(fmt.Sprintf("self-check: %s %s %s: %s", l, f.RuleID, f.Title, f.Message))
		}
	}
	say(fmt.Sprintf("self-check (plangate check rules): %d denied, %d warnings, %d passed",
		judged.Summary.Deny, judged.Summary.Warn, judged.Summary.Pass))
	if left > 0 || judged.Denied() {
		say(fmt.Sprintf("self-check: denied (%d setting(s) weaker than required, %d denied finding(s)); backend.hcl not written",
			left, judged.Summary.Deny))
		return fail(exitDenied, errors.New("self-check denied"))
	}
	if res.Changed() {
		say(fmt.Sprintf("done in %s", time.Since(start).Round(time.Millisecond)))
	} else {
		say(fmt.Sprintf("nothing to do: the state backend is already right (%s)", time.Since(start).Round(time.Millisecond)))
	}
	dir := fl.out
	if dir == "" {
		dir = "."
	}
	path := filepath.Join(dir, "backend.hcl")
	text := bootstrap.BackendHCL(o)
	if old, err := os.ReadFile(path); err == nil && string(old) == text {
		say(path + " unchanged")
	} else {
		if err := writeNew(path, text); err != nil {
			return fail(exitOutput, err)
		}
		say("wrote " + path)
	}
	say("next: " + bootstrap.InitCommand(path))
	say("least-privilege IAM policy for the state:")
	fmt.Fprint(stdout, bootstrap.IAMPolicy(o, awsclient.Partition(o.Region), account))
	return nil
}

// writeNew writes a file, refusing to follow a symbolic link.
func writeNew(path, text string) error {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return fmt.Errorf("writing %s: it is a symbolic link, not followed", path)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

func emitBackend(stdout io.Writer, fl bootstrapFlags, o bootstrap.Options) error {
	text, name := bootstrap.CloudFormation(o), "state-backend.cfn.json"
	if fl.emit == "terraform" {
		text, name = bootstrap.Terraform(o), "state-backend.tf"
	}
	if fl.out == "" {
		_, err := io.WriteString(stdout, text)
		if err != nil {
			return fail(exitOutput, err)
		}
		return nil
	}
	path := filepath.Join(fl.out, name)
	if err := writeNew(path, text); err != nil {
		return fail(exitOutput, err)
	}
	fmt.Fprintln(stdout, "wrote "+path)
	return nil
}
