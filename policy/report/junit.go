package report

import (
	"encoding/xml"
	"io"
	"strings"

	"github.com/nexabrands/supplychain/policy"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Body    string `xml:",chardata"`
}

// JUnit writes JUnit XML: one test suite per rule, one test case per finding. Denied and warned
// findings are failures (type deny or warn); unknown and waived ones are skipped with the reason;
// info findings pass, with the message as system-out. The cost gate is one test case of the
// suite of its rule (SC-COST-001): a failure of type cost when it fails, of type warn when it
// warns. Each drifted resource is a failure of the suite "drift" (silenced drift is skipped).
// Every string is printed through plain.
func JUnit(w io.Writer, d *Document, _ Options) error {
	order, groups := byRule(d.Findings)
	doc := junitSuites{Name: "plangate " + plain(d.Plan.Path)}
	for _, id := range order {
		s := junitSuite{Name: plain(id)}
		if r := d.RuleByID(id); r != nil {
			s.Name = plain(id) + " " + plain(r.Title)
		}
		for _, f := range groups[id] {
			c := junitCase{Name: plain(where(f)), ClassName: plain(id)}
			switch f.Level {
			case policy.LevelWaived:
				c.Skipped = &junitMessage{Message: "waived until " + plain(f.Waiver.Expires) + " by " + plain(f.Waiver.Owner) + ": " + plain(f.Waiver.Reason)}
			case policy.LevelUnknown:
				c.Skipped = &junitMessage{Message: "unknown until apply: " + plain(f.Message)}
			case policy.LevelDeny, policy.LevelWarn:
				body := plain(f.Message)
				if f.Status == policy.Unknown {
					body = "unknown until apply: " + body
				}
				if f.Remediation != "" {
					body += "\nRemediation: " + plain(f.Remediation)
				}
				c.Failure = &junitMessage{Message: plain(f.Message), Type: string(f.Level), Body: body}
			case policy.LevelInfo:
				c.SystemOut = "info: " + plain(f.Message)
			}
			s.add(c)
		}
		doc.add(s)
	}
	if cost := d.Cost; cost != nil {
		// The cost gate is the test case of its rule: a failure when it fails or warns (as a
		// warned finding is), a pass otherwise; the body says what it judged.
		s := junitSuite{Name: CostRuleID + " " + CostRuleTitle}
		body := costDetail(cost)
		c := junitCase{Name: "monthly cost", ClassName: CostRuleID, SystemOut: body}
		switch cost.gateState() {
		case "FAIL":
			c.Failure = &junitMessage{Message: costSummary(cost), Type: "cost", Body: body}
			c.SystemOut = ""
		case "WARN":
			c.Failure = &junitMessage{Message: costSummary(cost), Type: "warn", Body: body}
			c.SystemOut = ""
		}
		s.add(c)
		doc.add(s)
	}
	if dr := d.Drift; dr != nil {
		doc.add(junitDrift(dr))
	}
	var b strings.Builder
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, neutraliseLines(b.String()))
	return err
}

func (s *junitSuite) add(c junitCase) {
	s.Tests++
	if c.Failure != nil {
		s.Failures++
	}
	if c.Skipped != nil {
		s.Skipped++
	}
	s.Cases = append(s.Cases, c)
}

func (d *junitSuites) add(s junitSuite) {
	d.Tests += s.Tests
	d.Failures += s.Failures
	d.Skipped += s.Skipped
	d.Suites = append(d.Suites, s)
}
