package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// The diagnostics every resource and data source reports, in one shape.
//
// A failed call to AWS or the warehouse: the summary names the operation and the object, in
// the lower case of terraform-provider-aws ("creating Glue job (orders)",
// `dropping warehouse schema "mart"`: AWS names in parentheses, SQL names quoted as SQL
// identifiers), and the detail says it again and ends with the original error, so the message
// reads whole wherever a tool shows only one of the two. Terraform prints it as
//
//	Error: creating Glue job (orders)
//
//	creating Glue job (orders): operation error Glue: CreateJob, ... AccessDeniedException
//
// An object gone on the server is a warning "<Object kind> not found" and the resource leaves
// state; a bad import ID is "Invalid import ID"; a missing provider setting is
// "Provider not configured" or "Warehouse not configured".

// addOpError reports a failed operation: op names the operation and the object.
func addOpError(diags *diag.Diagnostics, op string, err error) {
	diags.AddError(op, fmt.Sprintf("%s: %s", op, err))
}

// addOpAttributeError is addOpError for a failure that one attribute causes.
func addOpAttributeError(diags *diag.Diagnostics, p path.Path, op string, err error) {
	diags.AddAttributeError(p, op, fmt.Sprintf("%s: %s", op, err))
}

// addNotConfigured reports that the provider was not configured before a resource was used.
func addNotConfigured(diags *diag.Diagnostics, what string) {
	diags.AddError("Provider not configured",
		fmt.Sprintf("The supplychain provider was not configured before the %s was used.", what))
}

// addAWSConfigError reports AWS settings that cannot be resolved (credentials, region, role).
func addAWSConfigError(diags *diag.Diagnostics, what string, err error) {
	addOpError(diags, "configuring AWS for the "+what, err)
}

// addWarehouseNotConfigured reports an operation that needs the provider's warehouse block.
func addWarehouseNotConfigured(diags *diag.Diagnostics, op string) {
	diags.AddError("Warehouse not configured",
		fmt.Sprintf("%s needs the provider's `warehouse` block (host, port, database, username, password).", op))
}

// addGoneWarning reports an object deleted outside Terraform; the caller removes it from state.
func addGoneWarning(diags *diag.Diagnostics, kind, detail string) {
	diags.AddWarning(kind+" not found", detail)
}

// addImportIDError reports an import ID the resource cannot read.
func addImportIDError(diags *diag.Diagnostics, detail string) {
	diags.AddError("Invalid import ID", detail)
}
