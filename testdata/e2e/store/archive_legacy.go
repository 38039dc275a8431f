//go:build legacy

package store

import "context"

// ArchiveBalance is built only with -tags=legacy: it locks on the pool.
func (s *Store) ArchiveBalance(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", id)
	return err
}
