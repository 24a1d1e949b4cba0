package seed

import (
	"embed"
	"io/fs"
)

//go:embed *.yaml
var files embed.FS

// FS returns the embedded dataset files.
func FS() fs.FS { return files }
