// Package extraction exercises every way locklint recovers SQL and its
// handle: each call below runs a locking read on the pool, so each one
// whose text and handle are recovered is reported by lock-outside-tx.
package extraction

import (
	"context"
	"database/sql"
	"fmt"

	"extraction/queries"

	"github.com/jmoiron/sqlx"
)

func literal(ctx context.Context, db *sql.DB, id int64) {
	db.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*sql\.DB\)`
}

func constOtherFile(db *sql.DB, id int64) {
	db.QueryRow(lockOrderQuery, id) // want `lock-outside-tx`
}

func constOtherPackage(db *sql.DB, id int64) {
	db.Query(queries.LockAccount, id) // want `lock-outside-tx`
	db.Query(queries.LockJobs, id)    // want `lock-outside-tx`
}

func concatenation(db *sql.DB, id int64, table string) {
	db.Query("SELECT id FROM "+table+" WHERE id = ? FOR UPDATE", id) // want `lock-outside-tx`
	const cols = "id, balance"
	db.Query("SELECT "+cols+" FROM accounts WHERE id = ? "+"FOR UPDATE", id) // want `lock-outside-tx`
}

func sprintf(db *sql.DB, id int64, table string) {
	db.Query(fmt.Sprintf("SELECT id FROM %s WHERE id = %d FOR UPDATE", table, id))                     // want `lock-outside-tx`
	db.Query(fmt.Sprintf("SELECT id FROM accounts WHERE id = ? AND note LIKE '100%%' FOR UPDATE"), id) // want `lock-outside-tx`
}

func localVariable(db *sql.DB, id int64) {
	q := "SELECT id FROM accounts WHERE id = ? FOR UPDATE"
	db.Query(q, id) // want `lock-outside-tx`

	r := "SELECT id FROM accounts WHERE id = ?"
	if id > 10 {
		r = r + " FOR UPDATE" // assigned twice: the text is not known
	}
	db.Query(r, id)
}

func prepared(ctx context.Context, db *sql.DB, id int64) error {
	stmt, err := db.PrepareContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE")
	if err != nil {
		return err
	}
	defer stmt.Close()
	stmt.QueryRowContext(ctx, id) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
	return nil
}

func preparedOnTx(ctx context.Context, db *sql.DB, id int64) error {
	stmt, err := db.Prepare("SELECT balance FROM accounts WHERE id = ? FOR UPDATE")
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	txStmt := tx.Stmt(stmt)
	txStmt.QueryRow(id) // runs in the transaction: fine
	return tx.Commit()
}

// Store embeds the pool: its promoted methods run on the pool.
type Store struct {
	*sql.DB
}

func (s *Store) embedded(id int64) {
	s.QueryRow("SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id) // want `lock-outside-tx`
}

// Repo holds the pool in a field.
type Repo struct {
	db *sql.DB
}

func (r *Repo) field(id int64) {
	r.db.QueryRow("SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id) // want `lock-outside-tx`
}

// DBTX is the interface sqlc generates: a pool or a transaction.
type DBTX interface {
	ExecContext(context.Context, string, ...interface{}) (sql.Result, error)
	PrepareContext(context.Context, string) (*sql.Stmt, error)
	QueryContext(context.Context, string, ...interface{}) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...interface{}) *sql.Row
}

func throughInterface(ctx context.Context, q DBTX, status string) {
	// Whether this runs in a transaction is not known here, so
	// lock-outside-tx stays silent; the statement itself is still read.
	q.QueryRowContext(ctx, "SELECT id FROM orders WHERE status = ? FOR UPDATE", status) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on orders can use no index`
}

func sqlxMethods(ctx context.Context, db *sqlx.DB, id int64) {
	var balance int64
	db.Get(&balance, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id)                        // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*sqlx\.DB\)`
	db.SelectContext(ctx, &balance, "SELECT balance FROM accounts WHERE id = ? LOCK IN SHARE MODE", id) // want `lock-outside-tx: SELECT \.\.\. LOCK IN SHARE MODE`
	db.Queryx("SELECT * FROM accounts WHERE id = ? FOR UPDATE", id)                                     // want `lock-outside-tx`
	db.QueryRowxContext(ctx, "SELECT * FROM accounts WHERE id = ? FOR UPDATE", id)                      // want `lock-outside-tx`
	db.NamedQuery("SELECT * FROM accounts WHERE id = :id FOR UPDATE", map[string]interface{}{"id": id}) // want `lock-outside-tx`
	db.QueryRow("SELECT * FROM accounts WHERE id = ? FOR UPDATE", id)                                   // want `lock-outside-tx: .* \(\*sql\.DB\)`
	sqlx.Get(db, &balance, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id)                  // want `lock-outside-tx`
	var ids []int64
	sqlx.Select(db, &ids, "SELECT id FROM accounts WHERE owner_id = ? FOR UPDATE", id)                                  // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*sqlx\.DB\)`
	db.NamedExec("UPDATE orders SET note = :note WHERE status = :status", map[string]any{"note": "x", "status": "new"}) // want `unindexed-lock: UPDATE on orders can use no index`
	sqlx.NamedExecContext(ctx, db, "DELETE FROM orders WHERE note = :note", map[string]any{"note": "x"})                // want `unindexed-lock: DELETE on orders can use no index`
}

func sqlxPrepared(db *sqlx.DB, id int64) {
	stmt, _ := db.Preparex("SELECT balance FROM accounts WHERE id = ? FOR UPDATE")
	var balance int64
	stmt.Get(&balance, id) // want `lock-outside-tx`
}

func sqlxTx(ctx context.Context, db *sqlx.DB, id int64) error {
	tx := db.MustBeginTx(ctx, nil)
	defer tx.Rollback()
	var balance int64
	tx.Get(&balance, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id)
	sqlx.Get(tx, &balance, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id)
	return tx.Commit()
}

func notSQL(db *sql.DB) {
	// A method with a string parameter on an unrelated type is not SQL.
	var b fakeBuilder
	b.Query("SELECT id FROM accounts WHERE id = 1 FOR UPDATE")
}

type fakeBuilder struct{}

func (fakeBuilder) Query(s string) {}
