package report

import (
	"encoding/json"
	"io"

	"github.com/nexabrands/supplychain/policy"
)

// JSONSchema names the shape of the JSON report; it changes when a field is removed or renamed.
const JSONSchema = "plangate.check/v1"

// JSON writes the result as one JSON document.
func JSON(w io.Writer, res *policy.Result, opts Options) error {
	doc := struct {
		Schema  string `json:"schema"`
		Tool    string `json:"tool"`
		Version string `json:"version,omitempty"`
		Verdict string `json:"verdict"`
		*policy.Result
	}{JSONSchema, "plangate", opts.Version, verdict(res), res}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
