package report

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/nexabrands/supplychain/policy/cost"
)

// CostFrom makes the cost section of a cost estimate and the gate's verdict on it; g gives the
// threshold the section names.
func CostFrom(res *cost.Result, v *cost.Verdict, g cost.GateParams) *CostSection {
	c := &CostSection{
		Currency:      "USD",
		PriceSheet:    fmt.Sprintf("policy/cost/prices.csv of %s, sha256 %s", res.Sheet.Date, short(res.Sheet.SHA256)),
		BeforeFrom:    "prior state",
		MonthlyBefore: cents(res.Before),
		MonthlyAfter:  cents(res.After),
		PricedOnly:    res.PricedOnly(),
		Notes:         append([]string{}, res.Notices...),
		Resources:     []CostLine{},
		Unpriced:      []CostUnpriced{},
	}
	diff := cents(res.Diff)
	c.Diff = &diff
	if res.BaseMode {
		c.BeforeFrom = "base plan"
	}
	if g.FailIncrease != nil && g.FailIncrease.Sign() > 0 {
		t := cents(g.FailIncrease)
		c.Threshold = &t
	}
	if v != nil {
		c.Gate, c.Failed = v.Verdict, v.Verdict == "fail"
		c.GateFail = append([]string{}, v.Fail...)
		c.GateWarn = append([]string{}, v.Warn...)
		c.GateNotes = append([]string{}, v.Notes...)
	}
	if c.PricedOnly && !saysPricedOnly(c.GateNotes) {
		// A replacement gate may not say it; every format must.
		c.GateNotes = append(c.GateNotes, PricedOnlyNote)
	}
	type line struct {
		CostLine
		abs *big.Rat
	}
	var lines []line
	for _, d := range res.Resources {
		if d.Free() {
			continue
		}
		l := CostLine{Address: d.Address, ResourceType: d.Type, Action: d.Action, MonthlyDiff: cents(d.Diff)}
		l.MonthlyBefore, l.Note = side(d.Before, "before")
		var note string
		l.MonthlyAfter, note = side(d.After, "after")
		switch {
		case l.Note == "":
			l.Note = note
		case note != "":
			l.Note += "; " + note
		}
		if l.Note == "" && d.Partial() {
			l.Note = "priced in part"
		}
		lines = append(lines, line{l, new(big.Rat).Abs(d.Diff)})
	}
	sort.SliceStable(lines, func(i, j int) bool {
		if c := lines[i].abs.Cmp(lines[j].abs); c != 0 {
			return c > 0
		}
		return lines[i].Address < lines[j].Address
	})
	for _, l := range lines {
		c.Resources = append(c.Resources, l.CostLine)
	}
	for _, u := range res.Unpriced {
		c.Unpriced = append(c.Unpriced, CostUnpriced{Address: u.Address, ResourceType: u.Type, Component: u.Component,
			Side: u.Side, Reason: u.Code, Detail: u.Detail, Changed: u.Changed})
	}
	return c
}

// side is a resource side's monthly cost: 0 where the resource does not exist, nil (with the
// reason) where it cannot be priced.
func side(rc *cost.ResourceCost, name string) (*float64, string) {
	if rc == nil {
		zero := 0.0
		return &zero, ""
	}
	if rc.Monthly == nil {
		if rc.Unpriced != nil {
			return nil, name + " not priced: " + rc.Unpriced.Code
		}
		return nil, "" // its components are in the unpriced list
	}
	v := cents(rc.Monthly)
	return &v, ""
}

// cents rounds an exact amount to the cent, as cost.USD prints it.
func cents(r *big.Rat) float64 {
	f, err := strconv.ParseFloat(cost.USD(r), 64)
	if err != nil {
		return 0
	}
	return f
}

func short(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

func saysPricedOnly(notes []string) bool {
	for _, n := range notes {
		if strings.Contains(n, "judged only what was priced") {
			return true
		}
	}
	return false
}

// gateState is the gate's verdict as the reports print it: PASS, WARN or FAIL.
func (c *CostSection) gateState() string {
	switch {
	case c.Gate != "":
		return strings.ToUpper(plain(c.Gate))
	case c.Failed:
		return "FAIL"
	}
	return "PASS"
}

// costSummary is the cost section in one line, plain: totals, the change and the gate's verdict.
// Plan strings are not in it.
func costSummary(c *CostSection) string {
	cur := plain(c.Currency)
	s := fmt.Sprintf("monthly cost %s → %s (%s), before = %s", money(cur, c.MonthlyBefore), money(cur, c.MonthlyAfter), signedMoney(cur, c.Delta()), plain(c.BeforeFrom))
	s += "; cost gate " + CostRuleID + ": " + c.gateState()
	if c.Threshold != nil {
		s += fmt.Sprintf(" (fails at %s)", signedMoney(cur, *c.Threshold))
	}
	return s
}

// gateMessages are the gate's messages, each marked fail, warn or note, and the count of what
// was not priced.
func (c *CostSection) gateMessages() []string {
	var out []string
	for _, m := range c.GateFail {
		out = append(out, "fail: "+m)
	}
	for _, m := range c.GateWarn {
		out = append(out, "warn: "+m)
	}
	for _, m := range c.GateNotes {
		out = append(out, "note: "+m)
	}
	return out
}

// costDetail is the gate's verdict with its messages, plain, one per line: the body of the
// JUnit case and the SARIF result.
func costDetail(c *CostSection) string {
	lines := []string{costSummary(c)}
	for _, m := range c.gateMessages() {
		lines = append(lines, plain(m))
	}
	if n := len(c.Unpriced); n > 0 {
		lines = append(lines, fmt.Sprintf("%d not priced (listed in the text, json and markdown reports), not counted as 0", n))
	}
	return strings.Join(lines, "\n")
}

func optMoney(v *float64) string {
	if v == nil {
		return "not priced"
	}
	return fmt.Sprintf("%.2f", *v)
}

// diffText is a line's difference, or "-" where a side is not priced (the difference would
// count the unpriced side as 0).
func (l CostLine) diffText() string {
	if l.MonthlyBefore == nil || l.MonthlyAfter == nil {
		return "-"
	}
	return fmt.Sprintf("%+.2f", l.MonthlyDiff)
}
