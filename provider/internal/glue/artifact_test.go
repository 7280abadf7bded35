package glue

import (
	"os"
	"path/filepath"
	"testing"
)

func TestNewArtifactIsContentAddressed(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "orders.py")
	if err := os.WriteFile(p, []byte("print('v1')\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := NewArtifact("orders", "lake-code", p)
	if err != nil {
		t.Fatal(err)
	}
	// sha256 of "print('v1')\n", computed with sha256sum.
	const want = "14f95ddd9b99cb81615382a0f25f9baf3e69eba017dcac92a30281f16b42d572"
	if a.SHA256 != want || a.Key != "etl/orders/"+want+"/orders.py" {
		t.Fatalf("artifact %+v, want hash %s", a, want)
	}
	if a.Location() != "s3://lake-code/"+a.Key {
		t.Fatalf("location %s", a.Location())
	}
	if err := os.WriteFile(p, []byte("print('v2')\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := NewArtifact("orders", "lake-code", p)
	if err != nil {
		t.Fatal(err)
	}
	if b.Key == a.Key || b.SHA256 == a.SHA256 {
		t.Fatalf("a changed file kept its key %s", b.Key)
	}
	if got := OwnedSHA256("orders", b.Location()); got != b.SHA256 {
		t.Fatalf("OwnedSHA256 = %q, want %q", got, b.SHA256)
	}
	if got := OwnedSHA256("other", b.Location()); got != "" {
		t.Fatalf("another job's artifact counted as owned: %q", got)
	}
	if _, err := NewArtifact("orders", "lake-code", filepath.Join(dir, "missing.py")); err == nil {
		t.Fatal("a missing file hashed")
	}
}

func TestParseS3URI(t *testing.T) {
	for uri, want := range map[string][3]string{
		"s3://b/k/x.py": {"b", "k/x.py", "true"},
		"s3://b/":       {"b", "", "true"},
		"s3://b":        {"b", "", "true"},
		"https://b/k":   {"", "", "false"},
		"s3:///k":       {"", "k", "false"},
	} {
		b, k, ok := ParseS3URI(uri)
		if b != want[0] || k != want[1] || (ok != (want[2] == "true")) {
			t.Errorf("ParseS3URI(%q) = %q %q %v, want %v", uri, b, k, ok, want)
		}
	}
}

func TestJobARNUsesTheRolesAccountAndPartition(t *testing.T) {
	got := JobARN("arn:aws-cn:iam::123456789012:role/etl/glue", "cn-north-1", "orders")
	if got != "arn:aws-cn:glue:cn-north-1:123456789012:job/orders" {
		t.Fatalf("JobARN = %s", got)
	}
	if JobARN("not-an-arn", "eu-west-1", "orders") != "" {
		t.Fatal("an ARN made from a malformed role")
	}
}
