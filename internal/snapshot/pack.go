package snapshot

import (
	"reflect"

	"github.com/memoria-history/memoria/internal/strpool"
)

// packer packs the strings of decoded records into shared blocks, as the
// store's reader does: gob gives every string an allocation of its own,
// which at a million people costs hundreds of megabytes more than the
// same records read from the store. One decoder owns each packer.
type packer struct {
	pool    strpool.Pool
	strings map[reflect.Type]bool // whether a value of the type holds strings
}

func newPacker() *packer { return &packer{strings: map[reflect.Type]bool{}} }

// pack packs the strings v holds; v must be addressable.
func (p *packer) pack(v reflect.Value) {
	if !p.holdsStrings(v.Type()) {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(p.pool.Intern(v.String()))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			p.pack(v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			p.pack(v.Index(i))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			p.pack(v.Elem())
		}
	}
}

// holdsStrings says whether a value of t may hold a string pack reaches.
func (p *packer) holdsStrings(t reflect.Type) bool {
	if h, ok := p.strings[t]; ok {
		return h
	}
	p.strings[t] = false // a type that holds itself is settled by its other fields
	h := false
	switch t.Kind() {
	case reflect.String:
		h = true
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && p.holdsStrings(f.Type) {
				h = true
			}
		}
	case reflect.Slice, reflect.Array, reflect.Pointer:
		h = p.holdsStrings(t.Elem())
	}
	p.strings[t] = h
	return h
}
