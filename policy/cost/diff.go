package cost

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"

	"github.com/nexabrands/supplychain/policy/plan"
)

// Options choose how a plan is priced.
type Options struct {
	Region string // used where the provider's region is not a literal in the plan
	Usage  *Usage
	Sheet  *Sheet // nil: the embedded sheet
}

// Result is the monthly cost before and after a plan, per resource and component.
type Result struct {
	Sheet     Info
	Before    *big.Rat // the sum of what is priced before
	After     *big.Rat
	Diff      *big.Rat
	Resources []*ResourceDiff // sorted by address
	Unpriced  []Unpriced
	Notices   []string
	BaseMode  bool // before is a base plan's planned values, not the prior state
	Regions   []RegionUse
}

// RegionUse says which region priced how many resources, and where it came from.
type RegionUse struct {
	Region    string `json:"region"`
	Source    string `json:"source"`
	Resources int    `json:"resources"`
	HasPrices bool   `json:"sheet_has_prices"`
}

// ResourceDiff is one resource's cost before and after.
type ResourceDiff struct {
	Address    string
	Type       string
	Action     string // create, delete, update, replace, no-op
	Before     *ResourceCost
	After      *ResourceCost
	Components []*ComponentDiff
	Diff       *big.Rat
}

// ComponentDiff is one component before and after.
type ComponentDiff struct {
	Key    string
	Name   string
	Before *Component
	After  *Component
	Diff   *big.Rat // nil when either side is unpriced
}

// Unpriced is a component or resource that could not be priced.
type Unpriced struct {
	Address   string `json:"address"`
	Type      string `json:"type"`
	Component string `json:"component,omitempty"`
	Side      string `json:"side"` // after, or before for what the plan removes
	Reason
	// Changed is true when the plan changes the resource (its cost may change unseen).
	Changed bool `json:"changed"`
}

// Compute prices a plan. With base, before is the base plan's planned values; otherwise the
// plan's prior state.
func Compute(p, base *plan.Plan, opts Options) (*Result, error) {
	sheet := opts.Sheet
	if sheet == nil {
		var err error
		if sheet, err = Embedded(); err != nil {
			return nil, err
		}
	}
	est := &Estimator{Sheet: sheet, Usage: opts.Usage}
	doc := p.DocumentParts(map[string]bool{"configuration": true, "variables": true, "prior_state": true})
	regs := newRegions(doc, opts.Region)
	after := planned(p, regs)
	var before []*instance
	res := &Result{Sheet: sheet.Info(), BaseMode: base != nil}
	if base != nil {
		bdoc := base.DocumentParts(map[string]bool{"configuration": true, "variables": true})
		before = planned(base, newRegions(bdoc, opts.Region))
	} else {
		before = prior(doc, regs)
		// A resource of the prior state that the plan does not mention at all (a -target plan)
		// stays as it is; only a planned delete removes it.
		inPlan := map[string]bool{}
		for _, in := range after {
			inPlan[in.Address] = true
		}
		for _, in := range before {
			if !inPlan[in.Address] && p.Resource(in.Address) == nil {
				after = append(after, in)
			}
		}
	}

	priced := func(list []*instance) map[string]*ResourceCost {
		out := map[string]*ResourceCost{}
		for _, in := range list {
			out[in.Address] = est.price(in)
		}
		return out
	}
	bm, am := priced(before), priced(after)
	addrs := map[string]bool{}
	for a := range bm {
		addrs[a] = true
	}
	for a := range am {
		addrs[a] = true
	}
	res.Before, res.After = new(big.Rat), new(big.Rat)
	regionCount := map[[2]string]int{}
	for a := range addrs {
		d := &ResourceDiff{Address: a, Before: bm[a], After: am[a]}
		side := d.After
		if side == nil {
			side = d.Before
		}
		d.Type = side.Type
		if side.Unpriced == nil || side.Unpriced.Code != Free {
			regionCount[[2]string{side.Region, side.RegionSource}]++
		}
		d.Action = action(p, base, d)
		d.Components = diffComponents(d.Before, d.After)
		d.Diff = new(big.Rat)
		if d.Before != nil && d.Before.Monthly != nil {
			res.Before = add(res.Before, d.Before.Monthly)
			d.Diff = sub(d.Diff, d.Before.Monthly)
		}
		if d.After != nil && d.After.Monthly != nil {
			res.After = add(res.After, d.After.Monthly)
			d.Diff = add(d.Diff, d.After.Monthly)
		}
		res.Resources = append(res.Resources, d)
	}
	slices.SortFunc(res.Resources, func(a, b *ResourceDiff) int { return cmp.Compare(a.Address, b.Address) })
	// Unpriced in the resources' order (addresses are unique), each resource's by component.
	for _, d := range res.Resources {
		u := unpricedOf(d)
		slices.SortStableFunc(u, func(a, b Unpriced) int { return cmp.Compare(a.Component, b.Component) })
		res.Unpriced = append(res.Unpriced, u...)
	}
	res.Diff = sub(res.After, res.Before)
	for k, n := range regionCount {
		res.Regions = append(res.Regions, RegionUse{Region: k[0], Source: k[1], Resources: n, HasPrices: k[0] != "" && sheet.HasRegion(k[0])})
	}
	sort.Slice(res.Regions, func(i, j int) bool {
		if res.Regions[i].Region != res.Regions[j].Region {
			return res.Regions[i].Region < res.Regions[j].Region
		}
		return res.Regions[i].Source < res.Regions[j].Source
	})
	for _, ru := range res.Regions {
		switch {
		case ru.Region == "":
			res.Notices = append(res.Notices, fmt.Sprintf("%s no known region (the provider's region is not a literal in the plan): pass --region", plural(ru.Resources, "resource")+map[bool]string{true: " has", false: " have"}[ru.Resources == 1]))
		case !ru.HasPrices:
			res.Notices = append(res.Notices, fmt.Sprintf("the price sheet has no prices for %s (it has %s): the plan's %s there %s unpriced, not 0 USD", ru.Region, strings.Join(sheet.Regions(), ", "), plural(ru.Resources, "resource"), map[bool]string{true: "is", false: "are"}[ru.Resources == 1]))
		}
	}
	thin := map[string]int{}
	byAddr := map[string]*ResourceDiff{}
	for _, d := range res.Resources {
		byAddr[d.Address] = d
	}
	for _, u := range res.Unpriced {
		if u.Code == NoPriceForRegion {
			if rc := sideOf(byAddr[u.Address]); rc != nil && rc.Region != "" && sheet.HasRegion(rc.Region) {
				thin[rc.Region]++
			}
		}
	}
	for _, reg := range sortedKeys(thin) {
		var items []string
		for _, row := range sheet.RowsIn(reg) {
			items = append(items, row.Item)
		}
		res.Notices = append(res.Notices, fmt.Sprintf("%s: the price sheet holds only %s there (%s); %s of this plan %s unpriced in %s, not 0 USD", reg, plural(len(items), "price"), strings.Join(items, ", "), plural(thin[reg], "component"), map[bool]string{true: "is", false: "are"}[thin[reg] == 1], reg))
	}
	for _, g := range opts.Usage.Unmatched() {
		res.Notices = append(res.Notices, fmt.Sprintf("usage file %s: resources.%q matches no resource of the plan", opts.Usage.Name, g))
	}
	return res, nil
}

func action(p, base *plan.Plan, d *ResourceDiff) string {
	switch {
	case d.Before == nil:
		return "create"
	case d.After == nil:
		return "delete"
	}
	if base == nil {
		if r := p.Resource(d.Address); r != nil && len(r.Actions) > 0 {
			a := strings.Join(r.Actions, ",")
			switch a {
			case "delete,create", "create,delete":
				return "replace"
			case "no-op", "read":
				return "no-op"
			}
			return a
		}
	}
	if sameCost(d.Before, d.After) {
		return "no-op"
	}
	return "update"
}

func sameCost(a, b *ResourceCost) bool {
	if (a.Monthly == nil) != (b.Monthly == nil) || (a.Monthly != nil && a.Monthly.Cmp(b.Monthly) != 0) {
		return false
	}
	return len(diffComponents(a, b)) == 0 || allEqual(diffComponents(a, b))
}

func allEqual(cs []*ComponentDiff) bool {
	for _, c := range cs {
		if !c.Before.same(c.After) {
			return false
		}
	}
	return true
}

func (c *Component) same(o *Component) bool {
	if c == nil || o == nil {
		return c == o
	}
	if (c.Unpriced == nil) != (o.Unpriced == nil) {
		return false
	}
	if c.Unpriced != nil {
		return *c.Unpriced == *o.Unpriced
	}
	return c.Value == o.Value && c.Quantity.Cmp(o.Quantity) == 0 && c.Monthly.Cmp(o.Monthly) == 0
}

func diffComponents(b, a *ResourceCost) []*ComponentDiff {
	byKey := map[string]*ComponentDiff{}
	var order []string
	put := func(rc *ResourceCost, after bool) {
		if rc == nil {
			return
		}
		for _, c := range rc.Components {
			cd := byKey[c.Key]
			if cd == nil {
				cd = &ComponentDiff{Key: c.Key, Name: c.Name}
				byKey[c.Key] = cd
				order = append(order, c.Key)
			}
			if after {
				cd.After, cd.Name = c, c.Name
			} else {
				cd.Before = c
			}
		}
	}
	put(b, false)
	put(a, true)
	out := make([]*ComponentDiff, 0, len(order))
	for _, k := range order {
		cd := byKey[k]
		if (cd.Before == nil || cd.Before.Monthly != nil) && (cd.After == nil || cd.After.Monthly != nil) {
			cd.Diff = new(big.Rat)
			if cd.After != nil {
				cd.Diff = add(cd.Diff, cd.After.Monthly)
			}
			if cd.Before != nil {
				cd.Diff = sub(cd.Diff, cd.Before.Monthly)
			}
		}
		out = append(out, cd)
	}
	return out
}

func unpricedOf(d *ResourceDiff) []Unpriced {
	side, rc := "after", d.After
	if rc == nil {
		side, rc = "before", d.Before
	}
	changed := d.Action != "no-op"
	if rc.Unpriced != nil {
		if rc.Unpriced.Code == Free {
			return nil
		}
		return []Unpriced{{Address: d.Address, Type: d.Type, Side: side, Reason: *rc.Unpriced, Changed: changed}}
	}
	var out []Unpriced
	for _, c := range rc.Components {
		if c.Unpriced != nil {
			out = append(out, Unpriced{Address: d.Address, Type: d.Type, Component: c.Name, Side: side, Reason: *c.Unpriced, Changed: changed})
		}
	}
	return out
}

// Explain prints a component diff's arithmetic, e.g.
// 730 h × (0.1664 − 0.0832) USD = +60.74 USD/month.
func (cd *ComponentDiff) Explain() string {
	b, a := cd.Before, cd.After
	switch {
	case a != nil && b != nil && !cd.Changed() && a.Unpriced == nil:
		return "unchanged, " + a.Formula() + "/month"
	case a != nil && a.Unpriced != nil:
		return "unpriced after: " + a.Unpriced.Detail
	case b != nil && b.Unpriced != nil && a == nil:
		return "unpriced before: " + b.Unpriced.Detail
	case b != nil && b.Unpriced != nil:
		return fmt.Sprintf("unpriced before (%s); after: %s", b.Unpriced.Detail, a.Formula())
	case b == nil:
		return fmt.Sprintf("%s × %s = %s USD/month", a.qty(), a.price(), SignedUSD(cd.Diff))
	case a == nil:
		return fmt.Sprintf("−(%s × %s) = %s USD/month", b.qty(), b.price(), SignedUSD(cd.Diff))
	case a.Quantity.Cmp(b.Quantity) == 0 && a.Unit == b.Unit && a.Row.Per.Cmp(b.Row.Per) == 0:
		if a.Row.USD.Cmp(b.Row.USD) == 0 {
			return fmt.Sprintf("%s × %s − %s × %s = %s USD/month", a.qty(), a.price(), b.qty(), b.price(), SignedUSD(cd.Diff))
		}
		unit := "USD"
		if a.Row.Per.Cmp(ratInt(1)) != 0 {
			unit = "USD/" + num(a.Row.Per)
		}
		return fmt.Sprintf("%s × (%s − %s) %s = %s USD/month", a.qty(), a.Row.USDText, b.Row.USDText, unit, SignedUSD(cd.Diff))
	case a.Row == b.Row:
		return fmt.Sprintf("(%s − %s) %s × %s = %s USD/month", num(a.Quantity), num(b.Quantity), a.Unit, a.price(), SignedUSD(cd.Diff))
	default:
		return fmt.Sprintf("%s × %s − %s × %s = %s USD/month", a.qty(), a.price(), b.qty(), b.price(), SignedUSD(cd.Diff))
	}
}

// Changed reports whether the component's cost or pricing differs between before and after.
func (cd *ComponentDiff) Changed() bool { return !cd.Before.same(cd.After) }

// Driver prints what chose the price: instance_type t3.large → t3.xlarge.
func (cd *ComponentDiff) Driver() string {
	b, a := cd.Before, cd.After
	switch {
	case a != nil && b != nil && a.Attr != "" && a.Value != b.Value:
		return fmt.Sprintf("%s %s → %s", a.Attr, orDash(b.Value), a.Value)
	case a != nil && a.Attr != "":
		return a.Attr + " " + a.Value
	case b != nil && b.Attr != "":
		return b.Attr + " " + b.Value
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// PricedOnly reports whether something the plan changes could not be priced, so a verdict on
// the difference judges only what was priced.
func (r *Result) PricedOnly() bool {
	for _, u := range r.Unpriced {
		if u.Changed {
			return true
		}
	}
	return false
}

func sideOf(d *ResourceDiff) *ResourceCost {
	if d == nil {
		return nil
	}
	if d.After != nil {
		return d.After
	}
	return d.Before
}

// Free reports whether the resource costs nothing by itself (IAM, networking, bucket settings …).
func (d *ResourceDiff) Free() bool { return d.free() }

// Partial reports whether a side of the resource is priced only in part: some of its components
// are priced and some are not (those are in Result.Unpriced, never counted as 0 USD).
func (d *ResourceDiff) Partial() bool { return partial(d.Before) || partial(d.After) }
