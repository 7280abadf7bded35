// Command pricesheet turns AWS Price List bulk offer files (JSON or CSV, one service and region
// each, as published under https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<Service>/current/<region>/index.json
// or index.csv) into rows of plangate's price sheet (policy/cost/prices.csv).
//
//	go run ./tools/pricesheet [--out FILE] [--sheet-date YYYY-MM-DD] [--source URL] OFFER...
//
// Only on-demand USD prices of the items plangate prices are kept (EC2 Linux shared-tenancy
// instance hours, EBS gp2/gp3, NAT gateway, S3 Standard, Glue, Redshift nodes and Serverless,
// DynamoDB, KMS, VPC interface endpoints, CloudWatch Logs, Secrets Manager). Each row names its
// source (--source, else the file's path) and the offer's publicationDate, and keeps the SKU,
// rate code and price description in its notes. An item two products price differently is left
// out and reported; the command then exits 1.
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pricesheet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write the sheet here instead of standard output")
	date := fs.String("sheet-date", time.Now().UTC().Format("2006-01-02"), "the sheet_date line")
	source := fs.String("source", "", "source to name in every row (default: each offer file's path)")
	if err := fs.Parse(args); err != nil {
		return 10
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "pricesheet: give one or more offer files (index.json or index.csv)")
		return 10
	}
	if _, err := time.Parse("2006-01-02", *date); err != nil {
		fmt.Fprintf(stderr, "pricesheet: --sheet-date %q is not YYYY-MM-DD\n", *date)
		return 10
	}
	var rows []Row
	failed := false
	seen := map[[2]string]string{}
	for _, path := range fs.Args() {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "pricesheet: reading %s: %v\n", path, err)
			return 11
		}
		var o *Offer
		if t := bytes.TrimLeft(data, " \t\r\n\xef\xbb\xbf"); len(t) > 0 && t[0] == '{' {
			o, err = ReadJSON(bytes.NewReader(data))
		} else {
			o, err = ReadCSV(bytes.NewReader(data))
		}
		if err != nil {
			fmt.Fprintf(stderr, "pricesheet: %s: %v\n", path, err)
			return 12
		}
		src := *source
		if src == "" {
			src = path
		}
		rs, errs := Convert(o, src)
		for _, e := range errs {
			fmt.Fprintf(stderr, "pricesheet: %s: %v\n", path, e)
			failed = true
		}
		for _, r := range rs {
			k := [2]string{r.Region, r.Item}
			if prev, dup := seen[k]; dup {
				fmt.Fprintf(stderr, "pricesheet: %s %s is in both %s and %s; keeping the first\n", r.Region, r.Item, prev, path)
				failed = true
				continue
			}
			seen[k] = path
			rows = append(rows, r)
		}
		fmt.Fprintf(stderr, "pricesheet: %s: offer %s of %s, %d rows\n", path, o.OfferCode, o.PublicationDate, len(rs))
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# plangate price sheet: USD, On-Demand, Linux, shared tenancy. One row per region and item.\n")
	fmt.Fprintf(&b, "# sheet_date: %s\n", *date)
	fmt.Fprintf(&b, "# Made by tools/pricesheet from AWS Price List offer files: %s\n", strings.Join(fs.Args(), " "))
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"region", "service", "item", "unit", "per", "usd", "description", "source", "as_of", "notes"})
	for _, r := range rows {
		_ = w.Write(r.Strings())
	}
	w.Flush()
	if err := w.Error(); err != nil {
		fmt.Fprintln(stderr, "pricesheet:", err)
		return 15
	}
	if *out == "" {
		if _, err := stdout.Write(b.Bytes()); err != nil {
			return 14
		}
	} else if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		fmt.Fprintln(stderr, "pricesheet:", err)
		return 14
	}
	if failed {
		return 1
	}
	return 0
}
