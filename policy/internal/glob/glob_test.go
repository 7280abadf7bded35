package glob

import (
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, s string
		want       bool
	}{
		{"aws_s3_bucket.*", "aws_s3_bucket.raw", true},
		{"module.lake.aws_s3_bucket.zone[*]", `module.lake.aws_s3_bucket.zone["raw"]`, true},
		{"module.lake.*", "module.other.x", false},
		{"SC-AWS-S3-00?", "SC-AWS-S3-004", true},
		{"SC-AWS-S3-00?", "SC-AWS-S3-0041", false},
		{"tags.*", "tags.owner", true},
		{"*", "", true},
		{"a*", "", false},
		{"[*]", "[0]", true},
		{"é?", "éa", true},
		{"", "", true},
		{"", "x", false},
	} {
		if got := Match(c.pattern, c.s); got != c.want {
			t.Errorf("Match(%q, %q) = %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}

// A hostile glob from a pull request's usage or known-drift file must not blow up: many stars
// against a long text that never matches.
func BenchmarkMatchHostile(b *testing.B) {
	pattern := strings.Repeat("*a", 40) + "b"
	s := strings.Repeat("a", 4000)
	for b.Loop() {
		if Match(pattern, s) {
			b.Fatal("matched")
		}
	}
}
