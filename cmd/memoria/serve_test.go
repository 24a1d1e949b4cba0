package main

import (
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestServeConfig: serve's flags and the variables that stand in for them
// are read into its configuration before anything runs; a flag wins over
// its variable.
func TestServeConfig(t *testing.T) {
	want := func(addr string, timeout time.Duration, origins ...string) serveConfig {
		return serveConfig{db: "memory:", addr: addr, opts: serveOptions{origins: origins, timeout: timeout}}
	}
	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
		want serveConfig
	}{
		{"defaults", nil, nil, want(":8080", 10*time.Second, "*")},
		{"variables", map[string]string{"MEMORIA_ADDR": "127.0.0.1:9000", "MEMORIA_CORS_ORIGINS": "https://a.example, https://b.example"}, nil, want("127.0.0.1:9000", 10*time.Second, "https://a.example", "https://b.example")},
		{"flags over variables", map[string]string{"MEMORIA_ADDR": "127.0.0.1:9000"}, []string{"--addr", ":7000", "--cors-origins", "https://c.example", "--timeout", "3s"}, want(":7000", 3*time.Second, "https://c.example")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := env{getenv: func(k string) string { return tt.env[k] }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
			got, err := parseServeFlags(e, globals{db: "memory:"}, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			if got.db != tt.want.db || got.addr != tt.want.addr || !slices.Equal(got.opts.origins, tt.want.opts.origins) || got.opts.timeout != tt.want.opts.timeout || got.opts.logger == nil {
				t.Errorf("got db %q, addr %q, origins %q, timeout %v, logger %v; want %q, %q, %q, %v and a logger",
					got.db, got.addr, got.opts.origins, got.opts.timeout, got.opts.logger, tt.want.db, tt.want.addr, tt.want.opts.origins, tt.want.opts.timeout)
			}
		})
	}
}
