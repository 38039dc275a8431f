// Package fkstorerc removes folders and files notes as fkstore does, run
// at READ COMMITTED: deleting a folder's notes takes no gap lock, so a
// note inserted meanwhile does not wait, and the folder's DELETE only
// waits for the inserter to commit.
package fkstorerc

import (
	"context"
	"database/sql"
)

// Store writes the notebook of testdata/schema/fkstore.sql.
type Store struct {
	db *sql.DB
}

// RemoveFolder deletes the folder's notes by the foreign key, then it.
func (s *Store) RemoveFolder(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
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
