// Package localenv starts and stops the local servers that the tests and the demo run against:
// a throwaway PostgreSQL cluster (the warehouse) and an in-process S3-compatible server (the lake).
// Every server binds 127.0.0.1 on a port chosen free at start and lives in a temp dir.
package localenv

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Postgres is a throwaway PostgreSQL cluster on a loopback port.
type Postgres struct {
	Host string
	Port int
	User string // superuser, trust authentication on loopback only

	bindir string
	root   string // temp dir holding the data directory and the log
	runAs  string // OS user the server runs as ("" = the current user)
	dbSeq  atomic.Int64
}

// ErrNoPostgres reports that the PostgreSQL server binaries are not installed.
var ErrNoPostgres = errors.New("PostgreSQL server binaries (initdb, pg_ctl) not found; run `make setup` to install them")

// PostgresBinDir finds the directory holding initdb and pg_ctl: $PG_BINDIR, then PATH, then the
// newest /usr/lib/postgresql/<version>/bin.
func PostgresBinDir() (string, error) {
	if d := os.Getenv("PG_BINDIR"); d != "" {
		return d, nil
	}
	candidates, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(candidates, func(i, j int) bool { return versionOf(candidates[i]) > versionOf(candidates[j]) })
	for _, d := range candidates {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "pg_ctl")) {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if resolved, err := filepath.EvalSymlinks(p); err == nil {
			p = resolved
		}
		return filepath.Dir(p), nil
	}
	return "", ErrNoPostgres
}

func versionOf(bindir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(bindir)))
	return v
}

func isExec(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}

// StartPostgres creates a cluster in a new temp dir and starts it on a free loopback port.
// When the process runs as root, the cluster is owned by and run as the `postgres` OS user,
// because PostgreSQL refuses to run as root. Call Stop to shut it down and remove the files.
func StartPostgres(ctx context.Context) (*Postgres, error) {
	bindir, err := PostgresBinDir()
	if err != nil {
		return nil, err
	}
	root, err := os.MkdirTemp("", "supplychain-pg-")
	if err != nil {
		return nil, fmt.Errorf("creating PostgreSQL temp dir: %w", err)
	}
	p := &Postgres{Host: "127.0.0.1", User: "postgres", bindir: bindir, root: root}
	if os.Geteuid() == 0 {
		p.runAs = "postgres"
		if err := chownTo(root, p.runAs); err != nil {
			_ = os.RemoveAll(root)
			return nil, err
		}
	}
	if err := p.initdb(ctx); err != nil {
		_ = os.RemoveAll(root)
		return nil, err
	}
	if err := p.start(ctx); err != nil {
		_ = os.RemoveAll(root)
		return nil, err
	}
	return p, nil
}

func chownTo(dir, name string) error {
	u, err := user.Lookup(name)
	if err != nil {
		return fmt.Errorf("running PostgreSQL as root needs the %q OS user: %w", name, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	return os.Chown(dir, uid, gid)
}

func (p *Postgres) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	bin := filepath.Join(p.bindir, name)
	var cmd *exec.Cmd
	if p.runAs != "" {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", p.runAs, "--", bin}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, bin, args...)
	}
	cmd.Dir = p.root
	cmd.Env = append(os.Environ(), "LC_ALL=C", "TZ=UTC")
	return cmd
}

func (p *Postgres) dataDir() string { return filepath.Join(p.root, "data") }

func (p *Postgres) initdb(ctx context.Context) error {
	out, err := p.command(ctx, "initdb", "-D", p.dataDir(), "-U", p.User, "-A", "trust",
		"-E", "UTF8", "--locale=C", "--no-sync").CombinedOutput()
	if err != nil {
		return fmt.Errorf("initdb in %s: %w\n%s", p.dataDir(), err, out)
	}
	return nil
}

func (p *Postgres) start(ctx context.Context) error {
	var lastErr error
	// A free port can be taken between probing and binding; try a few.
	for attempt := 0; attempt < 3; attempt++ {
		port, err := FreePort()
		if err != nil {
			return err
		}
		opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "+
			"-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100", port)
		out, err := p.command(ctx, "pg_ctl", "start", "-w", "-t", "30", "-D", p.dataDir(),
			"-l", filepath.Join(p.root, "postgres.log"), "-o", opts).CombinedOutput()
		if err == nil {
			p.Port = port
			return nil
		}
		log, _ := os.ReadFile(filepath.Join(p.root, "postgres.log"))
		lastErr = fmt.Errorf("starting PostgreSQL on 127.0.0.1:%d: %w\n%s\n%s", port, err, out, lastLines(string(log), 10))
	}
	return lastErr
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Stop shuts the cluster down (fast mode) and removes its files. It is safe to call twice.
func (p *Postgres) Stop() error {
	if p == nil || p.root == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var err error
	if _, statErr := os.Stat(filepath.Join(p.dataDir(), "postmaster.pid")); statErr == nil {
		if out, stopErr := p.command(ctx, "pg_ctl", "stop", "-w", "-m", "fast", "-D", p.dataDir()).CombinedOutput(); stopErr != nil {
			err = fmt.Errorf("stopping PostgreSQL: %w\n%s", stopErr, out)
			p.kill()
		}
	}
	if rmErr := os.RemoveAll(p.root); rmErr != nil && err == nil {
		err = rmErr
	}
	p.root = ""
	return err
}

// kill is the last resort when pg_ctl stop fails: SIGKILL the postmaster by its pid file.
func (p *Postgres) kill() {
	b, err := os.ReadFile(filepath.Join(p.dataDir(), "postmaster.pid"))
	if err != nil {
		return
	}
	pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	if err == nil && pid > 0 {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// Running reports whether the server accepts connections.
func (p *Postgres) Running() bool {
	c, err := net.DialTimeout("tcp", net.JoinHostPort(p.Host, strconv.Itoa(p.Port)), time.Second)
	if err != nil {
		return false
	}
	_ = c.Close()
	return true
}

// DSN returns a connection string for database db.
func (p *Postgres) DSN(db string) string {
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", p.User, p.Host, p.Port, db)
}

// CreateDatabase creates a database with a name unique to this process and returns the name.
func (p *Postgres) CreateDatabase(ctx context.Context, prefix string) (string, error) {
	name := fmt.Sprintf("%s_%d_%d_%d", sanitize(prefix), os.Getpid(), time.Now().UnixNano()%1e6, p.dbSeq.Add(1))
	conn, err := pgx.Connect(ctx, p.DSN("postgres"))
	if err != nil {
		return "", fmt.Errorf("connecting to PostgreSQL at %s:%d: %w", p.Host, p.Port, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", fmt.Errorf("creating database %s: %w", name, err)
	}
	return name, nil
}

// DropDatabase drops a database, ending the sessions still connected to it; a database that
// does not exist is no error.
func (p *Postgres) DropDatabase(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, p.DSN("postgres"))
	if err != nil {
		return fmt.Errorf("connecting to PostgreSQL at %s:%d: %w", p.Host, p.Port, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("dropping database %s: %w", name, err)
	}
	return nil
}

func sanitize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "db"
	}
	return b.String()
}

// FreePort asks the kernel for a free TCP port on 127.0.0.1.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free loopback port: %w", err)
	}
	defer l.Close()
	addr, ok := l.Addr().(*net.TCPAddr)
	if !ok {
		return 0, fmt.Errorf("finding a free loopback port: unexpected address %v", l.Addr())
	}
	return addr.Port, nil
}
