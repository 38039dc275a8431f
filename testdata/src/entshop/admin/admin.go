// Package admin runs the store's changes in transactions the store's
// generic Begin opens.
package admin

import (
	"context"
	"sort"

	"entshop/ent"
	"entshop/store"
)

// Service holds the stores over the pool.
type Service struct {
	members store.MemberStore
}

// New returns the service over client.
func New(client *ent.Client) *Service {
	return &Service{members: store.NewMemberStore(client)}
}

// SaveStatuses writes a map of statuses in one transaction, in the map's
// order: two saves of overlapping emails lock them in different orders.
func (s *Service) SaveStatuses(ctx context.Context, byEmail map[string]string) error {
	ms, txn, ctx, err := store.Begin(ctx, s.members)
	if err != nil {
		return err
	}
	if err := ms.SetStatuses(ctx, byEmail); err != nil { // want `nested-lock: UPDATE locks rows of members one at a time inside a loop of memberStore.SetStatuses \(store.go:91\), in the iteration order of a Go map`
		_ = store.Abort(txn)
		return err
	}
	return store.Commit(txn)
}

// SaveStatusesNoTx writes the same map on the pool: each UPDATE commits
// on its own, so no lock outlives its statement.
func (s *Service) SaveStatusesNoTx(ctx context.Context, byEmail map[string]string) error {
	return s.members.SetStatuses(ctx, byEmail)
}

// SaveSorted writes the statuses in a sorted order in one transaction:
// every caller locks the rows in one order.
func (s *Service) SaveSorted(ctx context.Context, emails []string, status string) error {
	sort.Strings(emails)
	ms, txn, ctx, err := store.Begin(ctx, s.members)
	if err != nil {
		return err
	}
	if err := ms.SetStatusInOrder(ctx, emails, status); err != nil {
		_ = store.Abort(txn)
		return err
	}
	return store.Commit(txn)
}

// Move takes credits from one member and gives them to another, in the
// order the caller names them: two opposite moves deadlock.
func (s *Service) Move(ctx context.Context, from, to, n int64) error {
	ms, txn, ctx, err := store.Begin(ctx, s.members)
	if err != nil {
		return err
	}
	if err := ms.AddCredits(ctx, from, -n); err != nil {
		_ = store.Abort(txn)
		return err
	}
	if err := ms.AddCredits(ctx, to, n); err != nil { // want `nested-lock: this transaction already locked a row of members \(UPDATE\) and now locks another`
		_ = store.Abort(txn)
		return err
	}
	return store.Commit(txn)
}

// MoveNoTx does the same on the pool: two autocommit statements.
func (s *Service) MoveNoTx(ctx context.Context, from, to, n int64) error {
	if err := s.members.AddCredits(ctx, from, -n); err != nil {
		return err
	}
	return s.members.AddCredits(ctx, to, n)
}

// Grant leaves the transaction open when the update fails.
func (s *Service) Grant(ctx context.Context, id, n int64) error {
	ms, txn, ctx, err := store.Begin(ctx, s.members) // want `tx-not-closed: the transaction begun here is neither committed nor rolled back on the path through the return at line 91: .* Fix: roll txn back on every path that does not commit it, right after checking Begin.s error`
	if err != nil {
		return err
	}
	if err := ms.AddCredits(ctx, id, n); err != nil {
		return err
	}
	return store.Commit(txn)
}

// GrantDeferred rolls back in a deferred call: closed on every path.
func (s *Service) GrantDeferred(ctx context.Context, id, n int64) error {
	ms, txn, ctx, err := store.Begin(ctx, s.members)
	if err != nil {
		return err
	}
	defer store.Abort(txn)
	if err := ms.AddCredits(ctx, id, n); err != nil {
		return err
	}
	return store.Commit(txn)
}

// MoveJoined binds a second store with the context the first Begin
// returned: it joins that transaction, so both updates are in one, and
// the second Begin cannot fail.
func (s *Service) MoveJoined(ctx context.Context, other store.MemberStore, from, to, n int64) error {
	ms, txn, ctx, err := store.Begin(ctx, s.members)
	if err != nil {
		return err
	}
	os, _, ctx, err := store.Begin(ctx, other)
	if err != nil {
		return err
	}
	if err := ms.AddCredits(ctx, from, -n); err != nil {
		_ = store.Abort(txn)
		return err
	}
	if err := os.AddCredits(ctx, to, n); err != nil { // want `nested-lock: this transaction already locked a row of members \(UPDATE\) and now locks another`
		_ = store.Abort(txn)
		return err
	}
	return store.Commit(txn)
}

// MoveApart begins a second transaction from the caller's context: two
// transactions of one update each.
func (s *Service) MoveApart(ctx context.Context, other store.MemberStore, from, to, n int64) error {
	ms, txn, tctx, err := store.Begin(ctx, s.members)
	if err != nil {
		return err
	}
	defer store.Abort(txn)
	os, txn2, octx, err := store.Begin(ctx, other)
	if err != nil {
		return err
	}
	defer store.Abort(txn2)
	if err := ms.AddCredits(tctx, from, -n); err != nil {
		return err
	}
	if err := os.AddCredits(octx, to, n); err != nil {
		return err
	}
	if err := store.Commit(txn2); err != nil {
		return err
	}
	return store.Commit(txn)
}

// SuspendTwo suspends two teams' members in one transaction, in the
// order the caller names them; each UPDATE's rows are chosen through the
// store's predicate helper.
func (s *Service) SuspendTwo(ctx context.Context, a, b int64) error {
	ms, txn, ctx, err := store.Begin(ctx, s.members)
	if err != nil {
		return err
	}
	defer store.Abort(txn)
	if err := ms.SuspendTeam(ctx, a); err != nil {
		return err
	}
	if err := ms.SuspendTeam(ctx, b); err != nil { // want `nested-lock: this transaction already locked a row of members \(UPDATE\) and now locks another`
		return err
	}
	return store.Commit(txn)
}
