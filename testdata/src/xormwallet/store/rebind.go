package store

import (
	"context"

	"xorm.io/xorm"
)

// PendingBySourceCtx rebinds the callback's session to a context first:
// Context returns the same session, still the transaction.
func (s *Store) PendingBySourceCtx(ctx context.Context, source int64) (int, error) {
	n := 0
	_, err := s.engine.Transaction(func(session *xorm.Session) (interface{}, error) {
		session = session.Context(ctx)
		var ids []int64
		err := session.Table("transfer").Where("source_wallet > ?", source).Cols("id").ForUpdate().Find(&ids) // want `range-lock: .*range of index idx_source_wallet`
		n = len(ids)
		return nil, err
	})
	return n, err
}
