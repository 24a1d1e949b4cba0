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
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		addr    string
		origins []string
		timeout time.Duration
	}{
		{"defaults", nil, nil, ":8080", []string{"*"}, 10 * time.Second},
		{"variables", nil, map[string]string{"MEMORIA_ADDR": "127.0.0.1:9000", "MEMORIA_CORS_ORIGINS": "https://a.example, https://b.example"}, "127.0.0.1:9000", []string{"https://a.example", "https://b.example"}, 10 * time.Second},
		{"flags over variables", []string{"--addr", ":7000", "--cors-origins", "https://c.example", "--timeout", "3s"}, map[string]string{"MEMORIA_ADDR": "127.0.0.1:9000"}, ":7000", []string{"https://c.example"}, 3 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := env{getenv: func(k string) string { return tt.env[k] }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
			cfg, err := parseServeFlags(e, globals{db: "memory:"}, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.db != "memory:" || cfg.addr != tt.addr || !slices.Equal(cfg.opts.origins, tt.origins) || cfg.opts.timeout != tt.timeout || cfg.opts.logger == nil {
				t.Errorf("got db %q, addr %q, origins %q, timeout %v, logger %v; want memory:, %q, %q, %v and a logger", cfg.db, cfg.addr, cfg.opts.origins, cfg.opts.timeout, cfg.opts.logger, tt.addr, tt.origins, tt.timeout)
			}
		})
	}
}
