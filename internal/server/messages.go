package server

import (
	"strconv"
	"unicode/utf8"

	"github.com/graphql-go/graphql/gqlerrors"
)

// maxMessage is the longest error message answered, in bytes. graphql-go
// quotes a variable's whole value when it cannot coerce it ("Variable "$d"
// got invalid value …", the value twice in some messages): a 1 MB value
// would come back in a 2 MB answer.
const maxMessage = 400

// shortMessages cuts every message past maxMessage, at a letter's
// boundary, saying how long it was. It copies errs only when it cuts.
func shortMessages(errs []gqlerrors.FormattedError) []gqlerrors.FormattedError {
	var out []gqlerrors.FormattedError
	for i, e := range errs {
		if len(e.Message) <= maxMessage {
			continue
		}
		if out == nil {
			out = append([]gqlerrors.FormattedError(nil), errs...)
		}
		cut := maxMessage
		for cut > 0 && !utf8.RuneStart(e.Message[cut]) {
			cut--
		}
		out[i].Message = e.Message[:cut] + "… (cut: the message was " + strconv.Itoa(len(e.Message)) + " bytes)"
	}
	if out == nil {
		return errs
	}
	return out
}
