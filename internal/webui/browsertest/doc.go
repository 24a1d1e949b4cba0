// Package browsertest runs real clients against a real Memoria server: the
// memoria binary, built and started on 127.0.0.1 with the embedded seed.
// It has no code of its own, only tests:
//
//   - Debian's chromium, driven by playwright-core (console.mjs), opens the
//     console, runs an example and reads the Docs panel; any request to a
//     host other than the server fails the test, and screenshots of each
//     step are saved to $MEMORIA_ARTIFACTS, or to a temporary directory;
//   - the same chromium (explore.mjs) opens the explorer at 1280×800,
//     searches Ежов, picks Yezhov, expands the NKVD by double-clicking it,
//     finds the path from Yezhov to Trotsky, narrows the time window to
//     1937–1938, opens a citation and the Great Terror's disputed claims,
//     and downloads the view as GEXF, which must hold what is drawn; a
//     request elsewhere, a CSP violation, a console error or an uncaught
//     exception fails it;
//   - graphql-js (introspect.mjs) and graphql-core (introspect.py) read the
//     schema by introspection, and the schema they build must be
//     schema/writable.graphql (the server serves a store it may write).
//
// The npm packages are pinned in package.json and package-lock.json here
// (npm ci installs them; .ci/run does), chromium is Debian's (apt-get
// install chromium), graphql-core is the one any python3 on PATH has, and
// Debian's (python3-graphql-core). A test whose client is missing skips,
// and fails under CI=true.
//
// A page of webui gets its browser test as the console has: a script
// beside console.mjs that drives it and prints what it found as JSON, and
// a subtest that runs it with runNode and judges the JSON.
package browsertest
