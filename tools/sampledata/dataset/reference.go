package dataset

import (
	"math/big"
	"sort"
	"strconv"
	"time"
)

// KPIs is one group's figures, computed in Go independently of the SQL: the counts, and the
// percentages as exact rationals rounded half away from zero to two decimals (what PostgreSQL's
// and Redshift's ROUND(numeric, 2) do), rendered as text ("" for no data).
type KPIs struct {
	Orders, OnTimeOrders, InFullOrders, OTIFOrders int64
	Lines, InFullLines, OrderedQty, DeliveredQty   int64
	OT, IF, OTIF, LFR, VFR                         string
	OTTarget, IFTarget, OTIFTarget                 string
}

// Grouping names a way to split the figures.
type Grouping string

// Groupings of the scorecard.
const (
	Overall    Grouping = "overall"
	ByCity     Grouping = "city"
	ByCustomer Grouping = "customer"
	// ByDay splits by order placement date (key "2006-01-02"); its target is the order-weighted
	// mean of the targets of the customers whose orders were placed that day.
	ByDay Grouping = "day"
)

// NullKey is the group key of a missing city.
const NullKey = "<null>"

type acc struct {
	k    KPIs
	tSum [3]*big.Rat
	tN   [3]int64
}

// Reference computes the KPIs of ds per group, following DESIGN.md: an order's flags come from
// the fulfilment feed, a missing flag from its lines (on time when every line arrived by the agreed
// date, in full when every line delivered its ordered quantity, OTIF when both); an order with
// neither is not scored. A group's target is the order-weighted mean of its customers' targets,
// except per city, where a city's own target (dim_city_targets) wins.
func Reference(ds Dataset, g Grouping) map[string]KPIs {
	city := map[int64]string{}
	for _, c := range ds.Customers {
		if c.City != nil {
			city[c.ID] = *c.City
		} else {
			city[c.ID] = NullKey
		}
	}
	targets := map[int64]Target{}
	for _, t := range ds.Targets {
		targets[t.CustomerID] = t
	}
	key := func(customer int64, placed time.Time) string {
		switch g {
		case ByDay:
			return placed.Format(time.DateOnly)
		case ByCity:
			if c, ok := city[customer]; ok {
				return c
			}
			return NullKey
		case ByCustomer:
			return strconv.FormatInt(customer, 10)
		}
		return ""
	}
	groups := map[string]*acc{}
	get := func(k string) *acc {
		a := groups[k]
		if a == nil {
			a = &acc{tSum: [3]*big.Rat{new(big.Rat), new(big.Rat), new(big.Rat)}}
			groups[k] = a
		}
		return a
	}
	type lineAgg struct{ any, allOnTime, allInFull bool }
	perOrder := map[string]*lineAgg{}
	for _, l := range ds.Lines {
		onTime := !l.Actual.After(l.Agreed)
		inFull := l.DeliveryQty >= l.OrderQty
		a := get(key(l.CustomerID, l.Placed))
		a.k.Lines++
		if inFull {
			a.k.InFullLines++
		}
		a.k.OrderedQty += l.OrderQty
		a.k.DeliveredQty += l.DeliveryQty
		p := perOrder[l.OrderID]
		if p == nil {
			p = &lineAgg{allOnTime: true, allInFull: true}
			perOrder[l.OrderID] = p
		}
		p.any = true
		p.allOnTime = p.allOnTime && onTime
		p.allInFull = p.allInFull && inFull
	}
	for _, o := range ds.Orders {
		p := perOrder[o.ID]
		resolve := func(f *int16, derived func(*lineAgg) bool) (int64, bool) {
			if f != nil {
				return int64(*f), true
			}
			if p == nil || !p.any {
				return 0, false
			}
			if derived(p) {
				return 1, true
			}
			return 0, true
		}
		ot, ok1 := resolve(o.OnTime, func(p *lineAgg) bool { return p.allOnTime })
		inf, ok2 := resolve(o.InFull, func(p *lineAgg) bool { return p.allInFull })
		var otif int64
		ok3 := true
		if o.OTIF != nil {
			otif = int64(*o.OTIF)
		} else if p == nil || !p.any {
			ok3 = false
		} else if ok1 && ok2 && ot == 1 && inf == 1 {
			otif = 1
		}
		if !ok1 || !ok2 || !ok3 {
			continue
		}
		a := get(key(o.CustomerID, o.Placed))
		a.k.Orders++
		a.k.OnTimeOrders += ot
		a.k.InFullOrders += inf
		a.k.OTIFOrders += otif
		if t, ok := targets[o.CustomerID]; ok {
			for i, v := range []*float64{t.OnTime, t.InFull, t.OTIF} {
				if v != nil {
					r, _ := new(big.Rat).SetString(strconv.FormatFloat(*v, 'f', 2, 64))
					a.tSum[i].Add(a.tSum[i], r)
					a.tN[i]++
				}
			}
		}
	}
	cityTargets := map[string]CityTarget{}
	for _, t := range ds.Cities {
		cityTargets[t.City] = t
	}
	out := make(map[string]KPIs, len(groups))
	for k, a := range groups {
		r := a.k
		r.OT = Pct(r.OnTimeOrders, r.Orders)
		r.IF = Pct(r.InFullOrders, r.Orders)
		r.OTIF = Pct(r.OTIFOrders, r.Orders)
		r.LFR = Pct(r.InFullLines, r.Lines)
		r.VFR = Pct(r.DeliveredQty, r.OrderedQty)
		ct, hasCity := cityTargets[k]
		own := []*float64{ct.OnTime, ct.InFull, ct.OTIF}
		for i, dst := range []*string{&r.OTTarget, &r.IFTarget, &r.OTIFTarget} {
			if g == ByCity && hasCity && own[i] != nil {
				// A city's own target replaces the weighted mean of its customers' targets.
				*dst = strconv.FormatFloat(*own[i], 'f', 2, 64)
			} else if a.tN[i] > 0 {
				*dst = round2(new(big.Rat).Quo(a.tSum[i], new(big.Rat).SetInt64(a.tN[i])))
			}
		}
		out[k] = r
	}
	return out
}

// Pct renders num/den×100 rounded half away from zero to two decimals; "" when den is 0.
func Pct(num, den int64) string {
	if den == 0 {
		return ""
	}
	return round2(new(big.Rat).SetFrac(big.NewInt(num*100), big.NewInt(den)))
}

func round2(r *big.Rat) string {
	neg := r.Sign() < 0
	x := new(big.Rat).Abs(r)
	x.Mul(x, big.NewRat(100, 1))
	x.Add(x, big.NewRat(1, 2))
	q := new(big.Int).Quo(x.Num(), x.Denom()) // floor for positives
	s := q.String()
	for len(s) < 3 {
		s = "0" + s
	}
	s = s[:len(s)-2] + "." + s[len(s)-2:]
	if neg && q.Sign() != 0 {
		s = "-" + s
	}
	return s
}

// SortedGroups lists the keys of a result.
func SortedGroups(m map[string]KPIs) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
