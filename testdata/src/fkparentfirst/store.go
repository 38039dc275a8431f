// Package fkparentfirst removes a folder the safe way: it locks the
// folder row before its notes, so an insert of a note for it waits for
// the folder, holding nothing the removal wants.
package fkparentfirst

import (
	"context"
	"database/sql"
)

// Store writes the notebook of testdata/schema/fkstore.sql.
type Store struct {
	db *sql.DB
}

// RemoveFolder locks the folder, then deletes its notes and it.
func (s *Store) RemoveFolder(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var got int64
	if err := tx.QueryRowContext(ctx, "SELECT id FROM fk_folder WHERE id = ? FOR UPDATE", id).Scan(&got); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM fk_note WHERE folder_id = ?", id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM fk_folder WHERE id = ?", id); err != nil {
		return err
	}
	return tx.Commit()
}

// AddNote files a note in an existing folder.
func (s *Store) AddNote(ctx context.Context, folderID int64, body string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "INSERT INTO fk_note (folder_id, body) VALUES (?, ?)", folderID, body); err != nil {
		return err
	}
	return tx.Commit()
}
