#!/usr/bin/env bash
# Installs one pinned plangate release for this runner's OS and architecture, as the composite
# action (action.yml at the repository's root) does:
#   1. maps RUNNER_OS / RUNNER_ARCH (GitHub Actions: Linux|macOS|Windows, X64|ARM64) to goreleaser's
#      os/arch (linux|darwin|windows, amd64|arm64);
#   2. downloads plangate_<version>_<os>_<arch>.tar.gz (.zip on Windows) and the release's
#      terraform-provider-supplychain_<version>_SHA256SUMS (the names .goreleaser.yml gives them);
#   3. refuses the archive unless its SHA-256 is the one SHA256SUMS lists for that exact name;
#   4. unpacks plangate into PLANGATE_INSTALL_DIR and adds it to $GITHUB_PATH when that is set.
# Environment: PLANGATE_VERSION (required: v1.2.3 or 1.2.3, never "latest"), PLANGATE_RELEASE_URL
# (default https://github.com/nexabrands/supplychain/releases/download), PLANGATE_INSTALL_DIR
# (default $RUNNER_TEMP/plangate-<version>). Prints the directory plangate is in.
# Exit codes: 0 installed, 1 download or checksum failure, 2 bad input or unsupported runner.
set -euo pipefail

die() { printf 'install-plangate: %s\n' "$1" >&2; exit "${2:-1}"; }

# plangate_target OS ARCH: prints "os arch" in goreleaser's names.
plangate_target() {
	local os arch
	case "$1" in
	Linux | linux) os=linux ;;
	macOS | Darwin | darwin) os=darwin ;;
	Windows | windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
	*) die "unsupported runner OS '$1' (Linux, macOS or Windows)" 2 ;;
	esac
	case "$2" in
	X64 | x86_64 | amd64) arch=amd64 ;;
	ARM64 | arm64 | aarch64) arch=arm64 ;;
	*) die "unsupported runner architecture '$2' (X64 or ARM64)" 2 ;;
	esac
	printf '%s %s\n' "$os" "$arch"
}

sha256_of() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$1" | cut -d' ' -f1
	elif command -v shasum >/dev/null 2>&1; then
		shasum -a 256 "$1" | cut -d' ' -f1
	else
		die "neither sha256sum nor shasum is installed" 2
	fi
}

# expected_sha256 SUMS NAME: the digest SUMS lists for exactly NAME ("<hex>  <name>" lines).
expected_sha256() {
	awk -v name="$2" '($2 == name || $2 == "*" name) && length($1) == 64 && $1 ~ /^[0-9a-f]+$/ { print $1; n++ } END { if (n != 1) exit 1 }' "$1"
}

main() {
	local version=${PLANGATE_VERSION:-}
	[[ "$version" =~ ^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
		die "PLANGATE_VERSION '$version' is not a release version like v1.2.3 (pin a release; 'latest' is refused)" 2
	version=${version#v}
	local target os arch
	target=$(plangate_target "${RUNNER_OS:-$(uname -s)}" "${RUNNER_ARCH:-$(uname -m)}")
	read -r os arch <<<"$target"
	local ext=tar.gz
	[ "$os" = windows ] && ext=zip
	local base=${PLANGATE_RELEASE_URL:-https://github.com/nexabrands/supplychain/releases/download}
	base="${base%/}/v$version"
	local archive="plangate_${version}_${os}_${arch}.$ext"
	local sums="terraform-provider-supplychain_${version}_SHA256SUMS"
	local dest=${PLANGATE_INSTALL_DIR:-${RUNNER_TEMP:-/tmp}/plangate-$version}
	work=$(mktemp -d) # global: the EXIT trap runs after main returns
	trap 'rm -rf "$work"' EXIT

	curl -fsSL --retry 3 --max-time 120 -o "$work/$sums" "$base/$sums" || die "downloading $base/$sums failed"
	curl -fsSL --retry 3 --max-time 300 -o "$work/$archive" "$base/$archive" || die "downloading $base/$archive failed"
	local want got
	want=$(expected_sha256 "$work/$sums" "$archive") || die "$sums does not list $archive exactly once"
	got=$(sha256_of "$work/$archive")
	[ "$got" = "$want" ] || die "checksum mismatch for $archive: SHA256SUMS says $want, the download is $got"

	mkdir -p "$dest"
	local bin=plangate
	[ "$os" = windows ] && bin=plangate.exe
	if [ "$ext" = zip ]; then
		if command -v unzip >/dev/null 2>&1; then
			unzip -q -o "$work/$archive" "$bin" -d "$work/x"
		else
			pwsh -NoProfile -Command "Expand-Archive -LiteralPath '$work/$archive' -DestinationPath '$work/x' -Force"
		fi
	else
		mkdir -p "$work/x"
		tar -xzf "$work/$archive" -C "$work/x" "$bin"
	fi
	[ -f "$work/x/$bin" ] || die "$archive holds no $bin"
	mv -f "$work/x/$bin" "$dest/$bin"
	chmod +x "$dest/$bin"
	if [ -n "${GITHUB_PATH:-}" ]; then
		printf '%s\n' "$dest" >>"$GITHUB_PATH"
	fi
	printf '%s\n' "$dest"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	main "$@"
fi
