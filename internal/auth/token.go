package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/memoria-history/memoria/internal/history"
)

// Prefix begins every token, so that people and secret scanners can tell a
// Memoria token in a log, a notebook or a commit.
const Prefix = "mem_"

const (
	secretBytes = 32
	checkBytes  = 4
	// encodedLen is the length of a token after its prefix: 36 bytes in
	// unpadded base64.
	encodedLen = 48
)

// Digest is the SHA-256 of a token's secret: what the store keeps.
type Digest [sha256.Size]byte

// String gives the digest in hex, the form the store writes.
func (d Digest) String() string { return hex.EncodeToString(d[:]) }

// ParseDigest reads a digest in hex, as String writes it.
func ParseDigest(s string) (Digest, error) {
	var d Digest
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(d) {
		return d, fmt.Errorf("token digest %q: want %d hex digits", s, 2*len(d))
	}
	copy(d[:], b)
	return d, nil
}

// Token is what is kept of a token: who holds it, what it may do, and the
// digest of its secret.
type Token struct {
	Name    string
	Role    Role
	Digest  Digest
	Created time.Time
	// Revoked is when the token was revoked; zero while it is valid.
	Revoked time.Time
}

// Active says whether the token may still be used.
func (t Token) Active() bool { return t.Revoked.IsZero() }

// New makes a token for name with role: the secret to show once, and the
// record to keep.
func New(name string, role Role, now time.Time) (secret string, t Token, err error) {
	if err := CheckName(name); err != nil {
		return "", Token{}, err
	}
	if err := role.Check(); err != nil {
		return "", Token{}, err
	}
	raw := make([]byte, secretBytes, secretBytes+checkBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", Token{}, fmt.Errorf("make token: %w", err)
	}
	raw = binary.BigEndian.AppendUint32(raw, crc32.ChecksumIEEE(raw))
	secret = Prefix + base64.RawURLEncoding.EncodeToString(raw)
	return secret, Token{Name: name, Role: role, Digest: digest(secret), Created: now.UTC()}, nil
}

// digest is the SHA-256 of the whole token, prefix included.
func digest(secret string) Digest { return sha256.Sum256([]byte(secret)) }

// parse checks that secret has a token's shape and checksum, and gives its
// digest. Its errors never repeat the secret: they end up in answers.
func parse(secret string) (Digest, error) {
	if !strings.HasPrefix(secret, Prefix) {
		return Digest{}, history.Errorf(history.CodeUnauthenticated, "the bearer token is not a Memoria token: it must begin with %q", Prefix)
	}
	body := secret[len(Prefix):]
	if len(body) != encodedLen {
		return Digest{}, history.Errorf(history.CodeUnauthenticated, "the bearer token is %d characters long after %q, want %d: was it cut short?", len(body), Prefix, encodedLen)
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	// The decoder skips line breaks, so 48 characters may hold fewer bytes.
	if err != nil || len(raw) != secretBytes+checkBytes {
		return Digest{}, history.Errorf(history.CodeUnauthenticated, "the bearer token holds characters a token never has")
	}
	if crc32.ChecksumIEEE(raw[:secretBytes]) != binary.BigEndian.Uint32(raw[secretBytes:]) {
		return Digest{}, history.Errorf(history.CodeUnauthenticated, "the bearer token's checksum does not match: it was mistyped or altered")
	}
	return digest(secret), nil
}

// CheckName refuses a token name that would be hard to read in an audit
// record or a log: names are 1 to 64 letters, digits and . _ - @.
func CheckName(name string) error {
	if name == "" {
		return history.Errorf(history.CodeInvalid, "a token needs a name: who or what will use it")
	}
	if n := utf8.RuneCountInString(name); n > 64 {
		return history.Errorf(history.CodeInvalid, "token name is %d characters long, at most 64", n)
	}
	for i, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-@", r)) {
			return history.Errorf(history.CodeInvalid, "token name %q has %q at byte %d: use letters, digits and . _ - @", name, r, i)
		}
	}
	return nil
}
