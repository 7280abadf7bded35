// Package warehouse connects to the warehouse (Redshift or PostgreSQL) and holds the SQL the
// warehouse resources run.
package warehouse

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Config is the provider's `warehouse` block.
type Config struct {
	Host     string
	Port     int
	Database string
	Username string
	Password string
	SSLMode  string
}

// DSN renders the connection string. The password is part of it: never log the result.
func (c Config) DSN() string {
	port := c.Port
	if port == 0 {
		port = 5432
	}
	mode := c.sslMode()
	u := url.URL{
		Scheme:   "postgres",
		Host:     net.JoinHostPort(c.Host, strconv.Itoa(port)),
		Path:     "/" + c.Database,
		RawQuery: url.Values{"sslmode": {mode}}.Encode(),
	}
	if c.Password != "" {
		u.User = url.UserPassword(c.Username, c.Password)
	} else if c.Username != "" {
		u.User = url.User(c.Username)
	}
	return u.String()
}

// Address names the server in messages, without credentials.
func (c Config) Address() string {
	port := c.Port
	if port == 0 {
		port = 5432
	}
	return fmt.Sprintf("%s:%d/%s", c.Host, port, c.Database)
}

// Check reports a setting that must not be empty, as the provider's validation does; it catches
// values that were unknown at validate time.
func (c Config) Check() error {
	for _, s := range []struct{ name, v string }{{"host", c.Host}, {"database", c.Database}, {"username", c.Username}} {
		if strings.TrimSpace(s.v) == "" {
			return fmt.Errorf("the warehouse block's %s must not be empty%s", s.name, EmptySettingNote(s.name))
		}
	}
	return nil
}

// EmptySettingNote says what an empty setting would do.
func EmptySettingNote(name string) string {
	if name == "host" {
		return " (an empty host makes the driver connect to the local socket /var/run/postgresql)"
	}
	return ""
}

// sslMode is the sslmode in effect.
func (c Config) sslMode() string {
	if c.SSLMode == "" {
		return "require"
	}
	return c.SSLMode
}

// connectError names the operation and the address and, when TLS failed, the sslmode setting
// that asked for it; it ends with the driver's error.
func (c Config) connectError(err error) error {
	msg := strings.ToLower(err.Error())
	if c.sslMode() != "disable" && (strings.Contains(msg, "tls") || strings.Contains(msg, "x509") || strings.Contains(msg, "certificate")) {
		return fmt.Errorf("connecting to the warehouse at %s with sslmode = %q (set by the provider's warehouse block, default "+
			"\"require\"): TLS failed; enable TLS on the server or choose the sslmode it supports: %w", c.Address(), c.sslMode(), err)
	}
	return fmt.Errorf("connecting to the warehouse at %s: %w", c.Address(), err)
}

// Lazy opens a connection pool on first use and reuses it afterwards, and reads the engine
// (Redshift or PostgreSQL) once. A provider run holds one: every warehouse resource and data
// source of the run shares its pool and its engine.
type Lazy struct {
	cfg  Config
	once sync.Once
	pool *pgxpool.Pool
	err  error

	engineMu    sync.Mutex
	engineKnown bool
	redshift    bool
}

// NewLazy returns a pool opener that does not connect yet.
func NewLazy(cfg Config) *Lazy { return &Lazy{cfg: cfg} }

// Config returns the connection settings.
func (l *Lazy) Config() Config { return l.cfg }

// Pool connects on the first call and checks the server answers.
func (l *Lazy) Pool(ctx context.Context) (*pgxpool.Pool, error) {
	l.once.Do(func() {
		if err := l.cfg.Check(); err != nil {
			l.err = fmt.Errorf("warehouse settings for %s: %w", l.cfg.Address(), err)
			return
		}
		pc, err := pgxpool.ParseConfig(l.cfg.DSN())
		if err != nil {
			l.err = fmt.Errorf("warehouse settings for %s: %w", l.cfg.Address(), err)
			return
		}
		pc.MaxConns = 4
		pool, err := pgxpool.NewWithConfig(ctx, pc)
		if err == nil {
			err = pool.Ping(ctx)
		}
		if err != nil {
			if pool != nil {
				pool.Close()
			}
			l.err = l.cfg.connectError(err)
			return
		}
		l.pool = pool
	})
	return l.pool, l.err
}

// Redshift reports whether the server is Redshift. It asks the server (SELECT version()) on
// the first call that succeeds and answers from memory afterwards.
func (l *Lazy) Redshift(ctx context.Context) (bool, error) {
	pool, err := l.Pool(ctx)
	if err != nil {
		return false, err
	}
	l.engineMu.Lock()
	defer l.engineMu.Unlock()
	if !l.engineKnown {
		r, err := IsRedshift(ctx, pool)
		if err != nil {
			return false, err
		}
		l.redshift, l.engineKnown = r, true
	}
	return l.redshift, nil
}

// Close closes the pool if it was opened. Pool must not be called afterwards.
func (l *Lazy) Close() {
	if l == nil {
		return
	}
	l.once.Do(func() { l.err = fmt.Errorf("warehouse connection to %s closed", l.cfg.Address()) })
	if l.pool != nil {
		l.pool.Close()
	}
}
