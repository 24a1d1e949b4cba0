package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// NewHTTPClient returns a client that keeps up to conns connections to a
// host open between requests: Go's default transport keeps two, and more
// concurrent requests than that would open and close a connection each
// and measure TCP set-up instead of the server. A load generator should
// give each of its clients one of its own with conns 1, so that each holds
// exactly one connection: with a shared pool, Go's transport dials a spare
// when two requests race for an idle one. It ignores proxy settings from
// the environment: a benchmark talks to loopback directly.
func NewHTTPClient(conns int) *http.Client {
	conns = max(conns, 1)
	t := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &http.Client{Transport: t, Timeout: 60 * time.Second}
}

// GraphQL posts prepared GraphQL-over-HTTP request bodies to one endpoint.
// It is safe for concurrent use.
type GraphQL struct {
	url    string
	client *http.Client
	token  string    // sent as a bearer token when set: writes need one
	bufs   sync.Pool // *bytes.Buffer, for answers, so that reading one allocates little
}

// NewGraphQL returns a poster to the GraphQL endpoint at url.
func NewGraphQL(url string, client *http.Client) *GraphQL {
	return NewAuthorizedGraphQL(url, client, "")
}

// NewAuthorizedGraphQL returns a poster to the GraphQL endpoint at url
// that sends token as a bearer token with every request, as a writer
// must.
func NewAuthorizedGraphQL(url string, client *http.Client, token string) *GraphQL {
	return &GraphQL{url: url, client: client, token: token, bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
}

// Body returns the JSON request body of a query with its variables, to be
// prepared before a timed run.
func Body(query string, variables map[string]any) ([]byte, error) {
	b, err := json.Marshal(map[string]any{"query": query, "variables": variables})
	if err != nil {
		return nil, fmt.Errorf("encode a GraphQL request: %w", err)
	}
	return b, nil
}

// Post sends one request and reads the whole answer, which keeps the
// connection reusable. It fails unless the status is 200 and the answer
// has no "errors" member: that key cannot occur inside a JSON string
// (quotes there are escaped), and Memoria's schema has no field of that
// name, so the check is exact without decoding the answer.
func (g *GraphQL) Post(ctx context.Context, body []byte) error {
	buf := g.bufs.Get().(*bytes.Buffer)
	defer g.bufs.Put(buf)
	buf.Reset()
	status, err := g.do(ctx, body, buf)
	if err != nil {
		return err
	}
	return checkAnswer(status, buf.Bytes())
}

// checkAnswer is Post's check of an answer: status 200 and no "errors"
// member.
func checkAnswer(status int, body []byte) error {
	if status != http.StatusOK || bytes.Contains(body, []byte(`"errors":`)) {
		return answerError(status, body)
	}
	return nil
}

// Query sends one request and decodes the answer's data, failing on a
// status other than 200, on errors, and on a null top-level field: a
// fuller check than Post's, for the untimed calls that make sure a
// benchmark measures real answers.
func (g *GraphQL) Query(ctx context.Context, body []byte) (map[string]json.RawMessage, error) {
	var buf bytes.Buffer
	status, err := g.do(ctx, body, &buf)
	if err != nil {
		return nil, err
	}
	var resp struct {
		Data   map[string]json.RawMessage `json:"data"`
		Errors []json.RawMessage          `json:"errors"`
	}
	if status != http.StatusOK || json.Unmarshal(buf.Bytes(), &resp) != nil || len(resp.Errors) > 0 || resp.Data == nil {
		return nil, answerError(status, buf.Bytes())
	}
	for field, v := range resp.Data {
		if string(v) == "null" {
			return nil, fmt.Errorf("graphql: %s is null in %s", field, clip(buf.Bytes()))
		}
	}
	return resp.Data, nil
}

func (g *GraphQL) do(ctx context.Context, body []byte, buf *bytes.Buffer) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("graphql: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json, application/json")
	if g.token != "" {
		req.Header.Set("Authorization", "Bearer "+g.token)
	}
	resp, err := g.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("graphql: %w", err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(buf, resp.Body); err != nil {
		return 0, fmt.Errorf("graphql: read the answer: %w", err)
	}
	return resp.StatusCode, nil
}

func answerError(status int, body []byte) error {
	return fmt.Errorf("graphql: status %d: %s", status, clip(body))
}

// clip shortens an answer for an error message.
func clip(b []byte) string {
	const most = 300
	if len(b) > most {
		return string(b[:most]) + "..."
	}
	return string(b)
}
