package lockheld

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
	"google.golang.org/grpc"
)

// The shape protoc-gen-go-grpc generates for a client.

type ChargeRequest struct{ ID int64 }
type ChargeReply struct{ OK bool }

type BillingClient interface {
	Charge(ctx context.Context, in *ChargeRequest, opts ...grpc.CallOption) (*ChargeReply, error)
}

func grpcWhileLocked(ctx context.Context, db *sqlx.DB, billing BillingClient, id int64) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var balance int64
	if err := tx.GetContext(ctx, &balance, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id); err != nil {
		return err
	}
	if _, err := billing.Charge(ctx, &ChargeRequest{ID: id}); err != nil { // want `lock-held-blocking: a gRPC call runs while the transaction holds row locks on accounts`
		return err
	}
	return tx.Commit()
}

func sqlxSleepWhileLocked(db *sqlx.DB, id int64) error {
	tx := db.MustBegin()
	defer tx.Rollback()
	tx.MustExec("UPDATE jobs SET status = 1 WHERE id = ?", id)
	time.Sleep(100 * time.Millisecond) // want `lock-held-blocking: time\.Sleep runs while the transaction holds row locks on jobs`
	return tx.Commit()
}

// Near misses.

// Accounts has the context-first, (value, error) shape of a gRPC client
// but no grpc.CallOption: a local call, not a network one.
type Accounts interface {
	Load(ctx context.Context, id int64) (*ChargeReply, error)
}

func localCallWhileLocked(ctx context.Context, db *sqlx.DB, accounts Accounts, id int64) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.MustExecContext(ctx, "UPDATE accounts SET status = 'x' WHERE id = ?", id)
	if _, err := accounts.Load(ctx, id); err != nil {
		return err
	}
	return tx.Commit()
}

func grpcBeforeLock(ctx context.Context, db *sqlx.DB, billing BillingClient, id int64) error {
	if _, err := billing.Charge(ctx, &ChargeRequest{ID: id}); err != nil {
		return err
	}
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.MustExecContext(ctx, "UPDATE accounts SET status = 'charged' WHERE id = ?", id)
	return tx.Commit()
}

func sqlxSleepAfterCommit(db *sqlx.DB, id int64) error {
	tx := db.MustBegin()
	defer tx.Rollback()
	tx.MustExec("UPDATE jobs SET status = 1 WHERE id = ?", id)
	if err := tx.Commit(); err != nil {
		return err
	}
	time.Sleep(100 * time.Millisecond)
	return nil
}

// bufferedResult reports the locked balance on a channel with room for
// it: the one send cannot wait, so nothing blocks under the lock.
func bufferedResult(ctx context.Context, db *sqlx.DB, id int64) (int64, error) {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	res := make(chan int64, 1)
	var balance int64
	if err := tx.GetContext(ctx, &balance, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id); err != nil {
		return 0, err
	}
	res <- balance
	close(res)
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return <-res, nil
}

// sentTwice sends twice on a channel with room for one: the second send
// waits for a receiver while the row is locked.
func sentTwice(ctx context.Context, db *sqlx.DB, id int64) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res := make(chan int64, 1)
	go func() { <-res; <-res }()
	var balance int64
	if err := tx.GetContext(ctx, &balance, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id); err != nil {
		return err
	}
	res <- balance // want `lock-held-blocking: a channel send runs while the transaction holds row locks on accounts`
	res <- balance // the same transaction's second wait: a related position of the first's finding
	return tx.Commit()
}
