package lake

import "testing"

func TestBucketNamesInRoleOrder(t *testing.T) {
	got := BucketNames(map[Role]string{Transformed: "p-transformed", Raw: "p-raw", Code: "p-code"})
	if want := "p-raw, p-code, p-transformed"; got != want {
		t.Fatalf("BucketNames = %q, want %q", got, want)
	}
	if got := BucketNames(map[Role]string{Code: "p-code"}); got != "p-code" {
		t.Fatalf("BucketNames of one = %q", got)
	}
}
