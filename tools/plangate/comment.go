package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/nexabrands/supplychain/internal/githubapi"
	"github.com/nexabrands/supplychain/policy/report"
)

// commentTimeout bounds one `plangate comment github` (every page and the write).
const commentTimeout = 2 * time.Minute

// reportMarker is the first line of every Markdown report (policy/report's markers).
var reportMarker = regexp.MustCompile(`^<!-- plangate:[a-z][a-z-]* -->$`)

type commentFlags struct {
	pr              int
	repo            string
	author          string
	failOnForbidden bool
}

func newComment(stdout, stderr io.Writer, getenv func(string) string) *cobra.Command {
	c := &cobra.Command{
		Use:   "comment",
		Short: "Post a Markdown report as a pull-request comment",
	}
	c.AddCommand(newCommentGitHub(stdout, stderr, getenv))
	return c
}

func newCommentGitHub(stdout, stderr io.Writer, getenv func(string) string) *cobra.Command {
	var fl commentFlags
	c := &cobra.Command{
		Use:   "github REPORT.md",
		Short: "Post or update the pull request's one plangate comment (GitHub REST API)",
		Long: "Post a Markdown report of plangate (--format markdown=REPORT.md; use - for standard input)\n" +
			"as a comment on a GitHub pull request, or update in place the comment that carries the\n" +
			"same marker (the report's first line, <!-- plangate:check --> or <!-- plangate:drift -->),\n" +
			"so a pull request has one comment per command, kept up to date.\n\n" +
			"The token is $GITHUB_TOKEN (needs pull-requests: write); it is never printed. The API is\n" +
			"$GITHUB_API_URL (default " + githubapi.DefaultBaseURL + "), the repository --repo or\n" +
			"$GITHUB_REPOSITORY, the pull request --pr or the number in the event file $GITHUB_EVENT_PATH.\n" +
			"Only a comment by --author (default github-actions[bot], the login of GITHUB_TOKEN; \"*\" for\n" +
			"any) is updated.\n\n" +
			"A token that may not write (HTTP 401/403, as the read-only GITHUB_TOKEN of a pull request\n" +
			"from a fork) is a warning and exits 0, so the comment never changes a gate's verdict; with\n" +
			"--fail-on-forbidden it exits 14.\n\n" +
			"Exit codes: 0 comment posted, updated or already current (or a warning, above), 10 bad flags\n" +
			"or environment, 11 the report cannot be read or is not a plangate Markdown report, 14 the\n" +
			"comment could not be written.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			return runCommentGitHub(ctx, args[0], fl, stdout, stderr, getenv)
		},
	}
	f := c.Flags()
	f.IntVar(&fl.pr, "pr", 0, "pull request number (default: from $GITHUB_EVENT_PATH)")
	f.StringVar(&fl.repo, "repo", "", "repository owner/name (default $GITHUB_REPOSITORY)")
	f.StringVar(&fl.author, "author", "github-actions[bot]", "login whose comment is updated (\"*\": any)")
	f.BoolVar(&fl.failOnForbidden, "fail-on-forbidden", false, "exit 14 instead of warning when the token may not comment")
	return c
}

func runCommentGitHub(ctx context.Context, path string, fl commentFlags, stdout, stderr io.Writer, getenv func(string) string) error {
	token := getenv("GITHUB_TOKEN")
	if token == "" {
		return fail(exitUsage, errors.New("comment github: $GITHUB_TOKEN is not set"))
	}
	repoName := fl.repo
	if repoName == "" {
		repoName = getenv("GITHUB_REPOSITORY")
	}
	if repoName == "" {
		return fail(exitUsage, errors.New("comment github: no repository (--repo or $GITHUB_REPOSITORY)"))
	}
	repo, err := githubapi.ParseRepo(repoName)
	if err != nil {
		return fail(exitUsage, fmt.Errorf("comment github: %w", err))
	}
	pr := fl.pr
	switch {
	case pr < 0:
		return fail(exitUsage, fmt.Errorf("comment github: --pr %d is not a pull request number", pr))
	case pr == 0 && getenv("GITHUB_EVENT_PATH") == "":
		return fail(exitUsage, errors.New("comment github: no pull request (--pr or $GITHUB_EVENT_PATH)"))
	case pr == 0:
		if pr, err = githubapi.PullRequestNumber(getenv("GITHUB_EVENT_PATH")); err != nil {
			return fail(exitUsage, fmt.Errorf("comment github: %w", err))
		}
	}
	body, err := readReport(path)
	if err != nil {
		return fail(exitReadPlan, err)
	}
	marker, _, _ := strings.Cut(body, "\n")
	marker = strings.TrimRight(marker, "\r")
	if !reportMarker.MatchString(marker) {
		return fail(exitReadPlan, fmt.Errorf("comment github: %s is not a plangate Markdown report (its first line is not a <!-- plangate:COMMAND --> marker)", path))
	}
	client := &githubapi.Client{BaseURL: getenv("GITHUB_API_URL"), Token: token, UserAgent: "plangate/" + version}
	ctx, cancel := context.WithTimeout(ctx, commentTimeout)
	defer cancel()
	act, cm, err := client.Upsert(ctx, repo, pr, marker, fl.author, body)
	if err != nil {
		if githubapi.IsForbidden(err) && !fl.failOnForbidden {
			msg := "the comment was not posted: the token may not write to pull request " + fmt.Sprintf("%s#%d", repo, pr) +
				" (a pull request from a fork gets a read-only GITHUB_TOKEN); the gate's verdict is unchanged: " + err.Error()
			if getenv("GITHUB_ACTIONS") == "true" {
				fmt.Fprintln(stdout, "::warning title=plangate comment::"+report.SafeLines(strings.ReplaceAll(msg, "\n", " ")))
			}
			fmt.Fprintln(stderr, "plangate: warning:", report.SafeLines(msg))
			return nil
		}
		return fail(exitOutput, err)
	}
	where := ""
	if cm != nil && cm.HTMLURL != "" {
		where = ": " + cm.HTMLURL
	}
	fmt.Fprintf(stdout, "plangate: comment %s on %s#%d%s\n", act, repo, pr, report.SafeLines(where))
	return nil
}

// readReport reads the Markdown report (- is standard input), at most one GitHub comment long.
func readReport(path string) (string, error) {
	var r io.Reader
	if path == "-" {
		r = os.Stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("comment github: reading the report: %w", err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, report.MarkdownLimit+1))
	if err != nil {
		return "", fmt.Errorf("comment github: reading the report %s: %w", path, err)
	}
	if len(data) > report.MarkdownLimit {
		return "", fmt.Errorf("comment github: the report %s is longer than a GitHub comment (%d bytes)", path, report.MarkdownLimit)
	}
	return string(data), nil
}
