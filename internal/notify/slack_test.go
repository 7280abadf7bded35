package notify

// Slack itself cannot be reached from here (no internet): these tests post to local httptest
// receivers that answer as Slack's incoming webhooks do ("ok", 429 with Retry-After, 5xx, 4xx).

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// secretPath is the part of a webhook URL that is the secret.
const secretPath = "/services/T0SECRET/B0SECRET/xoxSecretWebhookToken42"

type receiver struct {
	mu      sync.Mutex
	bodies  [][]byte
	answers []func(w http.ResponseWriter)
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	n := len(rc.bodies)
	rc.bodies = append(rc.bodies, b)
	var answer func(http.ResponseWriter)
	if n < len(rc.answers) {
		answer = rc.answers[n]
	}
	rc.mu.Unlock()
	if r.URL.Path != secretPath || r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
		http.Error(w, "no_service", http.StatusNotFound)
		return
	}
	if answer != nil {
		answer(w)
		return
	}
	_, _ = io.WriteString(w, "ok")
}

func status(code int, body string, hdr ...string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(hdr); i += 2 {
			w.Header().Set(hdr[i], hdr[i+1])
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}
}

func newSlack(t *testing.T, answers ...func(http.ResponseWriter)) (*Slack, *receiver, *[]time.Duration) {
	t.Helper()
	rc := &receiver{answers: answers}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	var waits []time.Duration
	s := &Slack{WebhookURL: srv.URL + secretPath, Client: srv.Client(),
		Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}
	return s, rc, &waits
}

func sample() Message {
	return Message{
		Title:   "Drift in prod: 2 resources",
		Summary: "2 resources drifted outside Terraform (1 security, 1 benign)",
		Fields:  []Field{{"security", "1"}, {"benign", "1"}},
		Items: []Item{{Title: "supplychain_data_lake.main", Tags: []string{"security", "benign"},
			Lines: []string{"SC-LAKE-002 (critical, deny): data lake turns off block_public_acls", "tags.cost_centre: null → \"42\" <&>"}}},
		Context: []string{"plan plan.json"},
		RunURL:  "https://github.com/nexabrands/supplychain/actions/runs/42",
	}
}

func TestSlackBlockKit(t *testing.T) {
	s, rc, _ := newSlack(t)
	if err := s.Send(context.Background(), sample()); err != nil {
		t.Fatal(err)
	}
	if len(rc.bodies) != 1 {
		t.Fatalf("%d requests, want 1", len(rc.bodies))
	}
	var msg struct {
		Text   string `json:"text"`
		Blocks []struct {
			Type string `json:"type"`
			Text *struct {
				Type, Text string
			} `json:"text"`
			Fields   []struct{ Type, Text string } `json:"fields"`
			Elements []struct{ Type, Text string } `json:"elements"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(rc.bodies[0], &msg); err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, b := range msg.Blocks {
		types = append(types, b.Type)
	}
	if got, want := strings.Join(types, ","), "header,section,divider,section,context"; got != want {
		t.Fatalf("blocks %s, want %s\n%s", got, want, rc.bodies[0])
	}
	if h := msg.Blocks[0].Text; h == nil || h.Type != "plain_text" || h.Text != "Drift in prod: 2 resources" {
		t.Errorf("header %+v", h)
	}
	if f := msg.Blocks[1].Fields; len(f) != 2 || f[0].Type != "mrkdwn" || f[0].Text != "*security*\n1" {
		t.Errorf("fields %+v", f)
	}
	item := msg.Blocks[3].Text.Text
	if !strings.HasPrefix(item, "*supplychain_data_lake.main*  _security, benign_\n• SC-LAKE-002") || !strings.Contains(item, "&lt;&amp;&gt;") {
		t.Errorf("item section %q (mrkdwn escaped)", item)
	}
	last := msg.Blocks[4].Elements
	if len(last) != 2 || last[1].Text != "<https://github.com/nexabrands/supplychain/actions/runs/42|View the run>" {
		t.Errorf("context %+v", last)
	}
	if !strings.HasPrefix(msg.Text, "Drift in prod") {
		t.Errorf("fallback text %q", msg.Text)
	}
}

func TestSlackLimits(t *testing.T) {
	m := Message{Title: strings.Repeat("t", 400)}
	for i := range 80 {
		m.Items = append(m.Items, Item{Title: fmt.Sprintf("r%d", i), Lines: []string{strings.Repeat("x", 5000)}})
	}
	wm := SlackMessage(m)
	b, _ := json.Marshal(wm)
	var msg struct {
		Blocks []map[string]any `json:"blocks"`
	}
	_ = json.Unmarshal(b, &msg)
	if len(msg.Blocks) > maxBlocks || len(msg.Blocks) != 1+1+maxItemBlocks+1 {
		t.Errorf("%d blocks", len(msg.Blocks))
	}
	if !strings.Contains(string(b), "and 60 more") {
		t.Error("no count of the items left out")
	}
	h := textOf(msg.Blocks[0])
	if len([]rune(h)) > maxHeader {
		t.Errorf("header of %d characters", len([]rune(h)))
	}
	s := textOf(msg.Blocks[2])
	if len([]rune(s)) > maxSection {
		t.Errorf("section of %d characters", len([]rune(s)))
	}
}

func TestSlackRetries429HonouringRetryAfter(t *testing.T) {
	s, rc, waits := newSlack(t, status(429, "rate_limited", "Retry-After", "3"), status(503, "unavailable"), nil)
	if err := s.Send(context.Background(), sample()); err != nil {
		t.Fatal(err)
	}
	if len(rc.bodies) != 3 {
		t.Errorf("%d requests, want 3", len(rc.bodies))
	}
	if want := []time.Duration{3 * time.Second, 2 * time.Second}; fmt.Sprint(*waits) != fmt.Sprint(want) {
		t.Errorf("waits %v, want %v (Retry-After, then the second backoff step)", *waits, want)
	}
}

func TestSlackGivesUpBounded(t *testing.T) {
	s, rc, waits := newSlack(t, status(500, "e"), status(502, "e"), status(503, "e"), status(504, "e"), status(500, "e"))
	err := s.Send(context.Background(), sample())
	if err == nil || !strings.Contains(err.Error(), "giving up after 4 attempts") || !strings.Contains(err.Error(), "504") {
		t.Fatalf("err %v", err)
	}
	if len(rc.bodies) != 4 || fmt.Sprint(*waits) != "[1s 2s 4s]" {
		t.Errorf("%d requests, waits %v", len(rc.bodies), *waits)
	}
	// A Retry-After beyond the longest wait ends the retries at once.
	s, rc, waits = newSlack(t, status(429, "rate_limited", "Retry-After", "3600"))
	if err := s.Send(context.Background(), sample()); err == nil || !strings.Contains(err.Error(), "asked to wait 1h0m0s") {
		t.Errorf("err %v", err)
	}
	if len(rc.bodies) != 1 || len(*waits) != 0 {
		t.Errorf("%d requests, waits %v", len(rc.bodies), *waits)
	}
}

func TestSlackNoRetryOn4xx(t *testing.T) {
	s, rc, waits := newSlack(t, status(400, "invalid_blocks"))
	err := s.Send(context.Background(), sample())
	if err == nil || !strings.Contains(err.Error(), "400: invalid_blocks") || len(rc.bodies) != 1 || len(*waits) != 0 {
		t.Errorf("err %v, %d requests, waits %v", err, len(rc.bodies), *waits)
	}
}

// The webhook URL is in no error: not from an answer that echoes it, not from a transport error
// (Go's url.Error names the URL), not when the URL is malformed.
func TestSlackErrorsScrubbed(t *testing.T) {
	s, _, _ := newSlack(t, status(500, "bad request to "+secretPath), status(500, "x"), status(500, "x"), status(500, "x"))
	errs := []error{s.Send(context.Background(), sample())}

	closed := httptest.NewServer(http.NotFoundHandler())
	url := closed.URL + secretPath
	closed.Close()
	dead := &Slack{WebhookURL: url, Attempts: 2, Sleep: func(context.Context, time.Duration) error { return nil }}
	errs = append(errs, dead.Send(context.Background(), sample()))
	errs = append(errs, (&Slack{WebhookURL: "ftp://hooks.example" + secretPath}).Send(context.Background(), sample()))
	errs = append(errs, (&Slack{WebhookURL: "http://[::1" + secretPath}).Send(context.Background(), sample()))
	for i, err := range errs {
		if err == nil {
			t.Errorf("case %d: no error", i)
			continue
		}
		if strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), "xoxSecret") {
			t.Errorf("case %d: the error names the webhook: %v", i, err)
		}
	}
	if !strings.Contains(errs[1].Error(), "connect") && !strings.Contains(errs[1].Error(), "refused") {
		t.Errorf("the transport error lost its cause: %v", errs[1])
	}
}

func TestRunURL(t *testing.T) {
	env := map[string]string{"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "nexabrands/supplychain", "GITHUB_RUN_ID": "123"}
	if got := RunURL(func(k string) string { return env[k] }); got != "https://github.com/nexabrands/supplychain/actions/runs/123" {
		t.Errorf("run URL %q", got)
	}
	delete(env, "GITHUB_RUN_ID")
	if got := RunURL(func(k string) string { return env[k] }); got != "" {
		t.Errorf("run URL %q without a run id", got)
	}
}

func textOf(block map[string]any) string {
	t, _ := block["text"].(map[string]any)
	s, _ := t["text"].(string)
	return s
}
