// Package githubapitest is a local stand-in for the part of the GitHub REST API that
// internal/githubapi calls (the comments of pull requests, paged with Link headers as GitHub pages
// them), for tests and for running the workflows on this machine.
package githubapitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
)

// Comment is a stored comment, encoded as GitHub encodes one.
type Comment struct {
	ID      int64  `json:"id"`
	Body    string `json:"body"`
	HTMLURL string `json:"html_url"`
	User    struct {
		Login string `json:"login"`
	} `json:"user"`
}

// Server answers on a loopback port. Set its fields before the first request.
type Server struct {
	token string
	// PageSize is the most comments one page holds (GitHub's per_page, capped; default 100).
	PageSize int
	// ReadOnly makes writes answer 403 "Resource not accessible by integration", as a fork's
	// GITHUB_TOKEN does.
	ReadOnly bool
	// Echo makes a 401 quote the Authorization header it got (a misbehaving proxy).
	Echo bool
	// URL is the API's root, for $GITHUB_API_URL.
	URL string

	mu       sync.Mutex
	comments map[int][]*Comment // by pull request
	nextID   int64
	requests []string // "METHOD path?query"
	srv      *httptest.Server
}

// New starts a server that accepts only token. Close it when done.
func New(token string) *Server {
	f := &Server{token: token, PageSize: 100, comments: map[int][]*Comment{}, nextID: 1000}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = f.srv.URL
	return f
}

// Close stops the server.
func (f *Server) Close() { f.srv.Close() }

// SetHandlerWrapper lets a test rewrite responses (wrap gets the server's own handler).
func (f *Server) SetHandlerWrapper(wrap func(http.Handler) http.Handler) {
	f.srv.Config.Handler = wrap(http.HandlerFunc(f.serve))
}

// Comments returns a copy of pull request pr's comments, oldest first.
func (f *Server) Comments(pr int) []Comment {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Comment, 0, len(f.comments[pr]))
	for _, c := range f.comments[pr] {
		out = append(out, *c)
	}
	return out
}

// Requests returns the requests served, as "METHOD /path?query".
func (f *Server) Requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

// Add stores a comment by login on pull request pr.
func (f *Server) Add(pr int, login, body string) Comment {
	f.mu.Lock()
	defer f.mu.Unlock()
	return *f.add(pr, login, body)
}

func (f *Server) add(pr int, login, body string) *Comment {
	f.nextID++
	c := &Comment{ID: f.nextID, Body: body, HTMLURL: fmt.Sprintf("%s/o/r/pull/%d#issuecomment-%d", f.srv.URL, pr, f.nextID)}
	c.User.Login = login
	f.comments[pr] = append(f.comments[pr], c)
	return c
}

func (f *Server) fail(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": msg, "documentation_url": "https://docs.github.com/rest"})
}

func (f *Server) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r.Method+" "+r.URL.RequestURI())
	if r.Header.Get("Authorization") != "Bearer "+f.token {
		msg := "Bad credentials"
		if f.Echo {
			msg += ": " + r.Header.Get("Authorization")
		}
		f.fail(w, http.StatusUnauthorized, msg)
		return
	}
	if r.Header.Get("Accept") != "application/vnd.github+json" || r.Header.Get("X-GitHub-Api-Version") == "" {
		f.fail(w, http.StatusBadRequest, "missing GitHub API headers")
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	// repos/o/r/issues/N/comments or repos/o/r/issues/comments/ID
	if len(parts) != 6 || parts[0] != "repos" || parts[3] != "issues" {
		f.fail(w, http.StatusNotFound, "Not Found")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case parts[5] == "comments" && r.Method == http.MethodGet:
		pr, _ := strconv.Atoi(parts[4])
		all := f.comments[pr]
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page < 1 {
			page = 1
		}
		size := f.PageSize
		if pp, _ := strconv.Atoi(r.URL.Query().Get("per_page")); pp > 0 && pp < size {
			size = pp
		}
		lo, hi := (page-1)*size, page*size
		lo, hi = min(lo, len(all)), min(hi, len(all))
		if hi < len(all) {
			q := r.URL.Query()
			q.Set("page", strconv.Itoa(page+1))
			w.Header().Set("Link", fmt.Sprintf(`<%s%s?%s>; rel="next", <%s%s?page=99>; rel="last"`, f.srv.URL, r.URL.Path, q.Encode(), f.srv.URL, r.URL.Path))
		}
		_ = json.NewEncoder(w).Encode(all[lo:hi])
	case parts[5] == "comments" && r.Method == http.MethodPost:
		if f.ReadOnly {
			f.fail(w, http.StatusForbidden, "Resource not accessible by integration")
			return
		}
		pr, _ := strconv.Atoi(parts[4])
		var in struct{ Body string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == "" {
			f.fail(w, http.StatusUnprocessableEntity, "Validation Failed")
			return
		}
		c := f.add(pr, "github-actions[bot]", in.Body)
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(c)
	case parts[4] == "comments" && r.Method == http.MethodPatch:
		if f.ReadOnly {
			f.fail(w, http.StatusForbidden, "Resource not accessible by integration")
			return
		}
		id, _ := strconv.ParseInt(parts[5], 10, 64)
		var in struct{ Body string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == "" {
			f.fail(w, http.StatusUnprocessableEntity, "Validation Failed")
			return
		}
		for _, cs := range f.comments {
			for _, c := range cs {
				if c.ID == id {
					c.Body = in.Body
					_ = json.NewEncoder(w).Encode(c)
					return
				}
			}
		}
		f.fail(w, http.StatusNotFound, "Not Found")
	default:
		f.fail(w, http.StatusNotFound, "Not Found")
	}
}
