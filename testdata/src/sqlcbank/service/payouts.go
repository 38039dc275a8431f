package service

import (
	"context"
	"database/sql"

	"sqlcbank/db"
)

// Payouts pays what is due, several workers at once.
type Payouts struct {
	pool *sql.DB
	q    *db.Queries
}

// NewPayouts returns the payout worker over pool.
func NewPayouts(pool *sql.DB) *Payouts { return &Payouts{pool: pool, q: db.New(pool)} }

// Run pays batches until the context ends.
func (p *Payouts) Run(ctx context.Context, batch int32) error {
	for ctx.Err() == nil {
		if err := p.payBatch(ctx, batch); err != nil { // want `skip-locked-candidate: this queue poll \(SELECT \.\.\. FOR UPDATE \.\.\. ORDER BY \.\.\. LIMIT\) on payouts runs in a loop`
			return err
		}
	}
	return ctx.Err()
}

// payBatch locks the next due payouts in due order: every worker waits
// on the first one's rows.
func (p *Payouts) payBatch(ctx context.Context, batch int32) error {
	tx, err := p.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	qtx := p.q.WithTx(tx)
	due, err := qtx.NextPayouts(ctx, batch) // want `range-lock: SELECT \.\.\. FOR UPDATE on payouts finds its rows by equality on the non-unique index idx_state_due`
	if err != nil {
		return err
	}
	for _, d := range due {
		if err := qtx.PayPayout(ctx, d.ID); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// RunSkipping pays batches, each worker skipping the rows other workers
// hold: no queue finding.
func (p *Payouts) RunSkipping(ctx context.Context, batch int32) error {
	for ctx.Err() == nil {
		if err := p.payBatchSkipping(ctx, batch); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (p *Payouts) payBatchSkipping(ctx context.Context, batch int32) error {
	tx, err := p.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	qtx := p.q.WithTx(tx)
	due, err := qtx.NextPayoutsSkipLocked(ctx, batch) // want `range-lock: SELECT \.\.\. FOR UPDATE on payouts finds its rows by equality on the non-unique index idx_state_due`
	if err != nil {
		return err
	}
	for _, d := range due {
		if err := qtx.PayPayout(ctx, d.ID); err != nil {
			return err
		}
	}
	return tx.Commit()
}
