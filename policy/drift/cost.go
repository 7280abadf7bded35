package drift

import (
	"context"
	"fmt"
)

// Pricer prices a resource's state by the month: the hook for the cost estimator (policy/cost).
// values nil means the resource does not exist (0). ok false, with a reason, means it cannot price
// this type or these values; an error stops the run.
type Pricer interface {
	MonthlyCost(ctx context.Context, resourceType string, values map[string]any) (usd float64, ok bool, reason string, err error)
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

// price prices each drifted resource with the pricer. Without one, a resource whose drift
// touches a cost attribute is reported as cost drift, unpriced, with that reason.
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
		before, okB, whyB, err := pr.MonthlyCost(ctx, e.typ, e.before)
		if err != nil {
			return fmt.Errorf("pricing the recorded state of %s: %w", d.Address, err)
		}
		after, okA, whyA, err := pr.MonthlyCost(ctx, e.typ, e.after)
		if err != nil {
			return fmt.Errorf("pricing the drifted state of %s: %w", d.Address, err)
		}
		switch {
		case okB && okA:
			d.Cost = &CostDiff{Priced: true, Before: before, After: after, Diff: after - before}
			total.Priced = true
			total.Before += before
			total.After += after
			total.Diff += after - before
		case hasClass(d.Changes, Cost):
			why := whyB
			if okB {
				why = whyA
			}
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
