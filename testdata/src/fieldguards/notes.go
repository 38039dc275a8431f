// Package fieldguards checks that a helper's statement under a test of a
// field of its options (a switch over a kind, a range over a list, a
// comparison with a constant) runs only at callers whose options let it.
package fieldguards

import (
	"context"
	"database/sql"
)

// NoteKind says what a note records.
type NoteKind int

const (
	NotePlain NoteKind = iota
	NoteClosed
	NoteReopened
)

// execer is a transaction or the pool: the helpers below do not know
// which, their callers do.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// noteOptions are what addNote needs.
type noteOptions struct {
	Kind   NoteKind
	Order  int64
	Tags   []string
	Status string
}

// addNote records a note on an order. Only a plain note retags the
// orders that share its status, and only when it carries tags: a scan of
// orders by status, which no index starts with.
func addNote(ctx context.Context, tx execer, opts *noteOptions) error {
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET note = ? WHERE id = ?", "noted", opts.Order); err != nil {
		return err
	}
	switch opts.Kind {
	case NotePlain:
		for _, tag := range opts.Tags {
			if _, err := tx.ExecContext(ctx, "UPDATE orders SET note = ? WHERE status = ?", tag, opts.Status); err != nil { // want `unindexed-lock: UPDATE on orders can use no index .*until the enclosing transaction ends`
				return err
			}
		}
	case NoteClosed, NoteReopened:
		if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = ? WHERE id = ?", "reviewed", opts.Order); err != nil {
			return err
		}
	}
	return nil
}

// archiveNotes clears the notes of every order in a status, unless the
// status is "open".
func archiveNotes(ctx context.Context, tx execer, opts noteOptions) error {
	if opts.Status != "open" {
		_, err := tx.ExecContext(ctx, "UPDATE orders SET note = NULL WHERE status = ?", opts.Status) // want `unindexed-lock: UPDATE on orders can use no index .*until the enclosing transaction ends`
		return err
	}
	return nil
}

// addStatusNote passes a kind that is never plain: whichever branch sets
// it, the retagging scan does not run.
func addStatusNote(ctx context.Context, tx execer, order int64, closed bool) error {
	kind := NoteClosed
	if !closed {
		kind = NoteReopened
	}
	return addNote(ctx, tx, &noteOptions{Kind: kind, Order: order, Status: "x"})
}

// addKindNote passes its caller's kind on, in a literal of its own.
func addKindNote(ctx context.Context, tx execer, order int64, kind NoteKind, tags []string) error {
	return addNote(ctx, tx, &noteOptions{Kind: kind, Order: order, Tags: tags, Status: "x"})
}

// Close notes the closing of an order: no scan.
func Close(ctx context.Context, db *sql.DB, order int64, closed bool) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := addStatusNote(ctx, tx, order, closed); err != nil {
		return err
	}
	if err := addKindNote(ctx, tx, order, NoteClosed, []string{"a"}); err != nil {
		return err
	}
	// A plain note that carries no tags: the loop has nothing to run.
	if err := addNote(ctx, tx, &noteOptions{Order: order, Status: "x"}); err != nil {
		return err
	}
	// Open orders keep their notes.
	if err := archiveNotes(ctx, tx, noteOptions{Status: "open"}); err != nil {
		return err
	}
	return tx.Commit()
}

// Comment adds a plain note with tags: the scan runs.
func Comment(ctx context.Context, db *sql.DB, order int64, tags []string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := addNote(ctx, tx, &noteOptions{Kind: NotePlain, Order: order, Tags: tags}); err != nil { // want `unindexed-lock: UPDATE on orders can use no index .*until the transaction commits`
		return err
	}
	return tx.Commit()
}

// Relabel passes a kind its own caller chooses.
func Relabel(ctx context.Context, db *sql.DB, order int64, kind NoteKind, tags []string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := addKindNote(ctx, tx, order, kind, tags); err != nil { // want `unindexed-lock: UPDATE on orders can use no index .*until the transaction commits`
		return err
	}
	return tx.Commit()
}

// Retag changes the kind after building the options: the literal's kind
// is not what the helper sees.
func Retag(ctx context.Context, db *sql.DB, order int64, tags []string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	opts := &noteOptions{Kind: NoteClosed, Order: order, Tags: tags}
	opts.Kind = NotePlain
	if err := addNote(ctx, tx, opts); err != nil { // want `unindexed-lock: UPDATE on orders can use no index .*until the transaction commits`
		return err
	}
	return tx.Commit()
}

// Archive clears the notes of a status its caller names.
func Archive(ctx context.Context, db *sql.DB, status string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := archiveNotes(ctx, tx, noteOptions{Status: status}); err != nil { // want `unindexed-lock: UPDATE on orders can use no index .*until the transaction commits`
		return err
	}
	return tx.Commit()
}

// sweep clears the notes of a status when its kind is plain: a test of
// a field of its receiver.
func (o *noteOptions) sweep(ctx context.Context, tx execer) error {
	if o.Kind == NotePlain {
		_, err := tx.ExecContext(ctx, "UPDATE orders SET note = NULL WHERE status = ?", o.Status) // want `unindexed-lock: UPDATE on orders can use no index .*until the enclosing transaction ends`
		return err
	}
	return nil
}

// Sweep sweeps with a closed kind, then with a plain one.
func Sweep(ctx context.Context, db *sql.DB, status string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	closed := noteOptions{Kind: NoteClosed, Status: status}
	if err := closed.sweep(ctx, tx); err != nil {
		return err
	}
	plain := &noteOptions{Status: status}
	if err := plain.sweep(ctx, tx); err != nil { // want `unindexed-lock: UPDATE on orders can use no index .*until the transaction commits`
		return err
	}
	return tx.Commit()
}
