package seed

import (
	"embed"
	"io/fs"
)

//go:embed *.yaml texts
var files embed.FS

// FS returns the embedded dataset files: the .yaml files, and under
// texts/ the concordance of the essay's paragraphs, against which memoria
// validate checks the citations of the essay.
func FS() fs.FS { return files }
