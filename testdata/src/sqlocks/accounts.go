package sqlocks

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

// AccountRepo keeps its statement builder, as services do, to share the
// placeholder format.
type AccountRepo struct {
	db *sql.DB
	sb sq.StatementBuilderType
}

func NewAccountRepo(db *sql.DB) *AccountRepo {
	return &AccountRepo{db: db, sb: sq.StatementBuilder.PlaceholderFormat(sq.Question)}
}

// Balance locks a row on the pool: autocommit releases the lock at once.
func (r *AccountRepo) Balance(ctx context.Context, id int64) (int64, error) {
	var bal int64
	err := r.sb.Select("balance").From("accounts").Where(sq.Eq{"id": id}). // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*sql\.DB\) in autocommit mode`
										Suffix("FOR UPDATE").
										RunWith(r.db).QueryRowContext(ctx).Scan(&bal)
	return bal, err
}

// BalanceInTx is Balance in the caller's transaction: silent.
func (r *AccountRepo) BalanceInTx(ctx context.Context, tx *sql.Tx, id int64) (int64, error) {
	var bal int64
	err := r.sb.Select("balance").From("accounts").Where(sq.Eq{"id": id}).
		Suffix("FOR UPDATE").
		RunWith(tx).QueryRowContext(ctx).Scan(&bal)
	return bal, err
}

// Owners locks by the non-unique owner index inside a transaction.
func (r *AccountRepo) Owners(ctx context.Context, tx *sql.Tx, owner int64) error {
	q, args, err := r.sb.Select("id").From("accounts").
		Where(sq.And{sq.Eq{"owner_id": owner}, sq.NotEq{"status": "closed"}}).
		Suffix("LOCK IN SHARE MODE").ToSql()
	if err != nil {
		return err
	}
	_, err = tx.QueryContext(ctx, q, args...) // want `range-lock: SELECT \.\.\. LOCK IN SHARE MODE on accounts finds its rows by equality on the non-unique index idx_owner \(owner_id\)`
	return err
}

// Frozen locks through a table whose name is configured: the table is
// unknown, so index rules say nothing, but the lock on the pool is still
// wasted.
func (r *AccountRepo) Frozen(ctx context.Context, table string) error {
	_, err := r.sb.Select("id").From(table).Where(sq.Eq{"status": "frozen"}). // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
											Suffix("FOR UPDATE").
											RunWith(r.db).QueryContext(ctx)
	return err
}
