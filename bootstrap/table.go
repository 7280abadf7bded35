package bootstrap

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

// TableAPI is the part of the DynamoDB client the lock table needs.
type TableAPI interface {
	DescribeTable(context.Context, *dynamodb.DescribeTableInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
	CreateTable(context.Context, *dynamodb.CreateTableInput, ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error)
	DescribeContinuousBackups(context.Context, *dynamodb.DescribeContinuousBackupsInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeContinuousBackupsOutput, error)
	UpdateContinuousBackups(context.Context, *dynamodb.UpdateContinuousBackupsInput, ...func(*dynamodb.Options)) (*dynamodb.UpdateContinuousBackupsOutput, error)
}

// TableResult is what the lock table run found and did.
type TableResult struct {
	Created bool
	// PITR is "enabled", "enabled now", or "not supported by the endpoint".
	PITR string
	// PITREnabledNow is true when this run turned PITR on.
	PITREnabledNow bool
	// Problems are settings of an existing table that differ (the key schema): never changed.
	Problems []string
}

// Changed reports whether the run wrote anything to the table.
func (t *TableResult) Changed() bool { return t.Created || t.PITREnabledNow }

// TableError names the DynamoDB call that failed and the table.
type TableError struct {
	Op    string
	Table string
	Err   error
}

func (e *TableError) Error() string { return fmt.Sprintf("%s of table %s: %v", e.Op, e.Table, e.Err) }
func (e *TableError) Unwrap() error { return e.Err }

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// LockTableInput is the lock table Terraform's S3 backend needs: a LockID string hash key,
// on-demand billing, server-side encryption with KMS (the given key, or the AWS managed one).
func LockTableInput(o Options) *dynamodb.CreateTableInput {
	sse := &ddbtypes.SSESpecification{Enabled: aws.Bool(true), SSEType: ddbtypes.SSETypeKms}
	if o.KMSKey != "" {
		sse.KMSMasterKeyId = aws.String(o.KMSKey)
	}
	in := &dynamodb.CreateTableInput{
		TableName:            aws.String(o.LockTable),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("LockID"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("LockID"), KeyType: ddbtypes.KeyTypeHash}},
		BillingMode:          ddbtypes.BillingModePayPerRequest,
		SSESpecification:     sse,
	}
	for _, k := range sortedKeys(o.Tags) {
		in.Tags = append(in.Tags, ddbtypes.Tag{Key: aws.String(k), Value: aws.String(o.Tags[k])})
	}
	return in
}

func ensureTable(ctx context.Context, t TableAPI, o Options, log func(string)) (*TableResult, error) {
	res := &TableResult{}
	name := o.LockTable
	out, err := t.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	var nf *ddbtypes.ResourceNotFoundException
	switch {
	case err == nil:
		log(fmt.Sprintf("table %s: exists, checking its key", name))
		if !lockKeyOK(out.Table) {
			res.Problems = append(res.Problems, "key schema: want a single hash key LockID of type S")
			log(fmt.Sprintf("table %s: key schema is not LockID (S) hash; it is left as it is", name))
		}
	case errors.As(err, &nf) || apiCode(err) == "ResourceNotFoundException":
		log(fmt.Sprintf("table %s: absent, creating it (LockID hash key, on-demand, encrypted)", name))
		if _, err := t.CreateTable(ctx, LockTableInput(o)); err != nil {
			return res, &TableError{Op: "CreateTable", Table: name, Err: err}
		}
		res.Created = true
		if err := dynamodb.NewTableExistsWaiter(t, func(w *dynamodb.TableExistsWaiterOptions) {
			w.MinDelay, w.MaxDelay = 200*time.Millisecond, 2*time.Second
		}).Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)}, 2*time.Minute); err != nil {
			return res, &TableError{Op: "DescribeTable (waiting for ACTIVE)", Table: name, Err: err}
		}
		log(fmt.Sprintf("table %s: created", name))
	default:
		return res, &TableError{Op: "DescribeTable", Table: name, Err: err}
	}
	pitr, err := t.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String(name)})
	if err == nil && pitr.ContinuousBackupsDescription != nil && pitr.ContinuousBackupsDescription.PointInTimeRecoveryDescription != nil &&
		pitr.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus == ddbtypes.PointInTimeRecoveryStatusEnabled {
		res.PITR = "enabled"
		log(fmt.Sprintf("table %s: point-in-time recovery already enabled", name))
		return res, nil
	}
	if err != nil && !unsupportedOp(err) {
		return res, &TableError{Op: "DescribeContinuousBackups", Table: name, Err: err}
	}
	if !res.Created && !o.Fix && o.Endpoint != "" {
		res.PITR = "not enabled (not checked on an S3-compatible endpoint; --fix tries to enable it)"
		log(fmt.Sprintf("table %s: point-in-time recovery not enabled; not counted on an S3-compatible endpoint", name))
		return res, nil
	}
	if !res.Created && !o.Fix {
		res.Problems = append(res.Problems, "point-in-time recovery: not enabled")
		log(fmt.Sprintf("table %s: point-in-time recovery not enabled (run with --fix to enable it)", name))
		return res, nil
	}
	_, err = t.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String(name),
		PointInTimeRecoverySpecification: &ddbtypes.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}})
	switch {
	case err == nil:
		res.PITR, res.PITREnabledNow = "enabled now", true
		log(fmt.Sprintf("table %s: point-in-time recovery enabled", name))
	case unsupportedOp(err):
		res.PITR = "not supported by the endpoint"
		res.Problems = nil
		log(fmt.Sprintf("table %s: point-in-time recovery skipped: the endpoint does not implement UpdateContinuousBackups (%s)", name, apiCode(err)))
	default:
		return res, &TableError{Op: "UpdateContinuousBackups", Table: name, Err: err}
	}
	return res, nil
}

func unsupportedOp(err error) bool {
	switch apiCode(err) {
	case "UnknownOperationException", "NotImplemented", "InvalidAction":
		return true
	}
	return false
}

func lockKeyOK(t *ddbtypes.TableDescription) bool {
	if t == nil || len(t.KeySchema) != 1 || aws.ToString(t.KeySchema[0].AttributeName) != "LockID" || t.KeySchema[0].KeyType != ddbtypes.KeyTypeHash {
		return false
	}
	for _, a := range t.AttributeDefinitions {
		if aws.ToString(a.AttributeName) == "LockID" {
			return a.AttributeType == ddbtypes.ScalarAttributeTypeS
		}
	}
	return false
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
