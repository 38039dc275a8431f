package store

import (
	"context"
	"slices"

	"entshop/ent"
	"entshop/ent/member"
	"entshop/ent/predicate"

	"github.com/samber/lo"
)

// BatchStore changes members in batches of ids, with predicates and
// builders made by lo's helpers.
type BatchStore interface {
	Binder
	Charge(ctx context.Context, ids []int64) error
	ChargeEach(ctx context.Context, ids []int64) error
	ChargeSorted(ctx context.Context, ids []int64) error
	ChargeAll(ctx context.Context, ids []int64) error
	Reward(ctx context.Context, teams [][]int64) error
	RewardTeam(ctx context.Context, team int64) error
	ClearHandles(ctx context.Context, team int64, handles ...string) error
	CountStatuses(ctx context.Context, statuses []string) (int, error)
}

type batchStore struct {
	client *ent.Client
	limit  int
}

// NewBatchStore returns the store over client.
func NewBatchStore(client *ent.Client) BatchStore { return &batchStore{client: client, limit: 100} }

func (s *batchStore) Bind(c *ent.Client) Binder { return &batchStore{client: c, limit: s.limit} }

func (s *batchStore) Client() *ent.Client { return s.client }

// idBatches returns one predicate per group of at most s.limit ids.
func (s *batchStore) idBatches(ids []int64) []predicate.Member {
	if len(ids) == 0 {
		return nil
	}
	chunks := lo.Chunk(ids, s.limit)
	return lo.Map(chunks, func(chunk []int64, _ int) predicate.Member {
		return member.IDIn(chunk...)
	})
}

// Charge takes from each member one credit per time its id is listed:
// the members are grouped by that count, and each group is updated in
// batches, the groups in the order of a Go map.
func (s *batchStore) Charge(ctx context.Context, ids []int64) error {
	counts := map[int64]int{}
	for _, id := range ids {
		counts[id]++
	}
	byCount := lo.GroupBy(lo.Keys(counts), func(id int64) int { return counts[id] })
	for n, group := range byCount {
		batches := s.idBatches(group)
		for _, batch := range batches {
			if err := s.client.Member.Update().Where(batch).AddCredits(int64(-n)).Exec(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// ChargeEach takes one credit per distinct id, in the order lo.Keys
// gives: the map's.
func (s *batchStore) ChargeEach(ctx context.Context, ids []int64) error {
	seen := map[int64]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	keys := lo.Keys(seen)
	for _, id := range keys {
		if err := s.client.Member.UpdateOneID(id).AddCredits(-1).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// ChargeSorted sorts the distinct ids before it updates them one by one.
func (s *batchStore) ChargeSorted(ctx context.Context, ids []int64) error {
	seen := map[int64]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	keys := lo.Keys(seen)
	slices.Sort(keys)
	for _, id := range keys {
		if err := s.client.Member.UpdateOneID(id).AddCredits(-1).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// ChargeAll updates every listed member in one statement.
func (s *batchStore) ChargeAll(ctx context.Context, ids []int64) error {
	return s.client.Member.Update().Where(member.IDIn(ids...)).AddCredits(-1).Exec(ctx)
}

// Reward gives a credit to each team's members: one builder per batch,
// made when the team is read and run afterwards, in the teams' order.
func (s *batchStore) Reward(ctx context.Context, teams [][]int64) error {
	var stms []*ent.MemberUpdate
	for _, ids := range teams {
		stms = append(stms, lo.Map(s.idBatches(ids), func(b predicate.Member, _ int) *ent.MemberUpdate {
			return s.client.Member.Update().Where(b).AddCredits(1)
		})...)
	}
	for _, stm := range stms {
		if err := stm.Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// RewardTeam gives a credit to a team's members one by one, in the id
// order of the query that lists them.
func (s *batchStore) RewardTeam(ctx context.Context, team int64) error {
	rows, err := s.client.Member.Query().Where(member.TeamID(team)).Order(member.ByID()).All(ctx)
	if err != nil {
		return err
	}
	preds := lo.Map(rows, func(m *ent.Member, _ int) predicate.Member { return member.ID(m.ID) })
	for _, p := range preds {
		if err := s.client.Member.Update().Where(p).AddCredits(1).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// ClearHandles suspends a team's members by handle, in batches of the
// handles the caller lists.
func (s *batchStore) ClearHandles(ctx context.Context, team int64, handles ...string) error {
	groups := lo.Map(lo.Chunk(handles, s.limit), func(hs []string, _ int) predicate.Member {
		return member.HandleIn(hs...)
	})
	for _, g := range groups {
		if err := s.client.Member.Update().Where(member.TeamID(team), g).SetStatus("suspended").Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// CountStatuses counts members per status with plain reads: no lock.
func (s *batchStore) CountStatuses(ctx context.Context, statuses []string) (int, error) {
	total := 0
	for _, p := range lo.Map(statuses, func(st string, _ int) predicate.Member { return member.StatusEQ(st) }) {
		n, err := s.client.Member.Query().Where(p).Count(ctx)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}
