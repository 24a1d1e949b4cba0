package cow

// mapShards is how many Go maps a Map is cut into: an edit copies the
// table of shards (8 KB) and the shards it writes to, so a delta of fifty
// thousand keys copies about fifty of them per key written.
const mapShards = 1024

// Map is a persistent hash map. The zero Map is empty; Edit gives the
// means to change one.
type Map[K comparable, V any] struct {
	shards *[mapShards]map[K]V
	n      int
	hash   func(K) uint64
}

// NewMap returns an empty map that files keys by hash.
func NewMap[K comparable, V any](hash func(K) uint64) Map[K, V] {
	return Map[K, V]{hash: hash}
}

// Len returns the number of keys.
func (m Map[K, V]) Len() int { return m.n }

// Get returns the value of k, and whether k is in the map.
func (m Map[K, V]) Get(k K) (V, bool) {
	if m.n == 0 {
		var zero V
		return zero, false
	}
	v, ok := m.shards[m.hash(k)%mapShards][k]
	return v, ok
}

// All calls fn for every key and value, in no particular order, until fn
// returns false.
func (m Map[K, V]) All(fn func(K, V) bool) {
	if m.n == 0 {
		return
	}
	for _, s := range m.shards {
		for k, v := range s {
			if !fn(k, v) {
				return
			}
		}
	}
}

// Edit starts a batch of changes to a copy of m.
func (m Map[K, V]) Edit() *MapEdit[K, V] { return &MapEdit[K, V]{m: m} }

// MapEdit is a batch of changes to a Map, made on copies of the shards it
// touches.
type MapEdit[K comparable, V any] struct {
	m      Map[K, V]
	table  bool                   // the shard table is this edit's own
	copied [mapShards / 64]uint64 // the shards that are
}

// Get reads the map as the edit has left it.
func (e *MapEdit[K, V]) Get(k K) (V, bool) { return e.m.Get(k) }

// Set gives k the value v.
func (e *MapEdit[K, V]) Set(k K, v V) {
	s := e.shard(k)
	if _, ok := s[k]; !ok {
		e.m.n++
	}
	s[k] = v
}

// Delete removes k.
func (e *MapEdit[K, V]) Delete(k K) {
	if e.m.n == 0 {
		return
	}
	if _, ok := e.m.shards[e.m.hash(k)%mapShards][k]; !ok {
		return
	}
	delete(e.shard(k), k)
	e.m.n--
}

// shard returns the shard of k, copied for this edit.
func (e *MapEdit[K, V]) shard(k K) map[K]V {
	if !e.table {
		t := new([mapShards]map[K]V)
		if e.m.shards != nil {
			*t = *e.m.shards
		}
		e.m.shards, e.table = t, true
	}
	i := e.m.hash(k) % mapShards
	if e.copied[i/64]&(1<<(i%64)) == 0 {
		old := e.m.shards[i]
		s := make(map[K]V, len(old)+1)
		for k, v := range old {
			s[k] = v
		}
		e.m.shards[i] = s
		e.copied[i/64] |= 1 << (i % 64)
	}
	return e.m.shards[i]
}

// Done returns the edited map. The edit must not be used afterwards.
func (e *MapEdit[K, V]) Done() Map[K, V] {
	m := e.m
	e.m = Map[K, V]{}
	return m
}

// HashString hashes a string (FNV-1a) to choose its shard.
func HashString[S ~string](s S) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h ^ h>>29
}

// HashInt32 hashes a number to choose its shard.
func HashInt32(v int32) uint64 { return HashInt32u(uint32(v)) }

// HashInt32u hashes an unsigned number to choose its shard.
func HashInt32u(v uint32) uint64 {
	h := uint64(v) * 0x9e3779b97f4a7c15
	return h ^ h>>32
}
