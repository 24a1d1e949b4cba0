package selection

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/memoria-history/memoria/internal/history"
)

func TestParse(t *testing.T) {
	beria, yezhov := history.ID("person/lavrentiy-beria"), history.ID("person/nikolai-yezhov")
	whole := Selection{Hops: DefaultHops, Paths: DefaultPaths}
	with := func(f func(*Selection)) Selection {
		s := whole
		f(&s)
		return s
	}
	tests := []struct {
		query string
		want  Selection
	}{
		{"", whole},
		{"id=person/lavrentiy-beria&hops=2&during=1934/1941", with(func(s *Selection) {
			s.IDs, s.Hops, s.During = []history.ID{beria}, 2, history.MustParseDate("1934/1941")
		})},
		{"id=person/lavrentiy-beria,person/nikolai-yezhov&id=person/lavrentiy-beria", with(func(s *Selection) {
			s.IDs = []history.ID{beria, yezhov, beria}
		})},
		{"id=person/lavrentiy-beria&hops=0", with(func(s *Selection) { s.IDs, s.Hops = []history.ID{beria}, 0 })},
		{"from=person/lavrentiy-beria&to=person/nikolai-yezhov&maxHops=3&paths=2", with(func(s *Selection) {
			s.From, s.To, s.MaxHops, s.Paths = beria, yezhov, 3, 2
		})},
		{"kinds=person,group&kinds=person&via=member-of,%20led&source=source/essay-special-treatment&limit=50", with(func(s *Selection) {
			s.Kinds = []history.Kind{history.KindPerson, history.KindGroup}
			s.Via = []string{"member-of", "led"}
			s.Source = "source/essay-special-treatment"
			s.Limit = 50
		})},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(q)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		query string
		code  history.Code
		want  string
	}{
		{"hop=2", history.CodeInvalid, `unknown parameter "hop"`},
		{"id=person/x&hops=two", history.CodeInvalid, `parameter hops: "two" is not a whole number`},
		{"id=person/x&hops=-1", history.CodeInvalid, "must not be negative"},
		{"id=person/x&hops=1&hops=2", history.CodeInvalid, "parameter hops is given 2 times"},
		{"hops=2", history.CodeInvalid, "parameter hops needs id"},
		{"maxHops=2", history.CodeInvalid, "need from and to"},
		{"id=beria", history.CodeInvalid, `"beria" is not an id`},
		{"id=", history.CodeInvalid, "parameter id is empty"},
		{"id=person/a%20b", history.CodeInvalid, "is not an id"},
		{"from=person/x", history.CodeInvalid, "a path needs both from and to"},
		{"from=person/x&to=person/y&id=person/z", history.CodeInvalid, "not both"},
		{"from=person/x&to=person/y&paths=0", history.CodeInvalid, "paths must be at least 1"},
		{"from=person/x&to=person/y&maxHops=0", history.CodeInvalid, "maxHops must be at least 1"},
		{"limit=0", history.CodeInvalid, "parameter limit must be at least 1"},
		{"id=person/x&limit=0", history.CodeInvalid, "leave it out for no limit"},
		{"kinds=source", history.CodeInvalid, `unknown kind "source"`},
		{"during=1934/19411", history.CodeInvalid, "parameter during"},
		{"during=", history.CodeInvalid, "parameter during is empty"},
		{"source=person/x", history.CodeInvalid, "not a source id"},
		{"id=" + strings.Repeat("person/x,", MaxIDs+1), history.CodeLimit, "at most 100 ids"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Parse(q)
			if got := history.ErrorCode(err); got != tt.code {
				t.Fatalf("error %v: code %q, want %q", err, got, tt.code)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestName(t *testing.T) {
	tests := []struct {
		query, want string
	}{
		{"", "memoria"},
		{"id=person/lavrentiy-beria&hops=2&during=1934/1941", "memoria-lavrentiy-beria-2-hops-1934-1941"},
		{"from=person/leon-trotsky&to=person/lavrentiy-beria&kinds=person", "memoria-leon-trotsky-to-lavrentiy-beria-person"},
		{"source=source/essay-special-treatment&via=member-of", "memoria-member-of-essay-special-treatment"},
		{"during=1923-05%3F", "memoria-1923-05"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			s, err := Parse(q)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Name(); got != tt.want {
				t.Errorf("Name() = %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzParse checks that no query makes Parse panic, and that whatever it
// accepts it writes back (Query) into a query it reads as the same
// selection, with a file name of plain characters.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"", "id=person/lavrentiy-beria&hops=2&during=1934/1941", "from=person/a&to=person/b&maxHops=3&paths=2",
		"kinds=person,group&via=member-of&source=source/essay&limit=5", "during=1923-05%3F", "id=a/b,,c/d&kinds=event",
		"hops=1&id=person/x&id=person/x", "during=..%2F1930", "limit=99999999999999999999",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		s, err := Parse(q)
		if err != nil {
			if history.ErrorCode(err) == history.CodeInternal {
				t.Fatalf("Parse(%q) failed without a code: %v", raw, err)
			}
			return
		}
		again, err := Parse(s.Query())
		if err != nil {
			t.Fatalf("Parse(%q) accepted it, but not its own Query %q: %v", raw, s.Query().Encode(), err)
		}
		if !reflect.DeepEqual(normalize(again), normalize(s)) {
			t.Fatalf("round trip of %q through %q:\ngot  %+v\nwant %+v", raw, s.Query().Encode(), again, s)
		}
		if name := s.Name(); strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" || len(name) > 120 {
			t.Fatalf("Name() = %q", name)
		}
	})
}

// normalize drops what Query leaves out as meaningless: hops without ids,
// maxHops and paths without a path.
func normalize(s Selection) Selection {
	if len(s.IDs) == 0 {
		s.Hops = DefaultHops
	}
	if s.From == "" {
		s.MaxHops, s.Paths = 0, DefaultPaths
	}
	return s
}

func TestTitle(t *testing.T) {
	names := map[history.ID]string{"person/lavrentiy-beria": "Lavrentiy Beria", "person/leon-trotsky": "Leon Trotsky", "source/essay": "Special treatment"}
	name := func(id history.ID) string { return names[id] }
	tests := []struct {
		query, want string
	}{
		{"", "Memoria: the whole graph"},
		{"id=person/lavrentiy-beria&hops=2&during=1934/1941", "Memoria: 2 hops around Lavrentiy Beria; during 1934/1941"},
		{"from=person/leon-trotsky&to=person/lavrentiy-beria&paths=3", "Memoria: 3 shortest paths from Leon Trotsky to Lavrentiy Beria within 6 hops"},
		{"kinds=person,group&via=led&source=source/essay&limit=1", "Memoria: the whole graph; kinds person, group; via led; supported by Special treatment; at most 1 node"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			s, err := Parse(q)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Title(name); got != tt.want {
				t.Errorf("Title() = %q, want %q", got, tt.want)
			}
		})
	}
}
