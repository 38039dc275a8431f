// Package notes stores notes searched by a full-text index. A FULLTEXT
// index answers MATCH ... AGAINST only: a WHERE comparing its columns
// with = or a range cannot use it, and scans the table.
package notes

import (
	"context"
	"database/sql"
)

// Notes is the note store.
type Notes struct {
	db *sql.DB
}

// RetitleAll renames every note with one heading: heading is covered only
// by the full-text index, so the UPDATE scans and locks the whole table.
func (n *Notes) RetitleAll(ctx context.Context, from, to string) error {
	_, err := n.db.ExecContext(ctx, "UPDATE notes SET heading = ? WHERE heading = ?", to, from) // want `unindexed-lock: UPDATE on notes can use no index`
	return err
}

// DropDraft deletes drafts by heading, which only CREATE FULLTEXT INDEX
// covers: a scan of the whole table as well.
func (n *Notes) DropDraft(ctx context.Context, heading string) error {
	_, err := n.db.ExecContext(ctx, "DELETE FROM drafts WHERE heading = ?", heading) // want `unindexed-lock: DELETE on drafts can use no index`
	return err
}

// ClearAuthor deletes one author's notes through the B-tree index on
// author_id: indexed, nothing to report.
func (n *Notes) ClearAuthor(ctx context.Context, author int64) error {
	_, err := n.db.ExecContext(ctx, "DELETE FROM notes WHERE author_id = ?", author)
	return err
}
