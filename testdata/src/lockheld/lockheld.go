package lockheld

import (
	"context"
	"database/sql"
	"net/http"
	"os/exec"
	"sync"
	"time"
)

type Payments interface {
	Charge(ctx context.Context, id int64) error
}

func sleepWhileLocked(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = ? FOR UPDATE", id)
	time.Sleep(time.Second) // want `lock-held-blocking: time\.Sleep runs while the transaction holds row locks on accounts \(SELECT \.\.\. FOR UPDATE earlier\)`
	return tx.Commit()
}

func httpWhileLocked(ctx context.Context, db *sql.DB, client *http.Client, req *http.Request) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = ?", 1); err != nil {
		return err
	}
	resp, err := client.Do(req) // want `lock-held-blocking: an HTTP request runs while the transaction holds row locks on orders`
	if err != nil {
		return err
	}
	resp.Body.Close()
	return tx.Commit()
}

func channelWhileLocked(db *sql.DB, done chan struct{}) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("DELETE FROM jobs WHERE id = ?", 3)
	<-done // want `lock-held-blocking: a channel receive runs while`
	return tx.Commit()
}

func waitGroupWhileLocked(db *sql.DB, wg *sync.WaitGroup) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("INSERT INTO jobs (id, status, run_at) VALUES (?, 0, NOW())", 9)
	wg.Wait() // want `lock-held-blocking: sync\.WaitGroup\.Wait runs while`
	return tx.Commit()
}

func subprocessWhileLocked(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE accounts SET status = 'x' WHERE id = 1")
	exec.Command("sync").Run() // want `lock-held-blocking: a subprocess runs while`
	return tx.Commit()
}

// slowCall blocks; its fact says so.
func slowCall() { time.Sleep(time.Millisecond) }

func helperWhileLocked(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE accounts SET status = 'x' WHERE id = 1")
	slowCall() // want `lock-held-blocking: slowCall \(which waits on time\.Sleep\) runs while`
	return tx.Commit()
}

// Near misses.

func sleepBeforeLock(db *sql.DB) error {
	time.Sleep(time.Millisecond)
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE accounts SET status = 'x' WHERE id = 1")
	return tx.Commit()
}

func sleepAfterCommit(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE accounts SET status = 'x' WHERE id = 1")
	if err := tx.Commit(); err != nil {
		return err
	}
	time.Sleep(time.Millisecond)
	return nil
}

func plainReadOnly(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.QueryRow("SELECT balance FROM accounts WHERE id = 1")
	time.Sleep(time.Millisecond) // only a plain read so far: no row locks
	return tx.Commit()
}

func selectWithDefault(db *sql.DB, ch chan int) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Exec("UPDATE accounts SET status = 'x' WHERE id = 1")
	select {
	case v := <-ch:
		_ = v
	default:
	}
	return tx.Commit()
}

func noTransaction(db *sql.DB) {
	db.Exec("UPDATE accounts SET status = 'x' WHERE id = 1")
	time.Sleep(time.Millisecond) // autocommit: the lock is gone
}

// notifyWhileLocked hands the notice to a goroutine: the sleep and the
// send wait in the goroutine, not in the transaction, which commits at
// once.
func notifyWhileLocked(db *sql.DB, notices chan<- int64, id int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE orders SET status = 'paid' WHERE id = ?", id); err != nil {
		return err
	}
	go func() {
		time.Sleep(time.Second)
		notices <- id
	}()
	return tx.Commit()
}

// notifyOnExit's goroutine sends from a deferred closure: still the
// goroutine's wait, not the transaction's.
func notifyOnExit(db *sql.DB, notices chan<- int64, id int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE orders SET status = 'paid' WHERE id = ?", id); err != nil {
		return err
	}
	go func() {
		defer func() { notices <- id }()
		time.Sleep(time.Second)
	}()
	return tx.Commit()
}
