package history

import (
	"errors"
	"fmt"
)

// Code classifies an Error so that the edges of the program (the command
// line, HTTP, GraphQL) can translate it once into an exit status, a status
// code or an error extension.
type Code string

// The codes an Error may carry.
const (
	// CodeInvalid means the input broke a rule of the model or a format.
	CodeInvalid Code = "INVALID"
	// CodeNotFound means an identifier names nothing.
	CodeNotFound Code = "NOT_FOUND"
	// CodeConflict means the request clashes with the state of the store,
	// for example a store held by another process.
	CodeConflict Code = "CONFLICT"
	// CodeCorrupt means stored data cannot be read back as written.
	CodeCorrupt Code = "CORRUPT"
	// CodeLimit means a request went past a configured limit.
	CodeLimit Code = "LIMIT"
	// CodeInternal means a fault of Memoria itself.
	CodeInternal Code = "INTERNAL"
)

// Error is the one error type of Memoria. Op says what failed, Message says
// it for a person, and Err keeps the cause for errors.Is and errors.As.
type Error struct {
	Code    Code
	Op      string
	Message string
	Err     error
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	} else if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	if e.Op == "" {
		return msg
	}
	return e.Op + ": " + msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns err annotated with op and, if err carries no code yet, code.
// It returns nil for a nil err.
func Wrap(code Code, op string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		code = e.Code
	}
	return &Error{Code: code, Op: op, Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, CodeInternal
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}
