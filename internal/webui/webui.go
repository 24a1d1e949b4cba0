package webui

import (
	"embed"
	"io/fs"
	"path"
	"strings"
)

//go:generate npm ci --no-audit --no-fund --loglevel=error
//go:generate node build.mjs

//go:embed dist
var dist embed.FS

//go:embed src/examples/*.graphql
var examples embed.FS

// Files returns the built pages and their assets: NAME.html at the top,
// scripts and styles under assets/.
func Files() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only on an invalid path, and "dist" is valid.
		panic(err)
	}
	return sub
}

// Example is a query the console opens with.
type Example struct {
	Name  string // the file's name without its order and extension: "path"
	Query string
}

// Examples returns the console's example queries, in the order of their
// tabs.
func Examples() []Example {
	entries, _ := fs.ReadDir(examples, "src/examples") // embedded: cannot fail
	out := make([]Example, 0, len(entries))
	for _, e := range entries {
		b, _ := fs.ReadFile(examples, path.Join("src/examples", e.Name()))
		name := strings.TrimSuffix(e.Name(), ".graphql")
		if _, rest, ok := strings.Cut(name, "-"); ok {
			name = rest
		}
		out = append(out, Example{Name: name, Query: string(b)})
	}
	return out
}
