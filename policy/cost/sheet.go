// Package cost estimates the monthly cost of a plan offline, from an embedded, dated price sheet
// and a usage file, and compares it with the cost before the plan (the prior state, or a base
// plan). Every figure keeps its arithmetic and the sheet row it used; what cannot be priced is
// listed with the reason, never counted as zero.
package cost

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"sort"
	"strings"
	"sync"
	"time"
)

// HoursPerMonth is the month the estimator prices hourly items for (365 × 24 / 12).
const HoursPerMonth = 730

//go:embed prices.csv
var embeddedSheet []byte

// SheetColumns are the price sheet's columns, in order.
var SheetColumns = []string{"region", "service", "item", "unit", "per", "usd", "description", "source", "as_of", "notes"}

// Row is one price of the sheet: USD for Per units of Unit of Item in Region.
type Row struct {
	Line        int // line in the sheet file (1 is the header)
	Region      string
	Service     string
	Item        string // the estimator's key, e.g. ec2.instance.t3.large, ebs.gp3.storage
	Unit        string
	Per         *big.Rat // the quantity the price is for (1, 1000, 10000 …)
	USD         *big.Rat
	USDText     string // the price as written in the sheet
	Description string
	Source      string // URL or owner/repo@commit:path
	AsOf        string // YYYY-MM-DD, or "" when the source gives no date
	Notes       string
}

// UnitPrice is the price of one unit (USD / Per).
func (r *Row) UnitPrice() *big.Rat { return new(big.Rat).Quo(r.USD, r.Per) }

// Sheet is a parsed price sheet.
type Sheet struct {
	Date   string // the sheet_date comment: when the sheet was put together
	Rows   []*Row
	SHA256 string
	byKey  map[string]*Row
	region map[string]bool
}

// Embedded returns the sheet built into the binary (policy/cost/prices.csv).
var Embedded = sync.OnceValues(func() (*Sheet, error) {
	s, err := ParseSheet("prices.csv", bytes.NewReader(embeddedSheet))
	if err != nil {
		return nil, fmt.Errorf("reading the embedded price sheet: %w", err)
	}
	return s, nil
})

// ParseSheet reads a price sheet in CSV with the header SheetColumns.
func ParseSheet(name string, r io.Reader) (*Sheet, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading price sheet %s: %w", name, err)
	}
	sum := sha256.Sum256(data)
	date := ""
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "#") {
			break
		}
		if v, ok := strings.CutPrefix(strings.TrimSpace(strings.TrimPrefix(line, "#")), "sheet_date:"); ok {
			date = strings.TrimSpace(v)
			if _, err := time.Parse("2006-01-02", date); err != nil {
				return nil, fmt.Errorf("price sheet %s: sheet_date %q is not a date YYYY-MM-DD", name, date)
			}
		}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("reading price sheet %s: %w", name, err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(SheetColumns, ",") {
		return nil, fmt.Errorf("price sheet %s: the header must be %s", name, strings.Join(SheetColumns, ","))
	}
	s := &Sheet{Date: date, SHA256: hex.EncodeToString(sum[:]), byKey: map[string]*Row{}, region: map[string]bool{}}
	for i, rec := range recs[1:] {
		line := i + 2
		if len(rec) != len(SheetColumns) {
			return nil, fmt.Errorf("price sheet %s: record %d has %d fields, want %d", name, line, len(rec), len(SheetColumns))
		}
		row := &Row{Line: line, Region: rec[0], Service: rec[1], Item: rec[2], Unit: rec[3], USDText: rec[5],
			Description: rec[6], Source: rec[7], AsOf: rec[8], Notes: rec[9]}
		bad := func(msg string) error {
			return fmt.Errorf("price sheet %s line %d (%s %s): %s", name, line, row.Region, row.Item, msg)
		}
		if row.Region == "" || row.Service == "" || row.Item == "" || row.Unit == "" {
			return nil, bad("region, service, item and unit are required")
		}
		if row.Source == "" {
			return nil, bad("every price names its source")
		}
		if row.AsOf != "" {
			if _, err := time.Parse("2006-01-02", row.AsOf); err != nil {
				return nil, bad("as_of is not a date YYYY-MM-DD")
			}
		}
		var ok bool
		if row.Per, ok = new(big.Rat).SetString(rec[4]); !ok || row.Per.Sign() <= 0 {
			return nil, bad(fmt.Sprintf("per %q is not a positive number", rec[4]))
		}
		if row.USD, ok = parseDecimal(rec[5]); !ok || row.USD.Sign() <= 0 {
			// A zero price is a free item, which the estimator knows by type; a sheet row of 0 USD
			// would read as a priced item that costs nothing.
			return nil, bad(fmt.Sprintf("usd %q is not a positive decimal", rec[5]))
		}
		k := row.Region + "|" + row.Item
		if prev := s.byKey[k]; prev != nil {
			return nil, bad(fmt.Sprintf("the same region and item as line %d", prev.Line))
		}
		s.byKey[k] = row
		s.region[row.Region] = true
		s.Rows = append(s.Rows, row)
	}
	if len(s.Rows) == 0 {
		return nil, errors.New("price sheet " + name + " has no rows")
	}
	return s, nil
}

// parseDecimal reads a plain decimal (no exponent, no sign other than a leading minus).
func parseDecimal(s string) (*big.Rat, bool) {
	if s == "" || strings.ContainsAny(s, "eE/") {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

// Price returns the row for item in region, or nil.
func (s *Sheet) Price(region, item string) *Row { return s.byKey[region+"|"+item] }

// HasRegion reports whether the sheet holds any price for region.
func (s *Sheet) HasRegion(region string) bool { return s.region[region] }

// Regions returns the regions the sheet holds prices for.
func (s *Sheet) Regions() []string {
	out := make([]string, 0, len(s.region))
	for r := range s.region {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// RowsIn returns the rows of one region.
func (s *Sheet) RowsIn(region string) []*Row {
	var out []*Row
	for _, r := range s.Rows {
		if r.Region == region {
			out = append(out, r)
		}
	}
	return out
}

// Info describes the sheet: its date range, sources and hash.
type Info struct {
	Date     string         `json:"sheet_date"`
	Rows     int            `json:"rows"`
	SHA256   string         `json:"sha256"`
	Newest   string         `json:"newest_as_of"`
	Oldest   string         `json:"oldest_as_of"`
	Undated  int            `json:"undated_rows"`
	Regions  map[string]int `json:"rows_per_region"`
	Services map[string]int `json:"rows_per_service"`
	Sources  []SourceInfo   `json:"sources"`
}

// SourceInfo is one source of the sheet and how many rows it gave.
type SourceInfo struct {
	Source string `json:"source"`
	Rows   int    `json:"rows"`
	AsOf   string `json:"as_of"`
}

// Info summarises the sheet.
func (s *Sheet) Info() Info {
	in := Info{Date: s.Date, Rows: len(s.Rows), SHA256: s.SHA256, Regions: map[string]int{}, Services: map[string]int{}}
	src := map[string]*SourceInfo{}
	for _, r := range s.Rows {
		in.Regions[r.Region]++
		in.Services[r.Service]++
		if r.AsOf == "" {
			in.Undated++
		} else {
			if in.Newest == "" || r.AsOf > in.Newest {
				in.Newest = r.AsOf
			}
			if in.Oldest == "" || r.AsOf < in.Oldest {
				in.Oldest = r.AsOf
			}
		}
		si := src[r.Source]
		if si == nil {
			si = &SourceInfo{Source: r.Source, AsOf: r.AsOf}
			src[r.Source] = si
		}
		si.Rows++
	}
	for _, si := range src {
		in.Sources = append(in.Sources, *si)
	}
	sort.Slice(in.Sources, func(i, j int) bool {
		if in.Sources[i].Rows != in.Sources[j].Rows {
			return in.Sources[i].Rows > in.Sources[j].Rows
		}
		return in.Sources[i].Source < in.Sources[j].Source
	})
	return in
}

// WriteInfo prints the sheet's date, sources and hash, and what each region holds.
func (s *Sheet) WriteInfo(w io.Writer) error {
	in := s.Info()
	var b strings.Builder
	fmt.Fprintf(&b, "Price sheet of %s: %d rows, USD, On-Demand\n", orUndated(in.Date), in.Rows)
	fmt.Fprintf(&b, "  sha256: %s\n", in.SHA256)
	fmt.Fprintf(&b, "  prices dated by their sources: %s to %s (%d rows from undated sources)\n", in.Oldest, in.Newest, in.Undated)
	for _, reg := range s.Regions() {
		svc := map[string]int{}
		for _, r := range s.RowsIn(reg) {
			svc[r.Service]++
		}
		names := make([]string, 0, len(svc))
		for k, n := range svc {
			names = append(names, fmt.Sprintf("%s %d", k, n))
		}
		sort.Strings(names)
		fmt.Fprintf(&b, "  %s: %d rows (%s)\n", reg, in.Regions[reg], strings.Join(names, ", "))
	}
	b.WriteString("Sources:\n")
	for _, si := range in.Sources {
		d := si.AsOf
		if d == "" {
			d = "undated"
		}
		fmt.Fprintf(&b, "  %3d  %-10s  %s\n", si.Rows, d, si.Source)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
