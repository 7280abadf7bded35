package dataset

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

var synthCities = []string{"Johannesburg", "Cape Town", "Durban", "Pretoria", "Port Elizabeth", "Bloemfontein",
	"East London", "Pietermaritzburg", "Nelspruit", "Polokwane", "Kimberley", "George", "Stellenbosch", "Paarl", "Worcester"}

var synthShops = []string{"Local Market", "Market Plus", "Value Store", "Food World", "Community Market", "Fresh & Quick",
	"Star Market", "Central Store", "Quality Mart", "Sunshine Supermarket", "Family Grocers", "Easy Shop", "Metro Market",
	"Corner Shop Plus", "The Food Shop", "Retail Express", "Village Store", "Riverside Market", "Town Market", "Fresh Finds",
	"Smart Buy", "Daily Fresh", "Good Price Store", "Urban Market", "Prime Groceries", "Food Fair", "Green Grocers",
	"Budget Foods", "Bargain Basket", "Fresh Choice", "Quick Mart", "Super Save", "Corner Deli", "City Foods", "Harbour Shop"}

var synthProducts = []struct{ name, category string }{
	{"AM Milk 500", "Dairy"}, {"AM Milk 250", "Dairy"}, {"AM Milk 100", "Dairy"}, {"AM Butter 100", "Dairy"},
	{"AM Butter 250", "Dairy"}, {"AM Butter 500", "Dairy"}, {"AM Ghee 250", "Dairy"}, {"AM Ghee 150", "Dairy"},
	{"AM Ghee 100", "Dairy"}, {"AM Curd 250", "Dairy"}, {"AM Curd 100", "Dairy"}, {"AM Curd 50", "Dairy"},
	{"AM Biscuits 750", "Food"}, {"AM Biscuits 500", "Food"}, {"AM Biscuits 250", "Food"},
	{"AM Tea 500", "Beverages"}, {"AM Tea 250", "Beverages"}, {"AM Tea 100", "Beverages"},
}

// Synthetic generates a Nexabrands-like data set with exactly n order lines, deterministic in
// seed: 35 customers in 15 cities with targets (and own targets for every third city), 18 products, orders of 1–5 lines placed from
// 2022-03-01 at about 180 orders a day, lines late with probability ~0.3 and short with ~0.35
// (both depending on the customer), and the fulfilment feed's flags missing on ~8% of orders so
// that the line-derived rule is exercised.
func Synthetic(n int, seed uint64) Dataset {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var ds Dataset
	type profile struct{ late, short float64 }
	profiles := map[int64]profile{}
	for i, shop := range synthShops {
		id := int64(789101 + 100*(i/5) + i%5)
		name, city := shop, synthCities[i%len(synthCities)]
		ds.Customers = append(ds.Customers, Customer{ID: id, Name: &name, City: &city})
		profiles[id] = profile{late: 0.15 + 0.3*rng.Float64(), short: 0.2 + 0.3*rng.Float64()}
		ot := float64(75 + rng.IntN(18))
		inf := float64(65 + rng.IntN(18))
		otif := math.Round((ot*inf/100)*100) / 100
		ds.Targets = append(ds.Targets, Target{CustomerID: id, OnTime: &ot, InFull: &inf, OTIF: &otif})
	}
	for i, c := range synthCities {
		if i%3 == 0 {
			ot, inf := float64(80+rng.IntN(15)), float64(70+rng.IntN(15))
			ds.Cities = append(ds.Cities, CityTarget{City: c, OnTime: &ot, InFull: &inf}) // no OTIF target
		}
	}
	for i, p := range synthProducts {
		name, cat := p.name, p.category
		ds.Products = append(ds.Products, Product{ID: int64(25891101 + 100*(i/3) + i%3), Name: &name, Category: &cat})
	}
	start := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
	for seq := 0; len(ds.Lines) < n; seq++ {
		c := ds.Customers[rng.IntN(len(ds.Customers))]
		pr := profiles[c.ID]
		placed := start.AddDate(0, 0, seq/180)
		o := Order{ID: fmt.Sprintf("FSY%09d", seq), CustomerID: c.ID, Placed: placed}
		nLines := 1 + rng.IntN(5)
		if left := n - len(ds.Lines); nLines > left {
			nLines = left
		}
		allOnTime, allInFull := true, true
		for _, pi := range rng.Perm(len(ds.Products))[:nLines] {
			p := ds.Products[pi]
			qty := int64(10 + rng.IntN(490))
			agreed := placed.AddDate(0, 0, 1+rng.IntN(4))
			actual := agreed
			if rng.Float64() < pr.late {
				actual = agreed.AddDate(0, 0, 1+rng.IntN(3))
				allOnTime = false
			}
			delivered := qty
			if rng.Float64() < pr.short {
				delivered = qty * int64(50+rng.IntN(50)) / 100
				allInFull = false
			}
			ds.Lines = append(ds.Lines, Line{OrderID: o.ID, ProductID: p.ID, CustomerID: c.ID, Placed: placed,
				OrderQty: qty, Agreed: agreed, Actual: actual, DeliveryQty: delivered})
		}
		if rng.Float64() >= 0.08 {
			b := func(v bool) *int16 {
				if v {
					return ptr(int16(1))
				}
				return ptr(int16(0))
			}
			o.OnTime, o.InFull, o.OTIF = b(allOnTime), b(allInFull), b(allOnTime && allInFull)
		}
		ds.Orders = append(ds.Orders, o)
	}
	return ds
}
