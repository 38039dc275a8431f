package ddllock

import (
	"context"
	"database/sql"
)

// --- reported ---

func alterOnPool(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "ALTER TABLE orders ADD COLUMN shipped_at DATETIME NULL") // want `ddl-lock: ALTER TABLE orders needs an exclusive metadata lock on orders: it waits for every open transaction that has touched orders, even with a plain SELECT, and while it waits every later query on orders, plain reads included, queues behind it, for up to lock_wait_timeout \(default one day on MariaDB, one year on MySQL\)\. It runs on the pool \(\*sql\.DB\), where no SET SESSION lock_wait_timeout can shorten the wait`
	return err
}

func alterInTx(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET status = 'migrating' WHERE id = 1"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "ALTER TABLE accounts ADD INDEX idx_status (status)"); err != nil { // want `ddl-lock: ALTER TABLE accounts commits the open transaction implicitly: the server ends the transaction before any DDL`
		return err
	}
	return tx.Commit()
}

func alterOnConnWithoutTimeout(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.ExecContext(ctx, "ALTER TABLE jobs ADD COLUMN attempts INT NOT NULL DEFAULT 0") // want `ddl-lock: ALTER TABLE jobs needs an exclusive metadata lock on jobs: .*, and no SET SESSION lock_wait_timeout of at most 10 s runs on this connection before it\. Fix: run .SET SESSION lock_wait_timeout = 5. on the same connection first`
	return err
}

func setOnPoolDoesNotCount(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, "SET SESSION lock_wait_timeout = 5"); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, "CREATE INDEX idx_worker ON jobs (worker)") // want `ddl-lock: CREATE INDEX on jobs needs .*It runs on the pool \(\*sql\.DB\).*so the SET at line 41 may have set another connection`
	return err
}

func timeoutTooLong(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET SESSION lock_wait_timeout = 600"); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "DROP INDEX idx_created ON orders") // want `ddl-lock: DROP INDEX on orders needs an exclusive metadata lock`
	return err
}

func timeoutOnAnotherConn(ctx context.Context, db *sql.DB) error {
	a, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	b, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer b.Close()
	if _, err := a.ExecContext(ctx, "SET SESSION lock_wait_timeout = 5"); err != nil {
		return err
	}
	_, err = b.ExecContext(ctx, "TRUNCATE TABLE jobs") // want `ddl-lock: TRUNCATE TABLE jobs needs an exclusive metadata lock`
	return err
}

func waitsForOwnTransaction(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM inventory WHERE sku = 'a'").Scan(&n); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, "OPTIMIZE TABLE inventory"); err != nil { // want `ddl-lock: OPTIMIZE TABLE inventory waits for the metadata lock that this function's own open transaction holds on inventory since the statement at line 86`
		return err
	}
	return tx.Commit()
}

// --- not reported ---

// SET SESSION lock_wait_timeout on the same *sql.Conn first.
func alterAfterTimeout(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET SESSION lock_wait_timeout = 5"); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "ALTER TABLE orders ADD COLUMN shipped_at DATETIME NULL, ALGORITHM=INSTANT")
	return err
}

// A timeout bound at run time counts: the code chose one.
func alterAfterBoundTimeout(ctx context.Context, db *sql.DB, seconds int) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET lock_wait_timeout = ?", seconds); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "RENAME TABLE jobs TO jobs_old")
	return err
}

// A new table has no readers to queue behind.
func createTable(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS audit (id BIGINT PRIMARY KEY, note TEXT)")
	return err
}

// Not DDL.
func plainRead(ctx context.Context, db *sql.DB) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM orders").Scan(&n)
	return n, err
}

// A connection the caller owns (and may have set the timeout on).
type migrator struct{ conn *sql.Conn }

func (m *migrator) addColumn(ctx context.Context) error {
	_, err := m.conn.ExecContext(ctx, "ALTER TABLE orders ADD COLUMN shipped_at DATETIME NULL")
	return err
}

// The timeout set once, then several DDL statements on the connection.
func severalAfterTimeout(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET SESSION lock_wait_timeout = 3"); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "DROP INDEX idx_created ON orders"); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "DROP TABLE IF EXISTS jobs_old")
	return err
}

// A transaction that has written nothing only holds one connection: the
// DDL's implicit commit loses nothing, and a short lock_wait_timeout set
// on that connection first bounds the wait.
func renameInSessionTx(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SET SESSION lock_wait_timeout = 3"); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "RENAME TABLE jobs TO jobs_old, jobs_new TO jobs")
	return err
}

// The same without the timeout is judged as DDL on a connection.
func renameInSessionTxWithoutTimeout(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, "RENAME TABLE jobs TO jobs_old, jobs_new TO jobs") // want `ddl-lock: RENAME TABLE jobs needs an exclusive metadata lock on jobs: .*no SET SESSION lock_wait_timeout of at most 10 s runs on this connection before it`
	return err
}
