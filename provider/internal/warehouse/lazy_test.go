package warehouse

import (
	"context"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

// TestLazyConnectsOnFirstUse runs against a real PostgreSQL cluster: nothing is dialled until
// Pool is called, and an unreachable server gives an error naming the address, not the password.
func TestLazyConnectsOnFirstUse(t *testing.T) {
	pg := localenv.PostgresT(t)
	ctx := context.Background()
	db, err := pg.CreateDatabase(ctx, "lazy")
	if err != nil {
		t.Fatal(err)
	}
	l := NewLazy(Config{Host: pg.Host, Port: pg.Port, Database: db, Username: pg.User, SSLMode: "disable"})
	if l.pool != nil {
		t.Fatal("connected before first use")
	}
	pool, err := l.Pool(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var name string
	if err := pool.QueryRow(ctx, "select current_database()").Scan(&name); err != nil || name != db {
		t.Fatalf("current_database() = %q, %v; want %q", name, err, db)
	}

	port, _ := localenv.FreePort()
	bad := NewLazy(Config{Host: "127.0.0.1", Port: port, Database: "x", Username: "u", Password: "s3cr3t-value", SSLMode: "disable"})
	_, err = bad.Pool(ctx)
	if err == nil {
		t.Fatal("unreachable server accepted")
	}
	if !strings.Contains(err.Error(), "127.0.0.1") || strings.Contains(err.Error(), "s3cr3t-value") {
		t.Fatalf("error %q should name the address and never the password", err)
	}
}
