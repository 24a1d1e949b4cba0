package snapshot_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/snapshot"
)

// fill sets every field v reaches to a random value: strings, numbers,
// flags, times, present and absent pointers, nil, empty and full slices
// and maps. A field added to the records and not to the snapshot's codec
// is filled here and lost on the way, and the round trip fails.
func fill(r *rand.Rand, v reflect.Value) {
	if v.Type() == reflect.TypeFor[time.Time]() {
		if r.IntN(4) != 0 {
			v.Set(reflect.ValueOf(time.Unix(r.Int64N(1<<40)-1<<39, r.Int64N(1e9)).UTC()))
		}
		return
	}
	switch v.Kind() {
	case reflect.String:
		if r.IntN(5) != 0 {
			v.SetString(fmt.Sprintf("s%d", r.IntN(50)))
		}
	case reflect.Int, reflect.Int64:
		v.SetInt(r.Int64N(1<<20) - 1<<19)
	case reflect.Uint64:
		v.SetUint(r.Uint64())
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Float64:
		v.SetFloat(r.NormFloat64() * 1e6)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i))
			}
		}
	case reflect.Pointer:
		if r.IntN(3) != 0 {
			p := reflect.New(v.Type().Elem())
			fill(r, p.Elem())
			v.Set(p)
		}
	case reflect.Slice:
		switch k := r.IntN(5); k {
		case 0: // nil
		default:
			s := reflect.MakeSlice(v.Type(), k-1, k-1)
			for i := range k - 1 {
				fill(r, s.Index(i))
			}
			v.Set(s)
		}
	case reflect.Map:
		switch k := r.IntN(5); k {
		case 0:
		default:
			m := reflect.MakeMap(v.Type())
			for range k - 1 {
				key, val := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
				fill(r, key)
				fill(r, val)
				m.SetMapIndex(key, val)
			}
			v.Set(m)
		}
	default:
		panic(fmt.Sprintf("fill: a field of kind %s: teach fill and the snapshot's codec about it", v.Kind()))
	}
}

// TestRecordsRoundTripEveryField encodes records with every field set in
// many ways, and reads back equal records.
func TestRecordsRoundTripEveryField(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ds := &history.Dataset{
		Sources:   make([]history.Source, 300),
		Entities:  make([]history.Entity, 300),
		Events:    make([]history.Event, 300),
		Relations: make([]history.Relation, 300),
		Claims:    make([]history.Claim, 300),
	}
	for _, records := range []any{ds.Sources, ds.Entities, ds.Events, ds.Relations, ds.Claims} {
		s := reflect.ValueOf(records)
		for i := range s.Len() {
			fill(r, s.Index(i))
		}
	}
	b, err := snapshot.Encode(stamp, snapshot.Contents{Records: ds})
	if err != nil {
		t.Fatal(err)
	}
	c, err := snapshot.Decode(b, stamp)
	if err != nil {
		t.Fatal(err)
	}
	back := c.Records
	for i := range ds.Sources {
		check(t, "source", i, ds.Sources[i], back.Sources[i])
		check(t, "entity", i, ds.Entities[i], back.Entities[i])
		check(t, "event", i, ds.Events[i], back.Events[i])
		check(t, "relation", i, ds.Relations[i], back.Relations[i])
		check(t, "claim", i, ds.Claims[i], back.Claims[i])
	}
}

func check[T any](t *testing.T, kind string, i int, want, got T) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("%s %d read back as\n%#v\nwritten as\n%#v", kind, i, got, want)
	}
}

// TestOldFormatIsRebuilt: a snapshot of another format version is
// refused as damaged, so that the server reads the store, never misreads
// the file.
func TestOldFormatIsRebuilt(t *testing.T) {
	b := encode(t, seedDataset(t))
	for _, v := range []byte{2, 3} {
		b[8] = v // the version, little-endian after the magic
		if _, err := snapshot.Decode(b, stamp); history.ErrorCode(err) != history.CodeCorrupt {
			t.Fatalf("format %d read with error %v, want CodeCorrupt", v, err)
		}
	}
}
