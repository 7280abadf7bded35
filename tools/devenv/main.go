// Command devenv starts the local servers the demo and manual testing use — an S3-compatible
// AWS stand-in and, with --postgres, a throwaway PostgreSQL cluster — runs a command with their
// addresses in its environment, and stops them when the command ends, fails or is interrupted.
//
//	go run ./tools/devenv run [--postgres] -- COMMAND [ARGS...]
//
// The command sees AWS_ENDPOINT_URL_S3, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION and
// TF_VAR_s3_endpoint; with --postgres also PGHOST, PGPORT, PGUSER, PGDATABASE, PGSSLMODE,
// SUPPLYCHAIN_PG_DSN and TF_VAR_warehouse_host / _port / _database / _username.
//
//	go run ./tools/devenv s3 show|suspend-versioning BUCKET | s3 put BUCKET KEY TEXT | s3 put-dir BUCKET PREFIX DIR
//	go run ./tools/devenv s3 versions BUCKET KEY | s3 requests show|reset
//
// acts on a bucket of the running stand-in, for showing drift; `s3 requests` shows (or zeroes)
// the stand-in's count of the requests it served per bucket.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/nexabrands/supplychain/tools/devenv/localenv"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: devenv run [--postgres] -- COMMAND [ARGS...]\n       devenv s3 show|suspend-versioning BUCKET | devenv s3 put BUCKET KEY TEXT | devenv s3 put-dir BUCKET PREFIX DIR | devenv s3 versions BUCKET KEY | devenv s3 requests show|reset")
}

func run(args []string) int {
	if len(args) > 0 && args[0] == "s3" {
		return s3Command(args[1:])
	}
	if len(args) == 0 || args[0] != "run" {
		usage()
		return 10
	}
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	withPG := fs.Bool("postgres", false, "also start a throwaway PostgreSQL cluster")
	if err := fs.Parse(args[1:]); err != nil {
		return 10
	}
	cmdArgs := fs.Args()
	if len(cmdArgs) == 0 {
		usage()
		return 10
	}

	aws := localenv.StartAWS()
	defer aws.Close()
	env := append(os.Environ(),
		"AWS_ENDPOINT_URL_S3="+aws.URL,
		"AWS_ACCESS_KEY_ID="+localenv.AccessKey,
		"AWS_SECRET_ACCESS_KEY="+localenv.SecretKey,
		"AWS_REGION="+localenv.Region,
		"TF_VAR_s3_endpoint="+aws.URL,
	)
	fmt.Fprintf(os.Stderr, "devenv: S3-compatible server on %s\n", aws.URL)

	if *withPG {
		pg, err := localenv.StartPostgres(context.Background())
		if err != nil {
			fmt.Fprintf(os.Stderr, "devenv: %v\n", err)
			return 11
		}
		defer func() {
			if err := pg.Stop(); err != nil {
				fmt.Fprintf(os.Stderr, "devenv: %v\n", err)
			}
		}()
		db, err := pg.CreateDatabase(context.Background(), "supplychain")
		if err != nil {
			fmt.Fprintf(os.Stderr, "devenv: %v\n", err)
			return 11
		}
		port := strconv.Itoa(pg.Port)
		env = append(env,
			"PGHOST="+pg.Host, "PGPORT="+port, "PGUSER="+pg.User, "PGDATABASE="+db, "PGSSLMODE=disable",
			"SUPPLYCHAIN_PG_DSN="+pg.DSN(db),
			"TF_VAR_warehouse_host="+pg.Host, "TF_VAR_warehouse_port="+port,
			"TF_VAR_warehouse_database="+db, "TF_VAR_warehouse_username="+pg.User,
		)
		fmt.Fprintf(os.Stderr, "devenv: PostgreSQL on %s:%d, database %s\n", pg.Host, pg.Port, db)
	}

	cmd := exec.Command(cmdArgs[0], cmdArgs[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr, cmd.Env = os.Stdin, os.Stdout, os.Stderr, env
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "devenv: starting %s: %v\n", cmdArgs[0], err)
		return 12
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		select {
		case s := <-sigs:
			_ = cmd.Process.Signal(s) // let the command clean up; servers stop when it returns
		case err := <-done:
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				return exit.ExitCode()
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "devenv: %v\n", err)
				return 12
			}
			return 0
		}
	}
}
