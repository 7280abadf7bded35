package githubapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// maxEvent bounds the event file read ($GITHUB_EVENT_PATH).
const maxEvent = 64 << 20

// PullRequestNumber reads the pull request's number from a GitHub Actions event file
// ($GITHUB_EVENT_PATH): pull_request and pull_request_target events ("pull_request.number"),
// and issue_comment events on a pull request ("issue.number" with "issue.pull_request").
func PullRequestNumber(eventPath string) (int, error) {
	f, err := os.Open(eventPath)
	if err != nil {
		return 0, fmt.Errorf("reading the event file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxEvent+1))
	if err != nil {
		return 0, fmt.Errorf("reading the event file %s: %w", eventPath, err)
	}
	if len(data) > maxEvent {
		return 0, fmt.Errorf("reading the event file %s: larger than %d bytes", eventPath, maxEvent)
	}
	var ev struct {
		PullRequest *struct {
			Number int `json:"number"`
		} `json:"pull_request"`
		Issue *struct {
			Number      int             `json:"number"`
			PullRequest json.RawMessage `json:"pull_request"`
		} `json:"issue"`
	}
	if err := json.Unmarshal(data, &ev); err != nil {
		return 0, fmt.Errorf("reading the event file %s: %w", eventPath, err)
	}
	switch {
	case ev.PullRequest != nil && ev.PullRequest.Number > 0:
		return ev.PullRequest.Number, nil
	case ev.Issue != nil && ev.Issue.Number > 0 && len(ev.Issue.PullRequest) > 0 && string(ev.Issue.PullRequest) != "null":
		return ev.Issue.Number, nil
	}
	return 0, errors.New("the event file " + eventPath + " is not about a pull request (no pull_request.number): pass --pr")
}
