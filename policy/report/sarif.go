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

// sarifLevel maps a finding's level: deny is an error, warn a warning, the rest notes.
func sarifLevel(l policy.Level) string {
	switch l {
	case policy.LevelDeny:
		return "error"
	case policy.LevelWarn:
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

// SARIF writes a SARIF 2.1.0 log: one rule per rule id, one result per finding that is not a pass
// (waived ones carry a suppression). A result is located at the .tf file and line where the
// source was found, else at the plan file, and always names the resource address as a logical
// location. The cost gate is the rule SC-COST-001 with one result at the plan file: error when
// it fails, warning when it warns, a note of kind pass when it passes. The drift section is in the
// other formats.
func SARIF(w io.Writer, d *Document, _ Options) error {
	log, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	version := d.Version
	if version == "" {
		version = "dev"
	}
	run := sarif.NewRun(*sarif.NewTool(sarif.NewVersionedDriver("plangate", version).
		WithInformationURI("https://github.com/nexabrands/supplychain")))
	for i := range d.Rules {
		r := &d.Rules[i]
		title, desc, rem := plain(r.Title), plain(r.Description), plain(r.Remediation)
		help := rem
		mdHelp := fmt.Sprintf("**%s** (%s)\n\n%s\n\n**Remediation:** %s", md(r.Title), md(string(r.Severity)), mdBlock(r.Description), md(r.Remediation))
		if rel := relatedIDs(r); rel != "" {
			help += "\nRelated: " + plain(rel)
			mdHelp += "\n\n**Related checks:** " + md(rel)
		}
		if help == "" {
			help = title
		}
		tags := []string{"security", "terraform", plain(string(r.Severity))}
		props := sarif.Properties{"tags": tags, "precision": "high"}
		if s, ok := securitySeverity[r.Severity]; ok {
			props["security-severity"] = s
		}
		if len(r.ResourceTypes) > 0 {
			props["resource_types"] = clipAll(r.ResourceTypes)
		}
		if len(r.Related) > 0 {
			props["related"] = r.Related
		}
		if desc == "" {
			desc = title
		}
		run.AddRule(plain(r.ID)).
			WithName(ruleName(plain(r.ID))).
			WithShortDescription(sarif.NewMultiformatMessageString(title)).
			WithFullDescription(sarif.NewMultiformatMessageString(desc)).
			WithHelp(sarif.NewMultiformatMessageString(help).WithMarkdown(mdHelp)).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(defaultLevel(r.Severity))).
			WithProperties(props)
	}
	planURI := strings.TrimPrefix(clip(d.Plan.Path), "./")
	for _, f := range d.Findings {
		if f.Level == policy.LevelPass {
			continue
		}
		uri, line := planURI, 1
		if f.File != "" && f.Line > 0 {
			uri, line = clip(f.File), f.Line
		}
		loc := sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
			WithArtifactLocation(sarif.NewSimpleArtifactLocation(uri)).
			WithRegion(sarif.NewRegion().WithStartLine(line)))
		if f.Address != "" {
			loc = loc.WithLogicalLocations([]*sarif.LogicalLocation{
				sarif.NewLogicalLocation().WithFullyQualifiedName(clip(f.Address)).WithName(clip(f.ResourceType)).WithKind("resource"),
			})
		}
		r := run.CreateResultForRule(plain(f.RuleID)).
			WithLevel(sarifLevel(f.Level)).
			WithMessage(sarif.NewTextMessage(plain(message(f, "Unknown until apply: ")))).
			WithLocations([]*sarif.Location{loc}).
			WithPartialFingerPrints(map[string]interface{}{"plangate/v1": clip(f.RuleID) + "|" + clip(f.Address)})
		r.Properties = sarif.Properties{"level": string(f.Level), "status": string(f.Status),
			"decision": string(f.Decision), "severity": plain(string(f.Severity))}
		if f.Waiver != nil {
			r.AddSuppression(sarif.NewSuppression("external").WithStatus("accepted").
				WithJustifcation(fmt.Sprintf("%s (owner %s, expires %s)", plain(f.Waiver.Reason), plain(f.Waiver.Owner), plain(f.Waiver.Expires))))
		}
	}
	if c := d.Cost; c != nil {
		sarifCost(run, c, planURI)
	}
	run.AddInvocation(true)
	log.AddRun(run)
	return log.PrettyWrite(w)
}

// ruleName makes a PascalCase name from an id, as SARIF viewers like: SC-AWS-S3-001 → ScAwsS3001.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '.' || r == '_' }) {
		r := []rune(strings.ToLower(part))
		b.WriteString(strings.ToUpper(string(r[:1])) + string(r[1:]))
	}
	return b.String()
}

// sarifCost adds the cost gate's rule and its one result.
func sarifCost(run *sarif.Run, c *CostSection, planURI string) {
	desc := "Judges the monthly cost difference of the plan: fails at a monthly increase at or above the threshold, warns from the warning level; only priced components count."
	run.AddRule(CostRuleID).
		WithName(ruleName(CostRuleID)).
		WithShortDescription(sarif.NewMultiformatMessageString(CostRuleTitle)).
		WithFullDescription(sarif.NewMultiformatMessageString(desc)).
		WithHelp(sarif.NewMultiformatMessageString("Reduce the increase, or raise the threshold in the configuration (params.cost_fail_increase, cost_warn_increase, cost_fail_percent, cost_budget).")).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel("error")).
		WithProperties(sarif.Properties{"tags": []string{"cost", "terraform"}, "precision": "high"})
	level, kind := "note", "pass"
	switch c.gateState() {
	case "FAIL":
		level, kind = "error", "fail"
	case "WARN":
		level, kind = "warning", "fail"
	}
	loc := sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
		WithArtifactLocation(sarif.NewSimpleArtifactLocation(planURI)).
		WithRegion(sarif.NewRegion().WithStartLine(1)))
	r := run.CreateResultForRule(CostRuleID).
		WithKind(kind).
		WithLevel(level).
		WithMessage(sarif.NewTextMessage(costDetail(c))).
		WithLocations([]*sarif.Location{loc}).
		WithPartialFingerPrints(map[string]interface{}{"plangate/v1": CostRuleID + "|"})
	r.Properties = sarif.Properties{"verdict": strings.ToLower(c.gateState()), "currency": plain(c.Currency),
		"monthly_before": c.MonthlyBefore, "monthly_after": c.MonthlyAfter, "monthly_delta": c.Delta(),
		"priced_only": c.PricedOnly, "unpriced": len(c.Unpriced)}
}
