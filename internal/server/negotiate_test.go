package server

import "testing"

// TestAcceptCache checks that the cache answers as negotiate does, for
// the headers it holds and for others.
func TestAcceptCache(t *testing.T) {
	c := newAcceptCache()
	tests := []struct {
		name   string
		accept string
		cached bool
	}{
		{"no header", "", true},
		{"anything", "*/*", true},
		{"json", "application/json", true},
		{"graphql-response", "application/graphql-response+json", true},
		{"both, as memoria bench sends", "application/graphql-response+json, application/json", true},
		{"both with charset", "application/graphql-response+json;charset=utf-8, application/json;charset=utf-8", true},
		{"axios", "application/json, text/plain, */*", true},
		{"json preferred by q", "application/graphql-response+json;q=0.5, application/json", false},
		{"html only", "text/html", false},
		{"malformed", ";;;", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := c[tt.accept]; ok != tt.cached {
				t.Errorf("cached = %v, want %v", ok, tt.cached)
			}
			media, ok := c.negotiate(tt.accept)
			wantMedia, wantOK := negotiate(tt.accept)
			if media != wantMedia || ok != wantOK {
				t.Errorf("negotiate(%q) = %q, %v through the cache; %q, %v without", tt.accept, media, ok, wantMedia, wantOK)
			}
		})
	}
}
