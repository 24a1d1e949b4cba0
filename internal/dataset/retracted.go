package dataset

import (
	"go.yaml.in/yaml/v3"

	"github.com/memoria-history/memoria/internal/history"
)

// retracted reads a record's retraction: {reason: ..., cite: ...}. A
// retracted record stays in a dataset, as it stays in a store, with why it
// was withdrawn and who says so.
func (r *reader) retracted(f field, rec history.ID) *history.Retracted {
	out := &history.Retracted{}
	slots := []slot{{"reason", &out.Reason}, {"cite", &out.Citations}}
	n := resolve(f.value)
	if n.Kind != yaml.MappingNode {
		r.problem(f.line, rec, f.key, "want {reason: why, cite: SOURCE-ID LOCATOR}, got %s", kindName(n))
		return nil
	}
	r.record(n, rec, "retraction", slots, nil)
	return out
}
