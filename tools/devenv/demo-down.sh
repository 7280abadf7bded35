#!/usr/bin/env bash
# make demo-down: clean up after `make demo` — stop the servers of a run that was killed before
# devenv could stop them (its devenv process, then its PostgreSQL cluster, found by the port the
# run recorded in dist/demo/servers.env; no other cluster is touched), and remove dist/demo.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/dist/demo"
state="$out/servers.env"
if [ -f "$state" ]; then
	DEVENV_PID=$(sed -n 's/^DEVENV_PID=\([0-9]*\)$/\1/p' "$state")
	PGPORT=$(sed -n 's/^PGPORT=\([0-9]*\)$/\1/p' "$state")
	# devenv stops its servers itself on SIGTERM (it signals the demo, then stops them).
	if [ -n "$DEVENV_PID" ] && [ "$(ps -o comm= -p "$DEVENV_PID" 2>/dev/null)" = devenv ]; then
		echo "demo-down: stopping devenv (pid $DEVENV_PID)"
		kill -TERM "$DEVENV_PID" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$DEVENV_PID" 2>/dev/null || break; sleep 0.2; done
	fi
	# A cluster left running (devenv killed with SIGKILL): postmaster.pid's 4th line is its port.
	if [ -n "$PGPORT" ]; then
		for pidfile in "${TMPDIR:-/tmp}"/supplychain-pg-*/data/postmaster.pid; do
			[ -f "$pidfile" ] || continue
			[ "$(sed -n 4p "$pidfile")" = "$PGPORT" ] || continue
			data=$(dirname "$pidfile")
			echo "demo-down: stopping PostgreSQL on port $PGPORT ($data)"
			pgctl=$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -1)
			owner=$(stat -c %U "$data")
			if [ "$(id -u)" = 0 ] && [ "$owner" != root ]; then
				su "$owner" -s /bin/sh -c "'$pgctl' stop -D '$data' -m fast" || true
			else
				"$pgctl" stop -D "$data" -m fast || true
			fi
			rm -rf "$(dirname "$data")"
		done
	fi
fi
rm -rf "$out"
echo "demo-down: dist/demo removed; nothing of the demo is left running"
