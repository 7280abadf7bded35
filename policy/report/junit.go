package report

import (
	"encoding/xml"
	"fmt"
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
// info findings pass, with the message as system-out. A failed cost gate and each drifted
// resource are failures of the suites "cost" and "drift" (silenced drift is skipped). Every string is printed through plain.
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
		s := junitSuite{Name: "cost"}
		cur := plain(cost.Currency)
		msg := fmt.Sprintf("monthly cost %s → %s (%s)", money(cur, cost.MonthlyBefore), money(cur, cost.MonthlyAfter), signedMoney(cur, cost.Delta()))
		c := junitCase{Name: "monthly cost", ClassName: "cost", SystemOut: msg}
		if cost.Failed {
			if cost.Threshold != nil {
				msg += fmt.Sprintf("; the gate fails at %s", signedMoney(cur, *cost.Threshold))
			}
			c.Failure = &junitMessage{Message: msg, Type: "cost", Body: msg}
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
