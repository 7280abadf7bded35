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
// location. A drift document adds a result of rule plangate-drift per drifted resource and one
// per security finding of the drift (under its rule). The cost section is in the other formats.
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
	if dr := d.Drift; dr != nil {
		sarifDrift(run, dr, planURI)
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

// sarifDrift adds the drift section: the rule plangate-drift with an error per drifted resource
// (at the plan file), and each security finding of the drift under its own rule.
func sarifDrift(run *sarif.Run, dr *DriftSection, planURI string) {
	loc := func(addr, typ string) []*sarif.Location {
		l := sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
			WithArtifactLocation(sarif.NewSimpleArtifactLocation(planURI)).
			WithRegion(sarif.NewRegion().WithStartLine(1)))
		if addr != "" {
			l = l.WithLogicalLocations([]*sarif.LogicalLocation{
				sarif.NewLogicalLocation().WithFullyQualifiedName(clip(addr)).WithName(clip(typ)).WithKind("resource"),
			})
		}
		return []*sarif.Location{l}
	}
	if len(dr.Resources) > 0 {
		run.AddRule(DriftRuleID).
			WithName("Drift").
			WithShortDescription(sarif.NewMultiformatMessageString("The resource changed outside Terraform")).
			WithFullDescription(sarif.NewMultiformatMessageString("The refreshed state differs from the state Terraform recorded (resource_drift of the plan).")).
			WithHelp(sarif.NewMultiformatMessageString("Apply the configuration again, or bring the change into the configuration; silence known drift with a known-drift entry that expires.")).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel("error")).
			WithProperties(sarif.Properties{"tags": []string{"drift", "terraform"}, "precision": "high"})
	}
	types := map[string]string{}
	for _, it := range dr.Resources {
		types[it.Address] = it.ResourceType
		msg := clip(it.Address) + " drifted outside Terraform [" + strings.Join(clipAll(it.Classes), ", ") + "]: " + strings.Join(itemLines(it), "; ")
		r := run.CreateResultForRule(DriftRuleID).
			WithLevel("error").
			WithMessage(sarif.NewTextMessage(plainUnclipped(msg))).
			WithLocations(loc(it.Address, it.ResourceType)).
			WithPartialFingerPrints(map[string]interface{}{"plangate/v1": DriftRuleID + "|" + clip(it.Address)})
		r.Properties = sarif.Properties{"classes": clipAll(it.Classes), "action": it.Action}
	}
	var fs []DriftFinding
	for _, it := range dr.Resources {
		fs = append(fs, it.Findings...)
	}
	fs = append(fs, dr.Unattributed...)
	seen, done := map[string]bool{}, map[string]bool{}
	for _, f := range fs {
		if key := f.RuleID + "|" + f.Address + "|" + f.Message; done[key] {
			continue // put down to several drifted resources
		} else {
			done[key] = true
		}
		id := plain(f.RuleID)
		if !seen[id] {
			seen[id] = true
			title := plain(f.Title)
			if title == "" {
				title = id
			}
			props := sarif.Properties{"tags": []string{"security", "drift", plain(string(f.Severity))}, "precision": "high"}
			if s, ok := securitySeverity[f.Severity]; ok {
				props["security-severity"] = s
			}
			help := plain(f.Remediation)
			if help == "" {
				help = title
			}
			run.AddRule(id).WithName(ruleName(id)).
				WithShortDescription(sarif.NewMultiformatMessageString(title)).
				WithHelp(sarif.NewMultiformatMessageString(help)).
				WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(defaultLevel(f.Severity))).
				WithProperties(props)
		}
		msg := "Drift: " + clip(f.Message)
		if f.Address != "" && !strings.Contains(msg, f.Address) {
			msg = clip(f.Address) + ": " + msg
		}
		r := run.CreateResultForRule(id).
			WithLevel(sarifDriftLevel(f.Decision)).
			WithMessage(sarif.NewTextMessage(plainUnclipped(msg))).
			WithLocations(loc(f.Address, types[f.Address])).
			WithPartialFingerPrints(map[string]interface{}{"plangate/v1": clip(f.RuleID) + "|" + clip(f.Address) + "|drift"})
		r.Properties = sarif.Properties{"decision": string(f.Decision), "severity": plain(string(f.Severity)), "worsened": f.Worsened}
	}
}
