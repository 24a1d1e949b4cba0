package schema

import (
	"slices"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

func TestMappings(t *testing.T) {
	tests := []struct {
		name string
		term Term
		want []Mapping
	}{
		{"a class", Person, []Mapping{{IRI: NSSchemaOrg + "Person"}}},
		{"a class with two", Event, []Mapping{{IRI: NSSchemaOrg + "Event"}, {IRI: NSSEM + "Event"}}},
		{"an attribute", Description, []Mapping{{IRI: NSSchemaOrg + "description"}}},
		{"a date with a Wikidata property", BirthDate, []Mapping{{IRI: NSSchemaOrg + "birthDate"}, {IRI: NSWikidataDirect + "P569"}}},
		{"an inverse mapping", SuperEvent, []Mapping{{IRI: NSSchemaOrg + "superEvent"}, {IRI: NSSEM + "hasSubEvent", Inverse: true}, {IRI: NSWikidataDirect + "P361"}}},
		{"a relation type", RelationTerm(history.RelAuthorOf), []Mapping{{IRI: NSSchemaOrg + "author", Inverse: true}, {IRI: NSWikidataDirect + "P50", Inverse: true}}},
		{"a name kind maps as alternateName", NameTerm(history.NameKinds()[0]), []Mapping{{IRI: NSSchemaOrg + "alternateName"}}},
		{"a role maps as participant", RoleTerm(history.Roles()[0]), []Mapping{{IRI: NSSEM + "hasActor"}, {IRI: NSWikidataDirect + "P710"}}},
		{"a term without a match", Locator, nil},
		{"not a term", Term("nothing"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.term.Mappings(); !slices.Equal(got, tt.want) {
				t.Errorf("%s.Mappings() = %v, want %v", tt.term, got, tt.want)
			}
		})
	}
}

func TestMappingsCoverTheVocabulary(t *testing.T) {
	terms := Terms()
	for term := range mappings {
		if !slices.Contains(terms, term) {
			t.Errorf("the mapping table maps %q, which is not a term of the vocabulary", term)
		}
	}
	for _, term := range terms {
		if _, isClass := KindOf(term); isClass && len(term.Mappings()) == 0 {
			t.Errorf("class %s maps to nothing", term)
		}
	}
}

func TestMappingsAreCopies(t *testing.T) {
	m := Person.Mappings()
	m[0].IRI = "changed"
	if got := Person.Mappings()[0].IRI; got != NSSchemaOrg+"Person" {
		t.Errorf("after changing a returned mapping, Person maps to %q", got)
	}
}
