package acctest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Warehouse is one test's database on the binary's PostgreSQL cluster, with a connection for
// what the test does and checks out of band.
type Warehouse struct {
	Host     string
	Port     int
	User     string // superuser, trust authentication on loopback
	Database string

	pool *pgxpool.Pool
}

// NewWarehouse creates a database for the test. When the test ends, its connection is closed
// and the database dropped, with whatever the test left in it.
func NewWarehouse(t testing.TB) *Warehouse {
	t.Helper()
	pg := postgresServer(t)
	ctx := context.Background()
	db, err := pg.CreateDatabase(ctx, "acc_wh")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := pg.DropDatabase(context.Background(), db); err != nil {
			t.Errorf("cleaning up: %v", err)
		}
	})
	pc, err := pgxpool.ParseConfig(pg.DSN(db))
	if err != nil {
		t.Fatal(err)
	}
	pc.MaxConns = 2
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close) // before the drop: cleanups run last-in first-out
	return &Warehouse{Host: pg.Host, Port: pg.Port, User: pg.User, Database: db, pool: pool}
}

// DSN is a connection string for the test's database.
func (w *Warehouse) DSN() string {
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", w.User, w.Host, w.Port, w.Database)
}

// ProviderConfig is a provider block on the test's database.
func (w *Warehouse) ProviderConfig() string {
	return fmt.Sprintf(`
provider "supplychain" {
  warehouse {
    host     = %q
    port     = %d
    database = %q
    username = %q
    sslmode  = "disable"
  }
}
`, w.Host, w.Port, w.Database, w.User)
}

// Config prepends the provider block to body.
func (w *Warehouse) Config(body string) string { return w.ProviderConfig() + body }

// Exec runs SQL out of band (fixtures, drift); a failure fails the test.
func (w *Warehouse) Exec(t testing.TB, sql ...string) {
	t.Helper()
	for _, s := range sql {
		if _, err := w.pool.Exec(context.Background(), s); err != nil {
			t.Fatalf("out-of-band SQL %q: %v", s, err)
		}
	}
}

// Connect opens a connection of the test's own (for COPY and the like), closed when the test ends.
func (w *Warehouse) Connect(t testing.TB) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), w.DSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

// QueryString returns one text value, "" for NULL or no row.
func (w *Warehouse) QueryString(t testing.TB, sql string, args ...any) string {
	t.Helper()
	var s *string
	err := w.pool.QueryRow(context.Background(), sql, args...).Scan(&s)
	if errors.Is(err, pgx.ErrNoRows) {
		return ""
	}
	if err != nil {
		t.Fatalf("query %q: %v", sql, err)
	}
	if s == nil {
		return ""
	}
	return *s
}

// Count returns the integer a query returns (a count); a failure fails the test.
func (w *Warehouse) Count(t testing.TB, sql string, args ...any) int64 {
	t.Helper()
	n, err := w.count(sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func (w *Warehouse) count(sql string, args ...any) (int64, error) {
	var n int64
	err := w.pool.QueryRow(context.Background(), sql, args...).Scan(&n)
	return n, err
}

// checkCount checks the count a catalog query returns.
func (w *Warehouse) checkCount(what string, want int64, sql string, args ...any) resource.TestCheckFunc {
	return func(*terraform.State) error {
		n, err := w.count(sql, args...)
		if err != nil {
			return fmt.Errorf("checking %s: %w", what, err)
		}
		if n != want {
			if want == 0 {
				return fmt.Errorf("%s still exists on the server", what)
			}
			return fmt.Errorf("%s: found %d on the server, want %d", what, n, want)
		}
		return nil
	}
}

const (
	schemaCount   = "SELECT count(*) FROM pg_namespace WHERE nspname = $1"
	relationCount = "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
		"WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = ANY($3)"
)

// CheckSchemaExists checks that the schema exists on the server.
func (w *Warehouse) CheckSchemaExists(name string) resource.TestCheckFunc {
	return w.checkCount(fmt.Sprintf("schema %q", name), 1, schemaCount, name)
}

// CheckSchemaGone checks that the schema no longer exists on the server.
func (w *Warehouse) CheckSchemaGone(name string) resource.TestCheckFunc {
	return w.checkCount(fmt.Sprintf("schema %q", name), 0, schemaCount, name)
}

// CheckTableExists checks that the table exists on the server.
func (w *Warehouse) CheckTableExists(schema, name string) resource.TestCheckFunc {
	return w.checkCount(fmt.Sprintf("table %q.%q", schema, name), 1, relationCount, schema, name, []string{"r", "p"})
}

// CheckTableGone checks that the table no longer exists on the server.
func (w *Warehouse) CheckTableGone(schema, name string) resource.TestCheckFunc {
	return w.checkCount(fmt.Sprintf("table %q.%q", schema, name), 0, relationCount, schema, name, []string{"r", "p"})
}

// CheckViewExists checks that the view (plain or materialised) exists on the server.
func (w *Warehouse) CheckViewExists(schema, name string) resource.TestCheckFunc {
	return w.checkCount(fmt.Sprintf("view %q.%q", schema, name), 1, relationCount, schema, name, []string{"v", "m"})
}

// CheckViewGone checks that the view (plain or materialised) no longer exists on the server.
func (w *Warehouse) CheckViewGone(schema, name string) resource.TestCheckFunc {
	return w.checkCount(fmt.Sprintf("view %q.%q", schema, name), 0, relationCount, schema, name, []string{"v", "m"})
}

// CheckRowCount checks the number of rows a query returns from count(*).
func (w *Warehouse) CheckRowCount(sql string, want int64) resource.TestCheckFunc {
	return w.checkCount(sql, want, sql)
}
