// Package strpool packs the strings of a large, long-lived read model into
// few allocations.
//
// Strings decoded one by one (ids, names, locators, tokens) are each an
// allocation of their own, and equal ones decoded twice are two. A server
// holds its read model for its whole life and the garbage collector marks
// every object of it in every cycle: at a million people the strings were
// over five million of the heap's fourteen million objects, and marking
// that heap is what delays requests while a collection runs. A Pool copies
// strings into blocks of 64 KB, so that millions of strings are a few
// thousand objects, and shares one copy among equal strings that recur
// close together, as a dataset's kinds, types and sources do.
//
// A Pool is for building: it keeps an index of recent strings, so drop it
// once the model is built, and the blocks live on only through the strings
// cut from them.
package strpool
