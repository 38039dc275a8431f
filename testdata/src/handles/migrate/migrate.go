// Package migrate runs data migrations; its migrator keeps a pool of one
// connection, so session locks stay with the session that runs the next
// statement.
package migrate

import (
	"context"
	"database/sql"
)

// Migrator runs migrations on a single connection.
type Migrator struct {
	db *sql.DB
}

// Open returns a migrator whose pool is pinned to one connection.
func Open(dsn string) (*Migrator, error) {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return &Migrator{db: db}, nil
}

// Migrate serializes migrators with a named lock: on the pinned pool the
// release runs on the session that holds it.
func (m *Migrator) Migrate(ctx context.Context) error {
	if _, err := m.db.ExecContext(ctx, "SELECT GET_LOCK('migrate', 10)"); err != nil {
		return err
	}
	defer m.db.ExecContext(ctx, "SELECT RELEASE_LOCK('migrate')")
	_, err := m.db.ExecContext(ctx, "UPDATE orders SET region = 'eu' WHERE region = 'EU'")
	return err
}

// Reporter reads on an ordinary pool.
type Reporter struct {
	db *sql.DB
}

// Freeze locks the table on the pool: UNLOCK TABLES may run elsewhere.
func (r *Reporter) Freeze(ctx context.Context) error {
	if _, err := r.db.ExecContext(ctx, "LOCK TABLES orders READ"); err != nil { // want `table-lock: LOCK TABLES orders READ runs on the pool \(\*sql\.DB\)`
		return err
	}
	_, err := r.db.ExecContext(ctx, "UNLOCK TABLES")
	return err
}

// Backfill pins its own pool and locks the table around the copy, on
// every path: released, so judged like a connection's LOCK TABLES, which
// still stops the table for the whole copy.
func Backfill(ctx context.Context, dsn string) error {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "LOCK TABLES orders WRITE"); err != nil { // want `table-lock: LOCK TABLES orders WRITE blocks every other session's reads and writes of orders from here until its UNLOCK TABLES`
		return err
	}
	defer db.ExecContext(ctx, "UNLOCK TABLES")
	_, err = db.ExecContext(ctx, "UPDATE orders SET note = '' WHERE note IS NULL")
	return err
}

// Reindex pins its own pool but leaves the table locked when the update
// fails.
func Reindex(ctx context.Context, dsn string) error {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "LOCK TABLES orders WRITE"); err != nil { // want `table-lock: LOCK TABLES orders WRITE .*on the path through the return at line 81`
		return err
	}
	if _, err := db.ExecContext(ctx, "UPDATE orders SET status = 'x' WHERE id = 1"); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "UNLOCK TABLES")
	return err
}

// AddNote bounds the metadata-lock wait on the migrator's one session.
func (m *Migrator) AddNote(ctx context.Context) error {
	if _, err := m.db.ExecContext(ctx, "SET SESSION lock_wait_timeout = 5"); err != nil {
		return err
	}
	_, err := m.db.ExecContext(ctx, "ALTER TABLE orders ADD COLUMN note2 TEXT")
	return err
}

// AddFlag does the same on an ordinary pool, where the SET may have run
// on another connection.
func (r *Reporter) AddFlag(ctx context.Context) error {
	if _, err := r.db.ExecContext(ctx, "SET SESSION lock_wait_timeout = 5"); err != nil {
		return err
	}
	_, err := r.db.ExecContext(ctx, "ALTER TABLE orders ADD COLUMN flag INT") // want `ddl-lock: .*runs on the pool \(\*sql\.DB\), where no SET SESSION lock_wait_timeout can shorten the wait`
	return err
}

// Count reads in a transaction and records progress through the pinned
// pool meanwhile: the pool's one connection is the transaction's, so the
// call waits for it.
func (m *Migrator) Count(ctx context.Context) (int64, error) {
	tx, err := m.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var n int64
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM orders").Scan(&n); err != nil {
		return 0, err
	}
	if _, err := m.db.ExecContext(ctx, "UPDATE jobs SET status = 5 WHERE id = 9"); err != nil { // want `outer-handle-in-tx: UPDATE runs through the pool handle m\.db`
		return 0, err
	}
	return n, tx.Commit()
}

// Tally does the same on an ordinary pool: the transaction locks nothing,
// so the second connection waits on nothing.
func (r *Reporter) Tally(ctx context.Context) (int64, error) {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var n int64
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM orders").Scan(&n); err != nil {
		return 0, err
	}
	if _, err := r.db.ExecContext(ctx, "UPDATE jobs SET status = 5 WHERE id = 9"); err != nil {
		return 0, err
	}
	return n, tx.Commit()
}
