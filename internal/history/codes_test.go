package history

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestCodeMeanings pins what clients and scripts rely on: for every code
// that existed when the table was made, its HTTP status, its
// extensions.code and its exit status, one code a line. A new code needs
// no line here; TestCodeTableIsSound checks it.
func TestCodeMeanings(t *testing.T) {
	const table = `
INVALID                   400 BAD_USER_INPUT            3
NOT_FOUND                 404 NOT_FOUND                 3
CONFLICT                  409 CONFLICT                  4
CORRUPT                   500 INTERNAL_SERVER_ERROR     5
LIMIT                     422 LIMIT_EXCEEDED            3
INTERNAL                  500 INTERNAL_SERVER_ERROR     1
BAD_REQUEST               400 BAD_REQUEST               3
UNSUPPORTED_MEDIA_TYPE    415 UNSUPPORTED_MEDIA_TYPE    3
REQUEST_TOO_LARGE         413 REQUEST_TOO_LARGE         3
METHOD_NOT_ALLOWED        405 METHOD_NOT_ALLOWED        3
NOT_ACCEPTABLE            406 NOT_ACCEPTABLE            3
GRAPHQL_PARSE_FAILED      400 GRAPHQL_PARSE_FAILED      3
GRAPHQL_VALIDATION_FAILED 400 GRAPHQL_VALIDATION_FAILED 3
QUERY_TOO_LARGE           400 QUERY_TOO_LARGE           3
QUERY_TOO_DEEP            400 QUERY_TOO_DEEP            3
QUERY_TOO_COMPLEX         400 QUERY_TOO_COMPLEX         3
TOO_MANY_ERRORS           400 TOO_MANY_ERRORS           3
TIMEOUT                   504 TIMEOUT                   1
CANCELLED                 503 CANCELLED                 1
SERVER_BUSY               503 SERVER_BUSY               4
STARTING                  503 STARTING                  4
STORE_UNAVAILABLE         503 STORE_UNAVAILABLE         4
NO_SUCH_CODE              500 INTERNAL_SERVER_ERROR     1
`
	for _, line := range strings.Split(strings.TrimSpace(table), "\n") {
		want := strings.Fields(line)
		m := Code(want[0]).Meaning()
		got := []string{want[0], strconv.Itoa(m.HTTPStatus), m.GraphQL, strconv.Itoa(m.ExitStatus)}
		if !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	}
}

// TestCodeTableIsSound checks every row, including those added later: a
// real HTTP status, a GraphQL code in the conventional form, an exit
// status from the documented list, faults kept from clients, and the
// rules the edges build on.
func TestCodeTableIsSound(t *testing.T) {
	wireCode := regexp.MustCompile(`^[A-Z][A-Z_]*[A-Z]$`)
	exits := []int{ExitFailure, ExitInvalid, ExitConflict, ExitCorrupt, ExitDenied}
	for code, m := range meanings {
		if http.StatusText(m.HTTPStatus) == "" || m.HTTPStatus < 400 {
			t.Errorf("%s: HTTP status %d is not an error status", code, m.HTTPStatus)
		}
		if !wireCode.MatchString(m.GraphQL) {
			t.Errorf("%s: GraphQL code %q is not in SCREAMING_SNAKE_CASE", code, m.GraphQL)
		}
		if !slices.Contains(exits, m.ExitStatus) {
			t.Errorf("%s: exit status %d is none of %v", code, m.ExitStatus, exits)
		}
		if m.HTTPStatus == http.StatusInternalServerError && m.Public {
			t.Errorf("%s: a fault's message would reach clients", code)
		}
		if m.Request && m.HTTPStatus == http.StatusOK {
			t.Errorf("%s: a request error needs a status for graphql-response+json", code)
		}
		if m.RetryAfter < 0 || m.RetryAfter > 0 && m.HTTPStatus != http.StatusServiceUnavailable && m.HTTPStatus != http.StatusTooManyRequests {
			t.Errorf("%s: Retry-After %d with status %d", code, m.RetryAfter, m.HTTPStatus)
		}
	}
	if ExitUsage == 0 || slices.Contains(exits, ExitUsage) {
		t.Errorf("ExitUsage %d is taken by a code", ExitUsage)
	}
}

// TestErrorCodeThroughWrapping: the code an edge translates is the first
// one in the chain, and an error nobody coded is an internal one.
func TestErrorCodeThroughWrapping(t *testing.T) {
	inner := Errorf(CodeNotFound, "unknown id %q", "person/nobody")
	tests := []struct {
		name string
		err  error
		want Code
	}{
		{"nil", nil, ""},
		{"coded", inner, CodeNotFound},
		{"wrapped keeps the inner code", Wrap(CodeInternal, "export", inner), CodeNotFound},
		{"uncoded is internal", http.ErrServerClosed, CodeInternal},
		{"wrapped uncoded takes the wrapper's code", Wrap(CodeConflict, "open", http.ErrServerClosed), CodeConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.want {
				t.Errorf("ErrorCode = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCodeOfGraphQL(t *testing.T) {
	for code, m := range meanings {
		got := CodeOf(m.GraphQL)
		if got.Meaning() != m && !(code == CodeCorrupt && got == CodeInternal) {
			t.Errorf("CodeOf(%q) = %s, whose meaning differs from %s's", m.GraphQL, got, code)
		}
	}
	if got := CodeOf("NO_SUCH_CODE"); got != "" {
		t.Errorf("CodeOf(an unknown code) = %q, want empty", got)
	}
}
