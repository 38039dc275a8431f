// Package store keeps one small store per entity over the ent client.
// Each store holds the client in a field that Bind replaces in a copy,
// and the generic Begin hands out such a copy bound to a transaction,
// with a handle that Commit and Abort end.
package store

import (
	"context"

	"entshop/ent"
	"entshop/ent/member"
	"entshop/ent/predicate"
)

// Binder is a store whose client can be swapped.
type Binder interface {
	Bind(c *ent.Client) Binder
	Client() *ent.Client
}

// Txn is the transaction Begin opened, or joined when the context
// already carries one.
type Txn struct {
	tx     *ent.Tx
	joined bool
}

type txnKey struct{}

// Begin returns a copy of s bound to a transaction: a new one, or the
// one the context carries.
func Begin[S Binder](ctx context.Context, s S) (S, *Txn, context.Context, error) {
	var w *Txn
	if outer, ok := ctx.Value(txnKey{}).(*Txn); ok {
		w = &Txn{tx: outer.tx, joined: true}
	} else {
		tx, err := s.Client().Tx(ctx)
		if err != nil {
			return s, nil, ctx, err
		}
		w = &Txn{tx: tx}
		ctx = context.WithValue(ctx, txnKey{}, w)
	}
	bound := w.tx.Client()
	return s.Bind(bound).(S), w, ctx, nil
}

// Commit ends a transaction Begin opened; a joined one is left to its
// opener.
func Commit(w *Txn) error {
	if w.joined {
		return nil
	}
	return w.tx.Commit()
}

// Abort rolls back a transaction Begin opened.
func Abort(w *Txn) error {
	if w.joined {
		return nil
	}
	return w.tx.Rollback()
}

// MemberStore changes members.
type MemberStore interface {
	Binder
	SetStatuses(ctx context.Context, byEmail map[string]string) error
	SetStatusInOrder(ctx context.Context, emails []string, status string) error
	AddCredits(ctx context.Context, id, n int64) error
	Suspend(ctx context.Context, ids []int64) error
	SuspendTeam(ctx context.Context, team int64) error
}

type memberStore struct {
	client *ent.Client
	label  string
}

// NewMemberStore returns the store over client.
func NewMemberStore(client *ent.Client) MemberStore { return &memberStore{client: client} }

func (s *memberStore) Bind(c *ent.Client) Binder { return &memberStore{client: c, label: s.label} }

func (s *memberStore) Client() *ent.Client { return s.client }

// SetStatuses updates members by email, one statement per entry of the
// map, in the map's order.
func (s *memberStore) SetStatuses(ctx context.Context, byEmail map[string]string) error {
	for email, status := range byEmail {
		if err := s.client.Member.Update().Where(member.Email(email)).SetStatus(status).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// SetStatusInOrder updates members by email in the order of a slice.
func (s *memberStore) SetStatusInOrder(ctx context.Context, emails []string, status string) error {
	for _, email := range emails {
		if err := s.client.Member.Update().Where(member.Email(email)).SetStatus(status).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// AddCredits updates one member by id.
func (s *memberStore) AddCredits(ctx context.Context, id, n int64) error {
	return s.client.Member.UpdateOneID(id).AddCredits(n).Exec(ctx)
}

// Suspend updates the members whose ids the group predicate names.
func (s *memberStore) Suspend(ctx context.Context, ids []int64) error {
	_, err := s.client.Member.Update().Where(idGroup(ids)).SetStatus("suspended").Save(ctx)
	return err
}

// SuspendTeam updates a team's members through a predicate helper.
func (s *memberStore) SuspendTeam(ctx context.Context, team int64) error {
	_, err := s.client.Member.Update().Where(teamGroup(team)).SetStatus("suspended").Save(ctx)
	return err
}

// Retire updates the members in a status, through a predicate helper:
// no index of members starts with status.
func (s *memberStore) Retire(ctx context.Context, status string) error {
	_, err := s.client.Member.Update().Where(statusGroup(status)).SetStatus("retired").Save(ctx) // want `unindexed-lock: UPDATE on members can use no index \(no index of members starts with status\)`
	return err
}

// RetirePicked updates members in a status its helper picks itself: the
// predicate's value is not the caller's, and the statement stays unknown.
func (s *memberStore) RetirePicked(ctx context.Context) error {
	_, err := s.client.Member.Update().Where(pickedGroup()).SetStatus("retired").Save(ctx)
	return err
}

func idGroup(ids []int64) predicate.Member { return member.IDIn(ids...) }

func statusGroup(status string) predicate.Member { return member.StatusEQ(status) }

var picked = "idle"

func pickedGroup() predicate.Member { return member.StatusEQ(picked) }

func teamGroup(team int64) predicate.Member { return member.TeamID(team) }

// TaskStore is a second store, so that Bind has two implementations.
type TaskStore interface {
	Binder
}

type taskStore struct {
	client *ent.Client
}

// NewTaskStore returns the store over client.
func NewTaskStore(client *ent.Client) TaskStore { return &taskStore{client: client} }

func (s *taskStore) Bind(c *ent.Client) Binder { return &taskStore{client: c} }

func (s *taskStore) Client() *ent.Client { return s.client }
