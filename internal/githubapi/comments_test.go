package githubapi

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nexabrands/supplychain/internal/githubapi/githubapitest"
)

const (
	token  = "ghs_secretTOKEN0123456789"
	marker = "<!-- plangate:check -->"
)

var repo = Repo{Owner: "nexabrands", Name: "supplychain"}

func newFake(t *testing.T) *githubapitest.Server {
	f := githubapitest.New(token)
	t.Cleanup(f.Close)
	return f
}

func TestUpsertCreatesThenUpdatesInPlace(t *testing.T) {
	f := newFake(t)
	f.Add(7, "alice", "looks good")
	c := &Client{BaseURL: f.URL, Token: token}
	ctx := context.Background()

	act, cm, err := c.Upsert(ctx, repo, 7, marker, "github-actions[bot]", marker+"\n## ❌ plangate check: FAIL\n")
	if err != nil || act != Created {
		t.Fatalf("first upsert: %v %v", act, err)
	}
	act, cm2, err := c.Upsert(ctx, repo, 7, marker, "github-actions[bot]", marker+"\n## ✅ plangate check: PASS\n")
	if err != nil || act != Updated || cm2.ID != cm.ID {
		t.Fatalf("second upsert: %v %v (id %d, want %d)", act, err, cm2.ID, cm.ID)
	}
	act, _, err = c.Upsert(ctx, repo, 7, marker, "github-actions[bot]", marker+"\n## ✅ plangate check: PASS\n")
	if err != nil || act != Unchanged {
		t.Fatalf("third upsert: %v %v", act, err)
	}
	if n := len(f.Comments(7)); n != 2 {
		t.Fatalf("pull request has %d comments, want 2 (alice's and one report)", n)
	}
	if got := f.Comments(7)[1].Body; !strings.Contains(got, "PASS") {
		t.Fatalf("report comment not updated: %q", got)
	}
}

func TestUpsertFindsCommentOnLaterPage(t *testing.T) {
	f := newFake(t)
	f.PageSize = 3
	for i := range 7 {
		f.Add(3, "bob", fmt.Sprintf("comment %d", i))
	}
	old := f.Add(3, "github-actions[bot]", marker+"\nold report")
	f.Add(3, "bob", "after") // page 3
	// A quoted marker by someone else is not the report (it cannot be edited with the token).
	f.Add(3, "mallory", marker+"\nfake report")
	c := &Client{BaseURL: f.URL, Token: token}
	act, cm, err := c.Upsert(context.Background(), repo, 3, marker, "github-actions[bot]", marker+"\nnew report")
	if err != nil || act != Updated || cm.ID != old.ID {
		t.Fatalf("upsert: %v %v, %+v (want update of %d)", act, err, cm, old.ID)
	}
	gets := 0
	for _, r := range f.Requests() {
		if strings.HasPrefix(r, "GET ") {
			gets++
		}
	}
	if gets != 4 {
		t.Fatalf("read %d pages, want 4 (10 comments, 3 a page): %v", gets, f.Requests())
	}
	if f.Comments(3)[9].Body != marker+"\nfake report" {
		t.Fatal("another author's comment was changed")
	}
}

func TestForbiddenOnReadOnlyToken(t *testing.T) {
	f := newFake(t)
	f.ReadOnly = true
	c := &Client{BaseURL: f.URL, Token: token}
	_, _, err := c.Upsert(context.Background(), repo, 5, marker, "", marker+"\nr")
	if err == nil || !IsForbidden(err) {
		t.Fatalf("want a forbidden error, got %v", err)
	}
	if !strings.Contains(err.Error(), "HTTP 403: Resource not accessible by integration") || !strings.Contains(err.Error(), "creating a comment on pull request nexabrands/supplychain#5") {
		t.Fatalf("error does not say what failed: %v", err)
	}
}

func TestTokenNeverInErrors(t *testing.T) {
	f := newFake(t)
	f.Echo = true
	c := &Client{BaseURL: f.URL, Token: token + "x"} // wrong token: the server quotes it
	_, _, err := c.Upsert(context.Background(), repo, 5, marker, "", marker+"\nr")
	if err == nil || IsForbidden(err) == false {
		t.Fatalf("want 401, got %v", err)
	}
	if strings.Contains(err.Error(), token) || !strings.Contains(err.Error(), "Bearer ***") {
		t.Fatalf("token not scrubbed: %v", err)
	}
	// A transport error names the URL; a token in the URL is scrubbed too.
	c = &Client{BaseURL: "http://127.0.0.1:1/" + token, Token: token}
	_, _, err = c.Upsert(context.Background(), repo, 5, marker, "", marker+"\nr")
	if err == nil || strings.Contains(err.Error(), token) {
		t.Fatalf("token in transport error: %v", err)
	}
}

func TestPaginationStaysOnTheAPIHost(t *testing.T) {
	other := newFake(t)
	var hits int
	f := newFake(t)
	f.PageSize = 1
	f.Add(1, "a", "x")
	f.Add(1, "a", "y")
	// Rewrite the next link to another host.
	f.SetHandlerWrapper(func(inner http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			inner.ServeHTTP(&linkRewriter{ResponseWriter: w, from: f.URL, to: other.URL}, r)
		})
	})
	c := &Client{BaseURL: f.URL, Token: token}
	_, err := c.FindComment(context.Background(), repo, 1, marker, "")
	if err == nil || !strings.Contains(err.Error(), "refusing to send the token") {
		t.Fatalf("want a refusal, got %v", err)
	}
	if hits = len(other.Requests()); hits != 0 {
		t.Fatalf("the other host got %d requests", hits)
	}
}

type linkRewriter struct {
	http.ResponseWriter
	from, to string
}

func (l *linkRewriter) WriteHeader(code int) {
	if v := l.Header().Get("Link"); v != "" {
		l.Header().Set("Link", strings.ReplaceAll(v, l.from, l.to))
	}
	l.ResponseWriter.WriteHeader(code)
}

func (l *linkRewriter) Write(b []byte) (int, error) {
	if v := l.Header().Get("Link"); v != "" {
		l.Header().Set("Link", strings.ReplaceAll(v, l.from, l.to))
	}
	return l.ResponseWriter.Write(b)
}

func TestNextLink(t *testing.T) {
	h := http.Header{}
	h.Add("Link", `<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=3>; rel="next"`)
	if got := nextLink(h); got != "https://api.github.com/x?page=3" {
		t.Fatalf("next = %q", got)
	}
	h = http.Header{}
	h.Add("Link", `<https://api.github.com/x?page=1>; rel="first"`)
	if got := nextLink(h); got != "" {
		t.Fatalf("next = %q, want none", got)
	}
}

func TestParseRepo(t *testing.T) {
	for _, bad := range []string{"", "x", "a/b/c", "../b", "a/..", "a b/c"} {
		if _, err := ParseRepo(bad); err == nil {
			t.Errorf("ParseRepo(%q) accepted", bad)
		}
	}
	if r, err := ParseRepo("nexabrands/supplychain"); err != nil || r != repo {
		t.Fatalf("ParseRepo: %v %v", r, err)
	}
}

func TestPullRequestNumber(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		event string
		want  int
	}{
		{`{"action":"synchronize","number":42,"pull_request":{"number":42}}`, 42},
		{`{"issue":{"number":9,"pull_request":{"url":"u"}}}`, 9},
		{`{"issue":{"number":9}}`, 0},
		{`{"ref":"refs/heads/main"}`, 0},
		{`not json`, 0},
	}
	for i, tc := range cases {
		got, err := PullRequestNumber(write(fmt.Sprintf("e%d.json", i), tc.event))
		if got != tc.want || (tc.want == 0) != (err != nil) {
			t.Errorf("%s: got %d, %v; want %d", tc.event, got, err, tc.want)
		}
	}
}
