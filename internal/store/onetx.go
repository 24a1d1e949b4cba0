package store

import (
	"context"

	hkv "github.com/hidal-go/hidalgo/kv"
)

// txKV is the key-value database Cayley's quad store is given on the bolt
// backends. Normally it is the database itself; while inOneTx runs, every
// write transaction Cayley opens is one and the same, committed by
// inOneTx at the end. A change is written in two calls of ApplyDeltas
// (the quads it removes, then those it adds: in one call Cayley would
// take the add of a quad it also removes as a duplicate and then remove
// it), and the two must commit together.
type txKV struct {
	hkv.KV
	tx hkv.Tx // the shared write transaction, while inOneTx runs
}

// Tx opens a transaction, or hands out the shared one for writing.
func (k *txKV) Tx(ctx context.Context, rw bool) (hkv.Tx, error) {
	if rw && k.tx != nil {
		return sharedTx{k.tx}, nil
	}
	return k.KV.Tx(ctx, rw)
}

// sharedTx is the shared transaction as Cayley sees it: its commit and
// its close are inOneTx's to do.
type sharedTx struct{ hkv.Tx }

func (sharedTx) Commit(context.Context) error { return nil }
func (sharedTx) Close() error                 { return nil }

// inOneTx runs write, whose writes through Cayley share one transaction,
// and commits it if write succeeds (bolt syncs the file at commit), or
// rolls it back. write must not read through Cayley: bolt cannot grow the
// file of a write transaction while a read transaction of the same
// goroutine is open.
func (k *txKV) inOneTx(ctx context.Context, write func() error) error {
	tx, err := k.KV.Tx(ctx, true)
	if err != nil {
		return err
	}
	k.tx = tx
	err = write()
	k.tx = nil
	if err != nil {
		_ = tx.Close()
		return err
	}
	return tx.Commit(ctx)
}
