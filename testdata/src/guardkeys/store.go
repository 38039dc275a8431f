// Package guardkeys is a note store whose transactions lock a note, check
// that the request names the note they locked, and then write it through
// helpers: the check, an early return when two ids differ, makes the
// helper's key the locked row.
package guardkeys

import (
	"context"
	"database/sql"
	"errors"
	"log"
	"strings"
)

// LinkMention and LinkReply are the kinds of links between notes.
const (
	LinkMention = "mention"
	LinkReply   = "reply"
)

// rootNote is the note every tree of notes hangs from.
const rootNote int64 = 1

var errConflict = errors.New("note changed")

// NoteEdit is the new state of a note; nil fields stay as they are.
type NoteEdit struct {
	ID       int64
	AuthorID int64
	Body     *string
}

// Link is one link from a note to another.
type Link struct {
	NoteID   int64
	TargetID int64
	Kind     string
}

// Change is one edit of a note, with the links it now has.
type Change struct {
	NoteID   int64
	AuthorID int64
	Redirect int64
	Edit     *NoteEdit
	Links    []*Link
}

// Store keeps notes in MySQL.
type Store struct {
	db *sql.DB
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// writeNote updates the columns an edit sets, by the edit's id.
func writeNote(ctx context.Context, ex execer, e *NoteEdit) error {
	set, args := []string{}, []any{}
	if e.Body != nil {
		set, args = append(set, "body = ?"), append(args, *e.Body)
	}
	if len(set) == 0 {
		return nil
	}
	args = append(args, e.ID)
	_, err := ex.ExecContext(ctx, "UPDATE note SET "+strings.Join(set, ", ")+" WHERE id = ?", args...)
	return err
}

// lockNote locks the note a change is about and checks its author.
func lockNote(ctx context.Context, tx *sql.Tx, c *Change) error {
	var author int64
	if err := tx.QueryRowContext(ctx, "SELECT author_id FROM note WHERE id = ? FOR UPDATE", c.NoteID).Scan(&author); err != nil {
		return err
	}
	if author != c.AuthorID {
		return errConflict
	}
	return nil
}

// Apply locks the note, checks that the edit is for it, and writes the
// edit: the UPDATE is on the row the transaction holds.
func (s *Store) Apply(ctx context.Context, c *Change) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var author int64
	if err := tx.QueryRowContext(ctx, "SELECT author_id FROM note WHERE id = ? FOR UPDATE", c.NoteID).Scan(&author); err != nil {
		return err
	}
	if c.Edit != nil {
		if c.Edit.ID != c.NoteID {
			return errConflict
		}
		if err := writeNote(ctx, tx, c.Edit); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// ApplyPrechecked checks the edit's id before it locks the note: the
// check holds as well.
func (s *Store) ApplyPrechecked(ctx context.Context, c *Change) error {
	if c.Edit == nil || c.Edit.ID != c.NoteID {
		return errConflict
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE note SET author_id = ? WHERE id = ?", c.AuthorID, c.NoteID); err != nil {
		return err
	}
	if err := writeNote(ctx, tx, c.Edit); err != nil {
		return err
	}
	return tx.Commit()
}

// ApplyChecked is Apply with the check among others in one condition.
func (s *Store) ApplyChecked(ctx context.Context, c *Change) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE note SET author_id = ? WHERE id = ?", c.AuthorID, c.NoteID); err != nil {
		return err
	}
	if c.Edit == nil || c.Edit.ID != c.NoteID || c.Edit.AuthorID != c.AuthorID {
		panic("edit of another note")
	}
	if err := writeNote(ctx, tx, c.Edit); err != nil {
		return err
	}
	return tx.Commit()
}

// ApplyWithLinks replaces the note's mention links after the edit.
func (s *Store) ApplyWithLinks(ctx context.Context, c *Change) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := replaceMentions(ctx, tx, c.NoteID, c.Links); err != nil {
		return err
	}
	return tx.Commit()
}

// replaceMentions deletes a note's mention links and writes the new ones,
// each checked to be a mention from that note: every row it upserts lies
// in the range the DELETE locked.
func replaceMentions(ctx context.Context, tx *sql.Tx, noteID int64, links []*Link) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM note_link WHERE note_id = ? AND kind = ?", noteID, LinkMention); err != nil {
		return err
	}
	for _, l := range links {
		if l == nil || l.NoteID != noteID || l.Kind != LinkMention {
			return errConflict
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO note_link (note_id, target_id, kind) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE kind = kind", l.NoteID, l.TargetID, l.Kind); err != nil {
			return err
		}
	}
	return nil
}

// relinkReplies skips the links of other notes instead of failing: the
// ones it writes are still the note's own.
func relinkReplies(ctx context.Context, tx *sql.Tx, noteID int64, links []Link) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM note_link WHERE note_id = ? AND kind = ?", noteID, LinkReply); err != nil {
		return err
	}
	for _, l := range links {
		if l.NoteID != noteID {
			continue
		}
		if l.Kind != LinkReply {
			break
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO note_link (note_id, target_id, kind) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE kind = kind", l.NoteID, l.TargetID, l.Kind); err != nil {
			return err
		}
	}
	return nil
}

// ApplyOwnEdit locks the note, then checks the edit's author, not its id:
// the edit may be of another note.
func (s *Store) ApplyOwnEdit(ctx context.Context, c *Change) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE note SET author_id = ? WHERE id = ?", c.AuthorID, c.NoteID); err != nil {
		return err
	}
	if c.Edit.AuthorID != c.AuthorID {
		return errConflict
	}
	if err := writeNote(ctx, tx, c.Edit); err != nil { // want `nested-lock: this transaction already locked a row of note`
		return err
	}
	return tx.Commit()
}

// ApplyLogged only logs an edit of another note and writes it anyway.
func (s *Store) ApplyLogged(ctx context.Context, c *Change) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE note SET author_id = ? WHERE id = ?", c.AuthorID, c.NoteID); err != nil {
		return err
	}
	if c.Edit.ID != c.NoteID {
		log.Printf("edit of note %d inside the change of note %d", c.Edit.ID, c.NoteID)
	}
	if err := writeNote(ctx, tx, c.Edit); err != nil { // want `nested-lock: this transaction already locked a row of note`
		return err
	}
	return tx.Commit()
}

// ApplyBoth fails only when both ids differ from the note's: one of them
// may still be another note.
func (s *Store) ApplyBoth(ctx context.Context, c *Change) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE note SET author_id = ? WHERE id = ?", c.AuthorID, c.NoteID); err != nil {
		return err
	}
	if c.Edit.ID != c.NoteID && c.Redirect != c.NoteID {
		return errConflict
	}
	if err := writeNote(ctx, tx, c.Edit); err != nil { // want `nested-lock: this transaction already locked a row of note`
		return err
	}
	return tx.Commit()
}

// ApplyRedirected checks the edit's id, then points it at the redirect
// target: the UPDATE is of that other note.
func (s *Store) ApplyRedirected(ctx context.Context, c *Change) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := lockNote(ctx, tx, c); err != nil {
		return err
	}
	target := c.Edit.ID
	if target != c.NoteID {
		return errConflict
	}
	if c.Redirect != 0 {
		target = c.Redirect
	}
	if _, err := tx.ExecContext(ctx, "UPDATE note SET body = '' WHERE id = ?", target); err != nil { // want `nested-lock: this transaction already locked a row of note`
		return err
	}
	return tx.Commit()
}

// ApplyLocked moves the note's id after the lock and before the check:
// the check compares the new id, not the one the lock used.
func (s *Store) ApplyLocked(ctx context.Context, c *Change) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	id := c.NoteID
	if _, err := tx.ExecContext(ctx, "UPDATE note SET author_id = ? WHERE id = ?", c.AuthorID, id); err != nil {
		return err
	}
	id = c.Redirect
	if c.Edit.ID != id {
		return errConflict
	}
	if err := writeNote(ctx, tx, c.Edit); err != nil { // want `nested-lock: this transaction already locked a row of note`
		return err
	}
	return tx.Commit()
}

// ApplyThenCheck writes the edit before it checks the id: the check
// comes too late for the lock.
func (s *Store) ApplyThenCheck(ctx context.Context, c *Change) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE note SET author_id = ? WHERE id = ?", c.AuthorID, c.NoteID); err != nil {
		return err
	}
	if err := writeNote(ctx, tx, c.Edit); err != nil { // want `nested-lock: this transaction already locked a row of note`
		return err
	}
	if c.Edit.ID != c.NoteID {
		return errConflict
	}
	return tx.Commit()
}

// ReplaceReplies relinks a note's replies with links of the wrong kind
// kept: the kind the DELETE filtered on is not the one written.
func (s *Store) ReplaceReplies(ctx context.Context, noteID int64, links []*Link) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM note_link WHERE note_id = ? AND kind = ?", noteID, LinkMention); err != nil {
		return err
	}
	for _, l := range links {
		if l.Kind != LinkMention {
			return errConflict
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO note_link (note_id, target_id, kind) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE kind = kind", l.NoteID, l.TargetID, l.Kind); err != nil { // want `nested-lock: this transaction already locked a row of note_link`
			return err
		}
	}
	return tx.Commit()
}

// Reparent locks the root note, always the same row, before the note it
// moves: every caller takes the root first, so two of them queue there.
func (s *Store) Reparent(ctx context.Context, noteID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var author int64
	if err := tx.QueryRowContext(ctx, "SELECT author_id FROM note WHERE id = ? FOR UPDATE", rootNote).Scan(&author); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE note SET author_id = ? WHERE id = ?", author, noteID); err != nil {
		return err
	}
	return tx.Commit()
}
