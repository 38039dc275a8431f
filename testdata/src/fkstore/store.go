// Package fkstore is a notebook store: folders hold notes, whose
// folder_id is a foreign key to fk_folder (testdata/schema/fkstore.sql).
// Every write runs in a transaction that withTx begins and ends around a
// function literal.
package fkstore

import (
	"context"

	"github.com/huandu/go-sqlbuilder"
	"github.com/jmoiron/sqlx"
)

// Store writes the notebook.
type Store struct {
	db *sqlx.DB
}

func (s *Store) withTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// RemoveFolder deletes a folder's notes by the foreign key, then the
// folder. The statements are built, and rebound, before the transaction's
// function literal, which sends them.
func (s *Store) RemoveFolder(ctx context.Context, id int64) error {
	notes := sqlbuilder.NewDeleteBuilder()
	notes.DeleteFrom("fk_note")
	notes.Where(notes.Equal("folder_id", id))
	notesQuery, notesArgs := notes.Build()
	notesQuery = s.db.Rebind(notesQuery)

	folder := sqlbuilder.NewDeleteBuilder()
	folder.DeleteFrom("fk_folder")
	folder.Where(folder.Equal("id", id))
	folderQuery, folderArgs := folder.Build()
	folderQuery = s.db.Rebind(folderQuery)

	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, notesQuery, notesArgs...); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, folderQuery, folderArgs...)
		return err
	})
}

// AddNote files a note in an existing folder: the INSERT share-locks the
// folder row (the foreign-key check), then waits for RemoveFolder's gap
// lock, while RemoveFolder waits for that shared lock.
func (s *Store) AddNote(ctx context.Context, folderID int64, body string) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO fk_note (folder_id, body) VALUES (?, ?)", folderID, body) // want `lock-order: this INSERT into fk_note share-locks the fk_folder row it references before it adds its row \(the check of foreign key fk_note_folder fk_note\(folder_id\) -> fk_folder\(id\)\), while the function literal in Store.RemoveFolder \(store.go:\d+\) locks the fk_note rows of a fk_folder row by that key and then locks the fk_folder row exclusively: at REPEATABLE READ .* At READ COMMITTED no gap lock is taken`
		return err
	})
}

// NewFolderWithNote creates a folder and its first note: the folder row
// is this transaction's own, no one else can be removing it.
func (s *Store) NewFolderWithNote(ctx context.Context, name, body string) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, "INSERT INTO fk_folder (name) VALUES (?)", name)
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO fk_note (folder_id, body) VALUES (?, ?)", id, body)
		return err
	})
}

// RemoveNote deletes one note by its primary key and stamps its folder:
// a record lock on the note, no range of the folder's notes, so no
// insert waits for it.
func (s *Store) RemoveNote(ctx context.Context, id, folderID int64) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM fk_note WHERE id = ?", id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE fk_folder SET updated_at = NOW() WHERE id = ?", folderID)
		return err
	})
}

// RemoveTag deletes a tag's links, then the tag. fk_note_tag declares no
// foreign key: an insert of a link locks no tag row.
func (s *Store) RemoveTag(ctx context.Context, id int64) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM fk_note_tag WHERE tag_id = ?", id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM fk_tag WHERE id = ?", id)
		return err
	})
}

// TagNote links a note to a tag.
func (s *Store) TagNote(ctx context.Context, noteID, tagID int64) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO fk_note_tag (note_id, tag_id) VALUES (?, ?)", noteID, tagID)
		return err
	})
}

// RenameLater changes its statement after creating the function literal
// that sends it: when the literal runs, the variable may hold either
// text, so the statement is not known.
func (s *Store) RenameLater(ctx context.Context, id int64, name string) error {
	q := "DELETE FROM fk_note WHERE folder_id = ?"
	fn := func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE fk_folder SET name = ? WHERE id = ?", name, id)
		return err
	}
	q = "SELECT id FROM fk_note WHERE folder_id = ?"
	return s.withTx(ctx, fn)
}

// importFolder writes a folder with a caller-chosen id and its note, in
// the caller's transaction: the note references the row just inserted.
func importFolder(ctx context.Context, tx *sqlx.Tx, id int64, name, body string) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO fk_folder (id, name) VALUES (?, ?)", id, name); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO fk_note (folder_id, body) VALUES (?, ?)", id, body)
	return err
}

// ImportFolder creates a folder through a helper that also adds its
// note: the folder row is this transaction's own, so no insert edge.
func (s *Store) ImportFolder(ctx context.Context, id int64, name, body string) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		return importFolder(ctx, tx, id, name, body)
	})
}
