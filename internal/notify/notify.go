// Package notify tells people and monitoring about a plangate run: a Slack Block Kit message to an
// incoming webhook, and Prometheus metrics as a textfile for node_exporter or pushed to a
// Pushgateway. The CLI calls it behind explicit flags; a failed notification is the caller's
// warning, never a change of verdict.
//
// The Slack webhook URL is a secret: it is never printed, and every error this package returns
// has it scrubbed out.
package notify

import (
	"strings"
)

// Message is what a run tells, whatever the channel.
type Message struct {
	// Title is the headline ("Drift in nexabrands-prod").
	Title string
	// Summary is one sentence under it.
	Summary string
	// Fields are short label/value pairs (counts by class).
	Fields []Field
	// Items are the top entries (a drifted resource and its changes); More counts those left out.
	Items []Item
	More  int
	// Context lines in small print (the plan, plangate's version).
	Context []string
	// RunURL links to the CI run ("" when unknown).
	RunURL string
}

// Field is one label and value.
type Field struct{ Label, Value string }

// Item is one entry: a title (a resource address) and lines under it.
type Item struct {
	Title string
	Tags  []string
	Lines []string
}

// RunURL is the GitHub Actions run's address from GITHUB_SERVER_URL, GITHUB_REPOSITORY and
// GITHUB_RUN_ID, or "" when any is unset.
func RunURL(getenv func(string) string) string {
	server, repo, id := getenv("GITHUB_SERVER_URL"), getenv("GITHUB_REPOSITORY"), getenv("GITHUB_RUN_ID")
	if server == "" || repo == "" || id == "" {
		return ""
	}
	u := strings.TrimRight(server, "/") + "/" + repo + "/actions/runs/" + id
	if a := getenv("GITHUB_RUN_ATTEMPT"); a != "" && a != "1" {
		u += "/attempts/" + a
	}
	return u
}
