package admin

import (
	"context"

	"entshop/ent"
	"entshop/store"
)

// Billing runs the batch store's changes in transactions.
type Billing struct {
	batches store.BatchStore
}

// NewBilling returns the service over client.
func NewBilling(client *ent.Client) *Billing {
	return &Billing{batches: store.NewBatchStore(client)}
}

// Charge charges members in one transaction: the store updates the
// groups in a Go map's order.
func (b *Billing) Charge(ctx context.Context, ids []int64) error {
	bs, txn, ctx, err := store.Begin(ctx, b.batches)
	if err != nil {
		return err
	}
	if err := bs.Charge(ctx, ids); err != nil { // want `nested-lock: UPDATE locks rows of members one at a time inside a loop of batchStore.Charge \(batches.go:63\), in the iteration order of a Go map`
		_ = store.Abort(txn)
		return err
	}
	return store.Commit(txn)
}

// ChargeTeams charges each team's members through a helper that loops
// over a map and calls the store.
func (b *Billing) ChargeTeams(ctx context.Context, byTeam map[string][]int64) error {
	bs, txn, ctx, err := store.Begin(ctx, b.batches)
	if err != nil {
		return err
	}
	if err := chargeTeams(ctx, bs, byTeam); err != nil { // want `nested-lock: UPDATE locks rows of members one at a time inside a loop of batchStore.Charge \(batches.go:63\), in the iteration order of a Go map`
		_ = store.Abort(txn)
		return err
	}
	return store.Commit(txn)
}

func chargeTeams(ctx context.Context, bs store.BatchStore, byTeam map[string][]int64) error {
	for _, ids := range byTeam {
		if err := bs.Charge(ctx, ids); err != nil {
			return err
		}
	}
	return nil
}

// ChargeEach charges distinct members in the order of lo.Keys.
func (b *Billing) ChargeEach(ctx context.Context, ids []int64) error {
	bs, txn, ctx, err := store.Begin(ctx, b.batches)
	if err != nil {
		return err
	}
	if err := bs.ChargeEach(ctx, ids); err != nil { // want `nested-lock: UPDATE locks rows of members one at a time inside a loop of batchStore.ChargeEach \(batches.go:80\), in the iteration order of a Go map`
		_ = store.Abort(txn)
		return err
	}
	return store.Commit(txn)
}

// ChargeSorted charges distinct members in sorted order.
func (b *Billing) ChargeSorted(ctx context.Context, ids []int64) error {
	bs, txn, ctx, err := store.Begin(ctx, b.batches)
	if err != nil {
		return err
	}
	if err := bs.ChargeSorted(ctx, ids); err != nil {
		_ = store.Abort(txn)
		return err
	}
	return store.Commit(txn)
}

// ChargeAll charges all members in one statement.
func (b *Billing) ChargeAll(ctx context.Context, ids []int64) error {
	bs, txn, ctx, err := store.Begin(ctx, b.batches)
	if err != nil {
		return err
	}
	if err := bs.ChargeAll(ctx, ids); err != nil {
		_ = store.Abort(txn)
		return err
	}
	return store.Commit(txn)
}

// Reward rewards teams in the caller's order.
func (b *Billing) Reward(ctx context.Context, teams [][]int64) error {
	bs, txn, ctx, err := store.Begin(ctx, b.batches)
	if err != nil {
		return err
	}
	if err := bs.Reward(ctx, teams); err != nil { // want `nested-lock: UPDATE locks rows of members one at a time inside a loop of batchStore.Reward \(batches.go:118\), in the order of the loop`
		_ = store.Abort(txn)
		return err
	}
	return store.Commit(txn)
}

// RewardTeam rewards a team's members in the id order of a query.
func (b *Billing) RewardTeam(ctx context.Context, team int64) error {
	bs, txn, ctx, err := store.Begin(ctx, b.batches)
	if err != nil {
		return err
	}
	if err := bs.RewardTeam(ctx, team); err != nil {
		_ = store.Abort(txn)
		return err
	}
	return store.Commit(txn)
}

// ClearFixed clears handles the code names: every caller lists them in
// one order.
func (b *Billing) ClearFixed(ctx context.Context, team int64) error {
	bs, txn, ctx, err := store.Begin(ctx, b.batches)
	if err != nil {
		return err
	}
	if err := bs.ClearHandles(ctx, team, "bot", "guest"); err != nil {
		_ = store.Abort(txn)
		return err
	}
	return store.Commit(txn)
}

// ClearListed clears handles in the order the request lists them.
func (b *Billing) ClearListed(ctx context.Context, team int64, handles []string) error {
	bs, txn, ctx, err := store.Begin(ctx, b.batches)
	if err != nil {
		return err
	}
	if err := bs.ClearHandles(ctx, team, handles...); err != nil { // want `nested-lock: UPDATE locks rows of members one at a time inside a loop of batchStore.ClearHandles \(batches.go:148\), in the order of the loop`
		_ = store.Abort(txn)
		return err
	}
	return store.Commit(txn)
}

// Count reads statuses in a transaction without locking.
func (b *Billing) Count(ctx context.Context, statuses []string) (int, error) {
	bs, txn, ctx, err := store.Begin(ctx, b.batches)
	if err != nil {
		return 0, err
	}
	n, err := bs.CountStatuses(ctx, statuses)
	if err != nil {
		_ = store.Abort(txn)
		return 0, err
	}
	return n, store.Commit(txn)
}

// clearEach clears the handles it is given: the store's loop over them
// is this helper's loop too, in the order its callers pass.
func clearEach(ctx context.Context, bs store.BatchStore, team int64, handles []string) error {
	return bs.ClearHandles(ctx, team, handles...)
}

// clearBots clears the handles it names itself: one order for every
// caller.
func clearBots(ctx context.Context, bs store.BatchStore, team int64) error {
	return bs.ClearHandles(ctx, team, "bot", "crawler")
}

// ClearThrough clears the request's handles through a helper.
func (b *Billing) ClearThrough(ctx context.Context, team int64, handles []string) error {
	bs, txn, ctx, err := store.Begin(ctx, b.batches)
	if err != nil {
		return err
	}
	if err := clearEach(ctx, bs, team, handles); err != nil { // want `nested-lock: UPDATE locks rows of members one at a time inside a loop of batchStore.ClearHandles \(batches.go:148\), in the order of the loop`
		_ = store.Abort(txn)
		return err
	}
	return store.Commit(txn)
}

// ClearBots clears fixed handles through a helper.
func (b *Billing) ClearBots(ctx context.Context, team int64) error {
	bs, txn, ctx, err := store.Begin(ctx, b.batches)
	if err != nil {
		return err
	}
	if err := clearBots(ctx, bs, team); err != nil {
		_ = store.Abort(txn)
		return err
	}
	return store.Commit(txn)
}
