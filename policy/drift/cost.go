package drift

import (
	"context"
	"fmt"
)

// Pricer prices a drifted resource by the month, as recorded (before) and as drifted (after):
// the hook for the cost estimator (policy/cost's DriftPricer). Nil values mean the resource does
// not exist on that side (0 USD). ok false, with a reason, means it cannot price this type or
// the part of its cost that drifted; an error stops the run.
type Pricer interface {
	PriceDrift(ctx context.Context, address, resourceType string, before, after map[string]any) (beforeUSD, afterUSD float64, ok bool, reason string, err error)
}

// CostDiff is the monthly cost before and after the drift, in USD, or why it is not priced.
type CostDiff struct {
	Priced bool    `json:"priced"`
	Before float64 `json:"before_usd,omitempty"`
	After  float64 `json:"after_usd,omitempty"`
	Diff   float64 `json:"diff_usd,omitempty"`
	Reason string  `json:"reason,omitempty"`
}

// NoEstimator is the reason cost drift is unpriced when no Pricer is given.
const NoEstimator = "unpriced: this build of plangate has no cost estimator"

// price prices each drifted resource with the pricer. A resource whose price changed is cost
// drift, priced; one whose drift touches a cost attribute and cannot be priced is cost drift,
// unpriced, with the reason (without a pricer: NoEstimator).
func price(ctx context.Context, pr Pricer, entries []entry, rep *Report) error {
	byAddr := map[string]entry{}
	for _, e := range entries {
		byAddr[e.address] = e
	}
	var total CostDiff
	for i := range rep.Drifted {
		d := &rep.Drifted[i]
		if pr == nil {
			if hasClass(d.Changes, Cost) {
				d.Cost = &CostDiff{Reason: NoEstimator}
			}
			continue
		}
		e := byAddr[d.Address]
		before, after, ok, why, err := pr.PriceDrift(ctx, d.Address, e.typ, e.before, e.after)
		if err != nil {
			return fmt.Errorf("pricing the drift of %s: %w", d.Address, err)
		}
		switch {
		case ok && (after != before || hasClass(d.Changes, Cost)):
			d.Cost = &CostDiff{Priced: true, Before: before, After: after, Diff: after - before}
			total.Priced = true
			total.Before += before
			total.After += after
			total.Diff += after - before
		case !ok && hasClass(d.Changes, Cost):
			d.Cost = &CostDiff{Reason: "unpriced: " + why}
		}
	}
	if total.Priced {
		rep.Cost = &total
	}
	return nil
}

func hasClass(cs []Change, c Class) bool {
	for _, ch := range cs {
		for _, x := range ch.Classes {
			if x == c {
				return true
			}
		}
	}
	return false
}
