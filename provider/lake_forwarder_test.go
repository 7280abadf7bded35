package provider_test

import (
	"bytes"
	"fmt"
	"github.com/nexabrands/supplychain/provider/internal/acctest"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// s3Forwarder stands between the provider and the S3 stand-in, which keeps running as its own
// listener. It records every request in order and, on rules set by a test, fails a request
// without passing it on, or passes it on and drops the answer after the stand-in acted (the
// connection is closed, as when a server dies or a network drops a reply).
type s3Forwarder struct {
	URL    string
	srv    *httptest.Server
	target *url.URL

	mu    sync.Mutex
	log   []s3Call
	rules []*faultRule
	down  bool // every request fails, as if the server were gone
}

// s3Call is one request as S3 names it: the operation, the bucket and the query.
type s3Call struct {
	Op     string
	Bucket string
	Query  url.Values
}

func (c s3Call) String() string { return c.Op + " " + c.Bucket }

type faultAction int

const (
	failRequest  faultAction = iota // answer 500 InternalError without passing the request on
	dropAnswer                      // pass the request on, then close the connection instead of answering
	dropThenDown                    // pass it on, drop the answer, and fail every later request until revive
)

type faultRule struct {
	match  func(s3Call) bool
	action faultAction
	times  int // how many matching requests it hits; -1 for every one
	hits   int
}

func newS3Forwarder(t *testing.T) *s3Forwarder {
	t.Helper()
	target, err := url.Parse(acctest.S3Endpoint(t))
	if err != nil {
		t.Fatal(err)
	}
	f := &s3Forwarder{target: target}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = f.srv.URL
	t.Cleanup(f.srv.Close)
	return f
}

// fault adds a rule; the first matching rule with hits left decides.
func (f *s3Forwarder) fault(action faultAction, times int, match func(s3Call) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules = append(f.rules, &faultRule{match: match, action: action, times: times})
}

// clear removes every rule and brings the server back.
func (f *s3Forwarder) clear() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules, f.down = nil, false
}

func (f *s3Forwarder) resetLog() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.log = nil
}

func (f *s3Forwarder) calls() []s3Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]s3Call(nil), f.log...)
}

// is matches an operation on a bucket.
func is(op, bucket string) func(s3Call) bool {
	return func(c s3Call) bool { return c.Op == op && c.Bucket == bucket }
}

// subresources maps the S3 query that selects a bucket sub-resource to the operation's name.
var subresources = []struct{ key, get, put, del string }{
	{"versioning", "GetBucketVersioning", "PutBucketVersioning", ""},
	{"encryption", "GetBucketEncryption", "PutBucketEncryption", "DeleteBucketEncryption"},
	{"publicAccessBlock", "GetPublicAccessBlock", "PutPublicAccessBlock", "DeletePublicAccessBlock"},
	{"ownershipControls", "GetBucketOwnershipControls", "PutBucketOwnershipControls", "DeleteBucketOwnershipControls"},
	{"policy", "GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy"},
	{"lifecycle", "GetBucketLifecycleConfiguration", "PutBucketLifecycleConfiguration", "DeleteBucketLifecycle"},
	{"tagging", "GetBucketTagging", "PutBucketTagging", "DeleteBucketTagging"},
	{"versions", "ListObjectVersions", "", ""},
	{"delete", "", "", ""},
}

func classify(r *http.Request) s3Call {
	parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 2)
	c := s3Call{Bucket: parts[0], Query: r.URL.Query()}
	hasKey := len(parts) == 2 && parts[1] != ""
	for _, s := range subresources {
		if !c.Query.Has(s.key) {
			continue
		}
		switch {
		case s.key == "delete" && r.Method == http.MethodPost:
			c.Op = "DeleteObjects"
		case r.Method == http.MethodGet:
			c.Op = s.get
		case r.Method == http.MethodPut:
			c.Op = s.put
		case r.Method == http.MethodDelete:
			c.Op = s.del
		}
		if c.Op != "" {
			return c
		}
	}
	switch {
	case hasKey:
		c.Op = r.Method + "Object"
	case r.Method == http.MethodHead:
		c.Op = "HeadBucket"
	case r.Method == http.MethodPut:
		c.Op = "CreateBucket"
	case r.Method == http.MethodDelete:
		c.Op = "DeleteBucket"
	default:
		c.Op = r.Method + " " + r.URL.RawQuery
	}
	return c
}

func (f *s3Forwarder) decide(c s3Call) (faultAction, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.log = append(f.log, c)
	if f.down {
		return failRequest, true
	}
	for _, r := range f.rules {
		if (r.times < 0 || r.hits < r.times) && r.match(c) {
			r.hits++
			if r.action == dropThenDown {
				f.down = true
			}
			return r.action, true
		}
	}
	return 0, false
}

func (f *s3Forwarder) serve(w http.ResponseWriter, r *http.Request) {
	call := classify(r)
	action, faulty := f.decide(call)
	if faulty && action == failRequest {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, `<Error><Code>InternalError</Code><Message>injected by the test forwarder (%s)</Message></Error>`, call)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out, err := http.NewRequestWithContext(r.Context(), r.Method, f.target.Scheme+"://"+f.target.Host+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out.Header = r.Header.Clone()
	out.Host = r.Host
	out.ContentLength = int64(len(body))
	resp, err := http.DefaultTransport.RoundTrip(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	if faulty {
		// The stand-in acted; the caller never hears of it.
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(answer)
}
