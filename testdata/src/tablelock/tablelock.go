package tablelock

import (
	"context"
	"database/sql"
	"errors"

	"tablelock/lockutil"
)

var errBusy = errors.New("busy")

// --- reported ---

func lockTablesOnPool(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, "LOCK TABLES orders WRITE"); err != nil { // want `table-lock: LOCK TABLES orders WRITE runs on the pool \(\*sql\.DB\): the server holds the lock for the session that ran it, blocking every other session's reads and writes of orders until that session runs UNLOCK TABLES or disconnects — but the pool may run your next statement, UNLOCK TABLES included, on another connection`
		return err
	}
	_, err := db.ExecContext(ctx, "UNLOCK TABLES")
	return err
}

func getLockOnPool(ctx context.Context, db *sql.DB) error {
	var ok int
	if err := db.QueryRowContext(ctx, "SELECT GET_LOCK('nightly-report', 10)").Scan(&ok); err != nil { // want `table-lock: GET_LOCK runs on the pool \(\*sql\.DB\).*Fix: take one connection with db\.Conn\(ctx\)`
		return err
	}
	defer db.ExecContext(ctx, "SELECT RELEASE_LOCK('nightly-report')")
	return nil
}

func lockTablesInTx(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - 1 WHERE id = 1"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "LOCK TABLES accounts WRITE, orders READ"); err != nil { // want `table-lock: LOCK TABLES accounts WRITE, orders READ commits the open transaction implicitly: .*blocks every other session's reads and writes of accounts and writes to orders`
		return err
	}
	if _, err := tx.ExecContext(ctx, "UNLOCK TABLES"); err != nil {
		return err
	}
	return tx.Commit()
}

func globalReadLock(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "FLUSH TABLES WITH READ LOCK"); err != nil { // want `table-lock: FLUSH TABLES WITH READ LOCK takes the server's global read lock: it blocks every write to every table of the server`
		return err
	}
	defer conn.ExecContext(ctx, "UNLOCK TABLES")
	return nil
}

func getLockLeaksOnError(ctx context.Context, db *sql.DB, name string, work func() error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var ok int
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 10)", name).Scan(&ok); err != nil { // want `table-lock: GET_LOCK is held by this connection until RELEASE_LOCK runs on it or it disconnects, blocking every other GET_LOCK of the same name: on the path through the return at line 77 no RELEASE_LOCK runs, and closing a \*sql\.Conn only returns the session, lock included, to the pool`
		return err
	}
	if ok != 1 {
		return errBusy
	}
	if err := work(); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "SELECT RELEASE_LOCK(?)", name)
	return err
}

func lockTablesLeaksOnError(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "LOCK TABLES inventory WRITE"); err != nil { // want `table-lock: LOCK TABLES inventory WRITE is held by this connection until UNLOCK TABLES .*on the path through the return at line 93 no UNLOCK TABLES runs.*Fix: .defer conn\.ExecContext\(ctx, "UNLOCK TABLES"\)`
		return err
	}
	if _, err := conn.ExecContext(ctx, "UPDATE inventory SET qty = qty - 1 WHERE sku = 'a' AND warehouse = 1"); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "UNLOCK TABLES")
	return err
}

func exportOnPool(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "FLUSH TABLES orders FOR EXPORT") // want `table-lock: FLUSH TABLES orders .* runs on the pool`
	return err
}

func getLockInTxNeverReleased(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DO GET_LOCK('orders-batch', 5)"); err != nil { // want `table-lock: GET_LOCK is held by the transaction's connection .*COMMIT and ROLLBACK do not release it`
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'batched' WHERE id = 1"); err != nil {
		return err
	}
	return tx.Commit()
}

func helperLockNeverReleased(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := lockutil.Acquire(ctx, conn, "sync"); err != nil { // want `table-lock: GET_LOCK \(run by Acquire at lockutil.go:\d+\) is held by this connection`
		return err
	}
	_, err = conn.ExecContext(ctx, "UPDATE jobs SET status = 1 WHERE id = 1")
	return err
}

func errorReusedByLaterStatement(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.ExecContext(ctx, "LOCK TABLES jobs WRITE") // want `table-lock: LOCK TABLES jobs WRITE is held by this connection .*on the path through the return at line 141`
	_, err = conn.ExecContext(ctx, "UPDATE jobs SET status = 1 WHERE id = 1")
	if err != nil {
		return err // the UPDATE failed, with the tables locked
	}
	_, err = conn.ExecContext(ctx, "UNLOCK TABLES")
	return err
}

// --- not reported ---

// The release registered only on the branch where the lock was granted.
func getLockReleasedWhenGranted(ctx context.Context, db *sql.DB, name string) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 10)", name).Scan(&got); err != nil {
		return err
	}
	if got.Int64 == 1 {
		defer conn.ExecContext(ctx, "SELECT RELEASE_LOCK(?)", name)
		_, err = conn.ExecContext(ctx, "UPDATE jobs SET status = 1 WHERE id = 1")
		return err
	}
	return errBusy
}

// The documented use, one connection and UNLOCK TABLES on every path,
// still stops every other writer and reader of the table meanwhile.
func lockTablesPaired(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "LOCK TABLES inventory WRITE"); err != nil { // want `table-lock: LOCK TABLES inventory WRITE blocks every other session's reads and writes of inventory from here until its UNLOCK TABLES, commits any open transaction of this connection, and until then fails every statement of this connection on a table it did not name \(error 1100\).*Fix: lock the rows you need with SELECT ... FOR UPDATE in a transaction`
		return err
	}
	defer conn.ExecContext(ctx, "UNLOCK TABLES")
	_, err = conn.ExecContext(ctx, "UPDATE inventory SET qty = qty - 1 WHERE sku = 'a' AND warehouse = 1")
	return err
}

// A deferred release, registered once the lock is known to be held.
func getLockDeferred(ctx context.Context, db *sql.DB, name string) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var ok int
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 10)", name).Scan(&ok); err != nil {
		return err
	}
	if ok != 1 {
		return errBusy
	}
	defer conn.ExecContext(context.Background(), "SELECT RELEASE_LOCK(?)", name)
	_, err = conn.ExecContext(ctx, "UPDATE jobs SET status = 1 WHERE id = 1")
	return err
}

// A release written out on each path, RELEASE_ALL_LOCKS included.
func getLockReleasedOnEachPath(ctx context.Context, db *sql.DB, name string, fail bool) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var ok bool
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 10)", name).Scan(&ok); err != nil || !ok {
		return errBusy
	}
	if fail {
		conn.ExecContext(ctx, "SELECT RELEASE_ALL_LOCKS()")
		return errBusy
	}
	_, err = conn.ExecContext(ctx, "SELECT RELEASE_LOCK(?)", name)
	return err
}

// Acquire and release in two methods using the same *sql.Conn field.
func withLocker(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	l := lockutil.NewLocker(conn, "sync")
	if err := l.Lock(ctx); err != nil {
		return err
	}
	defer l.Unlock(ctx)
	_, err = conn.ExecContext(ctx, "UPDATE jobs SET status = 1 WHERE id = 1")
	return err
}

// Helpers taking the connection, with a deferred release.
func withHelpers(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := lockutil.Acquire(ctx, conn, "sync"); err != nil {
		return err
	}
	defer lockutil.Release(ctx, conn, "sync")
	if err := lockutil.LockTables(ctx, conn); err != nil {
		return err
	}
	defer conn.ExecContext(ctx, "UNLOCK TABLES")
	return nil
}

// A connection the function does not own: its caller releases.
type service struct{ conn *sql.Conn }

func (s *service) lockForCaller(ctx context.Context) error {
	_, err := s.conn.ExecContext(ctx, "LOCK TABLES jobs WRITE")
	return err
}

// A release on the pool, of a lock some other code took: the pool may hand
// it any connection.
type reportLock struct{ db *sql.DB }

func (r *reportLock) finish(ctx context.Context) error {
	if _, err := r.db.ExecContext(ctx, "UNLOCK TABLES"); err != nil { // want `table-lock: UNLOCK TABLES runs on the pool \(\*sql\.DB\): it releases only what the connection the pool picks holds.*Fix: take one connection with db\.Conn\(ctx\)`
		return err
	}
	_, err := r.db.ExecContext(ctx, "SELECT RELEASE_LOCK('nightly-report')") // want `table-lock: RELEASE_LOCK runs on the pool \(\*sql\.DB\).*RELEASE_LOCK returns 0`
	return err
}

// The same releases on the connection that took the locks are right.
type pinnedReport struct{ conn *sql.Conn }

func (r *pinnedReport) finish(ctx context.Context) error {
	if _, err := r.conn.ExecContext(ctx, "UNLOCK TABLES"); err != nil {
		return err
	}
	_, err := r.conn.ExecContext(ctx, "SELECT RELEASE_LOCK('nightly-report')")
	return err
}

// A transaction that has written nothing only holds one connection: the
// implicit commit loses nothing, and the lock is judged as on that
// connection.
func lockTablesInEmptyTx(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "LOCK TABLES accounts WRITE"); err != nil { // want `table-lock: LOCK TABLES accounts WRITE blocks every other session's reads and writes of accounts from here until its UNLOCK TABLES`
		return err
	}
	if _, err := tx.ExecContext(ctx, "UNLOCK TABLES"); err != nil {
		return err
	}
	return tx.Commit()
}
