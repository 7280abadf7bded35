package githubapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Comment is an issue or pull-request comment (the fields plangate uses).
type Comment struct {
	ID      int64  `json:"id"`
	Body    string `json:"body"`
	HTMLURL string `json:"html_url"`
	User    struct {
		Login string `json:"login"`
	} `json:"user"`
}

// Repo is "owner/name".
type Repo struct{ Owner, Name string }

var repoPart = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,100}$`)

// ParseRepo reads "owner/name" ($GITHUB_REPOSITORY).
func ParseRepo(s string) (Repo, error) {
	owner, name, ok := strings.Cut(s, "/")
	if !ok || !repoPart.MatchString(owner) || !repoPart.MatchString(name) || owner == "." || owner == ".." || name == "." || name == ".." {
		return Repo{}, fmt.Errorf("repository %q: want owner/name", s)
	}
	return Repo{Owner: owner, Name: name}, nil
}

func (r Repo) String() string { return r.Owner + "/" + r.Name }

func (c *Client) endpoint(path string, query url.Values) (*url.URL, error) {
	base, err := c.base()
	if err != nil {
		return nil, err
	}
	u := *base
	u.Path = strings.TrimSuffix(base.Path, "/") + path
	u.RawQuery = query.Encode()
	return &u, nil
}

func (r Repo) path() string {
	return "/repos/" + url.PathEscape(r.Owner) + "/" + url.PathEscape(r.Name)
}

// FindComment returns the last comment of pull request pr whose first line is marker and, when
// author is not "" or "*", whose author is that login; nil when there is none. It reads every page
// (Link rel="next"), at most 200 pages of 100.
func (c *Client) FindComment(ctx context.Context, repo Repo, pr int, marker, author string) (*Comment, error) {
	op := fmt.Sprintf("listing the comments of pull request %s#%d", repo, pr)
	u, err := c.endpoint(repo.path()+"/issues/"+strconv.Itoa(pr)+"/comments", url.Values{"per_page": {strconv.Itoa(perPage)}})
	if err != nil {
		return nil, err
	}
	var found *Comment
	for page := 1; ; page++ {
		if page > maxPages {
			return nil, fmt.Errorf("%s: more than %d pages", op, maxPages)
		}
		var batch []Comment
		h, err := c.do(ctx, op, http.MethodGet, u, nil, &batch)
		if err != nil {
			return nil, err
		}
		for i := range batch {
			cm := batch[i]
			if HasMarker(cm.Body, marker) && (author == "" || author == "*" || strings.EqualFold(cm.User.Login, author)) {
				found = &cm
			}
		}
		next := nextLink(h)
		if next == "" {
			return found, nil
		}
		if u, err = u.Parse(next); err != nil {
			return nil, c.scrubErr(op+": the Link header's next page", err)
		}
	}
}

// HasMarker is true when body's first line is marker.
func HasMarker(body, marker string) bool {
	first, _, _ := strings.Cut(body, "\n")
	return strings.TrimRight(first, "\r ") == marker
}

// CreateComment posts a new comment on pull request pr.
func (c *Client) CreateComment(ctx context.Context, repo Repo, pr int, body string) (*Comment, error) {
	op := fmt.Sprintf("creating a comment on pull request %s#%d", repo, pr)
	u, err := c.endpoint(repo.path()+"/issues/"+strconv.Itoa(pr)+"/comments", nil)
	if err != nil {
		return nil, err
	}
	var out Comment
	if _, err := c.do(ctx, op, http.MethodPost, u, map[string]string{"body": body}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateComment replaces the body of comment id.
func (c *Client) UpdateComment(ctx context.Context, repo Repo, id int64, body string) (*Comment, error) {
	op := fmt.Sprintf("updating comment %d of %s", id, repo)
	u, err := c.endpoint(repo.path()+"/issues/comments/"+strconv.FormatInt(id, 10), nil)
	if err != nil {
		return nil, err
	}
	var out Comment
	if _, err := c.do(ctx, op, http.MethodPatch, u, map[string]string{"body": body}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Action says what Upsert did.
type Action string

// What Upsert did.
const (
	Created   Action = "created"
	Updated   Action = "updated"
	Unchanged Action = "unchanged"
)

// Upsert keeps one comment per marker on pull request pr: it updates the last comment (by
// author, see FindComment) whose first line is marker, or creates one. A comment whose body is
// already body is left as it is.
func (c *Client) Upsert(ctx context.Context, repo Repo, pr int, marker, author, body string) (Action, *Comment, error) {
	if !HasMarker(body, marker) {
		return "", nil, fmt.Errorf("the comment's first line is not its marker %q", marker)
	}
	old, err := c.FindComment(ctx, repo, pr, marker, author)
	if err != nil {
		return "", nil, err
	}
	if old == nil {
		cm, err := c.CreateComment(ctx, repo, pr, body)
		return Created, cm, err
	}
	if old.Body == body {
		return Unchanged, old, nil
	}
	cm, err := c.UpdateComment(ctx, repo, old.ID, body)
	return Updated, cm, err
}
