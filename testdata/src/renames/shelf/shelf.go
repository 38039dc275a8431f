// Package shelf keeps saved articles. Its table's columns were renamed by
// a migration after it was created: the index on the old name serves the
// new one.
package shelf

import (
	"context"
	"database/sql"
)

// Shelf is the saved-articles store.
type Shelf struct {
	db *sql.DB
}

// ClearOwner removes every article of one owner through the index that
// was created on the column's old name: indexed, nothing to report.
func (s *Shelf) ClearOwner(ctx context.Context, owner int64) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM saved_articles WHERE owner_id = ?", owner)
	return err
}

// ClearOlder removes articles saved before a cutoff: the renamed
// timestamp has no index, so the DELETE scans and locks the whole table.
func (s *Shelf) ClearOlder(ctx context.Context, before string) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM saved_articles WHERE saved_at < ?", before) // want `unindexed-lock: DELETE on saved_articles can use no index`
	return err
}

// Relabel rewrites one label across the shelf: label never had an index.
func (s *Shelf) Relabel(ctx context.Context, from, to string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE saved_articles SET label = ? WHERE label = ?", to, from) // want `unindexed-lock: UPDATE on saved_articles can use no index`
	return err
}
