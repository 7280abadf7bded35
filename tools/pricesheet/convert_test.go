package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/policy/cost"
)

func TestConvertSamples(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "prices.csv")
	var stdout, stderr bytes.Buffer
	code := run([]string{"--out", out, "--sheet-date", "2026-12-02", "--source", "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws",
		"testdata/ec2-us-east-1.json", "testdata/s3-us-east-1.csv", "testdata/ebs-af-south-1.json"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// The output is a sheet plangate reads.
	s, err := cost.ParseSheet("prices.csv", bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if s.Date != "2026-12-02" {
		t.Errorf("sheet date %q", s.Date)
	}
	want := map[[2]string]string{
		{"us-east-1", "ec2.instance.t3.large"}:    "0.0832",
		{"us-east-1", "ebs.gp3.storage"}:          "0.08",
		{"us-east-1", "nat_gateway.hour"}:         "0.045",
		{"us-east-1", "s3.standard.storage"}:      "0.023", // the first tier
		{"us-east-1", "s3.standard.put_requests"}: "0.000005",
		{"us-east-1", "s3.standard.get_requests"}: "0.0000004", // not the Reserved line
		{"af-south-1", "ebs.gp3.storage"}:         "0.1047",    // region from the location
	}
	if len(s.Rows) != len(want) {
		t.Errorf("%d rows, want %d:\n%s", len(s.Rows), len(want), data)
	}
	for k, usd := range want {
		r := s.Price(k[0], k[1])
		if r == nil {
			t.Errorf("no row %v", k)
			continue
		}
		if r.USDText != usd {
			t.Errorf("%v = %s, want %s", k, r.USDText, usd)
		}
		if r.Source == "" || r.AsOf == "" || !strings.Contains(r.Notes, "sku ") {
			t.Errorf("%v: source %q as_of %q notes %q", k, r.Source, r.AsOf, r.Notes)
		}
	}
	if r := s.Price("us-east-1", "s3.standard.storage"); !strings.Contains(r.Notes, "tier 0 to 51200") || r.AsOf != "2024-07-01" {
		t.Errorf("S3 tier note %q as_of %s", r.Notes, r.AsOf)
	}
	if r := s.Price("us-east-1", "ec2.instance.t3.large"); r.AsOf != "2026-07-20" {
		t.Errorf("EC2 as_of %s", r.AsOf)
	}
}

func TestConflictingPricesAreLeftOut(t *testing.T) {
	o := &Offer{OfferCode: "AmazonEC2", PublicationDate: "2026-01-01", Prices: []Price{
		{SKU: "A", Attrs: map[string]string{"usagetype": "NatGateway-Hours", "regioncode": "eu-west-1"}, USD: "0.048", BeginRange: "0"},
		{SKU: "B", Attrs: map[string]string{"usagetype": "EUW1-NatGateway-Hours", "regioncode": "eu-west-1"}, USD: "0.05", BeginRange: "0"},
	}}
	rows, errs := Convert(o, "src")
	if len(rows) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "left out") {
		t.Errorf("rows %v errs %v", rows, errs)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	notOffer := filepath.Join(dir, "x.json")
	_ = os.WriteFile(notOffer, []byte(`{"hello": 1}`), 0o600)
	badCSV := filepath.Join(dir, "x.csv")
	_ = os.WriteFile(badCSV, []byte("\"OfferCode\",\"AmazonS3\"\n\"SKU\",\"Unit\",\"Currency\"\n"), 0o600)
	for name, tc := range map[string]struct {
		args []string
		code int
		want string
	}{
		"no files":    {nil, 10, "give one or more"},
		"missing":     {[]string{filepath.Join(dir, "nope.json")}, 11, "nope.json"},
		"not offer":   {[]string{notOffer}, 12, "not a Price List offer file"},
		"csv columns": {[]string{badCSV}, 12, "termtype"},
		"bad date":    {[]string{"--sheet-date", "soon", notOffer}, 10, "sheet-date"},
	} {
		t.Run(name, func(t *testing.T) {
			var o, e bytes.Buffer
			if code := run(tc.args, &o, &e); code != tc.code || !strings.Contains(e.String(), tc.want) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", code, tc.code, e.String(), tc.want)
			}
		})
	}
}
