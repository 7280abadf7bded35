package warehouse

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// SQLType is the Terraform attribute type of a column type. Its values are semantically equal
// when NormalizeType gives the same spelling, so `int4` in the configuration and `integer` read
// back from the server show no diff, and the configured spelling is what stays in state.
type SQLType struct{ basetypes.StringType }

var (
	_ basetypes.StringTypable                    = SQLType{}
	_ basetypes.StringValuableWithSemanticEquals = SQLTypeValue{}
	_ xattr.ValidateableAttribute                = SQLTypeValue{}
)

func (t SQLType) Equal(o attr.Type) bool {
	_, ok := o.(SQLType)
	return ok
}

func (t SQLType) String() string { return "warehouse.SQLType" }

func (t SQLType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return SQLTypeValue{StringValue: in}, nil
}

func (t SQLType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	sv, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return SQLTypeValue{StringValue: sv}, nil
}

func (t SQLType) ValueType(context.Context) attr.Value { return SQLTypeValue{} }

// SQLTypeValue is a column type as written by the user or read from the server.
type SQLTypeValue struct{ basetypes.StringValue }

// NewSQLTypeValue wraps a known type spelling.
func NewSQLTypeValue(s string) SQLTypeValue {
	return SQLTypeValue{StringValue: basetypes.NewStringValue(s)}
}

func (v SQLTypeValue) Type(context.Context) attr.Type { return SQLType{} }

func (v SQLTypeValue) Equal(o attr.Value) bool {
	other, ok := o.(SQLTypeValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals treats aliases of one type as the same value.
func (v SQLTypeValue) StringSemanticEquals(_ context.Context, nv basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := nv.(SQLTypeValue)
	if !ok {
		return false, nil
	}
	if v.IsNull() || v.IsUnknown() || other.IsNull() || other.IsUnknown() {
		return false, nil
	}
	return TypesEqual(v.ValueString(), other.ValueString()), nil
}

// ValidateAttribute rejects a type outside the shared set at `terraform validate`.
func (v SQLTypeValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if _, err := NormalizeType(v.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Unsupported column type", err.Error())
	}
}
