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

// FuzzNegotiate checks that any Accept header either picks one of the two
// media types GraphQL over HTTP answers with or is refused, and that the
// cache never answers otherwise than negotiate.
func FuzzNegotiate(f *testing.F) {
	for accept := range newAcceptCache() {
		f.Add(accept)
	}
	for _, s := range []string{"text/html", ";;;", "application/json;q=0", "application/json;q=NaN, */*;q=0.1", "application/*;q=0.5, application/json;q=1e400", `application/json;foo="a,b"`} {
		f.Add(s)
	}
	c := newAcceptCache()
	f.Fuzz(func(t *testing.T, accept string) {
		media, ok := negotiate(accept)
		if ok != (media != "") || ok && media != mediaJSON && media != mediaGraphQLResponse {
			t.Fatalf("negotiate(%q) = %q, %v", accept, media, ok)
		}
		if m, k := c.negotiate(accept); m != media || k != ok {
			t.Fatalf("negotiate(%q) = %q, %v through the cache; %q, %v without", accept, m, k, media, ok)
		}
	})
}
