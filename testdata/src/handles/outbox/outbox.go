// Package outbox publishes order events: a transaction for the order, and
// the pool for bookkeeping that must not roll back with it.
package outbox

import (
	"context"
	"database/sql"
)

// Publisher writes orders and their events.
type Publisher struct {
	db *sql.DB
}

// Publish writes the order in the transaction and the event through the
// pool while the order row is locked.
func (p *Publisher) Publish(ctx context.Context, id int64) error {
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'published' WHERE id = ?", id); err != nil {
		return err
	}
	if _, err := p.db.ExecContext(ctx, "UPDATE jobs SET status = 1 WHERE id = ?", id); err != nil { // want `outer-handle-in-tx: UPDATE runs through the pool handle p\.db \(\*sql\.DB\) while tx is open: .*if it needs a row tx has locked it waits for tx`
		return err
	}
	return tx.Commit()
}

// Claim marks the job through the pool before the transaction has
// written anything: it cannot wait on the transaction, but it does not
// roll back with it either.
func (p *Publisher) Claim(ctx context.Context, id int64) error {
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := p.db.ExecContext(ctx, "UPDATE jobs SET worker = 'w1' WHERE id = ?", id); err != nil { // want `outer-handle-in-tx: UPDATE runs through the pool handle p\.db \(\*sql\.DB\) while tx is open: .*not part of tx and commits on its own even if tx rolls back \(tx has taken no row lock yet here`
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'claimed' WHERE id = ?", id); err != nil {
		return err
	}
	return tx.Commit()
}

// Report reads in a read-only transaction and records the run through
// the pool: the transaction locks nothing, so nothing to say.
func (p *Publisher) Report(ctx context.Context) (int64, error) {
	tx, err := p.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var n int64
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM orders WHERE status = 'published'").Scan(&n); err != nil {
		return 0, err
	}
	if _, err := p.db.ExecContext(ctx, "UPDATE jobs SET status = 2 WHERE id = 1"); err != nil {
		return 0, err
	}
	return n, tx.Commit()
}

// Finish records the outcome through the pool in the deferred function,
// after it rolled the transaction back.
func (p *Publisher) Finish(ctx context.Context, id int64) (err error) {
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
			p.db.ExecContext(ctx, "UPDATE jobs SET status = 3 WHERE id = ?", id)
		}
	}()
	if _, err = tx.ExecContext(ctx, "UPDATE orders SET status = 'done' WHERE id = ?", id); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return err
	}
	_, err = p.db.ExecContext(ctx, "UPDATE jobs SET status = 4 WHERE id = ?", id)
	return err
}

// Tune sets the session's lock wait on the pool while its read-only
// transaction is open: the SET lands on another connection.
func (p *Publisher) Tune(ctx context.Context) (int64, error) {
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if _, err := p.db.ExecContext(ctx, "SET SESSION innodb_lock_wait_timeout = 5"); err != nil { // want `outer-handle-in-tx: SET runs through the pool handle p\.db`
		return 0, err
	}
	var n int64
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM orders").Scan(&n); err != nil {
		return 0, err
	}
	return n, tx.Commit()
}
