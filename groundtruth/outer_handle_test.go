package groundtruth

import (
	"context"
	"errors"
	"testing"
	"time"
)

// outer-handle-in-tx, ground-truth.md experiments 2a and 14f (row locks are
// held by the transaction's connection until it ends).
// A statement sent through the pool handle while a transaction is open runs
// on another connection: a plain read does not wait for the transaction's
// row lock and does not see its uncommitted write, and a write to a row
// the transaction locked waits for the transaction's own lock until it
// times out (1205), a self-deadlock that only innodb_lock_wait_timeout
// breaks.
func TestOuterHandleInTx_PoolMissesTxWriteAndBlocksOnTxLock(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	ctx, cancel := context.WithTimeout(context.Background(), stmtTimeout)
	defer cancel()

	// The application's pattern: tx from the pool, then the pool again.
	tx, err := gt.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, f.expand("UPDATE {t} SET v = 42 WHERE id = 10")); err != nil {
		t.Fatal(err)
	}

	var inTx, viaPool int
	if err := tx.QueryRowContext(ctx, f.expand("SELECT v FROM {t} WHERE id = 10")).Scan(&inTx); err != nil {
		t.Fatal(err)
	}
	if err := gt.db.QueryRowContext(ctx, f.expand("SELECT v FROM {t} WHERE id = 10")).Scan(&viaPool); err != nil {
		t.Fatal(err)
	}
	// The pool's plain read of the row tx holds locked returned without
	// error 1205 (the pool's lock wait timeout is 1 s): a consistent read
	// waits for no row lock.
	if inTx != 42 || viaPool != 0 {
		t.Errorf("v read through tx = %d (want 42), through the pool = %d (want 0: uncommitted write not visible)", inTx, viaPool)
	}

	// The pool connection's DSN sets innodb_lock_wait_timeout=1.
	start := time.Now()
	_, err = gt.db.ExecContext(ctx, f.expand("UPDATE {t} SET v = v + 1 WHERE id = 10"))
	o := outcome{who: "pool", stmt: "UPDATE {t} SET v = v + 1 WHERE id = 10", err: err, elapsed: time.Since(start)}
	o.kind, o.code = classify(err, o.elapsed)
	want(t, o, blocked)

	// Rows the transaction did not touch are free for the pool.
	if _, err := gt.db.ExecContext(ctx, f.expand("UPDATE {t} SET v = v + 1 WHERE id = 20")); err != nil {
		t.Errorf("pool update of an unlocked row: %v", err)
	}
}

// outer-handle-in-tx: the Go side of the self-deadlock.
// With a pool limited to one connection (SetMaxOpenConns(1)), a query
// through the pool while a transaction holds that connection waits for a
// connection that is only freed when the transaction ends: it waits until
// its context gives up.
func TestOuterHandleInTx_SingleConnectionPoolSelfDeadlocks(t *testing.T) {
	parallel(t)
	f := newFixture(t)
	f.tableT()
	db := f.pool(1)
	ctx, cancel := context.WithTimeout(context.Background(), stmtTimeout)
	defer cancel()

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, f.expand("UPDATE {t} SET v = 42 WHERE id = 10")); err != nil {
		t.Fatal(err)
	}

	qctx, qcancel := context.WithTimeout(ctx, time.Second)
	defer qcancel()
	var v int
	start := time.Now()
	err = db.QueryRowContext(qctx, f.expand("SELECT v FROM {t} WHERE id = 20")).Scan(&v)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) < 900*time.Millisecond {
		t.Errorf("pool query during the transaction: err = %v after %v, want context.DeadlineExceeded after 1 s", err, time.Since(start))
	}

	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, f.expand("SELECT v FROM {t} WHERE id = 10")).Scan(&v); err != nil || v != 0 {
		t.Errorf("after rollback the pool works again: v = %d, err = %v", v, err)
	}
}
