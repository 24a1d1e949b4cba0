package api

import (
	"context"
	"errors"

	"github.com/memoria-history/memoria/internal/history"
)

// gqlError is an error as a client sees it: a message safe to show and,
// in extensions, the GraphQL code history's table gives its code.
// graphql-go copies Extensions into the response.
type gqlError struct {
	code        history.Code
	msg         string
	cause       error
	suggestions []string         // the ids a NOT_FOUND error suggests
	problems    []map[string]any // a refused change's problems, located in the input
}

func (e *gqlError) Error() string { return e.msg }

func (e *gqlError) Unwrap() error { return e.cause }

// Extensions implements graphql-go's gqlerrors.ExtendedError.
func (e *gqlError) Extensions() map[string]any {
	ext := map[string]any{"code": e.code.Meaning().GraphQL}
	if len(e.suggestions) > 0 {
		ext["suggestions"] = e.suggestions
	}
	if len(e.problems) > 0 {
		ext["problems"] = e.problems
	}
	return ext
}

// clientError translates any error a resolver returns into one fit for a
// client, once: an ended context is a timeout; otherwise the error keeps
// its code, and its message where the table says it is public. A fault's
// message may name files or memory: the client gets a generic one.
func clientError(err error) error {
	code, msg := history.ErrorCode(err), err.Error()
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		code, msg = history.CodeTimeout, "the request ran out of time or was cancelled"
	}
	if !code.Meaning().Public {
		msg = "internal error"
	}
	ge := &gqlError{code: code, msg: msg, cause: err}
	if m := (*missingError)(nil); errors.As(err, &m) {
		ge.suggestions = m.suggestions
	}
	if l := (*locatedError)(nil); errors.As(err, &l) {
		ge.problems = l.problems
	}
	return ge
}

func badInput(format string, args ...any) error {
	return history.Errorf(history.CodeInvalid, format, args...)
}

// notFound is the error for a record that a stored reference names and
// the data lacks; an id a client gives is unknownID's.
func notFound(id string) error {
	return history.Errorf(history.CodeNotFound, "no record with id \"%s\"", id)
}

func overLimit(arg string, max, got int) error {
	return history.Errorf(history.CodeLimit, "argument %s: at most %d allowed, got %d", arg, max, got)
}
