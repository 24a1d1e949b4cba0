// Package stamp marks the elements of large, reused arrays with generation
// stamps, so that a traversal or a search over an index of millions of
// entries starts by moving to a new generation instead of clearing its
// arrays: an element is marked when its stamp equals the current
// generation. The graph's traversals and the name index's searches keep
// their visited and candidate marks this way.
package stamp
