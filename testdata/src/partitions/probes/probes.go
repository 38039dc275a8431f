// Package probes stores the results of uptime probes. Its results table
// is partitioned by day, which bounds what an unindexed statement scans.
package probes

import (
	"context"
	"database/sql"
	"time"
)

// Store keeps probe results.
type Store struct {
	db *sql.DB
}

// Purge deletes results older than the retention cutoff. taken_at has no
// index, but the table is partitioned by day on it: the DELETE reads only
// the days up to the cutoff, while new results go into today's partition.
func (s *Store) Purge(ctx context.Context, before time.Time) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM probe_results WHERE taken_at < ?", before)
	return err
}

// PurgeArchive is the same purge on the unpartitioned archive: it scans
// and locks the whole table.
func (s *Store) PurgeArchive(ctx context.Context, before time.Time) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM probe_archive WHERE taken_at < ?", before) // want `unindexed-lock: DELETE on probe_archive can use no index .*locks every row and every gap of probe_archive for as long as the statement runs`
	return err
}

// MarkRecentFailed rewrites the results since a point in time: a lower
// bound reaches today's partition, which it scans and locks whole.
func (s *Store) MarkRecentFailed(ctx context.Context, since time.Time) error {
	_, err := s.db.ExecContext(ctx, "UPDATE probe_results SET ok = FALSE WHERE taken_at >= ? AND ok = TRUE", since) // want `unindexed-lock: UPDATE on probe_results can use no index .*probe_results is partitioned by taken_at, so at REPEATABLE READ InnoDB scans the partitions the condition on taken_at reaches, whole, and locks every row and every gap of those partitions`
	return err
}

// DropFailed names no partitioning column: every partition is scanned.
func (s *Store) DropFailed(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM probe_results WHERE ok = FALSE") // want `unindexed-lock: DELETE on probe_results can use no index .*locks every row and every gap of probe_results for`
	return err
}

// ClearFlag filters on the second primary-key column of a HASH-partitioned
// table: no index and no partition is skipped.
func (s *Store) ClearFlag(ctx context.Context, flag string) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM probe_flags WHERE flag = ?", flag) // want `unindexed-lock: DELETE on probe_flags can use no index .*locks every row and every gap of probe_flags for`
	return err
}
