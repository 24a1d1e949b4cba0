package api

import (
	"context"
	"errors"
	"fmt"

	"github.com/memoria-history/memoria/internal/history"
)

// The extensions.code values of errors raised while executing a query. The
// HTTP layer adds its own for parse, validation and limit failures.
const (
	CodeBadUserInput = "BAD_USER_INPUT"
	CodeNotFound     = "NOT_FOUND"
	CodeLimit        = "LIMIT_EXCEEDED"
	CodeInternal     = "INTERNAL_SERVER_ERROR"
	CodeTimeout      = "TIMEOUT"
)

// Error is an error a resolver returns to the client: a message safe to
// show and a code in extensions. graphql-go copies Extensions into the
// response.
type Error struct {
	Code    string
	Message string
	cause   error
}

func (e *Error) Error() string { return e.Message }

func (e *Error) Unwrap() error { return e.cause }

// Extensions implements graphql-go's gqlerrors.ExtendedError.
func (e *Error) Extensions() map[string]any { return map[string]any{"code": e.Code} }

// clientError translates any error into one fit for a client: history's
// codes map to GraphQL codes; internal faults lose their detail, which may
// name files or memory, and keep only a generic message.
func clientError(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return &Error{Code: CodeTimeout, Message: "the request ran out of time or was cancelled", cause: err}
	}
	switch history.ErrorCode(err) {
	case history.CodeInvalid:
		return &Error{Code: CodeBadUserInput, Message: err.Error(), cause: err}
	case history.CodeNotFound:
		return &Error{Code: CodeNotFound, Message: err.Error(), cause: err}
	case history.CodeLimit:
		return &Error{Code: CodeLimit, Message: err.Error(), cause: err}
	}
	return &Error{Code: CodeInternal, Message: "internal error", cause: err}
}

func badInput(format string, args ...any) error {
	return &Error{Code: CodeBadUserInput, Message: fmt.Sprintf(format, args...)}
}

func notFound(id string) error {
	return &Error{Code: CodeNotFound, Message: "no record with id \"" + id + "\""}
}
