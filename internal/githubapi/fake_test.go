package githubapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeGitHub is a local stand-in for the part of the GitHub REST API the package calls: the
// comments of one repository's pull requests, paged with Link headers as GitHub pages them.
type fakeGitHub struct {
	t        *testing.T
	token    string
	pageSize int  // comments per page (GitHub's per_page, capped)
	readOnly bool // writes answer 403 as a fork's GITHUB_TOKEN does
	echo     bool // errors quote the Authorization header (a misbehaving proxy)

	mu       sync.Mutex
	comments map[int][]*Comment // by pull request
	nextID   int64
	requests []string // "METHOD path?query"
	srv      *httptest.Server
}

func newFake(t *testing.T, token string) *fakeGitHub {
	f := &fakeGitHub{t: t, token: token, pageSize: 100, comments: map[int][]*Comment{}, nextID: 1000}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeGitHub) add(pr int, login, body string) *Comment {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	c := &Comment{ID: f.nextID, Body: body, HTMLURL: fmt.Sprintf("%s/o/r/pull/%d#issuecomment-%d", f.srv.URL, pr, f.nextID)}
	c.User.Login = login
	f.comments[pr] = append(f.comments[pr], c)
	return c
}

func (f *fakeGitHub) fail(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": msg, "documentation_url": "https://docs.github.com/rest"})
}

func (f *fakeGitHub) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r.Method+" "+r.URL.RequestURI())
	if r.Header.Get("Authorization") != "Bearer "+f.token {
		msg := "Bad credentials"
		if f.echo {
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
		size := f.pageSize
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
		if f.readOnly {
			f.fail(w, http.StatusForbidden, "Resource not accessible by integration")
			return
		}
		pr, _ := strconv.Atoi(parts[4])
		var in struct{ Body string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == "" {
			f.fail(w, http.StatusUnprocessableEntity, "Validation Failed")
			return
		}
		f.mu.Unlock()
		c := f.add(pr, "github-actions[bot]", in.Body)
		f.mu.Lock()
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(c)
	case parts[4] == "comments" && r.Method == http.MethodPatch:
		if f.readOnly {
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
