// Package githubapi is the small part of the GitHub REST API that plangate uses: listing,
// creating and updating the comments of a pull request, so that one report comment is kept up to
// date. It makes no other call. The token is sent in the Authorization header only, and every
// error it returns has the token replaced by "***".
package githubapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultBaseURL is GitHub.com's REST API; GitHub Enterprise Server sets $GITHUB_API_URL.
const DefaultBaseURL = "https://api.github.com"

// Bounds: one response body, and the pages of comments one search reads.
const (
	maxBody     = 32 << 20
	maxPages    = 200 // 20,000 comments at 100 a page
	perPage     = 100
	apiVersion  = "2022-11-28"
	maxErrorMsg = 300
)

// Client calls the GitHub REST API.
type Client struct {
	// BaseURL is the API's root (empty: DefaultBaseURL). Pagination links are followed only on
	// its scheme and host, so the token is never sent elsewhere.
	BaseURL string
	// Token is the bearer token ($GITHUB_TOKEN), a secret.
	Token string
	// HTTP sends the requests (nil: a client with a 30-second timeout).
	HTTP *http.Client
	// UserAgent names the caller (empty: "plangate").
	UserAgent string
}

// StatusError is a response that is not a success. Forbidden tells a token that may not write
// (for instance a pull request from a fork, whose GITHUB_TOKEN is read-only) from other failures.
type StatusError struct {
	Op      string // what was being done, e.g. "listing the comments of pull request 7"
	Status  int
	Message string // GitHub's "message", scrubbed and cut
}

func (e *StatusError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	return fmt.Sprintf("%s: HTTP %d: %s", e.Op, e.Status, msg)
}

// Forbidden is true for 403 and 401: the token lacks the permission (a fork's read-only
// GITHUB_TOKEN answers 403 "Resource not accessible by integration"); retrying does not help.
func (e *StatusError) Forbidden() bool {
	return e.Status == http.StatusForbidden || e.Status == http.StatusUnauthorized
}

// IsForbidden reports whether err is a StatusError for a token without the permission.
func IsForbidden(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Forbidden()
}

func (c *Client) base() (*url.URL, error) {
	raw := c.BaseURL
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(strings.TrimSuffix(raw, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("GitHub API URL %q: not an http(s) URL", raw)
	}
	return u, nil
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return &http.Client{Timeout: 30 * time.Second}
}

// scrub removes the token from s.
func (c *Client) scrub(s string) string {
	if c.Token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.Token, "***")
}

// scrubErr wraps err so that its text never holds the token.
func (c *Client) scrubErr(op string, err error) error {
	return errors.New(c.scrub(op + ": " + err.Error()))
}

// do sends one request to u (absolute) with body (JSON, or nil) and decodes a success into out.
// It returns the response's Link header.
func (c *Client) do(ctx context.Context, op, method string, u *url.URL, body, out any) (http.Header, error) {
	base, err := c.base()
	if err != nil {
		return nil, err
	}
	if u.Scheme != base.Scheme || u.Host != base.Host {
		return nil, fmt.Errorf("%s: refusing to send the token to %s://%s (the API is %s://%s)", op, u.Scheme, u.Host, base.Scheme, base.Host)
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("%s: encoding the request: %w", op, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, c.scrubErr(op, err)
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", apiVersion)
	ua := c.UserAgent
	if ua == "" {
		ua = "plangate"
	}
	req.Header.Set("User-Agent", ua)
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, c.scrubErr(op, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, c.scrubErr(op+": reading the response", err)
	}
	if len(data) > maxBody {
		return nil, fmt.Errorf("%s: the response is larger than %d bytes", op, maxBody)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &StatusError{Op: op, Status: resp.StatusCode, Message: c.message(data)}
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return nil, c.scrubErr(op+": decoding the response", err)
		}
	}
	return resp.Header, nil
}

// message is GitHub's error message from a response body, scrubbed, on one line, cut.
func (c *Client) message(data []byte) string {
	var e struct {
		Message string `json:"message"`
	}
	msg := string(data)
	if json.Unmarshal(data, &e) == nil && e.Message != "" {
		msg = e.Message
	}
	msg = c.scrub(msg)
	msg = strings.Join(strings.Fields(msg), " ")
	if r := []rune(msg); len(r) > maxErrorMsg {
		msg = string(r[:maxErrorMsg]) + "…"
	}
	return msg
}

// nextLink is the rel="next" URL of a Link header (RFC 8288), or "".
func nextLink(h http.Header) string {
	for _, v := range h.Values("Link") {
		for _, part := range strings.Split(v, ",") {
			segs := strings.Split(part, ";")
			target := strings.TrimSpace(segs[0])
			if !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				continue
			}
			for _, p := range segs[1:] {
				p = strings.TrimSpace(p)
				k, val, ok := strings.Cut(p, "=")
				if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
					continue
				}
				for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(val), `"`)) {
					if strings.EqualFold(rel, "next") {
						return target[1 : len(target)-1]
					}
				}
			}
		}
	}
	return ""
}
