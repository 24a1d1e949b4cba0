// Package cachedir gives go-graphviz a compilation cache that only the user
// running Memoria can write, and so that no other user's leftovers can
// break or take over the program.
//
// go-graphviz v0.2.10 compiles its WebAssembly Graphviz to machine code
// in its own package initialisation, before main, in every program that
// links it, and keeps the code in os.TempDir()/go-graphviz (wazero's
// compilation cache). In a shared /tmp that directory belongs to whoever
// made it first: wazero makes its contents private to that user, so
// another user's program panics when it fails to read them, and a
// directory planted by another user would hand the program machine code
// to run. go-graphviz reads no setting but $TMPDIR.
//
// So this package's init sets TMPDIR, for the span of go-graphviz's
// initialisation, to a directory of the user's own, and Restore, which
// render calls from its init, puts TMPDIR back as the process had it. Go
// initialises packages in the order of their import paths among those
// whose imports are initialised: this package imports only standard
// packages that wazero imports too, and its path sorts before wazero's
// (github.com/tetratelabs/wazero), which go-graphviz imports, so it runs
// before go-graphviz (TestTwoUsersShareATMPDIR in cmd/memoria fails if it
// does not). This init and render's are Memoria's only ones, and the
// saved TMPDIR its only package variable: go-graphviz's own
// initialisation leaves no other place to set its cache.
//
// The directory is os.UserCacheDir()/memoria, or else
// os.TempDir()/memoria-UID; either is used only if it is a directory (not
// a link) owned by the user, writable by no one else, in a directory that
// others cannot rename it out of. With neither, go-graphviz compiles
// without a cache, which costs about a second at every start. Elsewhere
// than on Unix the package does nothing: there os.TempDir is the user's
// own and does not read $TMPDIR.
package cachedir
