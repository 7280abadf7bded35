package glue

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// Artifacts of a job live under etl/<job name>/<sha256 of the content>/<file name>: the key
// changes exactly when the content does, and the file name is kept because Python imports an
// extra module by it.
const artifactRoot = "etl/"

// Artifact is a local file and where its content goes.
type Artifact struct {
	Path   string
	SHA256 string
	Bucket string
	Key    string
}

// Location is the artifact's s3:// URI.
func (a Artifact) Location() string { return S3URI(a.Bucket, a.Key) }

// OwnedPrefix is the key prefix under which every artifact of a job is uploaded.
func OwnedPrefix(job string) string { return artifactRoot + job + "/" }

// NewArtifact hashes a local file and names its key for a job.
func NewArtifact(job, bucket, path string) (Artifact, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Artifact{}, err
	}
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])
	return Artifact{Path: path, SHA256: h, Bucket: bucket, Key: OwnedPrefix(job) + h + "/" + filepath.Base(path)}, nil
}

// S3URI joins a bucket and a key.
func S3URI(bucket, key string) string { return "s3://" + bucket + "/" + key }

// ParseS3URI splits s3://bucket/key.
func ParseS3URI(uri string) (bucket, key string, ok bool) {
	rest, found := strings.CutPrefix(uri, "s3://")
	if !found {
		return "", "", false
	}
	bucket, key, _ = strings.Cut(rest, "/")
	return bucket, key, bucket != ""
}

var ownedKey = regexp.MustCompile(`^etl/([^/]+)/([0-9a-f]{64})/[^/]+$`)

// OwnedSHA256 returns the content hash in the key of an artifact the job uploaded, or "" when
// the location is not one of the job's own.
func OwnedSHA256(job, location string) string {
	_, key, ok := ParseS3URI(location)
	if !ok {
		return ""
	}
	m := ownedKey.FindStringSubmatch(key)
	if m == nil || m[1] != job {
		return ""
	}
	return m[2]
}

// ErrChangedSincePlan is returned when a file's content no longer has the hash that was planned.
var ErrChangedSincePlan = errors.New("file changed since the plan was made; plan again")

// Upload puts the artifact's content at its key. The file is read again and must still have the
// planned hash, so what is uploaded is what the plan showed.
func (c *Client) Upload(ctx context.Context, a Artifact) error {
	b, err := os.ReadFile(a.Path)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	if hex.EncodeToString(sum[:]) != a.SHA256 {
		return fmt.Errorf("%s: %w", a.Path, ErrChangedSincePlan)
	}
	_, err = c.S3.PutObject(ctx, &s3.PutObjectInput{
		Bucket:      aws.String(a.Bucket),
		Key:         aws.String(a.Key),
		Body:        bytes.NewReader(b),
		ContentType: aws.String("text/x-python"),
	})
	if err != nil {
		return fmt.Errorf("uploading %s to %s: %w", a.Path, a.Location(), err)
	}
	return nil
}

// Exists reports whether an object is at the location.
func (c *Client) Exists(ctx context.Context, location string) (bool, error) {
	bucket, key, ok := ParseS3URI(location)
	if !ok {
		return false, fmt.Errorf("not an s3:// location: %q", location)
	}
	_, err := c.S3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err == nil {
		return true, nil
	}
	if isS3NotFound(err) {
		return false, nil
	}
	return false, err
}

func isS3NotFound(err error) bool {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "NotFound", "NoSuchKey", "NoSuchBucket":
			return true
		}
	}
	return false
}

// DeleteOwned deletes every version of every object under the job's prefix in bucket, except
// the keys in keep, and returns how many versions it deleted. A missing bucket holds nothing.
func (c *Client) DeleteOwned(ctx context.Context, bucket, job string, keep map[string]bool) (int, error) {
	deleted := 0
	p := s3.NewListObjectVersionsPaginator(c.S3, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(OwnedPrefix(job))})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if isS3NotFound(err) {
				return deleted, nil
			}
			return deleted, fmt.Errorf("listing objects under s3://%s/%s: %w", bucket, OwnedPrefix(job), err)
		}
		var ids []s3types.ObjectIdentifier
		for _, v := range page.Versions {
			if !keep[aws.ToString(v.Key)] {
				ids = append(ids, s3types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
			}
		}
		for _, m := range page.DeleteMarkers {
			if !keep[aws.ToString(m.Key)] {
				ids = append(ids, s3types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
			}
		}
		for start := 0; start < len(ids); start += 1000 {
			end := min(start+1000, len(ids))
			out, err := c.S3.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(bucket),
				Delete: &s3types.Delete{Objects: ids[start:end], Quiet: aws.Bool(true)}})
			if err != nil {
				return deleted, fmt.Errorf("deleting objects under s3://%s/%s: %w", bucket, OwnedPrefix(job), err)
			}
			if len(out.Errors) > 0 {
				e := out.Errors[0]
				return deleted, fmt.Errorf("deleting objects under s3://%s/%s: %d not deleted, first %s: %s %s", bucket,
					OwnedPrefix(job), len(out.Errors), aws.ToString(e.Key), aws.ToString(e.Code), aws.ToString(e.Message))
			}
			deleted += end - start
		}
	}
	return deleted, nil
}

// DeleteArtifact deletes every version of one artifact's object (used to take back an upload
// when the job it was for could not be created).
func (c *Client) DeleteArtifact(ctx context.Context, a Artifact) error {
	out, err := c.S3.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(a.Bucket), Prefix: aws.String(a.Key)})
	if err != nil {
		return fmt.Errorf("listing versions of %s: %w", a.Location(), err)
	}
	var ids []s3types.ObjectIdentifier
	for _, v := range out.Versions {
		if aws.ToString(v.Key) == a.Key {
			ids = append(ids, s3types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
	}
	for _, m := range out.DeleteMarkers {
		if aws.ToString(m.Key) == a.Key {
			ids = append(ids, s3types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
	}
	if len(ids) == 0 {
		return nil
	}
	res, err := c.S3.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(a.Bucket),
		Delete: &s3types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
	if err == nil && len(res.Errors) > 0 {
		err = fmt.Errorf("%s %s", aws.ToString(res.Errors[0].Code), aws.ToString(res.Errors[0].Message))
	}
	if err != nil {
		return fmt.Errorf("deleting %s: %w", a.Location(), err)
	}
	return nil
}
