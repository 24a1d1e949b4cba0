package api

import (
	"testing"
	"time"

	"github.com/graphql-go/graphql"

	"github.com/memoria-history/memoria/internal/history"
)

// TestStringPointerSerializesTheSame checks that handing graphql-go's String
// and ID scalars a value through stringPointer serializes to what the value
// itself did: the same string for strings and string types without methods,
// and the value untouched otherwise.
func TestStringPointerSerializesTheSame(t *testing.T) {
	type plainString string
	text := "by pointer"
	date := history.Date{EDTF: "1938-08-22", Earliest: time.Date(1938, 8, 22, 0, 0, 0, 0, time.UTC)}
	for _, v := range []any{
		"", "Лаврентий Берия", history.ID("person/lavrentiy-beria"), history.Role("victim"), plainString("x"),
		date, &date, 42, 2.5, true, nil, &text,
	} {
		for _, scalar := range []*graphql.Scalar{graphql.String, graphql.ID} {
			want := scalar.Serialize(v)
			if got := scalar.Serialize(stringPointer(v)); got != want {
				t.Errorf("%s.Serialize(stringPointer(%#v)) = %#v, want %#v", scalar.Name(), v, got, want)
			}
		}
	}
}

func TestIsStringScalar(t *testing.T) {
	for _, tt := range []struct {
		t    graphql.Output
		want bool
	}{
		{graphql.String, true}, {nonNull(graphql.String), true}, {graphql.ID, true}, {nonNull(graphql.ID), true},
		{graphql.Int, false}, {graphql.Boolean, false}, {graphql.NewList(graphql.String), false}, {listOf(graphql.ID), false},
	} {
		if got := isStringScalar(tt.t); got != tt.want {
			t.Errorf("isStringScalar(%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
}
