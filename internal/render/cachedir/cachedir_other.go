//go:build !unix

package cachedir

// Restore does nothing: elsewhere than on Unix, the package leaves TMPDIR
// as it is.
func Restore() {}
