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
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Body    string `xml:",chardata"`
}

// JUnit writes JUnit XML: one test suite per rule, one test case per resource the rule judged.
// Denied and warned findings are failures (type deny or warn); unknown and waived ones are
// skipped with the reason.
func JUnit(w io.Writer, res *policy.Result, _ Options) error {
	order, groups := byRule(res.Findings)
	doc := junitSuites{Name: "plangate " + res.Plan.Path}
	for _, id := range order {
		s := junitSuite{Name: id}
		if r := res.RuleByID(id); r != nil {
			s.Name = id + " " + r.Title
		}
		for _, f := range groups[id] {
			c := junitCase{Name: where(f), ClassName: id}
			switch {
			case f.Decision == policy.Waived:
				c.Skipped = &junitMessage{Message: fmt.Sprintf("waived until %s by %s: %s", f.Waiver.Expires, f.Waiver.Owner, f.Waiver.Reason)}
				s.Skipped++
			case f.Status == policy.Unknown && f.Decision != policy.Deny:
				c.Skipped = &junitMessage{Message: "unknown until apply: " + f.Message}
				s.Skipped++
			case f.Status == policy.Fail || f.Status == policy.Unknown:
				body := f.Message
				if f.Remediation != "" {
					body += "\nRemediation: " + f.Remediation
				}
				c.Failure = &junitMessage{Message: f.Message, Type: string(f.Decision), Body: body}
				s.Failures++
			}
			s.Cases = append(s.Cases, c)
			s.Tests++
		}
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Skipped += s.Skipped
		doc.Suites = append(doc.Suites, s)
	}
	var b strings.Builder
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}
