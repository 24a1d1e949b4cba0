package auth

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
)

var testNow = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

func newToken(t testing.TB, name string, role Role) (string, Token) {
	t.Helper()
	secret, tok, err := New(name, role, testNow)
	if err != nil {
		t.Fatalf("New(%q, %q): %v", name, role, err)
	}
	return secret, tok
}

func code(err error) history.Code {
	var e *history.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestNewTokenShape(t *testing.T) {
	secret, tok := newToken(t, "anna", RoleEditor)
	if !strings.HasPrefix(secret, Prefix) || len(secret) != len(Prefix)+encodedLen {
		t.Fatalf("secret %q: want %q and %d characters", secret, Prefix, encodedLen)
	}
	if tok.Digest == (Digest{}) || tok.Name != "anna" || tok.Role != RoleEditor || !tok.Created.Equal(testNow) {
		t.Errorf("token = %+v", tok)
	}
	if strings.Contains(tok.Digest.String(), secret[len(Prefix):len(Prefix)+8]) {
		t.Errorf("the digest shows part of the secret")
	}
	other, _ := newToken(t, "anna", RoleEditor)
	if other == secret {
		t.Errorf("two tokens have the same secret")
	}
	d, err := ParseDigest(tok.Digest.String())
	if err != nil || d != tok.Digest {
		t.Errorf("ParseDigest(String()) = %v, %v; want the digest back", d, err)
	}
}

func TestNewRefuses(t *testing.T) {
	tests := []struct {
		name, token string
		role        Role
		want        string
	}{
		{"no name", "", RoleEditor, "needs a name"},
		{"space", "anna k", RoleEditor, `' ' at byte 4`},
		{"too long", strings.Repeat("a", 65), RoleEditor, "at most 64"},
		{"unknown role", "anna", "owner", `role "owner" is not one of reader, editor, admin`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := New(tt.token, tt.role, testNow)
			if err == nil || !strings.Contains(err.Error(), tt.want) || code(err) != history.CodeInvalid {
				t.Errorf("New(%q, %q) = %v; want INVALID saying %q", tt.token, tt.role, err, tt.want)
			}
		})
	}
}

func TestAuthenticate(t *testing.T) {
	editor, editorTok := newToken(t, "anna", RoleEditor)
	revoked, revokedTok := newToken(t, "boris", RoleAdmin)
	revokedTok.Revoked = testNow.Add(time.Hour)
	stranger, _ := newToken(t, "carl", RoleAdmin)
	k := NewKeyring([]Token{editorTok, revokedTok})

	// One character changed for another a token may hold: only the
	// checksum can tell.
	flipped := []byte(editor)
	if flipped[10] == 'A' {
		flipped[10] = 'B'
	} else {
		flipped[10] = 'A'
	}
	tests := []struct {
		name, secret string
		want         string // the token's name, or what the error says
		ok           bool
	}{
		{"editor", editor, "anna", true},
		{"revoked", revoked, `"boris" was revoked`, false},
		{"unknown", stranger, "not known", false},
		{"no prefix", "ghp_" + editor[4:], "must begin with", false},
		{"cut short", editor[:30], "cut short", false},
		{"mistyped", string(flipped), "checksum", false},
		{"bad characters", Prefix + strings.Repeat("*", encodedLen), "characters", false},
		{"empty", "", "must begin with", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := k.Authenticate(tt.secret)
			if tt.ok {
				if err != nil || got.Name != tt.want {
					t.Fatalf("Authenticate = %+v, %v; want %q", got, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || code(err) != history.CodeUnauthenticated {
				t.Fatalf("Authenticate = %v; want UNAUTHENTICATED saying %q", err, tt.want)
			}
			if tt.secret != "" && strings.Contains(err.Error(), tt.secret) {
				t.Errorf("the error repeats the secret")
			}
		})
	}
}

func TestRoleAllows(t *testing.T) {
	tests := []struct {
		have, need Role
		want       bool
	}{
		{RoleReader, RoleReader, true},
		{RoleReader, RoleEditor, false},
		{RoleEditor, RoleEditor, true},
		{RoleEditor, RoleAdmin, false},
		{RoleAdmin, RoleEditor, true},
		{RoleAdmin, RoleAdmin, true},
		{"", RoleReader, false},
		{"root", "root", false},
	}
	for _, tt := range tests {
		if got := tt.have.Allows(tt.need); got != tt.want {
			t.Errorf("%q.Allows(%q) = %v, want %v", tt.have, tt.need, got, tt.want)
		}
	}
}

func TestBearer(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		secret  string
		present bool
		err     string
	}{
		{"none", nil, "", false, ""},
		{"bearer", []string{"Bearer mem_x"}, "mem_x", true, ""},
		{"lower case scheme", []string{"bearer  mem_x "}, "mem_x", true, ""},
		{"basic", []string{"Basic YTpi"}, "", true, "Bearer mem_"},
		{"two", []string{"Bearer a", "Bearer b"}, "", true, "2 Authorization headers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for _, v := range tt.headers {
				h.Add("Authorization", v)
			}
			secret, present, err := Bearer(h)
			if secret != tt.secret || present != tt.present || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Bearer = %q, %v, %v; want %q, %v, error with %q", secret, present, err, tt.secret, tt.present, tt.err)
			}
		})
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(2, 3) // two a second, three at once
	now := testNow
	for i := range 3 {
		if ok, _ := l.Take("anna", now); !ok {
			t.Fatalf("write %d of the burst refused", i+1)
		}
	}
	if spent, wait := l.Spent("anna", now); !spent || wait <= 0 || wait > time.Second {
		t.Errorf("after the burst: Spent = %v, %v; want spent, under a second to wait", spent, wait)
	}
	if ok, wait := l.Take("anna", now); ok || wait != 500*time.Millisecond {
		t.Errorf("fourth write at once: Take = %v, %v; want refused, 500ms", ok, wait)
	}
	if ok, _ := l.Take("boris", now); !ok {
		t.Errorf("another token is held back by anna's writes")
	}
	if ok, _ := l.Take("anna", now.Add(500*time.Millisecond)); !ok {
		t.Errorf("half a second later anna may not write")
	}
	unlimited := NewLimiter(0, 0)
	for range 1000 {
		if ok, _ := unlimited.Take("anna", now); !ok {
			t.Fatal("a limiter without a rate refused a write")
		}
	}
}

func FuzzAuthenticate(f *testing.F) {
	secret, tok := newToken(f, "anna", RoleEditor)
	k := NewKeyring([]Token{tok})
	f.Add(secret)
	f.Add(Prefix)
	f.Add("Bearer " + secret)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := k.Authenticate(s)
		if err == nil && (s != secret || got.Name != "anna") {
			t.Fatalf("Authenticate(%q) accepted it as %q", s, got.Name)
		}
		if err != nil && code(err) != history.CodeUnauthenticated {
			t.Fatalf("Authenticate(%q) = %v, want UNAUTHENTICATED", s, err)
		}
	})
}
