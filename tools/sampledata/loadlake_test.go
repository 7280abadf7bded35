package main

import (
	"context"
	"strings"
	"testing"
)

// TestLoadLakeRejectsBadArguments: a missing bucket or an impossible run date is an error before
// anything is connected to.
func TestLoadLakeRejectsBadArguments(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1")
	t.Setenv("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "--bucket is required"},
		{[]string{"--bucket", "nexabrand-local-transformed", "--run-date", "2026-13-01"}, "is not YYYY-MM-DD"},
		{[]string{"--bucket", "Bad_Bucket"}, "is not an S3 bucket name"},
		{[]string{"--bucket", "nexabrand-local-transformed", "--prefix", "a//b"}, "empty segment"},
	} {
		err := cmdLoadLake(context.Background(), c.args)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("load-lake %q: error %v, want one containing %q", c.args, err, c.want)
		}
	}
}
