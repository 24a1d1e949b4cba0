// Package webui holds Memoria's browser pages, built and embedded: the
// GraphiQL console (/) and the graph explorer (/explore). The server
// serves Files; nothing a page loads comes from another host.
//
// The sources are in src/ (a page is an HTML template and an entry
// script), the npm packages they use are pinned in package.json and
// package-lock.json, and build.mjs bundles them with esbuild into dist/,
// which is committed, so that building the binary needs Go alone. After
// changing a source or a package, rebuild with
//
//	go generate ./internal/webui
//
// which runs npm ci and the build, and commit dist/ with the change. The
// build is reproducible: CI rebuilds from the lockfile and fails if dist/
// differs from what is committed.
//
// A page NAME is dist/NAME.html (index.html is the console, served at /);
// the scripts and styles it names are under dist/assets/, with a hash of
// their content in their names.
//
// The queries the console opens with are src/examples/*.graphql, one tab
// each, titled with the name of its operation; Examples gives them to Go
// tests.
//
// The explorer (src/explore.js and src/explore/) draws with Cytoscape.js
// and the fCoSE layout. It draws each kind of node in the colour and shape
// the exports give it, and offers every export format, from
// src/exports.json, which a test keeps equal to what internal/export says:
// after changing the exports' looks or formats, run
//
//	go test ./internal/webui -update && go generate ./internal/webui
//
// What it draws is the server's own export of the view in Cytoscape JSON,
// so that a download of the view holds what is on the screen.
package webui
