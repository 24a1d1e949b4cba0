package dataset

// For the tests of package dataset_test, which generate files with
// package synth (which imports this one).
var (
	PlainYAML   = plainYAML
	LibraryYAML = libraryYAML
)
