// Package catalog keeps folders of documents over database/sql. A
// document row is locked before it is replaced or retired, and folders
// are created under a locked parent.
package catalog

import (
	"context"
	"database/sql"
	"errors"
)

var ErrBusy = errors.New("document is checked out")

type Store struct {
	db *sql.DB
}

func New(db *sql.DB) *Store { return &Store{db: db} }

// entry is one name in a folder and the document it points to.
type entry struct {
	Folder int64
	Name   string
	Doc    int64
}

func (s *Store) lookup(ctx context.Context, tx *sql.Tx, folder int64, name string) (entry, bool, error) {
	e := entry{Folder: folder, Name: name}
	err := tx.QueryRowContext(ctx, "SELECT doc_id FROM entries WHERE folder_id = ? AND name = ?", folder, name).Scan(&e.Doc)
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	return e, err == nil, err
}

// Replace points a name at another document and retires the one it
// pointed to. The old document is locked by the entry's field, and
// retired by the copy taken just before the lock: one row, one lock.
func (s *Store) Replace(ctx context.Context, folder int64, name string, doc int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var retired int64
	e, found, err := s.lookup(ctx, tx, folder, name)
	if err != nil {
		return err
	}
	if found {
		retired = e.Doc
		var out int
		if err := tx.QueryRowContext(ctx, "SELECT checked_out FROM documents WHERE id = ? FOR UPDATE", e.Doc).Scan(&out); err != nil {
			return err
		}
		if out != 0 {
			return ErrBusy
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE entries SET doc_id = ? WHERE folder_id = ? AND name = ?", doc, folder, name); err != nil {
		return err
	}
	if retired > 0 {
		if _, err := tx.ExecContext(ctx, "UPDATE documents SET retired = 1 WHERE id = ?", retired); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM documents WHERE id = ? AND pinned = 0", retired); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Checkout locks the document by a local copy of the request's id and
// stamps it through the request itself: the same value either way.
func (s *Store) Checkout(ctx context.Context, req struct{ Doc, User int64 }) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	id := req.Doc
	if _, err := tx.ExecContext(ctx, "SELECT id FROM documents WHERE id = ? FOR UPDATE", id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE documents SET checked_out = ? WHERE id = ?", req.User, req.Doc); err != nil {
		return err
	}
	return tx.Commit()
}

// ReplaceOrDraft locks the old document, but when it is pinned retires a
// draft instead: the copy is reassigned after the lock, so the UPDATE
// may lock a second document.
func (s *Store) ReplaceOrDraft(ctx context.Context, folder int64, name string, draft int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	e, found, err := s.lookup(ctx, tx, folder, name)
	if err != nil || !found {
		return err
	}
	retired := e.Doc
	var pinned bool
	if err := tx.QueryRowContext(ctx, "SELECT pinned FROM documents WHERE id = ? FOR UPDATE", e.Doc).Scan(&pinned); err != nil {
		return err
	}
	if pinned {
		retired = draft
	}
	if _, err := tx.ExecContext(ctx, "UPDATE documents SET retired = 1 WHERE id = ?", retired); err != nil { // want `nested-lock: this transaction already locked a row of documents`
		return err
	}
	return tx.Commit()
}

// ReplaceViaHelper takes the copy the same way, but a helper closure made
// before it may point the copy at the draft: a function literal can run
// whenever it is called, so the copy is not known to name the locked row.
func (s *Store) ReplaceViaHelper(ctx context.Context, folder int64, name string, draft int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	e, found, err := s.lookup(ctx, tx, folder, name)
	if err != nil || !found {
		return err
	}
	var retired int64
	useDraft := func() { retired = draft }
	retired = e.Doc
	var pinned bool
	if err := tx.QueryRowContext(ctx, "SELECT pinned FROM documents WHERE id = ? FOR UPDATE", e.Doc).Scan(&pinned); err != nil {
		return err
	}
	if pinned {
		useDraft()
	}
	if _, err := tx.ExecContext(ctx, "UPDATE documents SET retired = 1 WHERE id = ?", retired); err != nil { // want `nested-lock: this transaction already locked a row of documents`
		return err
	}
	return tx.Commit()
}

// Swap copies the entry's document, then re-reads the entry into the
// same variable before locking: the lock is on whatever the entry points
// to now, the UPDATE on what it pointed to before.
func (s *Store) Swap(ctx context.Context, folder int64, name string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	e, _, err := s.lookup(ctx, tx, folder, name)
	if err != nil {
		return err
	}
	before := e.Doc
	if err := tx.QueryRowContext(ctx, "SELECT doc_id FROM entries WHERE folder_id = ? AND name = ?", folder, name).Scan(&e.Doc); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "SELECT id FROM documents WHERE id = ? FOR UPDATE", e.Doc); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE documents SET retired = 1 WHERE id = ?", before); err != nil { // want `nested-lock: this transaction already locked a row of documents`
		return err
	}
	return tx.Commit()
}

// AddFolder creates a folder under a locked parent and then sets the new
// folder's path by the id the INSERT generated: a row this transaction
// created, which no one else can hold.
func (s *Store) AddFolder(ctx context.Context, parent int64, name string) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var path string
	if err := tx.QueryRowContext(ctx, "SELECT path FROM folders WHERE id = ? FOR UPDATE", parent).Scan(&path); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO folders (parent_id, name) VALUES (?, ?)", parent, name)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE folders SET path = CONCAT(?, '/', id) WHERE id = ?", path, id); err != nil {
		return 0, err
	}
	return id, tx.Commit()
}

// AddFolderNextTo does the same but also bumps a sibling the caller
// names: that row is not the new one, and it is locked second.
func (s *Store) AddFolderNextTo(ctx context.Context, parent, sibling int64, name string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT id FROM folders WHERE id = ? FOR UPDATE", parent); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO folders (parent_id, name) VALUES (?, ?)", parent, name); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE folders SET position = position + 1 WHERE id = ?", sibling); err != nil { // want `nested-lock: this transaction already locked a row of folders`
		return err
	}
	return tx.Commit()
}
