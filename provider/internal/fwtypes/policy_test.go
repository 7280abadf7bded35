package fwtypes

import (
	"context"
	"testing"
)

func TestPolicySemanticEquality(t *testing.T) {
	ctx := context.Background()
	a := NewPolicyValue(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:B","s3:A"],"Resource":"*"}]}`)
	same := NewPolicyValue(`{"Statement": {"Resource": ["*"], "Action": ["s3:A", "s3:B"], "Effect": "Allow"}, "Version": "2012-10-17"}`)
	other := NewPolicyValue(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:A","s3:B"],"Resource":"*"}]}`)
	if eq, d := a.StringSemanticEquals(ctx, same); !eq || d.HasError() {
		t.Fatal("reformatted policy not equal")
	}
	if eq, _ := a.StringSemanticEquals(ctx, other); eq {
		t.Fatal("Allow and Deny policies equal")
	}
	if !NewPolicyValue("").IsNull() || !PolicyNull().IsNull() {
		t.Fatal("empty policy should be null")
	}
	if a.Equal(same) {
		t.Fatal("Equal must compare text; semantic equality is separate")
	}
}
