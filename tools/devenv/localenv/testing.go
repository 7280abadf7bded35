package localenv

import (
	"context"
	"errors"
	"testing"
)

// PostgresT starts a throwaway cluster for one test (or benchmark) and stops it at cleanup.
// It fails the test when the binaries are missing: `make test` installs them, so a missing
// server is a broken setup, not a reason to skip.
func PostgresT(tb testing.TB) *Postgres {
	tb.Helper()
	p, err := StartPostgres(context.Background())
	if err != nil {
		if errors.Is(err, ErrNoPostgres) {
			tb.Fatalf("%v", err)
		}
		tb.Fatalf("starting PostgreSQL: %v", err)
	}
	tb.Cleanup(func() {
		if err := p.Stop(); err != nil {
			tb.Errorf("stopping PostgreSQL: %v", err)
		}
	})
	return p
}

// AWST starts an in-process AWS stand-in for one test and stops it at cleanup.
func AWST(tb testing.TB) *AWS {
	tb.Helper()
	a := StartAWS()
	tb.Cleanup(a.Close)
	return a
}
