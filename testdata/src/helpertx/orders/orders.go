// Package orders is a repository whose transactions hand their *sql.Tx
// to small unexported helpers. A helper that only its callers'
// transactions call is judged in itself, once, at its callers'
// isolation level.
package orders

import (
	"context"
	"database/sql"
)

type Store struct {
	db *sql.DB
}

// SetTags replaces an order's tags through replaceTags, at REPEATABLE
// READ: for an order with no tags yet both DELETEs take the same gap
// lock, and both INSERTs wait for it. Reported once, in the helper.
func (s *Store) SetTags(ctx context.Context, order int64, tags []int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := replaceTags(ctx, tx, order, tags); err != nil {
		return err
	}
	return tx.Commit()
}

func replaceTags(ctx context.Context, tx *sql.Tx, order int64, tags []int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM order_tags WHERE order_id = ?", order); err != nil {
		return err
	}
	for _, t := range tags {
		if _, err := tx.ExecContext(ctx, "INSERT INTO order_tags (order_id, tag_id) VALUES (?, ?)", order, t); err != nil { // want `check-then-insert: INSERT into order_tags after DELETE .*at REPEATABLE READ`
			return err
		}
	}
	return nil
}

// SetTagsCommitted does the same at READ COMMITTED, where the DELETE
// takes no gap lock: the helper is judged at that level.
func (s *Store) SetTagsCommitted(ctx context.Context, order int64, tags []int64) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := replaceNotes(ctx, tx, order, tags); err != nil {
		return err
	}
	return tx.Commit()
}

func replaceNotes(ctx context.Context, tx *sql.Tx, order int64, notes []int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM order_notes WHERE order_id = ?", order); err != nil {
		return err
	}
	for _, n := range notes {
		if _, err := tx.ExecContext(ctx, "INSERT INTO order_notes (order_id, note_id) VALUES (?, ?)", order, n); err != nil { // want `check-then-insert: INSERT into order_notes after DELETE .*at READ COMMITTED there is no gap lock and no deadlock`
			return err
		}
	}
	return nil
}

// Audit runs at SERIALIZABLE through two helpers: the inner one is
// judged at that level too.
func (s *Store) Audit(ctx context.Context, order int64, links []int64) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := relink(ctx, tx, order, links); err != nil {
		return err
	}
	return tx.Commit()
}

func relink(ctx context.Context, tx *sql.Tx, order int64, links []int64) error {
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET audited = 1 WHERE id = ?", order); err != nil {
		return err
	}
	return replaceLinks(ctx, tx, order, links)
}

func replaceLinks(ctx context.Context, tx *sql.Tx, order int64, links []int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM order_links WHERE order_id = ?", order); err != nil {
		return err
	}
	for _, l := range links {
		if _, err := tx.ExecContext(ctx, "INSERT INTO order_links (order_id, link_id) VALUES (?, ?)", order, l); err != nil { // want `check-then-insert: INSERT into order_links after DELETE .*at SERIALIZABLE`
			return err
		}
	}
	return nil
}

// relabel is also kept as a function value, which anyone may call with
// any transaction: it keeps its own judgment, at the default level.
func relabel(ctx context.Context, tx *sql.Tx, order int64, labels []int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM order_labels WHERE order_id = ?", order); err != nil {
		return err
	}
	for _, l := range labels {
		if _, err := tx.ExecContext(ctx, "INSERT INTO order_labels (order_id, label_id) VALUES (?, ?)", order, l); err != nil { // want `check-then-insert: INSERT into order_labels after DELETE .*at REPEATABLE READ`
			return err
		}
	}
	return nil
}

// Fixups are run by a job runner elsewhere.
var Fixups = []func(context.Context, *sql.Tx, int64, []int64) error{relabel}

// Relabel runs relabel in a transaction.
func (s *Store) Relabel(ctx context.Context, order int64, labels []int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := relabel(ctx, tx, order, labels); err != nil { // want `check-then-insert: INSERT into order_labels after DELETE`
		return err
	}
	return tx.Commit()
}
