package plan

import (
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Redacted replaces every sensitive value before any rule or report sees it.
const Redacted = "(sensitive value)"

// Resource is one resource instance as the plan says it will be after apply.
type Resource struct {
	Address       string // with count/for_each keys, e.g. module.lake["raw"].aws_s3_bucket.this[0]
	ConfigAddress string // the same without instance keys, as the configuration names it
	Module        string // module instance address; "" for the root module
	Mode          string // "managed" or "data"
	Type          string
	Name          string
	Index         any // count index (number) or for_each key (string); nil when neither
	ProviderName  string
	// Actions from resource_changes (["no-op"], ["create"], ["delete","create"] …); nil when the plan
	// has no change entry for the resource.
	Actions []string
	// Values are the planned attribute values with sensitive ones replaced by Redacted. Attributes
	// whose value is unknown until apply are absent here and true in Unknown.
	Values map[string]any
	// Unknown mirrors after_unknown: true at every path whose value is known only after apply.
	Unknown map[string]any
	// Configured names the top-level attributes and blocks set in the configuration.
	Configured []string
	// Related lists, for an aws_s3_bucket, the addresses of its split resources by type.
	Related map[string][]string
	// Bucket is, for a split S3 resource, the address of the bucket it configures ("" if the
	// bucket is not in this plan or cannot be told).
	Bucket string
	// Deleted is true for a resource the plan destroys (it has no planned values).
	Deleted bool
	// Sensitive is true when the plan marks the resource's whole value sensitive
	// (after_sensitive or sensitive_values is true, not an object of marks): every value is
	// Redacted, and a rule cannot tell from them that the resource is compliant.
	Sensitive bool
}

// Plan is a parsed, redacted and indexed plan.
type Plan struct {
	Path             string
	FormatVersion    string
	TerraformVersion string
	// Resources are all planned resource instances (managed and data), sorted by address, plus
	// resources that the plan deletes (Deleted set).
	Resources []*Resource
	// Regions are the AWS provider regions the configuration sets, where known.
	Regions []string
	// NoStateValues is set when the plan was read without the values of planned_values and
	// prior_state (Options.NoStateValues).
	NoStateValues bool
	// ChangeValues is what was kept of resource_changes' values (Options.ChangeValues); nil: all.
	ChangeValues *ChangeValues
	// NoConfiguration is set when the configuration was skipped (Options.NoConfiguration).
	NoConfiguration bool

	byAddr map[string]*Resource
	byType map[string][]*Resource
	raw    *tfjson.Plan

	// secretDrift maps a drifted resource's address to the paths of its changed sensitive values.
	secretDrift map[string][][]any
}

// Resource returns the resource at address, or nil.
func (p *Plan) Resource(address string) *Resource { return p.byAddr[address] }

// OfType returns the resources of one type, sorted by address.
func (p *Plan) OfType(t string) []*Resource { return p.byType[t] }

// Types returns every resource type in the plan, sorted.
func (p *Plan) Types() []string {
	out := make([]string, 0, len(p.byType))
	for t := range p.byType {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Changed reports whether the plan creates, updates or replaces the resource.
func (r *Resource) Changed() bool {
	for _, a := range r.Actions {
		if a == "create" || a == "update" {
			return true
		}
	}
	return false
}

// StripKeys removes instance keys ([0], ["a.b"]) from an address, honouring quoted keys.
func StripKeys(addr string) string {
	if !strings.Contains(addr, "[") {
		return addr
	}
	var b strings.Builder
	depth, inQuote, esc := 0, false, false
	for _, c := range addr {
		switch {
		case depth > 0 && inQuote:
			if esc {
				esc = false
			} else if c == '\\' {
				esc = true
			} else if c == '"' {
				inQuote = false
			}
		case depth > 0 && c == '"':
			inQuote = true
		case c == '[':
			depth++
		case c == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(c)
		}
	}
	return b.String()
}
