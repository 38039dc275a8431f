package fkstore

import (
	"context"
	"strings"

	"github.com/jmoiron/sqlx"
)

// Shelf is a shelf to create, known by its unique code.
type Shelf struct {
	Code string
}

// LabelShelf labels a shelf that exists already.
func (s *Store) LabelShelf(ctx context.Context, code, label string) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO fk_shelf_label (shelf_code, label) VALUES (?, ?)", code, label)
		return err
	})
}

// addRows adds (key, label) rows to a table with one prepared INSERT.
func addRows(tx *sqlx.Tx, table, keyName string, keyVal any, labels []string) error {
	if len(labels) == 0 {
		return nil
	}
	insert, err := tx.Prepare("INSERT INTO " + table + " (" + keyName + ", label) VALUES (?, ?)")
	if err != nil {
		return err
	}
	for _, l := range labels {
		if _, err := insert.Exec(keyVal, l); err != nil {
			return err
		}
	}
	return nil
}

// createShelf inserts a shelf, then its labels through another helper.
func (s *Store) createShelf(tx *sqlx.Tx, sh *Shelf, labels []string) error {
	if _, err := tx.Exec("INSERT INTO fk_shelf (code) VALUES (?)", sh.Code); err != nil {
		return err
	}
	return addRows(tx, "fk_shelf_label", "shelf_code", sh.Code, labels)
}

// CreateShelf inserts a shelf and its labels in one helper call, two
// levels deep: both inserts sit at the call, and the shelf row the labels
// reference is the one the call inserted first (by its unique code, not a
// generated key), so CreateShelf is no partner of RemoveShelf.
func (s *Store) CreateShelf(ctx context.Context, sh *Shelf, labels []string) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	err = s.createShelf(tx, sh, labels)
	if err != nil {
		return err
	}
	return tx.Commit()
}

// normalized is a code as shelves store it.
func normalized(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// LabelNormalized labels a shelf by its normalized code: which shelf row
// the label references is known only at run time, but no statement of the
// transaction touches a shelf before, so whichever row it is, the label's
// shared lock on it is one the transaction did not hold.
func (s *Store) LabelNormalized(ctx context.Context, code, label string) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO fk_shelf_label (shelf_code, label) VALUES (?, ?)", normalized(code), label)
		return err
	})
}

// RelabelShelf locks a shelf, then labels a shelf by its normalized code,
// which may be the shelf it holds: no edge.
func (s *Store) RelabelShelf(ctx context.Context, code, label string) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, "SELECT id FROM fk_shelf WHERE code = ? FOR UPDATE", code); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO fk_shelf_label (shelf_code, label) VALUES (?, ?)", normalized(code), label)
		return err
	})
}

// RemoveShelf deletes a shelf's labels by the foreign key, then the
// shelf (after the inserting paths, so that the finding is here and names
// them all): it holds the labels' range, and the gap after it, while it waits
// for the shelf row, which a label INSERT share-locks first.
func (s *Store) RemoveShelf(ctx context.Context, code string) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM fk_shelf_label WHERE shelf_code = ?", code); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM fk_shelf WHERE code = ?", code) // want `lock-order: this transaction locks the fk_shelf row after locking the fk_shelf_label rows of a fk_shelf row by foreign key fk_shelf_label_shelf .* while the function literal in Store\.LabelShelf \(shelves\.go:\d+\) and the function literal in Store\.LabelNormalized \(shelves\.go:\d+\) insert into fk_shelf_label:`
		return err
	})
}
