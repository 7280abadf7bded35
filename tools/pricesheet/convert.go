package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// Offer is what the converter keeps of one AWS Price List offer file (one service, one region).
type Offer struct {
	OfferCode       string
	PublicationDate string // YYYY-MM-DD
	Prices          []Price
}

// Price is one on-demand price dimension with its product's attributes (keys normalised:
// lower case, letters and digits only, so "Instance Type" and "instanceType" agree).
type Price struct {
	SKU         string
	RateCode    string
	Attrs       map[string]string
	Unit        string
	USD         string
	BeginRange  string
	EndRange    string
	Description string
}

func normKey(k string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(k) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

type jsonOffer struct {
	OfferCode       string `json:"offerCode"`
	PublicationDate string `json:"publicationDate"`
	Products        map[string]struct {
		SKU           string            `json:"sku"`
		ProductFamily string            `json:"productFamily"`
		Attributes    map[string]string `json:"attributes"`
	} `json:"products"`
	Terms struct {
		OnDemand map[string]map[string]struct {
			PriceDimensions map[string]struct {
				RateCode     string            `json:"rateCode"`
				Description  string            `json:"description"`
				BeginRange   string            `json:"beginRange"`
				EndRange     string            `json:"endRange"`
				Unit         string            `json:"unit"`
				PricePerUnit map[string]string `json:"pricePerUnit"`
			} `json:"priceDimensions"`
		} `json:"OnDemand"`
	} `json:"terms"`
}

// ReadJSON reads an offer file in the Price List's JSON format.
func ReadJSON(r io.Reader) (*Offer, error) {
	var jo jsonOffer
	if err := json.NewDecoder(r).Decode(&jo); err != nil {
		return nil, fmt.Errorf("reading offer file (JSON): %w", err)
	}
	if jo.OfferCode == "" || jo.Products == nil {
		return nil, errors.New("reading offer file (JSON): no offerCode or products: not a Price List offer file")
	}
	o := &Offer{OfferCode: jo.OfferCode, PublicationDate: day(jo.PublicationDate)}
	for sku, terms := range jo.Terms.OnDemand {
		prod, ok := jo.Products[sku]
		if !ok {
			continue
		}
		attrs := map[string]string{"productfamily": prod.ProductFamily}
		for k, v := range prod.Attributes {
			attrs[normKey(k)] = v
		}
		for _, term := range terms {
			for _, d := range term.PriceDimensions {
				usd, ok := d.PricePerUnit["USD"]
				if !ok {
					continue
				}
				o.Prices = append(o.Prices, Price{SKU: sku, RateCode: d.RateCode, Attrs: attrs, Unit: d.Unit, USD: usd,
					BeginRange: d.BeginRange, EndRange: d.EndRange, Description: d.Description})
			}
		}
	}
	return o, nil
}

// ReadCSV reads an offer file in the Price List's CSV format: five metadata lines
// ("FormatVersion", "Disclaimer", "Publication Date", "Version", "OfferCode"), then a header.
func ReadCSV(r io.Reader) (*Offer, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	o := &Offer{}
	var header []string
	for header == nil {
		rec, err := cr.Read()
		if err != nil {
			return nil, fmt.Errorf("reading offer file (CSV): no header line: %w", err)
		}
		if len(rec) == 2 {
			switch normKey(rec[0]) {
			case "publicationdate":
				o.PublicationDate = day(rec[1])
			case "offercode":
				o.OfferCode = rec[1]
			}
			continue
		}
		for i := range rec {
			rec[i] = normKey(rec[i])
		}
		header = rec
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, need := range []string{"sku", "termtype", "unit", "priceperunit", "currency"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("reading offer file (CSV): the header has no %q column", need)
		}
	}
	if o.OfferCode == "" {
		return nil, errors.New("reading offer file (CSV): no OfferCode metadata line")
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading offer file (CSV): %w", err)
		}
		if len(rec) != len(header) {
			line, _ := cr.FieldPos(0)
			return nil, fmt.Errorf("reading offer file (CSV) line %d: %d fields, the header has %d", line, len(rec), len(header))
		}
		get := func(k string) string {
			if i, ok := col[k]; ok {
				return rec[i]
			}
			return ""
		}
		if get("termtype") != "OnDemand" || get("currency") != "USD" {
			continue
		}
		attrs := map[string]string{}
		for i, h := range header {
			attrs[h] = rec[i]
		}
		o.Prices = append(o.Prices, Price{SKU: get("sku"), RateCode: get("ratecode"), Attrs: attrs, Unit: get("unit"),
			USD: get("priceperunit"), BeginRange: get("startingrange"), EndRange: get("endingrange"), Description: get("pricedescription")})
	}
	return o, nil
}

func day(s string) string {
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}

// Row is one row of the plangate price sheet (policy/cost/prices.csv).
type Row struct {
	Region, Service, Item, Unit, Per, USD, Description, Source, AsOf, Notes string
}

// Strings returns the row in the sheet's column order.
func (r Row) Strings() []string {
	return []string{r.Region, r.Service, r.Item, r.Unit, r.Per, r.USD, r.Description, r.Source, r.AsOf, r.Notes}
}

var regionPrefix = regexp.MustCompile(`^(US|EU|AP|AF|CA|SA|ME|IL|MX|CN|UG)[A-Z]*[0-9]*-`)

// regionByLocation names the regions of older offer files that lack regionCode.
var regionByLocation = map[string]string{
	"US East (N. Virginia)": "us-east-1", "US East (Ohio)": "us-east-2", "US West (Oregon)": "us-west-2",
	"US West (N. California)": "us-west-1", "Africa (Cape Town)": "af-south-1", "EU (Ireland)": "eu-west-1",
	"EU (London)": "eu-west-2", "EU (Frankfurt)": "eu-central-1", "EU (Paris)": "eu-west-3", "EU (Stockholm)": "eu-north-1",
}

// item maps a price to the estimator's item key and unit, or "" when the sheet does not use it.
func item(offer string, a map[string]string) (string, string) {
	ut := regionPrefix.ReplaceAllString(a["usagetype"], "")
	switch offer {
	case "AmazonEC2":
		switch {
		case strings.HasPrefix(ut, "BoxUsage:") && a["operatingsystem"] == "Linux" && a["tenancy"] == "Shared" &&
			a["preinstalledsw"] == "NA" && (a["capacitystatus"] == "" || a["capacitystatus"] == "Used") && a["instancetype"] != "":
			return "ec2.instance." + a["instancetype"], "hour"
		case ut == "EBS:VolumeUsage.gp3":
			return "ebs.gp3.storage", "GB-month"
		case ut == "EBS:VolumeUsage.gp2":
			return "ebs.gp2.storage", "GB-month"
		case ut == "EBS:VolumeP-IOPS.gp3":
			return "ebs.gp3.iops", "IOPS-month above 3000"
		case ut == "EBS:VolumeP-Throughput.gp3":
			return "ebs.gp3.throughput", "MBps-month above 125"
		case ut == "NatGateway-Hours":
			return "nat_gateway.hour", "hour"
		case ut == "NatGateway-Bytes":
			return "nat_gateway.data_processed", "GB"
		}
	case "AmazonS3":
		switch ut {
		case "TimedStorage-ByteHrs":
			return "s3.standard.storage", "GB-month"
		case "Requests-Tier1":
			return "s3.standard.put_requests", "requests"
		case "Requests-Tier2":
			return "s3.standard.get_requests", "requests"
		}
	case "AWSGlue":
		switch ut {
		case "ETL-DPU-Hour":
			return "glue.etl.dpu_hour", "DPU-hour"
		case "Crawler-DPU-Hour":
			return "glue.crawler.dpu_hour", "DPU-hour"
		case "Catalog-Storage":
			return "glue.catalog.objects", "objects-month"
		case "Catalog-Request":
			return "glue.catalog.requests", "requests"
		}
	case "AmazonRedshift":
		switch {
		case strings.HasPrefix(ut, "Node:"):
			return "redshift.node." + strings.TrimPrefix(ut, "Node:"), "node-hour"
		case ut == "Redshift:ServerlessUsage":
			return "redshift.serverless.rpu_hour", "RPU-hour"
		case ut == "RMS:Serverless":
			return "redshift.managed_storage", "GB-month"
		}
	case "AmazonDynamoDB":
		switch ut {
		case "TimedStorage-ByteHrs":
			return "dynamodb.storage", "GB-month"
		case "TimedPITRStorage-ByteHrs":
			return "dynamodb.pitr_storage", "GB-month"
		case "WriteRequestUnits":
			return "dynamodb.on_demand.write_requests", "write request units"
		case "ReadRequestUnits":
			return "dynamodb.on_demand.read_requests", "read request units"
		case "WriteCapacityUnit-Hrs":
			return "dynamodb.provisioned.wcu_hour", "WCU-hour"
		case "ReadCapacityUnit-Hrs":
			return "dynamodb.provisioned.rcu_hour", "RCU-hour"
		}
	case "awskms":
		switch ut {
		case "KMS-Keys":
			return "kms.key", "key-month"
		case "KMS-Requests":
			return "kms.requests", "requests"
		}
	case "AmazonVPC":
		switch ut {
		case "VpcEndpoint-Hours":
			return "vpc_endpoint.interface.hour_per_az", "hour per AZ"
		case "VpcEndpoint-Bytes":
			return "vpc_endpoint.interface.data_processed", "GB"
		}
	case "AmazonCloudWatch":
		switch ut {
		case "DataProcessing-Bytes":
			return "cloudwatch_logs.ingestion", "GB"
		case "TimedStorage-ByteHrs":
			return "cloudwatch_logs.storage", "GB-month"
		}
	case "AWSSecretsManager":
		switch ut {
		case "AWSSecretsManager-Secrets":
			return "secrets_manager.secret", "secret-month"
		case "AWSSecretsManager-APIRequest":
			return "secrets_manager.requests", "requests"
		}
	}
	return "", ""
}

func service(item string) string {
	s := strings.SplitN(item, ".", 2)[0]
	return s
}

// Convert turns an offer into sheet rows. Of a tiered price it keeps the first tier that costs
// something and says which range that is. Where two products give one item different prices,
// the item is left out and reported in the error list: the converter never picks one.
func Convert(o *Offer, source string) ([]Row, []error) {
	type cand struct {
		p    Price
		unit string
	}
	byKey := map[[2]string][]cand{}
	for _, p := range o.Prices {
		it, unit := item(o.OfferCode, p.Attrs)
		if it == "" {
			continue
		}
		usd, ok := new(big.Rat).SetString(p.USD)
		if !ok || usd.Sign() <= 0 {
			continue // a free tier: the row is the first tier with a price
		}
		region := p.Attrs["regioncode"]
		if region == "" {
			region = regionByLocation[p.Attrs["location"]]
		}
		if region == "" {
			continue
		}
		k := [2]string{region, it}
		byKey[k] = append(byKey[k], cand{p, unit})
	}
	keys := make([][2]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	var rows []Row
	var errs []error
	for _, k := range keys {
		cs := byKey[k]
		// The lowest tier first (by its begin range), then by SKU for a stable choice.
		sort.Slice(cs, func(i, j int) bool {
			bi, _ := new(big.Rat).SetString(orZero(cs[i].p.BeginRange))
			bj, _ := new(big.Rat).SetString(orZero(cs[j].p.BeginRange))
			if bi != nil && bj != nil && bi.Cmp(bj) != 0 {
				return bi.Cmp(bj) < 0
			}
			return cs[i].p.SKU < cs[j].p.SKU
		})
		first := cs[0]
		conflict := false
		for _, c := range cs[1:] {
			if orZero(c.p.BeginRange) == orZero(first.p.BeginRange) && !sameNumber(c.p.USD, first.p.USD) {
				errs = append(errs, fmt.Errorf("%s %s: SKUs %s and %s price it %s and %s; left out", k[0], k[1], first.p.SKU, c.p.SKU, first.p.USD, c.p.USD))
				conflict = true
				break
			}
		}
		if conflict {
			continue
		}
		p := first.p
		note := fmt.Sprintf("AWS Price List offer %s, publicationDate %s, sku %s, rateCode %s, unit %s, %q", o.OfferCode, o.PublicationDate, p.SKU, p.RateCode, p.Unit, p.Description)
		if b := orZero(p.BeginRange); b != "0" || (p.EndRange != "" && p.EndRange != "Inf") {
			note += fmt.Sprintf("; tier %s to %s %s", b, p.EndRange, p.Unit)
		}
		rows = append(rows, Row{Region: k[0], Service: service(k[1]), Item: k[1], Unit: first.unit, Per: "1",
			USD: trimZeros(p.USD), Description: p.Description, Source: source, AsOf: o.PublicationDate, Notes: note})
	}
	return rows, errs
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

func sameNumber(a, b string) bool {
	x, ok1 := new(big.Rat).SetString(a)
	y, ok2 := new(big.Rat).SetString(b)
	return ok1 && ok2 && x.Cmp(y) == 0
}

// trimZeros prints 0.0832000000 as 0.0832 (the same number, fewer digits).
func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
