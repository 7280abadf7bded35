package localenv

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"

	"github.com/sivchari/kumo"
)

// AWS is an in-process AWS stand-in (kumo) serving S3, DynamoDB, STS and IAM on a loopback port.
// S3 must be addressed path-style.
//
// A counting front sits before kumo: it counts every request by bucket (the first path segment;
// "(service)" for requests to the root: DynamoDB, STS, IAM, ListBuckets) and answers
// RequestsPath itself, so a run can measure what a command costs in requests (`devenv s3
// requests`).
type AWS struct {
	URL   string
	srv   *kumo.Server
	front *httptest.Server

	mu       sync.Mutex
	requests map[string]int
}

// RequestsPath is where the stand-in reports its request counts: GET answers them as a JSON
// object (bucket → requests since the start or the last reset), DELETE resets them. No bucket can
// be named _localenv (bucket names have no underscore), so it never hides a bucket's requests.
const RequestsPath = "/_localenv/requests"

// Static credentials accepted by the stand-in; they are not secrets.
const (
	AccessKey = "test"
	SecretKey = "test"
	Region    = "us-east-1"
)

// StartAWS starts the stand-in. Call Close to stop it.
func StartAWS() *AWS {
	srv := kumo.NewServer()
	a := &AWS{srv: srv, requests: map[string]int{}}
	u, _ := url.Parse(srv.URL) // kumo's own http://127.0.0.1:port
	proxy := httputil.NewSingleHostReverseProxy(u)
	a.front = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == RequestsPath {
			a.serveRequests(w, r)
			return
		}
		a.count(r.URL.Path)
		proxy.ServeHTTP(w, r)
	}))
	a.URL = a.front.URL
	return a
}

func (a *AWS) count(path string) {
	b := strings.SplitN(strings.TrimPrefix(path, "/"), "/", 2)[0]
	if b == "" {
		b = "(service)"
	}
	a.mu.Lock()
	a.requests[b]++
	a.mu.Unlock()
}

func (a *AWS) serveRequests(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(a.Requests())
	case http.MethodDelete:
		a.ResetRequests()
		w.WriteHeader(http.StatusNoContent)
	default:
		http.Error(w, "GET or DELETE", http.StatusMethodNotAllowed)
	}
}

// Requests returns the requests served per bucket since the start or the last ResetRequests.
func (a *AWS) Requests() map[string]int {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make(map[string]int, len(a.requests))
	for k, v := range a.requests {
		out[k] = v
	}
	return out
}

// ResetRequests zeroes the counts.
func (a *AWS) ResetRequests() {
	a.mu.Lock()
	a.requests = map[string]int{}
	a.mu.Unlock()
}

// Close stops the stand-in; it is safe to call twice.
func (a *AWS) Close() {
	if a == nil {
		return
	}
	if a.front != nil {
		a.front.Close()
		a.front = nil
	}
	if a.srv != nil {
		a.srv.Close()
		a.srv = nil
	}
}
