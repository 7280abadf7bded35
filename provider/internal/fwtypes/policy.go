// Package fwtypes holds custom Terraform framework types whose semantic equality keeps plans
// empty when the server rewrites a value without changing its meaning.
package fwtypes

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/nexabrands/supplychain/internal/iampolicy"
)

var (
	_ basetypes.StringTypable                    = PolicyType{}
	_ basetypes.StringValuableWithSemanticEquals = PolicyValue{}
)

// PolicyType is a JSON IAM policy document. Two documents that differ only in formatting, key
// order, statement order or single-value-versus-list forms are equal, so S3's rewriting of a
// stored policy never shows as a diff.
type PolicyType struct{ basetypes.StringType }

func (t PolicyType) Equal(o attr.Type) bool {
	_, ok := o.(PolicyType)
	return ok
}

func (t PolicyType) String() string { return "fwtypes.PolicyType" }

func (t PolicyType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return PolicyValue{StringValue: in}, nil
}

func (t PolicyType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return PolicyValue{StringValue: s}, nil
}

func (t PolicyType) ValueType(context.Context) attr.Value { return PolicyValue{} }

// PolicyValue is a value of PolicyType.
type PolicyValue struct{ basetypes.StringValue }

// NewPolicyValue wraps a document; "" gives null.
func NewPolicyValue(doc string) PolicyValue {
	if doc == "" {
		return PolicyValue{StringValue: basetypes.NewStringNull()}
	}
	return PolicyValue{StringValue: basetypes.NewStringValue(doc)}
}

// PolicyNull is the null policy.
func PolicyNull() PolicyValue { return PolicyValue{StringValue: basetypes.NewStringNull()} }

func (v PolicyValue) Equal(o attr.Value) bool {
	other, ok := o.(PolicyValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v PolicyValue) Type(context.Context) attr.Type { return PolicyType{} }

func (v PolicyValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	n, ok := newValuable.(PolicyValue)
	if !ok {
		return false, nil
	}
	return iampolicy.Equivalent(v.ValueString(), n.ValueString()), nil
}
