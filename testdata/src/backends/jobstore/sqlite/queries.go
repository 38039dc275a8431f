package sqlite

import "context"

// Claim uses ? placeholders, as SQLite's drivers do.
func (s *Store) Claim(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, "SELECT id FROM jobs WHERE id = ? FOR UPDATE", id)
	return err
}

// Release frees every job of a worker.
func (s *Store) Release(ctx context.Context, worker string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE jobs SET status = 0 WHERE worker = ?", worker)
	return err
}
