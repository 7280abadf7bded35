package acctest

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { Main(m) }

// TestAccCleanupRemovesWhatATestLeft: a bucket holding object versions and a delete marker, and
// a database holding a table, are gone once the test that made them has ended.
func TestAccCleanupRemovesWhatATestLeft(t *testing.T) {
	ctx := context.Background()
	bucket := RandomName("acc-cleanup")
	var db string
	t.Run("leaves things behind", func(t *testing.T) {
		DeleteBucketsAtCleanup(t, bucket)
		c := S3Client(t)
		if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(bucket),
			VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
			t.Fatal(err)
		}
		for _, body := range []string{"a", "b"} {
			if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String("k"), Body: strings.NewReader(body)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String("k")}); err != nil {
			t.Fatal(err)
		}
		w := NewWarehouse(t)
		w.Exec(t, "CREATE TABLE left_behind (x int)")
		db = w.Database
	})
	if err := CheckBucketsGone(t, bucket)(nil); err != nil {
		t.Error(err)
	}
	var n int64
	if err := postgresConn(t).QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", db).Scan(&n); err != nil || n != 0 {
		t.Errorf("database %s: count %d, %v; want dropped", db, n, err)
	}
}

func postgresConn(t *testing.T) interface {
	QueryRow(context.Context, string, ...any) pgx.Row
} {
	conn, err := pgx.Connect(context.Background(), postgresServer(t).DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}
