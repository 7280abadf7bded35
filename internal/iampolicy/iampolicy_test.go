package iampolicy

import (
	"strings"
	"testing"
)

const arn = "arn:aws:s3:::lake-raw"

func TestEquivalent(t *testing.T) {
	cases := []struct {
		name string
		a, b string
		want bool
	}{
		{"formatting and key order", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"x","Principal":{"AWS":"arn:aws:iam::123456789012:root"}}]}`,
			`{ "Statement": [ { "Principal": {"AWS": ["arn:aws:iam::123456789012:root"]}, "Resource": ["x"], "Action": ["s3:GetObject"], "Effect": "Allow" } ], "Version": "2012-10-17" }`, true},
		{"action order", `{"Statement":[{"Effect":"Allow","Action":["s3:B","s3:A"],"Resource":"*"}]}`,
			`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:A","s3:B"],"Resource":"*"}}`, true},
		{"statement order", `{"Statement":[{"Sid":"a","Effect":"Allow","Action":"s3:A","Resource":"*"},{"Sid":"b","Effect":"Deny","Action":"s3:B","Resource":"*"}]}`,
			`{"Statement":[{"Sid":"b","Effect":"Deny","Action":"s3:B","Resource":"*"},{"Sid":"a","Effect":"Allow","Action":"s3:A","Resource":"*"}]}`, true},
		{"different action", `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`,
			`{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}`, false},
		{"deny vs allow", `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`,
			`{"Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}`, false},
		{"star principal vs list", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`,
			`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"*"}]}`, false},
		{"both empty", "", "  ", true},
		{"one empty", "", `{"Statement":[{"Effect":"Allow","Action":"s3:A","Resource":"*"}]}`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Equivalent(c.a, c.b); got != c.want {
				t.Fatalf("Equivalent = %v, want %v", got, c.want)
			}
			if got := Equivalent(c.b, c.a); got != c.want {
				t.Fatalf("Equivalent (swapped) = %v, want %v", got, c.want)
			}
		})
	}
}

func TestMergeAndSplitRoundTrip(t *testing.T) {
	user := `{"Version":"2012-10-17","Statement":[{"Sid":"ReadOnly","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/etl"},"Action":["s3:GetObject"],"Resource":"arn:aws:s3:::lake-raw/*"}]}`
	for _, tls := range []bool{true, false} {
		merged, err := Merge(user, tls, arn)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(merged, TLSOnlySid); got != tls {
			t.Fatalf("tls=%v: merged policy contains TLS statement = %v", tls, got)
		}
		gotUser, gotTLS, err := Split(merged, arn)
		if err != nil {
			t.Fatal(err)
		}
		if gotTLS != tls || !Equivalent(gotUser, user) {
			t.Fatalf("tls=%v: Split = (%s, %v)", tls, gotUser, gotTLS)
		}
	}
}

func TestMergeTLSOnlyAlone(t *testing.T) {
	merged, err := Merge("", true, arn)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"aws:SecureTransport":"false"`, `"Effect":"Deny"`, arn + `/*`} {
		if !strings.Contains(merged, want) {
			t.Fatalf("merged policy %s lacks %s", merged, want)
		}
	}
	if got, _ := Merge("", false, arn); got != "" {
		t.Fatalf("nothing to put, got %s", got)
	}
}

func TestSplitEditedTLSStatementIsNotTLSOnly(t *testing.T) {
	merged, _ := Merge("", true, arn)
	edited := strings.Replace(merged, `"false"`, `"true"`, 1)
	if _, tls, err := Split(edited, arn); err != nil || tls {
		t.Fatalf("edited TLS statement reported as intact (tls=%v, err=%v)", tls, err)
	}
	wrongBucket, _ := Merge("", true, "arn:aws:s3:::other")
	if _, tls, _ := Split(wrongBucket, arn); tls {
		t.Fatal("TLS statement for another bucket reported as intact")
	}
}

func TestMergeRejectsReservedSidAndBadJSON(t *testing.T) {
	if _, err := Merge(`{"Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Action":"*","Resource":"*"}]}`, true, arn); err == nil {
		t.Fatal("reserved Sid accepted")
	}
	for _, bad := range []string{`[]`, `{"Statement":"x"}`, `{"Statements":[]}`, `{`} {
		if _, err := Merge(bad, true, arn); err == nil {
			t.Errorf("bad policy %q accepted", bad)
		}
	}
}
