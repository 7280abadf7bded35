package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// WebhookEnv is the environment variable that holds the Slack incoming-webhook URL.
const WebhookEnv = "PLANGATE_SLACK_WEBHOOK"

// Block Kit limits (api.slack.com/reference/block-kit/blocks): a message has at most 50 blocks,
// a header 150 characters, a section's text 3000 and each of at most 10 fields 2000.
const (
	maxBlocks     = 50
	maxHeader     = 150
	maxSection    = 3000
	maxFields     = 10
	maxFieldText  = 2000
	maxItemBlocks = 20
)

// Slack posts Block Kit messages to an incoming webhook, retrying on 429 (after Retry-After) and
// on 5xx and transport errors, with exponential backoff, a bounded number of times.
type Slack struct {
	// WebhookURL is the incoming webhook's address (a secret).
	WebhookURL string
	// Client sends the request (nil: a client with a 10-second timeout).
	Client *http.Client
	// Attempts is the most requests one Send makes (0: 4).
	Attempts int
	// Backoff is the first wait after a 5xx or a transport error, doubled each time (0: 1s).
	Backoff time.Duration
	// MaxWait is the longest single wait; a Retry-After beyond it ends the retries (0: 30s).
	MaxWait time.Duration
	// Sleep waits (nil: a timer that stops with ctx). Tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

// SlackMessage renders a Message as a Slack incoming-webhook payload with Block Kit blocks: a
// header, the summary, the fields, one section per item (at most 20), a context line and a link
// to the run. Text is the notification's plain fallback.
func SlackMessage(m Message) slack.WebhookMessage {
	var blocks []slack.Block
	blocks = append(blocks, slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, cut(m.Title, maxHeader), false, false)))
	var fields []*slack.TextBlockObject
	for i, f := range m.Fields {
		if i == maxFields {
			break
		}
		fields = append(fields, slack.NewTextBlockObject(slack.MarkdownType, cut("*"+esc(f.Label)+"*\n"+esc(f.Value), maxFieldText), false, false))
	}
	var summary *slack.TextBlockObject
	if m.Summary != "" {
		summary = slack.NewTextBlockObject(slack.MarkdownType, cut(esc(m.Summary), maxSection), false, false)
	}
	if summary != nil || len(fields) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(summary, fields, nil))
	}
	items := m.Items
	more := m.More
	if len(items) > maxItemBlocks {
		more += len(items) - maxItemBlocks
		items = items[:maxItemBlocks]
	}
	if len(items) > 0 {
		blocks = append(blocks, slack.NewDividerBlock())
	}
	for _, it := range items {
		var b strings.Builder
		b.WriteString("*" + esc(it.Title) + "*")
		if len(it.Tags) > 0 {
			b.WriteString("  _" + esc(strings.Join(it.Tags, ", ")) + "_")
		}
		for _, l := range it.Lines {
			b.WriteString("\n• " + esc(l))
		}
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, cut(b.String(), maxSection), false, false), nil, nil))
	}
	var ctxEls []slack.MixedElement
	if more > 0 {
		ctxEls = append(ctxEls, slack.NewTextBlockObject(slack.MarkdownType, fmt.Sprintf("and %d more", more), false, false))
	}
	for _, c := range m.Context {
		ctxEls = append(ctxEls, slack.NewTextBlockObject(slack.MarkdownType, cut(esc(c), maxFieldText), false, false))
	}
	if m.RunURL != "" {
		ctxEls = append(ctxEls, slack.NewTextBlockObject(slack.MarkdownType, "<"+m.RunURL+"|View the run>", false, false))
	}
	if len(ctxEls) > 10 {
		ctxEls = ctxEls[:10]
	}
	if len(ctxEls) > 0 {
		blocks = append(blocks, slack.NewContextBlock("", ctxEls...))
	}
	if len(blocks) > maxBlocks {
		blocks = blocks[:maxBlocks]
	}
	text := m.Title
	if m.Summary != "" {
		text += ": " + m.Summary
	}
	return slack.WebhookMessage{Text: cut(text, maxSection), Blocks: &slack.Blocks{BlockSet: blocks}}
}

// Send posts the message. The error, if any, never holds the webhook URL.
func (s *Slack) Send(ctx context.Context, m Message) error {
	if s.WebhookURL == "" {
		return fmt.Errorf("posting to Slack: %s is not set", WebhookEnv)
	}
	u, err := url.Parse(s.WebhookURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("posting to Slack: %s is not an http(s) URL", WebhookEnv)
	}
	body, err := json.Marshal(SlackMessage(m))
	if err != nil {
		return fmt.Errorf("posting to Slack: encoding the message: %w", err)
	}
	return s.scrub(s.post(ctx, body))
}

func (s *Slack) post(ctx context.Context, body []byte) error {
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	attempts := s.Attempts
	if attempts <= 0 {
		attempts = 4
	}
	backoff := s.Backoff
	if backoff <= 0 {
		backoff = time.Second
	}
	maxWait := s.MaxWait
	if maxWait <= 0 {
		maxWait = 30 * time.Second
	}
	sleep := s.Sleep
	if sleep == nil {
		sleep = sleepCtx
	}
	var last error
	for n := 1; ; n++ {
		wait, err := s.once(ctx, client, body)
		if err == nil {
			return nil
		}
		last = err
		var p *permanent
		if errors.As(err, &p) {
			return fmt.Errorf("posting to Slack: %w", p.err)
		}
		if n >= attempts {
			return fmt.Errorf("posting to Slack: giving up after %d attempts: %w", n, last)
		}
		if wait == 0 {
			wait = backoff << (n - 1)
		}
		if wait > maxWait {
			return fmt.Errorf("posting to Slack: asked to wait %s, longer than the %s this run waits: %w", wait, maxWait, last)
		}
		if err := sleep(ctx, wait); err != nil {
			return fmt.Errorf("posting to Slack: %w (after: %v)", err, last)
		}
	}
}

// permanent is an answer that another attempt will not change (400, 403, 404 …).
type permanent struct{ err error }

func (p *permanent) Error() string { return p.err.Error() }

// once sends one request. It returns the wait that the server asked for (Retry-After) with a
// retryable error, or a *permanent error.
func (s *Slack) once(ctx context.Context, client *http.Client, body []byte) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return 0, &permanent{err}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, &permanent{ctx.Err()}
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = fmt.Errorf("%s: %w", ue.Op, ue.Err) // url.Error names the URL
		}
		return 0, err
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	answer := strings.TrimSpace(string(text))
	if len(answer) > 200 {
		answer = answer[:200] + "…"
	}
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return 0, nil
	case resp.StatusCode == http.StatusTooManyRequests:
		return retryAfter(resp.Header.Get("Retry-After"), time.Now()), fmt.Errorf("Slack answered %d (rate limited): %s", resp.StatusCode, answer)
	case resp.StatusCode >= 500:
		return 0, fmt.Errorf("Slack answered %d: %s", resp.StatusCode, answer)
	}
	return 0, &permanent{fmt.Errorf("Slack answered %d: %s", resp.StatusCode, answer)}
}

// retryAfter reads Retry-After: seconds, or an HTTP date. 0 when absent or unreadable.
func retryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now).Round(time.Second)
	}
	return 0
}

// scrub removes the webhook URL, its path and its query from an error's text.
func (s *Slack) scrub(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	secrets := []string{s.WebhookURL}
	if u, perr := url.Parse(s.WebhookURL); perr == nil {
		if len(u.Path) > 1 {
			secrets = append(secrets, u.Path, u.EscapedPath(), strings.TrimPrefix(u.Path, "/"))
		}
		if u.RawQuery != "" {
			secrets = append(secrets, u.RawQuery)
		}
	}
	for _, x := range secrets {
		if x != "" {
			msg = strings.ReplaceAll(msg, x, "[webhook]")
		}
	}
	return errors.New(msg)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// esc escapes the three characters Slack's mrkdwn gives meaning to in text (&, <, >).
func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
