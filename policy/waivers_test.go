package policy

import (
	"strings"
	"testing"
	"time"
)

var waiverNow = func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }

// TestWaiverScope: a waiver names one rule (or one rule family such as SC-AWS-S3-*) and an
// address glob that starts with a literal; anything wider would waive every denial silently.
func TestWaiverScope(t *testing.T) {
	entry := func(rule, addr string) string {
		return "waivers:\n  - rule: ok-first\n    address: aws_s3_bucket.a\n    reason: r\n    owner: o\n    expires: 2027-01-01\n" +
			"  - rule: \"" + rule + "\"\n    address: \"" + addr + "\"\n    reason: r\n    owner: o\n    expires: 2027-01-01\n"
	}
	for _, c := range []struct{ rule, addr, want string }{
		{"*", "*", "rule"},
		{"*", "aws_s3_bucket.a", "rule"},
		{"SC-*", "aws_s3_bucket.a", "rule"},
		{"SC-AWS-*", "aws_s3_bucket.a", "rule"},
		{"SC-AWS-S3-00?", "aws_s3_bucket.a", "rule"},
		{"SC-AWS-S3-*-x", "aws_s3_bucket.a", "rule"},
		{"SC-AWS-S3-009", "*", "address"},
		{"SC-AWS-S3-009", "**", "address"},
		{"SC-AWS-S3-009", "?*", "address"},
		{"SC-AWS-S3-009", "*.zone", "address"},
	} {
		_, err := ParseWaiversWith("w.yaml", []byte(entry(c.rule, c.addr)), WaiverOptions{Now: waiverNow})
		if err == nil {
			t.Errorf("rule %q address %q: accepted", c.rule, c.addr)
			continue
		}
		msg := err.Error()
		for _, want := range []string{"w.yaml", "entry 2", c.want} {
			if !strings.Contains(msg, want) {
				t.Errorf("rule %q address %q: %q does not name %q", c.rule, c.addr, msg, want)
			}
		}
	}
	for _, c := range []struct{ rule, addr string }{
		{"SC-AWS-S3-009", "module.lake.aws_s3_bucket.zone[*]"},
		{"SC-AWS-S3-*", "module.lake.*"},
		{"SC-CONV-*", "aws_glue_job.clean_orders"},
		{"main.deny", "aws_s3_bucket.b[?]"},
	} {
		if _, err := ParseWaiversWith("w.yaml", []byte(entry(c.rule, c.addr)), WaiverOptions{Now: waiverNow}); err != nil {
			t.Errorf("rule %q address %q: %v", c.rule, c.addr, err)
		}
	}
}

// TestWaiverHorizon: an expiry further away than the horizon (one year by default) is refused.
func TestWaiverHorizon(t *testing.T) {
	y := func(exp string) []byte {
		return []byte("waivers:\n  - rule: SC-AWS-S3-009\n    address: aws_s3_bucket.a\n    reason: r\n    owner: o\n    expires: " + exp + "\n")
	}
	if _, err := ParseWaiversWith("w.yaml", y("2027-11-27"), WaiverOptions{Now: waiverNow}); err != nil {
		t.Errorf("one year ahead: %v", err)
	}
	_, err := ParseWaiversWith("w.yaml", y("2099-12-31"), WaiverOptions{Now: waiverNow})
	if err == nil || !strings.Contains(err.Error(), "w.yaml") || !strings.Contains(err.Error(), "entry 1") || !strings.Contains(err.Error(), "365 days") {
		t.Errorf("2099: got %v, want a refusal naming the file, the entry and the horizon", err)
	}
	if _, err := ParseWaiversWith("w.yaml", y("2027-11-29"), WaiverOptions{Now: waiverNow}); err == nil {
		t.Error("a year and two days ahead: accepted")
	}
	if _, err := ParseWaiversWith("w.yaml", y("2027-02-01"), WaiverOptions{Now: waiverNow, MaxDays: 30}); err == nil {
		t.Error("MaxDays 30: two months ahead accepted")
	}
	cfg, err := ParseConfig("c.yaml", []byte("waiver_max_days: 30\n"))
	if err != nil {
		t.Fatal(err)
	}
	opts := cfg.WaiverOptions()
	opts.Now = waiverNow
	if _, err := ParseWaiversWith("w.yaml", y("2027-02-01"), opts); err == nil {
		t.Error("waiver_max_days 30 in the config: two months ahead accepted")
	}
	if _, err := ParseConfig("c.yaml", []byte("waiver_max_days: 0\n")); err == nil {
		t.Error("waiver_max_days 0 accepted")
	}
}
