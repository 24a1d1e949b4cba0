// Package catalog is the read model of a dataset: every record by id,
// entities by kind in name order, events in time order, the statements
// around each entity, claims by subject with their disputes, what each
// source supports, when each relation ends (its own end, or one derived
// from the death or end of a party), and the causes and consequences of an
// event whichever event states them. It is built from a history.Dataset
// and never changed, so any number of readers may share it. A committed
// write is applied as a new catalog (Apply) that shares the built maps,
// its base, and adds a small delta of the records the writes changed and
// the lists they touch; look-ups read the delta first.
//
// The graph questions (paths, neighbourhoods) are internal/graph's; this
// package answers the look-ups around them.
package catalog
