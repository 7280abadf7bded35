package cost

import (
	"context"

	"github.com/nexabrands/supplychain/policy/plan"
)

// DriftPricer prices drift for policy/drift (it is a drift.Pricer): the monthly cost of one
// resource as Terraform recorded it and as it is now, with the estimator of plangate cost. The
// region of each resource is found in the plan as Compute finds it.
type DriftPricer struct {
	est  *Estimator
	regs *regions
}

// NewDriftPricer prices the drift of plan p with the options' sheet (nil: the embedded one),
// usage file and fallback region.
func NewDriftPricer(p *plan.Plan, opts Options) (*DriftPricer, error) {
	sheet := opts.Sheet
	if sheet == nil {
		var err error
		if sheet, err = Embedded(); err != nil {
			return nil, err
		}
	}
	doc := p.DocumentParts(map[string]bool{"configuration": true, "variables": true})
	return &DriftPricer{est: &Estimator{Sheet: sheet, Usage: opts.Usage}, regs: newRegions(doc, opts.Region)}, nil
}

// PriceDrift returns the monthly cost in USD of the resource before (recorded) and after
// (drifted) the drift; nil values mean the resource does not exist on that side (0 USD). ok is
// false, with the reason, when the estimator cannot price the type, or cannot price a cost
// component that differs between the two sides (an instance type with no price in the region,
// a value known only after apply). A free resource type is priced at 0 on both sides.
func (dp *DriftPricer) PriceDrift(_ context.Context, address, resourceType string, before, after map[string]any) (float64, float64, bool, string, error) {
	region, source := dp.regs.of(address, resourceType)
	side := func(v map[string]any) *ResourceCost {
		if v == nil {
			return nil
		}
		return dp.est.price(&instance{Address: address, Type: resourceType, Values: v, Region: region, RegionSource: source})
	}
	b, a := side(before), side(after)
	rc := a
	if rc == nil {
		rc = b
	}
	if rc == nil {
		return 0, 0, true, "", nil
	}
	if rc.Unpriced != nil {
		if rc.Unpriced.Code == Free {
			return 0, 0, true, "", nil
		}
		return 0, 0, false, rc.Unpriced.Detail, nil
	}
	for _, cd := range diffComponents(b, a) {
		if cd.Before.same(cd.After) {
			continue
		}
		for _, c := range []*Component{cd.Before, cd.After} {
			if c != nil && c.Unpriced != nil {
				return 0, 0, false, cd.Name + ": " + c.Unpriced.Detail, nil
			}
		}
	}
	return monthlyUSD(b), monthlyUSD(a), true, "", nil
}

// monthlyUSD is the priced part of a resource's monthly cost, not rounded (the reports round
// to the cent when they print).
func monthlyUSD(rc *ResourceCost) float64 {
	if rc == nil || rc.Monthly == nil {
		return 0
	}
	f, _ := rc.Monthly.Float64()
	return f
}
