package selection

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/memoria-history/memoria/internal/history"
)

// Selection is a part of the graph, as asked for; see the package
// documentation for what each field means.
type Selection struct {
	IDs      []history.ID
	Hops     int
	From, To history.ID
	MaxHops  int // 0: DefaultMaxHops, or the caller's cap when lower
	Paths    int
	Kinds    []history.Kind
	Via      []string
	During   history.Date
	Source   history.ID
	Limit    int
}

// The defaults of the numeric parameters.
const (
	DefaultHops    = 1
	DefaultMaxHops = 6
	DefaultPaths   = 1
)

// whole reports whether s selects the whole graph, unfiltered.
func (s Selection) whole() bool {
	return len(s.IDs) == 0 && s.From == "" && len(s.Kinds) == 0 && len(s.Via) == 0 && s.During.IsZero() && s.Source == "" && s.Limit == 0
}

// MaxIDs is the most ids a selection may start from.
const MaxIDs = 100

// Title describes the selection in words, for an export's metadata and a
// picture's caption; name gives the names of the entities and the source
// it names.
func (s Selection) Title(name func(history.ID) string) string {
	var parts []string
	switch {
	case len(s.IDs) > 0:
		names := make([]string, len(s.IDs))
		for i, id := range s.IDs {
			names[i] = name(id)
		}
		parts = append(parts, plural(s.Hops, "hop")+" around "+strings.Join(names, ", "))
	case s.From != "":
		parts = append(parts, plural(s.Paths, "shortest path")+" from "+name(s.From)+" to "+name(s.To)+" within "+plural(cmp.Or(s.MaxHops, DefaultMaxHops), "hop"))
	default:
		parts = append(parts, "the whole graph")
	}
	if len(s.Kinds) > 0 {
		ks := make([]string, len(s.Kinds))
		for i, k := range s.Kinds {
			ks[i] = string(k)
		}
		parts = append(parts, "kinds "+strings.Join(ks, ", "))
	}
	if len(s.Via) > 0 {
		parts = append(parts, "via "+strings.Join(s.Via, ", "))
	}
	if !s.During.IsZero() {
		parts = append(parts, "during "+s.During.EDTF)
	}
	if s.Source != "" {
		parts = append(parts, "supported by "+name(s.Source))
	}
	if s.Limit > 0 {
		parts = append(parts, "at most "+plural(s.Limit, "node"))
	}
	return "Memoria: " + strings.Join(parts, "; ")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// Name is a file name stem for an export of the selection, made of its
// parts in lower-case letters, digits and hyphens: memoria for the whole
// graph, memoria-lavrentiy-beria-2-hops-1934-1941 for Beria's
// neighbourhood then.
func (s Selection) Name() string {
	parts := []string{"memoria"}
	slug := func(id history.ID) string {
		_, rest, _ := strings.Cut(string(id), "/")
		return rest
	}
	switch {
	case len(s.IDs) > 0:
		for _, id := range s.IDs {
			parts = append(parts, slug(id))
		}
		parts = append(parts, strconv.Itoa(s.Hops), "hops")
	case s.From != "":
		parts = append(parts, slug(s.From), "to", slug(s.To))
	}
	for _, k := range s.Kinds {
		parts = append(parts, string(k))
	}
	parts = append(parts, s.Via...)
	if !s.During.IsZero() {
		parts = append(parts, s.During.EDTF)
	}
	if s.Source != "" {
		parts = append(parts, slug(s.Source))
	}
	name := clean(strings.Join(parts, "-"))
	if len(name) > 120 {
		name = strings.TrimRight(name[:120], "-")
	}
	return name
}

// clean keeps lower-case letters and digits, and turns every run of other
// characters into one hyphen.
func clean(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	return b.String()
}
