package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/memoria-history/memoria/internal/history"
	"github.com/memoria-history/memoria/internal/store/cayleykv"
)

// Check reads the whole store named by dsn and reports what is damaged
// (see cayleykv.CheckStore): bolt's pages, then Cayley's layout, each
// part against the others. It takes a reader's lock, so that no load
// writes meanwhile, and changes nothing. A damaged store fails with
// CodeCorrupt, and the report says what is wrong; a store that cannot be
// checked (missing, held by a writer, memory:) fails with the code of why.
func Check(ctx context.Context, dsn string) (cayleykv.Report, error) {
	op := "check store " + dsn
	backend, path, err := parseDSN(dsn)
	if err != nil {
		return cayleykv.Report{}, history.Wrap(history.CodeInvalid, op, err)
	}
	if backend == "memory" {
		return cayleykv.Report{}, history.Errorf(history.CodeInvalid, "%s: a store in memory has no file to check", op)
	}
	if backend == "postgres" || backend == "cockroach" {
		return cayleykv.Report{}, history.Errorf(history.CodeInvalid, "check store: a PostgreSQL or CockroachDB store is checked with the database's own tools (amcheck, cockroach debug); this checks bolt files")
	}
	file, err := boltFile(path, false)
	if err != nil {
		return cayleykv.Report{}, history.Wrap(history.CodeInvalid, op, err)
	}
	op = "check store " + file
	if _, err := os.Stat(file); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return cayleykv.Report{}, &history.Error{Code: history.CodeNotFound, Op: op, Message: "no store there", Err: err}
		}
		return cayleykv.Report{}, history.Wrap(history.CodeInternal, op, err)
	}
	lock, err := sharedLock(file)
	if err != nil {
		return cayleykv.Report{}, history.Wrap(history.CodeInternal, op, err)
	}
	if lock != nil {
		defer func() { _ = lock.Unlock() }()
	}
	rep, err := cayleykv.CheckStore(ctx, file)
	if err != nil {
		return rep, history.Wrap(history.CodeInternal, op, err)
	}
	if rep.Damaged() {
		return rep, history.Errorf(history.CodeCorrupt, "%s: %s", op, damageCount(rep))
	}
	return rep, nil
}

// damageCount says how many things a report found damaged.
func damageCount(rep cayleykv.Report) string {
	n := len(rep.Damage) + rep.More
	if n == 1 {
		return "1 thing is damaged"
	}
	return fmt.Sprintf("%d things are damaged", n)
}
