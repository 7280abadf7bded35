package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/nexabrands/supplychain/policy"
)

// securitySeverity maps severities to the CVSS-like scores GitHub code scanning reads.
var securitySeverity = map[policy.Severity]string{
	policy.Critical: "9.5", policy.High: "8.0", policy.Medium: "5.5", policy.Low: "3.0",
}

func sarifLevel(f policy.Finding) string {
	switch {
	case f.Status == policy.Unknown:
		return "note"
	case f.Decision == policy.Deny:
		return "error"
	case f.Decision == policy.Warn:
		return "warning"
	}
	return "note"
}

func defaultLevel(s policy.Severity) string {
	switch s {
	case policy.Critical, policy.High:
		return "error"
	case policy.Medium:
		return "warning"
	}
	return "note"
}

// SARIF writes a SARIF 2.1.0 log: one rule per rule id, one result per failing, unknown or waived
// finding (waived ones carry a suppression). A result is located at the .tf file and line where
// the source was found, else at the plan file, and always names the resource address as a
// logical location.
func SARIF(w io.Writer, res *policy.Result, opts Options) error {
	log, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	version := opts.Version
	if version == "" {
		version = "dev"
	}
	run := sarif.NewRun(*sarif.NewTool(sarif.NewVersionedDriver("plangate", version).
		WithInformationURI("https://github.com/nexabrands/supplychain")))
	for i := range res.Rules {
		r := &res.Rules[i]
		help := r.Remediation
		md := fmt.Sprintf("**%s** (%s)\n\n%s\n\n**Remediation:** %s", r.Title, r.Severity, r.Description, r.Remediation)
		if rel := relatedIDs(r); rel != "" {
			help += "\nRelated: " + rel
			md += "\n\n**Related checks:** " + rel
		}
		if help == "" {
			help = r.Title
		}
		tags := []string{"security", "terraform", string(r.Severity)}
		props := sarif.Properties{"tags": tags, "precision": "high"}
		if s, ok := securitySeverity[r.Severity]; ok {
			props["security-severity"] = s
		}
		if len(r.ResourceTypes) > 0 {
			props["resource_types"] = r.ResourceTypes
		}
		if len(r.Related) > 0 {
			props["related"] = r.Related
		}
		desc := r.Description
		if desc == "" {
			desc = r.Title
		}
		run.AddRule(r.ID).
			WithName(ruleName(r.ID)).
			WithShortDescription(sarif.NewMultiformatMessageString(r.Title)).
			WithFullDescription(sarif.NewMultiformatMessageString(desc)).
			WithHelp(sarif.NewMultiformatMessageString(help).WithMarkdown(md)).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(defaultLevel(r.Severity))).
			WithProperties(props)
	}
	planURI := strings.TrimPrefix(res.Plan.Path, "./")
	for _, f := range res.Findings {
		if f.Status == policy.Pass {
			continue
		}
		uri, line := planURI, 1
		if f.File != "" && f.Line > 0 {
			uri, line = f.File, f.Line
		}
		loc := sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
			WithArtifactLocation(sarif.NewSimpleArtifactLocation(uri)).
			WithRegion(sarif.NewRegion().WithStartLine(line)))
		if f.Address != "" {
			loc = loc.WithLogicalLocations([]*sarif.LogicalLocation{
				sarif.NewLogicalLocation().WithFullyQualifiedName(f.Address).WithName(f.ResourceType).WithKind("resource"),
			})
		}
		msg := f.Message
		if f.Status == policy.Unknown {
			msg = "Unknown until apply: " + msg
		}
		if f.Address != "" && !strings.Contains(msg, f.Address) {
			msg = f.Address + ": " + msg
		}
		r := run.CreateResultForRule(f.RuleID).
			WithLevel(sarifLevel(f)).
			WithMessage(sarif.NewTextMessage(msg)).
			WithLocations([]*sarif.Location{loc}).
			WithPartialFingerPrints(map[string]interface{}{"plangate/v1": f.RuleID + "|" + f.Address})
		r.Properties = sarif.Properties{"status": string(f.Status), "decision": string(f.Decision), "severity": string(f.Severity)}
		if f.Waiver != nil {
			r.AddSuppression(sarif.NewSuppression("external").WithStatus("accepted").
				WithJustifcation(fmt.Sprintf("%s (owner %s, expires %s)", f.Waiver.Reason, f.Waiver.Owner, f.Waiver.Expires)))
		}
	}
	run.AddInvocation(true)
	log.AddRun(run)
	return log.PrettyWrite(w)
}

// ruleName makes a PascalCase name from an id, as SARIF viewers like: SC-AWS-S3-001 → ScAwsS3001.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '.' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + strings.ToLower(part[1:]))
	}
	return b.String()
}
