// Package service is a shop's member and task service over the ent
// client generated from entshop/ent/schema: transactions begun with
// client.Tx, locking reads with ForUpdate and ForShare.
package service

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	_ "github.com/go-sql-driver/mysql"

	"entshop/ent"
	"entshop/ent/member"
)

// Members changes members' credits and status.
type Members struct {
	client *ent.Client
}

// NewMembers returns the service over client.
func NewMembers(client *ent.Client) *Members { return &Members{client: client} }

var errNoCredit = errors.New("not enough credits")

// Spend locks the member by primary key, then writes it back through the
// transaction: the lock is held until Commit, on one row.
func (m *Members) Spend(ctx context.Context, id, amount int64) error {
	tx, err := m.client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	mem, err := tx.Member.Query().Where(member.ID(id)).ForUpdate().Only(ctx)
	if err != nil {
		return err
	}
	if mem.Credits < amount {
		return errNoCredit
	}
	if err := tx.Member.UpdateOne(mem).AddCredits(-amount).Exec(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// Peek locks the member through the client, outside any transaction:
// the lock ends with the statement.
func (m *Members) Peek(ctx context.Context, id int64) (*ent.Member, error) {
	return m.client.Member.Query().Where(member.ID(id)).ForUpdate().Only(ctx) // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool \(\*ent\.Client\) in autocommit mode`
}

// Lookup reads the member through the client without a lock: silent.
func (m *Members) Lookup(ctx context.Context, id int64) (*ent.Member, error) {
	return m.client.Member.Get(ctx, id)
}

// SuspendByStatus locks the members in a status: no index starts with
// status, so every row of members is locked.
func (m *Members) SuspendByStatus(ctx context.Context, status string) error {
	tx, err := m.client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ids, err := tx.Member.Query().Where(member.StatusEQ(status)).ForUpdate().IDs(ctx) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on members can use no index \(no index of members starts with status\)`
	if err != nil {
		return err
	}
	if _, err := tx.Member.Update().Where(member.IDIn(ids...)).SetStatus("suspended").Save(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// Team locks a team's members by the leading column of the unique
// (team_id, handle) index: a range of it, with its gaps.
func (m *Members) Team(ctx context.Context, team int64) ([]*ent.Member, error) {
	tx, err := m.client.Tx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ms, err := tx.Member.Query().Where(member.TeamID(team)).ForUpdate().All(ctx) // want `range-lock: SELECT \.\.\. FOR UPDATE on members`
	if err != nil {
		return nil, err
	}
	return ms, tx.Commit()
}

// ByHandle locks one member by the full unique (team_id, handle) key:
// one row, no range.
func (m *Members) ByHandle(ctx context.Context, team int64, handle string) (*ent.Member, error) {
	tx, err := m.client.Tx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	mem, err := tx.Member.Query().Where(member.TeamID(team), member.Handle(handle)).ForUpdate().Only(ctx)
	if err != nil {
		return nil, err
	}
	return mem, tx.Commit()
}

// Join creates the member unless one with the email exists, after a
// locking check of the email: two callers for a missing email deadlock
// on its gap.
func (m *Members) Join(ctx context.Context, email string, team int64, handle string) error {
	tx, err := m.client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.Member.Query().Where(member.Email(email)).ForUpdate().Only(ctx)
	switch {
	case ent.IsNotFound(err):
		if _, err := tx.Member.Create().SetEmail(email).SetTeamID(team).SetHandle(handle).SetStatus("new").Save(ctx); err != nil { // want `check-then-insert: INSERT into members after SELECT \.\.\. FOR UPDATE of the same table in one transaction`
			return err
		}
	case err != nil:
		return err
	}
	return tx.Commit()
}

// JoinOrUpdate writes the member in one upsert, with no lookup: silent.
func (m *Members) JoinOrUpdate(ctx context.Context, email string, team int64, handle string) error {
	tx, err := m.client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.Member.Create().SetEmail(email).SetTeamID(team).SetHandle(handle).OnConflict().UpdateNewValues().Exec(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// Transfer locks two members in the order the caller names them: two
// opposite transfers deadlock.
func (m *Members) Transfer(ctx context.Context, from, to, amount int64) error {
	tx, err := m.client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	src, err := tx.Member.Query().Where(member.ID(from)).ForUpdate().Only(ctx)
	if err != nil {
		return err
	}
	dst, err := tx.Member.Query().Where(member.ID(to)).ForUpdate().Only(ctx) // want `nested-lock: this transaction already locked a row of members \(SELECT \.\.\. FOR UPDATE\) and now locks another`
	if err != nil {
		return err
	}
	if err := tx.Member.UpdateOne(src).AddCredits(-amount).Exec(ctx); err != nil {
		return err
	}
	if err := tx.Member.UpdateOne(dst).AddCredits(amount).Exec(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// Audit locks the member in the transaction, then writes its status
// through the client: another connection, which waits for the lock the
// transaction holds.
func (m *Members) Audit(ctx context.Context, id int64) error {
	tx, err := m.client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Member.Query().Where(member.ID(id)).ForUpdate().Only(ctx); err != nil {
		return err
	}
	if err := m.client.Member.UpdateOneID(id).SetStatus("audited").Exec(ctx); err != nil { // want `outer-handle-in-tx: UPDATE runs through the pool handle`
		return err
	}
	return tx.Commit()
}

// Touch forgets to end the transaction when the update fails.
func (m *Members) Touch(ctx context.Context, id int64) error {
	tx, err := m.client.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted}) // want `tx-not-closed: the transaction begun here is neither committed nor rolled back on the path through the return at line 192`
	if err != nil {
		return err
	}
	if err := tx.Member.UpdateOneID(id).SetStatus("touched").Exec(ctx); err != nil {
		return fmt.Errorf("touch %d: %w", id, err)
	}
	return tx.Commit()
}
