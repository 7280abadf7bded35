package localenv

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestPostgresStartsAndStopsCleanly starts a real cluster, creates two databases with unique names,
// runs a query in one, stops the cluster and checks that nothing is left: no listener, no files.
func TestPostgresStartsAndStopsCleanly(t *testing.T) {
	ctx := context.Background()
	p, err := StartPostgres(ctx)
	if err != nil {
		t.Fatal(err)
	}
	root := p.root
	if !p.Running() {
		t.Fatalf("PostgreSQL is not listening on %s:%d", p.Host, p.Port)
	}
	db1, err := p.CreateDatabase(ctx, "Test-DB")
	if err != nil {
		t.Fatal(err)
	}
	db2, err := p.CreateDatabase(ctx, "Test-DB")
	if err != nil {
		t.Fatal(err)
	}
	if db1 == db2 {
		t.Fatalf("database names are not unique: %s", db1)
	}
	conn, err := pgx.Connect(ctx, p.DSN(db1))
	if err != nil {
		t.Fatal(err)
	}
	var got int
	if err := conn.QueryRow(ctx, "select 6 * 7").Scan(&got); err != nil || got != 42 {
		t.Fatalf("select 6*7 = %d, %v", got, err)
	}
	var listen string
	if err := conn.QueryRow(ctx, "show listen_addresses").Scan(&listen); err != nil || listen != "127.0.0.1" {
		t.Fatalf("listen_addresses = %q, %v; want 127.0.0.1", listen, err)
	}
	conn.Close(ctx)

	if err := p.Stop(); err != nil {
		t.Fatal(err)
	}
	if p.Running() {
		t.Fatalf("PostgreSQL still listening on port %d after Stop", p.Port)
	}
	if _, err := os.Stat(root); !os.IsNotExist(err) {
		t.Fatalf("cluster dir %s left behind (stat err %v)", root, err)
	}
	if err := p.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
}

// TestAWSStandInStops checks that the stand-in answers S3 on loopback and stops listening on Close.
func TestAWSStandInStops(t *testing.T) {
	a := StartAWS()
	if !strings.HasPrefix(a.URL, "http://127.0.0.1:") {
		t.Fatalf("URL %q is not on loopback", a.URL)
	}
	resp, err := http.Get(a.URL + "/")
	if err != nil {
		t.Fatalf("stand-in not answering: %v", err)
	}
	_ = resp.Body.Close()
	a.Close()
	a.Close()
	if _, err := http.Get(a.URL + "/"); err == nil {
		t.Fatal("stand-in still answering after Close")
	}
}
