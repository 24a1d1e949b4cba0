package schema

// The terms of what a store writes about its own records: the audit
// record of each committed change, and the mark of a withdrawn record.
// They are not in Terms: they say nothing about history, and a reader of
// the graph's statements leaves them alone.
const (
	// Change is the class of audit records: one per committed change,
	// whose IRI is the base followed by "change/" and its number.
	Change Term = "Change"
	// ChangedBy is who made the change: the name of a token, or the
	// user who ran the command.
	ChangedBy Term = "changedBy"
	// ClientID is the client's id for the mutation, so that a retry
	// applies once.
	ClientID Term = "clientId"
	// Touches points at each record the change wrote.
	Touches Term = "touches"
	// ChangeRecord holds the rest of the audit record, which no query
	// looks changes up by, as one JSON literal: when, the request's id,
	// the operation, a note (a load's dataset), how many records, and the
	// records before and after (history.Dataset's JSON).
	ChangeRecord Term = "changeRecord"

	// Retracted points from a withdrawn record to its retraction node,
	// in the graph of the change that withdrew it.
	Retracted Term = "retracted"
	// Reason says why a record was withdrawn.
	Reason Term = "reason"
	// RetractedAt is when it was withdrawn (xsd:dateTime).
	RetractedAt Term = "retractedAt"
)

// ChangeTerms lists the predicates of audit records.
func ChangeTerms() []Term {
	return []Term{ChangedBy, ClientID, Touches, ChangeRecord}
}

// StoreTermOf returns the term of audit records and retractions whose IRI
// is iri, and whether there is one (TermOf finds the others).
func StoreTermOf(iri string) (Term, bool) {
	for _, t := range append(ChangeTerms(), Change, Retracted, Reason, RetractedAt) {
		if t.IRI() == iri {
			return t, true
		}
	}
	return "", false
}

// ChangePath is what the IRI of an audit record starts with after the
// base: "change/42".
const ChangePath = "change/"
