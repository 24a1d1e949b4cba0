package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Conn posts prepared GraphQL requests over one keep-alive HTTP/1.1
// connection of its own, as a load generator such as wrk does: it writes
// each request in one piece and reads the answer with net/http's response
// parser, without the client's transport. On two CPUs shared with the
// server, Go's transport (a reader and a writer goroutine per connection,
// and the hand-offs between them and the caller) costs about as much CPU
// per request as the server's own work, and a load generator that heavy
// measures itself. A Conn is for one goroutine at a time.
type Conn struct {
	addr, host, path string
	conn             net.Conn
	in               *bufio.Reader
	req, answer      bytes.Buffer
}

// NewConn returns a poster to the GraphQL endpoint at rawURL, an http URL;
// it dials on the first request.
func NewConn(rawURL string) (*Conn, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return nil, fmt.Errorf("graphql: %q is not an http URL with a host", rawURL)
	}
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "80")
	}
	return &Conn{addr: addr, host: u.Host, path: u.RequestURI()}, nil
}

// connTimeout bounds one request when ctx has no earlier deadline.
const connTimeout = 60 * time.Second

// Post sends one request and reads the whole answer. Like GraphQL.Post it
// fails unless the status is 200 and the answer has no "errors" member. A
// failed request closes the connection; the next one dials again.
func (c *Conn) Post(ctx context.Context, body []byte) error {
	status, err := c.roundTrip(ctx, body)
	if err != nil {
		c.Close()
		return fmt.Errorf("graphql: %w", err)
	}
	return checkAnswer(status, c.answer.Bytes())
}

func (c *Conn) roundTrip(ctx context.Context, body []byte) (int, error) {
	if c.conn == nil {
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", c.addr)
		if err != nil {
			return 0, err
		}
		c.conn = conn
		if c.in == nil {
			c.in = bufio.NewReaderSize(conn, 16<<10)
		} else {
			c.in.Reset(conn)
		}
	}
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(connTimeout)
	}
	if err := c.conn.SetDeadline(deadline); err != nil {
		return 0, err
	}
	c.req.Reset()
	c.req.WriteString("POST ")
	c.req.WriteString(c.path)
	c.req.WriteString(" HTTP/1.1\r\nHost: ")
	c.req.WriteString(c.host)
	c.req.WriteString("\r\nContent-Type: application/json\r\nAccept: application/graphql-response+json, application/json\r\nContent-Length: ")
	c.req.Write(strconv.AppendInt(c.req.AvailableBuffer(), int64(len(body)), 10))
	c.req.WriteString("\r\n\r\n")
	c.req.Write(body)
	if _, err := c.conn.Write(c.req.Bytes()); err != nil {
		return 0, err
	}
	resp, err := http.ReadResponse(c.in, nil)
	if err != nil {
		return 0, err
	}
	c.answer.Reset()
	_, err = io.Copy(&c.answer, resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, fmt.Errorf("read the answer: %w", err)
	}
	if resp.Close {
		c.Close()
	}
	return resp.StatusCode, nil
}

// Close closes the connection, if one is open.
func (c *Conn) Close() {
	if c.conn != nil {
		_ = c.conn.Close()
		c.conn = nil
	}
}
