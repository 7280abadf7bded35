// Package awsclient builds AWS SDK configuration and service clients from the provider's
// settings: region, credentials (default chain, profile, static keys, assumed role) and
// per-service endpoints for S3-compatible storage and local stand-ins. tools/devenv uses it for
// its S3 client; plangate makes no AWS call today.
package awsclient

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
)

// Endpoints overrides service endpoints; an empty field keeps AWS's own.
type Endpoints struct {
	S3       string
	DynamoDB string
	Glue     string
	STS      string
	IAM      string
}

// AssumeRole describes a role to assume on top of the base credentials.
type AssumeRole struct {
	RoleARN     string
	SessionName string
	ExternalID  string
	Duration    time.Duration
}

// Config is everything needed to reach AWS or an S3-compatible server.
type Config struct {
	Region         string
	Profile        string
	AccessKey      string
	SecretKey      string
	SessionToken   string
	AssumeRole     *AssumeRole
	Endpoints      Endpoints
	S3UsePathStyle bool
	// MaxAttempts bounds retries (0 keeps the SDK's default of 3).
	MaxAttempts int
	// APIOptions are added to every client's middleware stack (tests count requests with it).
	APIOptions []func(*middleware.Stack) error
}

// ErrNoRegion is returned when neither the configuration nor the environment names a region.
var ErrNoRegion = errors.New("no AWS region: set `region` or AWS_REGION")

// Load resolves the SDK configuration. It reads no credentials over the network: the default
// chain is consulted lazily, on the first request.
func (c Config) Load(ctx context.Context) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if c.Region != "" {
		opts = append(opts, config.WithRegion(c.Region))
	}
	if c.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(c.Profile))
	}
	if c.AccessKey != "" || c.SecretKey != "" {
		if c.AccessKey == "" || c.SecretKey == "" {
			return aws.Config{}, errors.New("access_key and secret_key must be set together")
		}
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(c.AccessKey, c.SecretKey, c.SessionToken)))
	}
	if c.MaxAttempts > 0 {
		opts = append(opts, config.WithRetryMaxAttempts(c.MaxAttempts))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return aws.Config{}, ErrNoRegion
	}
	cfg.APIOptions = append(cfg.APIOptions, c.APIOptions...)
	if c.AssumeRole != nil && c.AssumeRole.RoleARN != "" {
		stsClient := sts.NewFromConfig(cfg, func(o *sts.Options) {
			if c.Endpoints.STS != "" {
				o.BaseEndpoint = aws.String(c.Endpoints.STS)
			}
		})
		ar := *c.AssumeRole
		cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(stsClient, ar.RoleARN,
			func(o *stscreds.AssumeRoleOptions) {
				if ar.SessionName != "" {
					o.RoleSessionName = ar.SessionName
				}
				if ar.ExternalID != "" {
					o.ExternalID = aws.String(ar.ExternalID)
				}
				if ar.Duration > 0 {
					o.Duration = ar.Duration
				}
			}))
	}
	return cfg, nil
}

// S3 returns an S3 client honouring the endpoint and path-style settings.
func (c Config) S3(cfg aws.Config) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if c.Endpoints.S3 != "" {
			o.BaseEndpoint = aws.String(c.Endpoints.S3)
		}
		o.UsePathStyle = c.S3UsePathStyle
		// S3-compatible servers rarely implement the newer flexible checksums; ask for them only
		// where an operation requires one.
		if c.Endpoints.S3 != "" {
			o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
			o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		}
	})
}

// Glue returns a Glue client honouring the endpoint override (a local stand-in or a test server).
func (c Config) Glue(cfg aws.Config) *glue.Client {
	return glue.NewFromConfig(cfg, func(o *glue.Options) {
		if c.Endpoints.Glue != "" {
			o.BaseEndpoint = aws.String(c.Endpoints.Glue)
		}
	})
}

// S3EndpointName names the S3 endpoint in messages: the override, or AWS's regional endpoint.
func (c Config) S3EndpointName(region string) string {
	if c.Endpoints.S3 != "" {
		return c.Endpoints.S3
	}
	return fmt.Sprintf("https://s3.%s.amazonaws.com", region)
}

// Partition returns the ARN partition of a region.
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	default:
		return "aws"
	}
}
