package txnotclosed

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jmoiron/sqlx"
)

func leakOnError(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil) // want `tx-not-closed: the transaction begun here is neither committed nor rolled back on the path through the return at line 17`
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id = ?", id); err != nil {
		return err
	}
	return tx.Commit()
}

func leakEarlyReturn(db *sql.DB, ok bool) error {
	tx, err := db.Begin() // want `tx-not-closed`
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("not ok")
	}
	return tx.Commit()
}

func leakFallOff(db *sqlx.DB) {
	tx := db.MustBegin() // want `tx-not-closed: .*when the function falls off its end`
	tx.MustExec("UPDATE accounts SET balance = 0 WHERE id = 1")
}

func leakSqlx(ctx context.Context, db *sqlx.DB) error {
	tx, err := db.BeginTxx(ctx, nil) // want `tx-not-closed`
	if err != nil {
		return err
	}
	var n int
	if err := tx.Get(&n, "SELECT COUNT(*) FROM accounts"); err != nil {
		return err
	}
	return tx.Commit()
}

func leakInLoop(db *sql.DB, ids []int64) error {
	for _, id := range ids {
		tx, err := db.Begin() // want `tx-not-closed`
		if err != nil {
			return err
		}
		if id == 0 {
			continue
		}
		tx.Commit()
	}
	return nil
}

// Near misses.

func deferredRollback(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = 0 WHERE id = 1"); err != nil {
		return err
	}
	return tx.Commit()
}

func deferredClosure(db *sql.DB) (err error) {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
			return
		}
		err = tx.Commit()
	}()
	_, err = tx.Exec("UPDATE accounts SET balance = 0 WHERE id = 1")
	return err
}

func explicitEverywhere(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE accounts SET balance = 0 WHERE id = 1"); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func returned(db *sql.DB) (*sql.Tx, error) {
	tx, err := db.Begin()
	if err != nil {
		return nil, err
	}
	return tx, nil // the caller owns it
}

type unitOfWork struct{ tx *sql.Tx }

func stored(db *sql.DB, u *unitOfWork) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	u.tx = tx
	return nil
}

func panics(db *sql.DB) {
	tx, err := db.Begin()
	if err != nil {
		panic(err)
	}
	if _, err := tx.Exec("DELETE FROM jobs WHERE id = 1"); err != nil {
		tx.Rollback()
		panic(err)
	}
	tx.Commit()
}
