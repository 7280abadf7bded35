package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRunStopsServersWhenTheCommandFails runs a failing command under `devenv run --postgres`:
// the command sees both servers, its exit code is passed on, and afterwards nothing listens on
// their ports any more.
func TestRunStopsServersWhenTheCommandFails(t *testing.T) {
	out := filepath.Join(t.TempDir(), "env")
	code := run([]string{"run", "--postgres", "--", "sh", "-c",
		`printf '%s\n%s:%s\n' "$AWS_ENDPOINT_URL_S3" "$PGHOST" "$PGPORT" > "$0"; exit 3`, out})
	if code != 3 {
		t.Fatalf("exit code %d, want the command's 3", code)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "http://127.0.0.1:") || !strings.HasPrefix(lines[1], "127.0.0.1:") {
		t.Fatalf("command saw %q, want both server addresses on loopback", lines)
	}
	for _, addr := range []string{strings.TrimPrefix(lines[0], "http://"), lines[1]} {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			_ = c.Close()
			t.Errorf("%s still accepts connections after devenv returned", addr)
		}
	}
}

func TestRunRejectsBadUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"start"}, {"run"}, {"run", "--bogus", "--", "true"}} {
		if code := run(args); code < 10 {
			t.Errorf("run(%q) = %d, want a tool error (10+)", args, code)
		}
	}
}
