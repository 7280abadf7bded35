package cost

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// Reason codes of what is not priced.
const (
	NoPriceForType    = "no_price_for_type"   // the sheet (or the estimator) has no price for this type or item
	NoPriceForRegion  = "no_price_for_region" // the sheet has the item, but not in this region
	UnknownUntilApply = "unknown_until_apply" // the value that decides the price is known only after apply
	UsageNotGiven     = "usage_not_given"     // a usage-based component without a usage value
	Free              = "free"                // the resource costs nothing by itself
)

// Reason says why something is not priced.
type Reason struct {
	Code   string `json:"reason"`
	Detail string `json:"detail"`
}

// Component is one priced (or unpriced) part of a resource's monthly cost.
type Component struct {
	Key      string // stable within the resource: instance, root_volume.storage …
	Name     string // Instance usage (Linux, on-demand)
	Attr     string // the attribute whose value chose the price ("instance_type"), if any
	Value    string // its value ("t3.xlarge")
	Quantity *big.Rat
	Unit     string // h, GB-month, requests, DPU-h …
	// How the quantity came about, e.g. "2 workers × 1 DPU (G.1X) × 30 h (usage)".
	QuantityNote string
	Row          *Row
	Monthly      *big.Rat // nil when unpriced
	Unpriced     *Reason
}

// Formula prints the component's arithmetic: 730 h × 0.1664 USD = 121.47 USD.
func (c *Component) Formula() string {
	if c.Unpriced != nil {
		return c.Unpriced.Detail
	}
	return fmt.Sprintf("%s × %s = %s USD", c.qty(), c.price(), USD(c.Monthly))
}

func (c *Component) qty() string { return num(c.Quantity) + " " + c.Unit }

func (c *Component) price() string {
	if c.Row.Per.Cmp(ratInt(1)) == 0 {
		return c.Row.USDText + " USD"
	}
	return fmt.Sprintf("%s USD/%s", c.Row.USDText, num(c.Row.Per))
}

// ResourceCost is the monthly cost of one resource instance on one side of the diff.
type ResourceCost struct {
	Address      string
	Type         string
	Region       string
	RegionSource string // provider aws (literal), --region, …
	Components   []*Component
	Unpriced     *Reason // the whole resource (no price model, free)
	Monthly      *big.Rat
}

// Estimator prices resources from a sheet and a usage file.
type Estimator struct {
	Sheet *Sheet
	Usage *Usage
}

// instance is a resource as the estimator sees it: planned or prior values and its region.
type instance struct {
	Address      string
	Type         string
	Values       map[string]any
	Unknown      map[string]any
	Region       string
	RegionSource string
}

type pricer func(e *pctx)

// pricers are the resource types with a price model.
var pricers = map[string]pricer{
	"aws_instance":                     priceInstance,
	"aws_ebs_volume":                   priceEBSVolume,
	"aws_nat_gateway":                  priceNAT,
	"aws_s3_bucket":                    priceS3Bucket,
	"supplychain_data_lake":            priceDataLake,
	"aws_glue_job":                     priceGlueJob,
	"aws_glue_crawler":                 priceGlueCrawler,
	"aws_glue_catalog_database":        priceGlueCatalog,
	"aws_redshiftserverless_workgroup": priceRedshiftServerless,
	"aws_redshift_cluster":             priceRedshiftCluster,
	"aws_dynamodb_table":               priceDynamoDB,
	"aws_kms_key":                      priceKMSKey,
	"aws_vpc_endpoint":                 priceVPCEndpoint,
	"aws_cloudwatch_log_group":         priceLogGroup,
	"aws_secretsmanager_secret":        priceSecret,
}

// freeTypes cost nothing by themselves; the value says why.
var freeTypes = map[string]string{
	"aws_vpc": "", "aws_default_vpc": "", "aws_subnet": "", "aws_default_subnet": "",
	"aws_security_group": "", "aws_default_security_group": "", "aws_security_group_rule": "",
	"aws_vpc_security_group_ingress_rule": "", "aws_vpc_security_group_egress_rule": "",
	"aws_route_table": "", "aws_default_route_table": "", "aws_route": "", "aws_route_table_association": "",
	"aws_internet_gateway": "", "aws_network_acl": "", "aws_network_acl_rule": "", "aws_default_network_acl": "",
	"aws_key_pair": "", "aws_volume_attachment": "priced with the aws_ebs_volume",
	"aws_kms_alias":                             "",
	"aws_glue_catalog_table":                    "counted as Data Catalog objects of its database (usage billable_objects)",
	"aws_glue_security_configuration":           "",
	"aws_glue_data_catalog_encryption_settings": "",
	"aws_redshiftserverless_namespace":          "its managed storage is priced on the workgroup (usage managed_storage_gb)",
	"aws_redshift_subnet_group":                 "", "aws_redshift_parameter_group": "",
	"aws_secretsmanager_secret_version": "priced with its aws_secretsmanager_secret",
	"aws_secretsmanager_secret_policy":  "",
	"aws_db_subnet_group":               "", "aws_db_parameter_group": "", "aws_db_option_group": "",
	"aws_cloudwatch_log_stream": "priced with its log group",
	"aws_dynamodb_table_item":   "priced with its table (usage storage_gb)",
	"aws_appautoscaling_target": "", "aws_appautoscaling_policy": "",
	"aws_lambda_permission":        "",
	"aws_flow_log":                 "its logs are priced on the log group",
	"supplychain_warehouse_schema": "an object inside the warehouse; the warehouse is priced",
	"supplychain_warehouse_table":  "an object inside the warehouse; the warehouse is priced",
	"supplychain_kpi_view":         "an object inside the warehouse; the warehouse is priced",
	"supplychain_kpi_targets":      "rows inside the warehouse; the warehouse is priced",
	"null_resource":                "not a cloud resource", "terraform_data": "not a cloud resource",
}

var freePrefixes = []string{"aws_iam_", "aws_s3_bucket_", "random_", "time_", "tls_", "local_"}

func freeReason(t string) (string, bool) {
	if d, ok := freeTypes[t]; ok {
		if d == "" {
			d = "AWS charges nothing for this resource by itself"
		}
		return d, true
	}
	for _, p := range freePrefixes {
		if strings.HasPrefix(t, p) {
			switch p {
			case "aws_s3_bucket_":
				return "a setting of its bucket; the bucket is priced (aws_s3_bucket)", true
			case "aws_iam_":
				return "IAM is free", true
			}
			return "not a cloud resource", true
		}
	}
	return "", false
}

// Price estimates one resource instance.
func (e *Estimator) price(in *instance) *ResourceCost {
	rc := &ResourceCost{Address: in.Address, Type: in.Type, Region: in.Region, RegionSource: in.RegionSource}
	if d, ok := freeReason(in.Type); ok {
		rc.Unpriced = &Reason{Code: Free, Detail: d}
		return rc
	}
	p := pricers[in.Type]
	if p == nil {
		rc.Unpriced = &Reason{Code: NoPriceForType, Detail: "no price model for " + in.Type}
		return rc
	}
	pc := &pctx{e: e, in: in, rc: rc, usage: e.Usage.For(in.Address, in.Type)}
	p(pc)
	for _, c := range rc.Components {
		if c.Monthly != nil {
			if rc.Monthly == nil {
				rc.Monthly = new(big.Rat)
			}
			rc.Monthly = add(rc.Monthly, c.Monthly)
		}
	}
	return rc
}

type pctx struct {
	e     *Estimator
	in    *instance
	rc    *ResourceCost
	usage map[string]*big.Rat
}

// get returns the planned value at a path (strings are map keys, ints list indexes).
func get(m map[string]any, path ...any) any {
	var cur any = m
	for _, p := range path {
		switch k := p.(type) {
		case string:
			mm, ok := cur.(map[string]any)
			if !ok {
				return nil
			}
			cur = mm[k]
		case int:
			l, ok := cur.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			cur = l[k]
		}
	}
	return cur
}

// unknown reports whether the value at path is known only after apply.
func (p *pctx) unknown(path ...any) bool {
	var cur any = p.in.Unknown
	for _, k := range path {
		if b, ok := cur.(bool); ok {
			return b
		}
		switch k := k.(type) {
		case string:
			mm, ok := cur.(map[string]any)
			if !ok {
				return false
			}
			cur = mm[k]
		case int:
			l, ok := cur.([]any)
			if !ok || k >= len(l) {
				return false
			}
			cur = l[k]
		}
	}
	b, _ := cur.(bool)
	return b
}

func (p *pctx) str(path ...any) (string, bool) {
	s, ok := get(p.in.Values, path...).(string)
	return s, ok && s != ""
}

func (p *pctx) number(path ...any) (*big.Rat, bool) {
	switch n := get(p.in.Values, path...).(type) {
	case float64:
		r, ok := new(big.Rat).SetString(strconv.FormatFloat(n, 'f', -1, 64))
		return r, ok
	case int:
		return ratInt(int64(n)), true
	case int64:
		return ratInt(n), true
	case fmt.Stringer: // json.Number
		return new(big.Rat).SetString(n.String())
	case string:
		return new(big.Rat).SetString(n)
	}
	return nil, false
}

func pathText(path []any) string {
	var b strings.Builder
	for i, k := range path {
		switch k := k.(type) {
		case string:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(k)
		case int:
			fmt.Fprintf(&b, "[%d]", k)
		}
	}
	return b.String()
}

// add prices quantity of item and appends the component; a missing row becomes an unpriced
// component with the reason.
func (p *pctx) add(c *Component, item string) {
	p.rc.Components = append(p.rc.Components, c)
	if c.Unpriced != nil {
		return
	}
	region := p.in.Region
	if region == "" {
		c.Unpriced = &Reason{Code: NoPriceForRegion, Detail: "the region is not known: the provider's region is not a literal in the plan; pass --region"}
		return
	}
	row := p.e.Sheet.Price(region, item)
	if row == nil {
		c.Unpriced = p.e.missing(region, item)
		return
	}
	c.Row = row
	c.Monthly = mul(c.Quantity, row.UnitPrice())
}

func (e *Estimator) missing(region, item string) *Reason {
	for _, r := range e.Sheet.Regions() {
		if e.Sheet.Price(r, item) != nil {
			return &Reason{Code: NoPriceForRegion, Detail: fmt.Sprintf("the sheet has no price for %s in %s", item, region)}
		}
	}
	return &Reason{Code: NoPriceForType, Detail: fmt.Sprintf("the sheet has no price for %s", item)}
}

// unpriced appends a component that cannot be priced.
func (p *pctx) unpriced(key, name, code, detail string) {
	p.rc.Components = append(p.rc.Components, &Component{Key: key, Name: name, Unpriced: &Reason{Code: code, Detail: detail}})
}

func (p *pctx) unknownValue(key, name string, path ...any) {
	p.unpriced(key, name, UnknownUntilApply, pathText(path)+" is known only after apply")
}

// fromUsage prices a usage-based component: quantity = usage[k] × factor.
func (p *pctx) fromUsage(key, name, usageKey, unit, item string) {
	q, ok := p.usage[usageKey]
	if !ok {
		p.unpriced(key, name, UsageNotGiven, fmt.Sprintf("usage %s not given (usage file: defaults.%s or resources.%q)", usageKey, p.in.Type, p.in.Address))
		return
	}
	p.add(&Component{Key: key, Name: name, Quantity: q, Unit: unit, QuantityNote: "usage " + usageKey}, item)
}

func hours() *big.Rat { return ratInt(HoursPerMonth) }

func priceInstance(p *pctx) {
	it, ok := p.str("instance_type")
	switch {
	case p.unknown("instance_type"):
		p.unknownValue("instance", "Instance usage (Linux, on-demand)", "instance_type")
	case !ok:
		p.unpriced("instance", "Instance usage (Linux, on-demand)", UnknownUntilApply, "instance_type is not set (a launch template decides it)")
	default:
		h, note := hours(), "730 h per month"
		if u, ok := p.usage["monthly_hours"]; ok {
			h, note = u, "usage monthly_hours"
		}
		if t, _ := p.str("tenancy"); t == "dedicated" || t == "host" {
			p.unpriced("instance", "Instance usage (Linux, on-demand)", NoPriceForType, "the sheet prices shared tenancy only; tenancy is "+t)
		} else {
			p.add(&Component{Key: "instance", Name: "Instance usage (Linux, on-demand)", Attr: "instance_type", Value: it, Quantity: h, Unit: "h", QuantityNote: note}, "ec2.instance."+it)
		}
	}
	if l, ok := get(p.in.Values, "root_block_device").([]any); ok && len(l) > 0 {
		p.volume("root_volume", "Root volume", []any{"root_block_device", 0}, "volume_type", "volume_size")
	} else if p.unknown("root_block_device") {
		p.unknownValue("root_volume.storage", "Root volume", "root_block_device")
	}
	if l, ok := get(p.in.Values, "ebs_block_device").([]any); ok {
		for i := range l {
			p.volume(fmt.Sprintf("ebs_block_device[%d]", i), fmt.Sprintf("EBS block device %d", i), []any{"ebs_block_device", i}, "volume_type", "volume_size")
		}
	}
}

func priceEBSVolume(p *pctx) { p.volume("volume", "Volume", nil, "type", "size") }

// volume prices an EBS volume's storage, and for gp3 its IOPS and throughput above the free
// baseline (3,000 IOPS, 125 MB/s).
func (p *pctx) volume(key, name string, base []any, typeAttr, sizeAttr string) {
	at := func(a string) []any { return append(append([]any{}, base...), a) }
	if p.unknown(at(typeAttr)...) {
		p.unknownValue(key+".storage", name+" storage", at(typeAttr)...)
		return
	}
	vt, ok := p.str(at(typeAttr)...)
	if !ok {
		vt = "gp2" // the AWS API's default volume type
	}
	if p.unknown(at(sizeAttr)...) {
		p.unknownValue(key+".storage", name+" storage ("+vt+")", at(sizeAttr)...)
		return
	}
	size, ok := p.number(at(sizeAttr)...)
	if !ok {
		p.unpriced(key+".storage", name+" storage ("+vt+")", UnknownUntilApply, pathText(at(sizeAttr))+" is not set (the snapshot or AMI decides it)")
		return
	}
	switch vt {
	case "gp2", "gp3":
	default:
		p.unpriced(key+".storage", name+" storage ("+vt+")", NoPriceForType, "the sheet has no price for "+vt+" volumes")
		return
	}
	p.add(&Component{Key: key + ".storage", Name: name + " storage (" + vt + ")", Attr: pathText(at(typeAttr)), Value: vt, Quantity: size, Unit: "GB-month", QuantityNote: pathText(at(sizeAttr))}, "ebs."+vt+".storage")
	if vt != "gp3" {
		return
	}
	if iops, ok := p.number(at("iops")...); ok && iops.Cmp(ratInt(3000)) > 0 {
		p.add(&Component{Key: key + ".iops", Name: name + " IOPS above 3,000 (gp3)", Quantity: sub(iops, ratInt(3000)), Unit: "IOPS-month", QuantityNote: pathText(at("iops")) + " − 3000"}, "ebs.gp3.iops")
	} else if p.unknown(at("iops")...) {
		p.unknownValue(key+".iops", name+" IOPS above 3,000 (gp3)", at("iops")...)
	}
	if tp, ok := p.number(at("throughput")...); ok && tp.Cmp(ratInt(125)) > 0 {
		p.add(&Component{Key: key + ".throughput", Name: name + " throughput above 125 MB/s (gp3)", Quantity: sub(tp, ratInt(125)), Unit: "MBps-month", QuantityNote: pathText(at("throughput")) + " − 125"}, "ebs.gp3.throughput")
	} else if p.unknown(at("throughput")...) {
		p.unknownValue(key+".throughput", name+" throughput above 125 MB/s (gp3)", at("throughput")...)
	}
}

func priceNAT(p *pctx) {
	p.add(&Component{Key: "hours", Name: "NAT gateway", Quantity: hours(), Unit: "h", QuantityNote: "730 h per month"}, "nat_gateway.hour")
	p.fromUsage("data", "Data processed", "monthly_data_processed_gb", "GB", "nat_gateway.data_processed")
}

func priceS3Bucket(p *pctx) {
	p.fromUsage("storage", "Storage (Standard)", "storage_gb", "GB-month", "s3.standard.storage")
	p.fromUsage("put_requests", "PUT, COPY, POST, LIST requests", "monthly_put_requests", "requests", "s3.standard.put_requests")
	p.fromUsage("get_requests", "GET, SELECT and other requests", "monthly_get_requests", "requests", "s3.standard.get_requests")
}

// priceDataLake prices the lake as its three buckets: storage by usage per bucket, requests for
// the three together.
func priceDataLake(p *pctx) {
	for _, b := range []string{"raw", "code", "transformed"} {
		p.fromUsage(b+".storage", b+" bucket storage (Standard)", b+"_storage_gb", "GB-month", "s3.standard.storage")
	}
	p.fromUsage("put_requests", "PUT, COPY, POST, LIST requests (3 buckets)", "monthly_put_requests", "requests", "s3.standard.put_requests")
	p.fromUsage("get_requests", "GET and other requests (3 buckets)", "monthly_get_requests", "requests", "s3.standard.get_requests")
}

// workerDPU is the DPUs of one Glue worker.
var workerDPU = map[string]string{"Standard": "1", "G.025X": "0.25", "G.1X": "1", "G.2X": "2", "G.4X": "4", "G.8X": "8", "Z.2X": "2"}

func priceGlueJob(p *pctx) {
	cmd, _ := p.str("command", 0, "name")
	if cmd == "" {
		cmd = "glueetl"
	}
	name := "Job run (" + cmd + ")"
	hoursUsed, haveHours := p.usage["monthly_hours"]
	switch cmd {
	case "pythonshell":
		mc, ok := p.number("max_capacity")
		if !ok {
			mc = rat("0.0625") // the API's default for Python shell jobs
		}
		if mc.Cmp(rat("0.0625")) != 0 {
			p.unpriced("run", name, NoPriceForType, "the sheet prices Python shell jobs at 0.0625 DPU only; max_capacity is "+num(mc))
			return
		}
		if !haveHours {
			p.fromUsage("run", name+" at 0.0625 DPU", "monthly_hours", "h", "")
			return
		}
		p.add(&Component{Key: "run", Name: name + " at 0.0625 DPU", Attr: "max_capacity", Value: "0.0625", Quantity: hoursUsed, Unit: "h", QuantityNote: "usage monthly_hours"}, "glue.pythonshell.job_hour_0.0625_dpu")
	case "glueetl":
		var dpu *big.Rat
		var note, attr, val string
		wt, okWT := p.str("worker_type")
		switch {
		case p.unknown("worker_type") || p.unknown("number_of_workers") || p.unknown("max_capacity"):
			p.unknownValue("run", name, "worker_type")
			return
		case okWT:
			per, ok := workerDPU[wt]
			if !ok {
				p.unpriced("run", name, NoPriceForType, "unknown worker_type "+wt)
				return
			}
			n, ok := p.number("number_of_workers")
			if !ok {
				p.unpriced("run", name, UnknownUntilApply, "number_of_workers is not set")
				return
			}
			dpu = mul(n, rat(per))
			note, attr, val = fmt.Sprintf("%s workers × %s DPU (%s)", num(n), per, wt), "worker_type", fmt.Sprintf("%s × %s", wt, num(n))
		default:
			mc, ok := p.number("max_capacity")
			if !ok {
				mc = ratInt(10) // the API's default for Spark jobs without workers
			}
			dpu, note, attr, val = mc, num(mc)+" DPU (max_capacity)", "max_capacity", num(mc)
		}
		if !haveHours {
			p.unpriced("run", name, UsageNotGiven, fmt.Sprintf("usage monthly_hours not given (usage file: defaults.%s or resources.%q); %s", p.in.Type, p.in.Address, note))
			return
		}
		p.add(&Component{Key: "run", Name: name, Attr: attr, Value: val, Quantity: mul(dpu, hoursUsed), Unit: "DPU-h", QuantityNote: note + " × " + num(hoursUsed) + " h (usage monthly_hours)"}, "glue.etl.dpu_hour")
	default:
		p.unpriced("run", name, NoPriceForType, "the sheet has no price for Glue "+cmd+" jobs")
	}
}

func priceGlueCrawler(p *pctx) {
	p.fromUsage("run", "Crawler run", "monthly_dpu_hours", "DPU-h", "glue.crawler.dpu_hour")
}

func priceGlueCatalog(p *pctx) {
	p.fromUsage("objects", "Data Catalog storage above the free million objects", "billable_objects", "objects", "glue.catalog.objects")
	p.fromUsage("requests", "Data Catalog requests above the free million", "billable_monthly_requests", "requests", "glue.catalog.requests")
}

func priceRedshiftServerless(p *pctx) {
	name := "Compute at base capacity"
	if p.unknown("base_capacity") {
		p.unknownValue("compute", name, "base_capacity")
	} else {
		bc, ok := p.number("base_capacity")
		if !ok {
			bc = ratInt(128) // the service's default base capacity
		}
		if h, ok := p.usage["monthly_active_hours"]; ok {
			p.add(&Component{Key: "compute", Name: name, Attr: "base_capacity", Value: num(bc), Quantity: mul(bc, h), Unit: "RPU-h", QuantityNote: fmt.Sprintf("%s RPU × %s h (usage monthly_active_hours)", num(bc), num(h))}, "redshift.serverless.rpu_hour")
		} else {
			p.unpriced("compute", name, UsageNotGiven, fmt.Sprintf("usage monthly_active_hours not given (usage file: defaults.%s or resources.%q); base capacity %s RPU", p.in.Type, p.in.Address, num(bc)))
		}
	}
	p.fromUsage("storage", "Managed storage", "managed_storage_gb", "GB-month", "redshift.managed_storage")
}

func priceRedshiftCluster(p *pctx) {
	nt, ok := p.str("node_type")
	if !ok {
		p.unknownValue("nodes", "Nodes", "node_type")
		return
	}
	n, ok := p.number("number_of_nodes")
	if !ok {
		n = ratInt(1)
	}
	p.add(&Component{Key: "nodes", Name: "Nodes (on-demand)", Attr: "node_type", Value: nt, Quantity: mul(n, hours()), Unit: "node-h", QuantityNote: num(n) + " nodes × 730 h"}, "redshift.node."+nt)
	if strings.HasPrefix(nt, "ra3.") {
		p.fromUsage("storage", "Managed storage", "managed_storage_gb", "GB-month", "redshift.managed_storage")
	}
}

func priceDynamoDB(p *pctx) {
	mode, _ := p.str("billing_mode")
	if mode == "PAY_PER_REQUEST" {
		p.fromUsage("write_requests", "On-demand write request units", "monthly_write_request_units", "WRU", "dynamodb.on_demand.write_requests")
		p.fromUsage("read_requests", "On-demand read request units", "monthly_read_request_units", "RRU", "dynamodb.on_demand.read_requests")
	} else {
		for _, x := range [][3]string{{"write_capacity", "wcu", "Provisioned write capacity"}, {"read_capacity", "rcu", "Provisioned read capacity"}} {
			if p.unknown(x[0]) {
				p.unknownValue(x[1], x[2], x[0])
				continue
			}
			n, ok := p.number(x[0])
			if !ok {
				p.unpriced(x[1], x[2], UnknownUntilApply, x[0]+" is not set")
				continue
			}
			p.add(&Component{Key: x[1], Name: x[2], Attr: x[0], Value: num(n), Quantity: mul(n, hours()), Unit: strings.ToUpper(x[1]) + "-h", QuantityNote: num(n) + " × 730 h"}, "dynamodb.provisioned."+x[1]+"_hour")
		}
	}
	p.fromUsage("storage", "Data storage", "storage_gb", "GB-month", "dynamodb.storage")
	if on, _ := get(p.in.Values, "point_in_time_recovery", 0, "enabled").(bool); on {
		p.fromUsage("pitr", "Point-in-time recovery backup", "pitr_storage_gb", "GB-month", "dynamodb.pitr_storage")
	}
}

func priceKMSKey(p *pctx) {
	p.add(&Component{Key: "key", Name: "Customer managed key", Quantity: ratInt(1), Unit: "key-month"}, "kms.key")
	p.fromUsage("requests", "Requests above the free tier", "monthly_requests", "requests", "kms.requests")
}

func priceVPCEndpoint(p *pctx) {
	t, _ := p.str("vpc_endpoint_type")
	switch t {
	case "", "Gateway":
		p.rc.Unpriced = &Reason{Code: Free, Detail: "gateway endpoints (S3, DynamoDB) cost nothing"}
		return
	case "Interface":
	default:
		p.unpriced("hours", "Endpoint ("+t+")", NoPriceForType, "the sheet has no price for "+t+" endpoints")
		return
	}
	if p.unknown("subnet_ids") {
		p.unknownValue("hours", "Interface endpoint", "subnet_ids")
	} else {
		subnets, _ := get(p.in.Values, "subnet_ids").([]any)
		azs := ratInt(int64(len(subnets)))
		p.add(&Component{Key: "hours", Name: "Interface endpoint", Attr: "subnet_ids", Value: fmt.Sprintf("%d", len(subnets)), Quantity: mul(azs, hours()), Unit: "AZ-h", QuantityNote: fmt.Sprintf("%d AZs (subnet_ids) × 730 h", len(subnets))}, "vpc_endpoint.interface.hour_per_az")
	}
	p.fromUsage("data", "Data processed", "monthly_data_processed_gb", "GB", "vpc_endpoint.interface.data_processed")
}

func priceLogGroup(p *pctx) {
	p.fromUsage("ingestion", "Data ingested", "monthly_ingested_gb", "GB", "cloudwatch_logs.ingestion")
	p.fromUsage("storage", "Storage", "storage_gb", "GB-month", "cloudwatch_logs.storage")
}

func priceSecret(p *pctx) {
	p.add(&Component{Key: "secret", Name: "Secret", Quantity: ratInt(1), Unit: "secret-month"}, "secrets_manager.secret")
	p.fromUsage("requests", "API requests", "monthly_requests", "requests", "secrets_manager.requests")
}

// Priced reports whether the resource type has a price model or is known to be free.
func Priced(t string) bool {
	_, free := freeReason(t)
	return free || pricers[t] != nil
}

// PricedTypes returns the types with a price model, sorted.
func PricedTypes() []string {
	out := make([]string, 0, len(pricers))
	for t := range pricers {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}
