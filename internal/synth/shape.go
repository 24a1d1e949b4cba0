package synth

import (
	"strings"

	"github.com/memoria-history/memoria/internal/history"
)

// Shape is the kind of graph Generate writes: the same people, names,
// places and groups, linked in different ways and at different densities.
type Shape string

// The shapes Generate knows. The zero value is ShapeRegistry.
const (
	// ShapeRegistry is a registry of victims of political terror, the
	// shape of Memorial's database: each person a record with names and
	// dates, tied to the rest mostly through the repression events they
	// suffered (an arrest, a sentence, an execution or a camp term) and
	// the few officials who signed or carried out thousands of sentences.
	// Person-to-person relations are rare. About 13 quads per person.
	ShapeRegistry Shape = "registry"
	// ShapeNetwork is a dense social network: about 4.5 relations and 5.5
	// event participations per person, most of them between people. About
	// 60 to 70 quads per person. It is the generator's first shape, and its
	// output is kept byte for byte.
	ShapeNetwork Shape = "network"
)

// Shapes lists the shapes, the default first.
func Shapes() []Shape { return []Shape{ShapeRegistry, ShapeNetwork} }

// ParseShape returns the shape named s; the empty string is the default,
// ShapeRegistry.
func ParseShape(s string) (Shape, error) {
	if s == "" {
		return ShapeRegistry, nil
	}
	for _, sh := range Shapes() {
		if string(sh) == s {
			return sh, nil
		}
	}
	return "", history.Errorf(history.CodeInvalid, "unknown dataset shape %q: use one of %s", s, ShapeNames())
}

// ShapeNames lists the shapes' names for messages: "registry, network".
func ShapeNames() string {
	names := make([]string, 0, len(Shapes()))
	for _, sh := range Shapes() {
		names = append(names, string(sh))
	}
	return strings.Join(names, ", ")
}

// orDefault returns the shape, with the zero value read as the default.
func (s Shape) orDefault() Shape {
	if s == "" {
		return ShapeRegistry
	}
	return s
}
