#!/usr/bin/env bash
# The demo: build the provider and plangate; check the plan of Nexabrands' data lake as a pull
# request would; create the lake through the real Terraform CLI on the local S3-compatible server,
# show what is on the server, change it out of band and watch the plan catch the drift; apply the
# warehouse half (schema, star tables, KPI views, targets) on local PostgreSQL, load the sample
# data, print the scorecard and write its HTML page; then destroy. Run by `make demo` under
# `devenv run --postgres`, which starts the servers and stops them when this script ends.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
: "${AWS_ENDPOINT_URL_S3:?run under devenv run (make demo)}"
: "${SUPPLYCHAIN_PG_DSN:?run under devenv run --postgres (make demo)}"
out="$root/dist/demo"
mkdir -p "$out"

work=$(mktemp -d -t supplychain-demo-XXXXXX)
trap 'rm -rf "$work"' EXIT
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Building the provider and plangate"
devenv="$work/bin/devenv"
plangate="$work/bin/plangate"
go build -o "$work/bin/terraform-provider-supplychain" .
go build -o "$devenv" ./tools/devenv
go build -o "$plangate" ./tools/plangate
cat >"$work/terraform.rc" <<RC
provider_installation {
  dev_overrides {
    "nexabrands/supplychain" = "$work/bin"
  }
  direct {}
}
disable_checkpoint = true
RC
export TF_CLI_CONFIG_FILE="$work/terraform.rc" TF_IN_AUTOMATION=1
mkdir -p "$work/stack"
cp stacks/nexabrands/*.tf "$work/stack/"
tf() { terraform -chdir="$work/stack" "$@"; }
terraform version | head -1

step "Pull-request check: plangate on the plan of the data lake (stacks/nexabrands)"
tf plan -input=false -compact-warnings -no-color -out "$work/lake.tfplan" | grep -E '^Plan:'
tf show -json "$work/lake.tfplan" >"$work/lake-plan.json"
"$plangate" check "$work/lake-plan.json" --format text --format "markdown=$out/pr-comment.md" --format "sarif=$out/plangate.sarif"
echo "(PR comment: dist/demo/pr-comment.md, SARIF: dist/demo/plangate.sarif)"

step "terraform apply: the data lake"
tf apply -auto-approve -input=false -compact-warnings "$work/lake.tfplan"
raw=$(tf output -raw raw_bucket)

step "What the server holds"
for b in "$raw" "$(tf output -raw code_bucket)" "$(tf output -raw transformed_bucket)"; do
	"$devenv" s3 show "$b"
done

step "Drift: someone suspends versioning on $raw by hand"
"$devenv" s3 suspend-versioning "$raw"
set +e
tf plan -input=false -detailed-exitcode -compact-warnings -no-color >"$work/plan.txt"
code=$?
set -e
grep -E '^\s+[~+-] |Plan:|has changed' "$work/plan.txt" || true
if [ "$code" -ne 2 ]; then
	echo "expected the plan to show the drift (exit 2), got $code" >&2
	exit 1
fi
step "terraform apply restores it"
tf apply -auto-approve -input=false -compact-warnings -no-color | grep -E '^Apply complete'
"$devenv" s3 show "$raw" | sed -n 1,2p

step "The warehouse: star schema, KPI views and targets on PostgreSQL; the sample loaded and scored"
go run ./tools/sampledata demo --dsn "$SUPPLYCHAIN_PG_DSN" --out "$out/warehouse" --terraform "$(command -v terraform)"

step "A raw order file lands; destroy is refused while the lake holds data"
"$devenv" s3 put "$raw" orders/2024-03-01.csv "order_id,customer_id"
if tf destroy -auto-approve -input=false -compact-warnings -no-color >"$work/destroy.txt" 2>&1; then
	echo "destroy of a non-empty lake was not refused" >&2
	exit 1
fi
sed -n '/Error:/,/destroy\./p' "$work/destroy.txt" | sed 's/^[│ ]*//' 

step "With force_destroy = true, destroy removes every object version, then the buckets"
tf apply -auto-approve -input=false -compact-warnings -no-color -var force_destroy=true | grep -E '^Apply complete'
tf destroy -auto-approve -input=false -compact-warnings -no-color -var force_destroy=true | grep -E '^Destroy complete'
for b in "$raw" "$(tf output -raw code_bucket 2>/dev/null || true)"; do
	[ -n "$b" ] || continue
	if "$devenv" s3 show "$b" >/dev/null 2>&1; then echo "bucket $b still exists" >&2; exit 1; fi
done
echo
echo "Demo finished: the servers stop now. The scorecard page is dist/demo/warehouse/scorecard.html."
