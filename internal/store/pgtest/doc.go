// Package pgtest runs a throwaway PostgreSQL server for tests: a cluster
// made by initdb in a temporary directory, listening only on a unix
// socket in that directory, stopped and removed when the tests end (and
// killed with the test process if that dies first, on Linux). Run as
// root, it runs the server as the postgres user, since initdb refuses
// root.
//
// A package's tests share one server through TestMain (Main), started
// when a test first needs it, and each test takes a database of its own
// (Server.NewDatabase). Where PostgreSQL
// is not installed, a test that needs it is skipped, saying how to run
// it, and fails under CI=true.
//
// StartReplicated starts a pair of a test's own: a primary keeping the
// WAL for streaming replication, and a hot standby made from it with
// pg_basebackup -R, each on its own socket. CatchUp and WaitReplayed wait
// until the standby has replayed what the primary wrote, and DSNFor names
// a primary's database on the standby.
package pgtest
