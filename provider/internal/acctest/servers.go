package acctest

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

// The servers of the test binary: each started by the first test that needs it, stopped by Main.
var (
	mu     sync.Mutex
	awsSrv *localenv.AWS
	pg     *localenv.Postgres
	pgErr  error
	pgDone bool
)

// awsServer returns the S3 stand-in, starting it on first use.
func awsServer(t testing.TB) *localenv.AWS {
	t.Helper()
	PreCheck(t)
	mu.Lock()
	defer mu.Unlock()
	if awsSrv == nil {
		awsSrv = localenv.StartAWS()
	}
	return awsSrv
}

// postgresServer returns the PostgreSQL cluster, starting it on first use. A cluster that
// cannot start fails every test that needs it, without a second try.
func postgresServer(t testing.TB) *localenv.Postgres {
	t.Helper()
	PreCheck(t)
	mu.Lock()
	defer mu.Unlock()
	if !pgDone {
		pgDone = true
		pg, pgErr = localenv.StartPostgres(context.Background())
	}
	if pgErr != nil {
		t.Fatalf("starting PostgreSQL: %v", pgErr)
	}
	return pg
}

// stopServers stops what was started.
func stopServers() error {
	mu.Lock()
	defer mu.Unlock()
	awsSrv.Close()
	awsSrv = nil
	var err error
	if pg != nil {
		if e := pg.Stop(); e != nil {
			err = errors.Join(err, e)
		}
		pg = nil
	}
	pgDone = false
	return err
}
