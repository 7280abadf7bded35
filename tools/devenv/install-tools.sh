#!/usr/bin/env bash
# Installs what the tests and the demo need, idempotently:
#   - PostgreSQL 15 server binaries (Debian package) when initdb/pg_ctl are missing;
#   - Debian's python3-boto3 when /usr/bin/python3 cannot import boto3 (the ETL's pythonshell entry
#     in stacks/nexabrands/etl runs with it, as Glue's Python shell would);
#   - Terraform 1.5.7, built from the Go module proxy;
#   - OpenTofu 1.12.6, built from its module source;
#   - act (github.com/nektos/act) 0.2.89, built from the Go module proxy, for TestActWorkflows
#     (`make setup`/`make test` and `make workflows-local`);
#   - golangci-lint, actionlint (with Debian's shellcheck) and tfplugindocs (for `make lint` and
#     `make generate` only).
# Binaries are built once into a cache outside the clone ($SUPPLYCHAIN_CACHE, default
# ~/.cache/supplychain/bin) and linked from the clone's git-ignored .tools/bin, so a fresh clone on
# the same machine reuses them and a new machine rebuilds them the same way.
set -euo pipefail

TERRAFORM_VERSION=${TERRAFORM_VERSION:-1.5.7}
TOFU_VERSION=${TOFU_VERSION:-1.12.6}
GOLANGCI_LINT_VERSION=${GOLANGCI_LINT_VERSION:-2.15.0}
TFPLUGINDOCS_VERSION=${TFPLUGINDOCS_VERSION:-0.25.0}
ACTIONLINT_VERSION=${ACTIONLINT_VERSION:-1.7.12}
ACT_VERSION=${ACT_VERSION:-0.2.89}
root=$(cd "$(dirname "$0")/../.." && pwd)
cache=${SUPPLYCHAIN_CACHE:-$HOME/.cache/supplychain}
bin="$cache/bin"
mkdir -p "$bin" "$root/.tools/bin"

log() { printf '[setup] %s\n' "$*" >&2; }


install_postgres() {
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		return
	fi
	for d in /usr/lib/postgresql/*/bin; do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			return
		fi
	done
	log "installing PostgreSQL from Debian"
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
}

install_python() {
	if /usr/bin/python3 -c 'import boto3' >/dev/null 2>&1; then
		return
	fi
	log "installing python3-boto3 from Debian"
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-boto3 >/dev/null
	/usr/bin/python3 -c 'import boto3' || { log "python3-boto3 is installed but /usr/bin/python3 cannot import boto3"; exit 1; }
}

# go_install_cached NAME PACKAGE@VERSION OUT: `go install` into a temp GOBIN, then move the binary
# to OUT (atomically, so an interrupted build never leaves a half-written tool), and link it from
# .tools/bin/NAME.
go_install_cached() {
	local name=$1 pkg=$2 out=$3 gobin
	gobin=$(mktemp -d)
	GOBIN="$gobin" GOFLAGS=-buildvcs=false go install "$pkg"
	mv "$gobin/$name" "$out.tmp" && mv "$out.tmp" "$out"
	rm -rf "$gobin"
}

install_terraform() {
	local out="$bin/terraform-$TERRAFORM_VERSION"
	if [ ! -x "$out" ] || ! "$out" version 2>/dev/null | grep -q "v$TERRAFORM_VERSION"; then
		log "building Terraform $TERRAFORM_VERSION from the Go module proxy (about 8 minutes cold)"
		go_install_cached terraform "github.com/hashicorp/terraform@v$TERRAFORM_VERSION" "$out"
	fi
	ln -sfn "$out" "$root/.tools/bin/terraform"
}

install_tofu() {
	local out="$bin/tofu-$TOFU_VERSION"
	if [ ! -x "$out" ] || ! "$out" version 2>/dev/null | grep -q "v$TOFU_VERSION"; then
		log "building OpenTofu $TOFU_VERSION from its module source"
		local dir src
		dir=$(go mod download -json "github.com/opentofu/opentofu@v$TOFU_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
		[ -n "$dir" ] || { log "could not download OpenTofu $TOFU_VERSION"; exit 1; }
		src=$(mktemp -d)
		cp -R "$dir/." "$src/"
		chmod -R u+w "$src"
		(cd "$src" && GOFLAGS=-buildvcs=false go build -o "$out.tmp" ./cmd/tofu)
		mv "$out.tmp" "$out"
		rm -rf "$src"
	fi
	ln -sfn "$out" "$root/.tools/bin/tofu"
}

install_golangci_lint() {
	local out="$bin/golangci-lint-$GOLANGCI_LINT_VERSION"
	if [ ! -x "$out" ]; then
		log "building golangci-lint $GOLANGCI_LINT_VERSION from the Go module proxy"
		go_install_cached golangci-lint "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v$GOLANGCI_LINT_VERSION" "$out"
	fi
	ln -sfn "$out" "$root/.tools/bin/golangci-lint"
}

# actionlint runs shellcheck on every run: script when shellcheck is on PATH (Debian's package).
install_actionlint() {
	local out="$bin/actionlint-$ACTIONLINT_VERSION"
	if ! command -v shellcheck >/dev/null 2>&1; then
		log "installing shellcheck from Debian (actionlint checks run: scripts with it)"
		local sudo=""
		[ "$(id -u)" -eq 0 ] || sudo="sudo"
		$sudo apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq shellcheck >/dev/null
	fi
	if [ ! -x "$out" ]; then
		log "building actionlint $ACTIONLINT_VERSION from the Go module proxy"
		go_install_cached actionlint "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION" "$out"
	fi
	ln -sfn "$out" "$root/.tools/bin/actionlint"
}

install_tfplugindocs() {
	local out="$bin/tfplugindocs-$TFPLUGINDOCS_VERSION"
	if [ ! -x "$out" ]; then
		log "building tfplugindocs $TFPLUGINDOCS_VERSION from the Go module proxy"
		go_install_cached tfplugindocs "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@v$TFPLUGINDOCS_VERSION" "$out"
	fi
	ln -sfn "$out" "$root/.tools/bin/tfplugindocs"
}

# act runs the workflows' jobs on this machine (-P ubuntu-latest=-self-hosted, no Docker), for
# TestActWorkflows (make test, make workflows-local).
install_act() {
	local out="$bin/act-$ACT_VERSION"
	if [ ! -x "$out" ] || ! "$out" --version 2>/dev/null | grep -q "$ACT_VERSION"; then
		log "building act $ACT_VERSION from the Go module proxy (about 2 minutes cold)"
		go_install_cached act "github.com/nektos/act@v$ACT_VERSION" "$out"
	fi
	ln -sfn "$out" "$root/.tools/bin/act"
}

[ $# -gt 0 ] || set -- all
for want in "$@"; do
	case "$want" in
	all) install_postgres; install_python; install_terraform; install_tofu ;;
	postgres) install_postgres ;;
	python) install_python ;;
	terraform) install_terraform ;;
	tofu) install_tofu ;;
	golangci-lint) install_golangci_lint ;;
	actionlint) install_actionlint ;;
	tfplugindocs) install_tfplugindocs ;;
	act) install_act ;;
	*) log "unknown target $want (all|postgres|python|terraform|tofu|golangci-lint|actionlint|tfplugindocs|act)"; exit 10 ;;
	esac
done
