"""Writes the Nexabrands fixture plans of policy/cost (terraform show -json, format 1.2, as
Terraform 1.5.7 prints it). Run: python3 gen.py. The plans are synthetic: the reference stack's
priced resources with the sizes named in issue 10 (Glue G.1X x 2, Redshift Serverless base 32,
EC2 t3.xlarge with 80 GiB gp3, NAT)."""
import copy, json

AWS = "registry.terraform.io/hashicorp/aws"
SC = "registry.terraform.io/nexabrands/supplychain"

def res(typ, name, values, provider=AWS, unknown=None, pkey=None):
    return {"type": typ, "name": name, "values": values, "provider": provider,
            "unknown": unknown or {}, "pkey": pkey or (provider == SC and "supplychain" or "aws")}

def stack(instance_type="t3.xlarge", root_size=80):
    return [
        res("supplychain_data_lake", "main", {
            "name_prefix": "nexabrand-prod", "versioning": True, "tls_only": True, "force_destroy": False,
            "encryption": {"sse_algorithm": "AES256", "kms_key_arn": None, "bucket_key_enabled": False},
            "raw": {"bucket": "nexabrand-prod-raw", "arn": "arn:aws:s3:::nexabrand-prod-raw", "policy": None},
            "code": {"bucket": "nexabrand-prod-code", "arn": "arn:aws:s3:::nexabrand-prod-code", "policy": None},
            "transformed": {"bucket": "nexabrand-prod-transformed", "arn": "arn:aws:s3:::nexabrand-prod-transformed", "policy": None},
        }, provider=SC),
        res("aws_iam_role", "glue", {"name": "nexabrand-glue", "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"glue.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"}, unknown={"arn": True, "id": True}),
        res("aws_glue_job", "clean_orders", {
            "name": "clean-orders", "glue_version": "4.0", "worker_type": "G.1X", "number_of_workers": 2,
            "max_retries": 1, "timeout": 60, "command": [{"name": "glueetl", "python_version": "3", "script_location": "s3://nexabrand-prod-code/clean_orders.py"}],
        }, unknown={"role_arn": True, "arn": True, "id": True, "max_capacity": False}),
        res("aws_redshiftserverless_namespace", "warehouse", {"namespace_name": "nexabrand", "db_name": "supplychain", "admin_username": "admin"}, unknown={"arn": True, "id": True}),
        res("aws_redshiftserverless_workgroup", "warehouse", {"workgroup_name": "nexabrand", "namespace_name": "nexabrand", "base_capacity": 32, "publicly_accessible": False, "enhanced_vpc_routing": True}, unknown={"arn": True, "id": True, "endpoint": True}),
        res("aws_instance", "airflow", {
            "ami": "ami-0c7217cdde317cfec", "instance_type": instance_type, "monitoring": False,
            "metadata_options": [{"http_tokens": "required", "http_endpoint": "enabled", "http_put_response_hop_limit": 1}],
            "root_block_device": [{"volume_type": "gp3", "volume_size": root_size, "iops": 3000, "throughput": 125, "encrypted": True, "delete_on_termination": True}],
            "tags": {"Name": "airflow"},
        }, unknown={"id": True, "arn": True, "private_ip": True, "root_block_device": [{"volume_id": True, "kms_key_id": True}]}),
        res("aws_nat_gateway", "main", {"connectivity_type": "public", "tags": {"Name": "nexabrand"}}, unknown={"id": True, "allocation_id": True, "subnet_id": True, "public_ip": True}),
        res("aws_kms_key", "lake", {"description": "nexabrand lake", "enable_key_rotation": True, "deletion_window_in_days": 30}, unknown={"arn": True, "key_id": True}),
        res("aws_secretsmanager_secret", "warehouse", {"name": "nexabrand/warehouse"}, unknown={"arn": True, "id": True}),
    ]

def addr(r):
    return "%s.%s" % (r["type"], r["name"])

def sens(v):
    out = {}
    for k, x in v.items():
        if isinstance(x, list):
            out[k] = [{} if isinstance(e, dict) else False for e in x]
        elif isinstance(x, dict):
            out[k] = {}
    return out

def plan(after, before=None, providers=None, variables=None):
    before = before or []
    bmap = {addr(r): r for r in before}
    amap = {addr(r): r for r in after}
    pv = [{"address": addr(r), "mode": "managed", "type": r["type"], "name": r["name"], "provider_name": r["provider"],
           "schema_version": 0, "values": r["values"], "sensitive_values": sens(r["values"])} for r in after]
    rcs = []
    for a in sorted(set(bmap) | set(amap)):
        b, r = bmap.get(a), amap.get(a)
        x = r or b
        if b is None:
            actions = ["create"]
        elif r is None:
            actions = ["delete"]
        elif b["values"] == r["values"]:
            actions = ["no-op"]
        else:
            actions = ["update"]
        bv = None
        if b is not None:
            bv = dict(b["values"])
            for k in b["unknown"]:
                bv.setdefault(k, "x-" + k)
        rcs.append({"address": a, "mode": "managed", "type": x["type"], "name": x["name"], "provider_name": x["provider"],
                    "change": {"actions": actions, "before": bv, "after": r["values"] if r else None,
                               "after_unknown": (r["unknown"] if r and actions != ["no-op"] else {}),
                               "before_sensitive": sens(b["values"]) if b else False,
                               "after_sensitive": sens(r["values"]) if r else False}})
    cfg_res = [{"address": addr(r), "mode": "managed", "type": r["type"], "name": r["name"],
                "provider_config_key": r["pkey"], "expressions": {}, "schema_version": 0} for r in after]
    p = {"format_version": "1.2", "terraform_version": "1.5.7",
         "planned_values": {"root_module": {"resources": pv}},
         "resource_changes": rcs,
         "configuration": {"provider_config": providers, "root_module": {"resources": cfg_res}},
         "timestamp": "2026-12-02T07:00:00Z"}
    if variables:
        p["variables"] = variables
    if before:
        p["prior_state"] = {"format_version": "1.0", "terraform_version": "1.5.7", "values": {"root_module": {"resources": [
            {"address": addr(r), "mode": "managed", "type": r["type"], "name": r["name"], "provider_name": r["provider"],
             "schema_version": 0, "values": dict(r["values"], **{k: "x-" + k for k in r["unknown"] if not isinstance(r["unknown"][k], list)}),
             "sensitive_values": sens(r["values"])} for r in before]}}}
    return p

def providers(region_aws="us-east-1", region_sc="us-east-1", extra=None):
    pc = {"aws": {"name": "aws", "full_name": AWS, "expressions": {}},
          "supplychain": {"name": "supplychain", "full_name": SC, "expressions": {}}}
    if region_aws:
        pc["aws"]["expressions"]["region"] = {"constant_value": region_aws}
    if region_sc:
        pc["supplychain"]["expressions"]["region"] = {"constant_value": region_sc}
    pc.update(extra or {})
    return pc

def write(name, p):
    with open(name, "w") as f:
        json.dump(p, f, indent=1, sort_keys=True)
        f.write("\n")

write("nexabrands_create.json", plan(stack(), providers=providers()))
write("nexabrands_update.json", plan(stack("t3.xlarge"), before=stack("t3.large"), providers=providers()))
write("nexabrands_noregion.json", plan(stack(), providers=providers(None, None)))
write("nexabrands_base.json", plan(stack("t3.large"), providers=providers()))
# Per provider alias: aws.cape is af-south-1; the default aws provider takes its region from a variable.
alias = [
    res("aws_instance", "web", {"ami": "ami-1", "instance_type": "t3.micro", "root_block_device": [{"volume_type": "gp3", "volume_size": 8, "iops": 3000, "throughput": 125}]}),
    res("aws_instance", "cape", {"ami": "ami-2", "instance_type": "t3.micro", "root_block_device": [{"volume_type": "gp3", "volume_size": 8, "iops": 3000, "throughput": 125}]}, pkey="aws.cape"),
    res("aws_kms_key", "cape", {"description": "cape"}, pkey="aws.cape"),
    res("aws_instance", "later", {"ami": "ami-3", "root_block_device": [{"volume_type": "gp3", "volume_size": 8}]}, unknown={"instance_type": True}),
]
pcs = {"aws": {"name": "aws", "full_name": AWS, "expressions": {"region": {"references": ["var.region"]}}},
       "aws.cape": {"name": "aws", "full_name": AWS, "alias": "cape", "expressions": {"region": {"constant_value": "af-south-1"}}}}
write("aliases.json", plan(alias, providers=pcs, variables={"region": {"value": "us-east-1"}}))
