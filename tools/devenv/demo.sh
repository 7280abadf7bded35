#!/usr/bin/env bash
# make demo: Nexabrands' whole pipeline on this machine, end to end, as a team runs it on AWS.
# The state backend is bootstrapped (plangate bootstrap: a secure, versioned bucket and a lock
# table on the S3 stand-in); the stack stacks/nexabrands (lake, warehouse, KPI views, targets,
# OTIF checks), with its state in that bucket, is planned,
# judged by plangate as a pull request would be, applied with envs/local.tfvars; the raw sample is
# uploaded into the raw bucket; the ETL runs in the stack's order (its etl_stages output, read from
# etl/steps.json, the list its Glue jobs and their schedule are made from): each cleaning step is
# the Glue job's own code (etl/pythonshell_job.py --step) from the raw bucket into the transformed
# bucket, and the last step loads the warehouse from there; the scorecard is printed and written;
# a plan with nothing to do shows its exit code, duration and S3 requests per bucket; then a
# bucket is changed by hand and the scheduled drift check finds it.
#
# Run by `make demo` under `devenv run --postgres`, which starts the servers (the S3 stand-in and a
# throwaway PostgreSQL) and stops them when this script ends, fails or is interrupted. Everything
# it writes is under dist/demo (replaced on each run); `make demo-down` removes it and stops any
# server a killed run left behind.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
: "${AWS_ENDPOINT_URL_S3:?run under devenv run --postgres (make demo)}"
: "${SUPPLYCHAIN_PG_DSN:?run under devenv run --postgres (make demo)}"
out="$root/dist/demo"
if [ -f "$out/servers.env" ] && ! grep -qx "DEVENV_PID=$PPID" "$out/servers.env"; then
	# A previous run that was killed may have left its servers running: stop them first.
	bash "$root/tools/devenv/demo-down.sh"
fi
rm -rf "$out"
mkdir -p "$out"
work="$out/work"
stack="$work/stack"
# The binaries live outside dist/demo, so a re-run relinks only what changed.
bin="$root/.tools/demo"
mkdir -p "$bin" "$stack"
# For `make demo-down`: the servers of this run (devenv is this script's parent).
printf 'DEVENV_PID=%s\nPGPORT=%s\n' "$PPID" "${PGPORT:-}" >"$out/servers.env"

total=14
n=0
t0=$SECONDS
ts=$SECONDS
step() {
	if [ "$n" -gt 0 ]; then printf '   (%ss)\n' "$((SECONDS - ts))"; fi
	n=$((n + 1))
	ts=$SECONDS
	printf '\n\033[1m[%d/%d] %s\033[0m\n' "$n" "$total" "$*"
}
run_date=$(date -u +%Y-%m-%d)
# since T0: seconds (two decimals) since T0, a `date +%s.%N`.
since() { awk -v t0="$1" -v t1="$(date +%s.%N)" 'BEGIN { printf "%.2f", t1 - t0 }'; }

step "Build the provider, plangate and the demo's helpers"
# The provider goes into a filesystem mirror, so `terraform init` installs it as it would a release.
mirror="$bin/mirror"
host=registry.terraform.io
provider_bin="$mirror/$host/nexabrands/supplychain/0.0.1/$(go env GOOS)_$(go env GOARCH)/terraform-provider-supplychain_v0.0.1"
go build -o "$provider_bin" .
go build -o "$bin/plangate" ./tools/plangate
go build -o "$bin/devenv" ./tools/devenv
go build -o "$bin/sampledata" ./tools/sampledata
cat >"$work/terraform.rc" <<RC
disable_checkpoint = true
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["$host/nexabrands/supplychain"]
  }
}
RC
export TF_CLI_CONFIG_FILE="$work/terraform.rc" TF_IN_AUTOMATION=1
cp stacks/nexabrands/*.tf stacks/nexabrands/targets.json stacks/nexabrands/usage.yml "$stack/"
cp -r stacks/nexabrands/envs "$stack/"
mkdir -p "$stack/etl"
cp stacks/nexabrands/etl/*.py stacks/nexabrands/etl/steps.json "$stack/etl/"
tf() { terraform -chdir="$stack" "$@"; }
echo "   $(terraform version | head -1); provider, plangate, devenv, sampledata in .tools/demo"

step "Local servers"
echo "   S3 stand-in (kumo):  $AWS_ENDPOINT_URL_S3"
echo "   PostgreSQL:          ${PGHOST:-?}:${PGPORT:-?}, database ${PGDATABASE:-?}"
echo "   (started by devenv run; they stop when this script ends)"

step "Bootstrap the state backend: plangate bootstrap"
# The state bucket (and, for Terraform 1.5.7, whose S3 backend has no use_lockfile, a DynamoDB
# lock table) on the S3 stand-in, with the lake's secure defaults; backend.hcl goes beside the
# stack's working copy, which gets `backend "s3" {}` (the committed stack has no backend block:
# its tests and the provider's acceptance tests apply it with local state).
state_bucket=nexabrand-local-tfstate
state_key=nexabrands/local/terraform.tfstate
lock_table=nexabrand-local-tflock
bootstrap() {
	"$bin/plangate" bootstrap --bucket "$state_bucket" --key "$state_key" --lock-table "$lock_table" \
		--region "$AWS_REGION" --endpoint "$AWS_ENDPOINT_URL_S3" --path-style --tags stack=nexabrands,env=local \
		--out "$stack" 2> >(grep -v 'WARN failed to close HTTP response body' >&2)
}
# The stand-in's responses make the AWS SDK warn about response checksums; those lines are left out.
bootstrap >"$out/bootstrap.txt"
sed -n '/^least-privilege IAM policy/q;p' "$out/bootstrap.txt" | sed 's/: operation error .*//; s/^/   /'
echo "   (the least-privilege IAM policy for the state is in dist/demo/bootstrap.txt)"
echo "   again, as a re-run would:"
bootstrap >"$out/bootstrap-again.txt"
sed -n '/^least-privilege IAM policy/q;p' "$out/bootstrap-again.txt" | sed 's/^/   /'
printf 'terraform {\n  backend "s3" {}\n}\n' >"$stack/backend.tf"

step "terraform init -backend-config=backend.hcl"
tf init -input=false -no-color -backend-config=backend.hcl | grep -E 'backend|Installing|Installed|initialized' | sed 's/^/   /'

step "terraform plan (stacks/nexabrands, envs/local.tfvars)"
tf plan -input=false -no-color -compact-warnings -var-file=envs/local.tfvars -out=pr.tfplan >"$out/plan.txt"
grep -E '^Plan:' "$out/plan.txt" | sed 's/^/   /'
tf show -json pr.tfplan >"$out/plan.json"

step "Pull-request check: plangate check (policy and cost gate in one run)"
set +e
# From dist/demo, so the reports name plan.json and work/stack/*.tf, not this machine's paths.
(cd "$out" && "$bin/plangate" check plan.json --source work/stack --stack nexabrands-local --usage work/stack/usage.yml \
	--format text --format markdown=pr-comment.md --format sarif=plangate.sarif)
check=$?
set -e
# Each figure's arithmetic and price-sheet row, for the reviewer who asks where a number comes from.
(cd "$out" && "$bin/plangate" cost plan.json --usage work/stack/usage.yml --explain >cost-explain.txt) || true
echo "   plangate check exit $check; pr-comment.md carries the findings and the cost table (SC-COST-001)"
if [ "$check" -ge 10 ]; then
	echo "plangate could not judge the plan" >&2
	exit 1
fi

step "terraform apply"
tf apply -input=false -no-color -compact-warnings pr.tfplan >"$out/apply.txt"
grep -E '^Apply complete' "$out/apply.txt" | sed 's/^/   /'
echo "   the state is in the bootstrapped bucket, versioned:"
"$bin/devenv" s3 show "$state_bucket" | sed -n 2,3p | sed 's/^/ /'
"$bin/devenv" s3 versions "$state_bucket" "$state_key" | sed 's/^/ /'
raw=$(tf output -raw raw_bucket)
transformed=$(tf output -raw transformed_bucket)

step "Upload the raw sample into s3://$raw/sample/"
"$bin/devenv" s3 put-dir "$raw" sample stacks/nexabrands/sample-data/raw

step "ETL in the stack's order (terraform output etl_stages), run $run_date"
# The order is the stack's: on AWS the same list makes the Glue jobs and their triggers.
tf output -json etl_stages >"$out/etl-stages.json"
/usr/bin/python3 -c 'import json, sys
for i, stage in enumerate(json.load(open(sys.argv[1])), 1):
    for step in stage:
        print(i, step)' "$out/etl-stages.json" >"$work/etl-steps.txt"
echo "   stages: $(/usr/bin/python3 -c 'import json, sys; print(" -> ".join("[" + ", ".join(s) + "]" for s in json.load(open(sys.argv[1]))))' "$out/etl-stages.json")"
: >"$out/etl-report.txt"
while read -r stage name; do
	t1=$(date +%s.%N)
	if [ "$name" = warehouse_load ]; then
		# Glue runs etl/warehouse_load_job.py (COPY on Redshift); here the same statements run on
		# PostgreSQL, fed from the S3 stand-in. dim_customer_targets is the stack's
		# (supplychain_kpi_targets): the load leaves it alone.
		"$bin/sampledata" load-lake --bucket "$transformed" --prefix clean --run-date "$run_date" --skip-targets >"$work/load.txt"
		printf '   stage %s  %-14s' "$stage" "$name"
		echo " $(grep -E '^  (dim|fact)_' "$work/load.txt" | awk '$2 != "skipped" {printf "%s %s, ", $1, $2}' | sed 's/, $//')"
		sed 's/^/     /' "$work/load.txt" >>"$out/etl-report.txt"
	else
		/usr/bin/python3 stacks/nexabrands/etl/pythonshell_job.py --step "$name" \
			--source-path "s3://$raw/sample" --destination-path "s3://$transformed/clean" --run-date "$run_date" >"$work/step.txt"
		# "step customers: customers.csv read 36 kept 35 repaired 35 dropped 1 -> dim_customers 35 rows"
		printf '   stage %s  %-14s %s\n' "$stage" "$name" "$(sed -n 's/^step [a-z_]*: //p' "$work/step.txt")"
		cat "$work/step.txt" >>"$out/etl-report.txt"
	fi
	printf '%s %s %ss\n' "$stage" "$name" "$(since "$t1")" >>"$out/etl-times.txt"
done <"$work/etl-steps.txt"
echo "   (each step's data-quality report and objects: dist/demo/etl-report.txt)"

step "Scorecard"
"$bin/sampledata" scorecard --html "$out/scorecard.html" | tee "$out/scorecard.txt"

step "terraform plan with nothing to do: -detailed-exitcode, duration, S3 requests per bucket"
# The checks read top-level data sources (checks.tf), so a plan with nothing to do holds no change:
# exit 0, with the checks' warnings. The stand-in counts the plan's requests per bucket.
"$bin/devenv" s3 requests reset
t1=$(date +%s.%N)
set +e
tf plan -detailed-exitcode -input=false -no-color -compact-warnings -var-file=envs/local.tfvars >"$out/noop-plan.txt"
noop=$?
set -e
noop_s=$(since "$t1")
"$bin/devenv" s3 requests show >"$out/noop-plan-requests.txt"
printf '   exit %s (0 = no changes) in %ss: %s\n' "$noop" "$noop_s" "$(grep -E '^(No changes|Plan:)' "$out/noop-plan.txt" | head -1)"
echo "   S3 requests per bucket during that plan:"
sed 's/^/     /' "$out/noop-plan-requests.txt"
if [ "$noop" -ne 0 ]; then
	echo "expected the plan of the applied stack to be empty (exit 0), got $noop" >&2
	exit 1
fi

step "Out of band: someone suspends versioning on $raw by hand"
"$bin/devenv" s3 suspend-versioning "$raw"
"$bin/devenv" s3 show "$raw" | sed -n 1,2p | sed 's/^/   /'

step "Scheduled drift check: terraform plan -refresh-only, plangate drift"
tf plan -refresh-only -input=false -no-color -var-file=envs/local.tfvars -out=drift.tfplan >"$out/drift-plan.txt"
grep -E 'has changed|~ |versioning' "$out/drift-plan.txt" | head -6 | sed 's/^/   /' || true
# The check blocks judge the loaded KPIs on every plan: the scheduled plan shows the breaches.
tr -s ' \n' ' ' <"$out/drift-plan.txt" | grep -oE 'OTIF under target (for [0-9]+ customers|in [0-9]+ cities)' | sed 's/^/   check: /' || true
tf show -json drift.tfplan >"$out/drift-plan.json"
set +e
(cd "$out" && "$bin/plangate" drift drift-plan.json --format text --format markdown=drift.md)
drift=$?
set -e
if [ "$drift" -ne 2 ]; then
	echo "expected plangate drift to find the drift (exit 2), got $drift" >&2
	exit 1
fi
echo "   plangate drift exit 2: drift found, as expected"

step "Stop everything"
echo "   The servers stop when this script returns (devenv run); the buckets and the database go with them."
printf '   (%ss)\n' "$((SECONDS - ts))"

cat <<SUMMARY

Demo finished in $((SECONDS - t0))s. Files (dist/demo/):
  plan.txt, plan.json           the pull request's plan
  bootstrap.txt                 plangate bootstrap (and bootstrap-again.txt: its re-run)
  pr-comment.md, plangate.sarif plangate check's PR comment (findings, cost table) and SARIF (exit $check)
  cost-explain.txt              plangate cost --explain: each figure's arithmetic and price row
  apply.txt                     terraform apply
  etl-stages.json               the stack's etl_stages output: the order the ETL ran in (etl-times.txt: each step's time)
  etl-report.txt                each step's data-quality report (rows read/kept/repaired/dropped) and the load
  noop-plan.txt                 a plan with nothing to do (exit $noop), noop-plan-requests.txt its S3 requests
  scorecard.txt, scorecard.html the scorecard, printed and as a page
  drift-plan.txt, drift.md      the refresh-only plan and plangate drift's report (exit $drift)
  work/stack/                   the stack's working copy (backend.tf, backend.hcl) and plan files;
                                its state is s3://$state_bucket/$state_key
\`make demo-down\` removes dist/demo and stops any server a killed run left behind.
SUMMARY
