// Package attachments stores uploaded files, each with one blob row and
// any number of label rows. Every path that changes a file's blob or
// labels locks the file's row first.
package attachments

import (
	"context"
	"database/sql"
)

type Store struct {
	db *sql.DB
}

func New(db *sql.DB) *Store { return &Store{db: db} }

func (s *Store) begin(ctx context.Context) (*sql.Tx, error) { return s.db.BeginTx(ctx, nil) }

// Relabel locks the file, replaces its labels and then marks its blob:
// labels before blobs.
func (s *Store) Relabel(ctx context.Context, file int64, label string) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var owner int64
	if err := tx.QueryRowContext(ctx, "SELECT owner_id FROM files WHERE id = ? FOR UPDATE", file).Scan(&owner); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE labels SET name = ? WHERE file_id = ?", label, file); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE blobs SET labelled = 1 WHERE file_id = ?", file); err != nil {
		return err
	}
	return tx.Commit()
}

// Purge locks the file, then drops its blob and its labels: blobs before
// labels, the other way round, but the two can never hold a file's blob
// and labels against each other: whoever holds one already holds the
// file's row, and the other waits there.
func (s *Store) Purge(ctx context.Context, file int64) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT id FROM files WHERE id = ? FOR UPDATE", file); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM blobs WHERE file_id = ?", file); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM labels WHERE file_id = ?", file); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM files WHERE id = ?", file); err != nil {
		return err
	}
	return tx.Commit()
}

// Rehash updates the blob first and the file row after it, with no lock
// on the file before: Relabel holds the file's row and waits for the blob
// this one holds.
func (s *Store) Rehash(ctx context.Context, file int64, sum string) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE blobs SET checksum = ? WHERE file_id = ?", sum, file); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE files SET checked_at = NOW() WHERE id = ?", file); err != nil { // want `lock-order: this transaction locks files after holding locks on blobs`
		return err
	}
	return tx.Commit()
}
