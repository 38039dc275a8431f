package lockheld

import (
	"context"
	"database/sql"
	"time"
)

// exporter snapshots a table under LOCK TABLES on a connection of its own.
type exporter struct {
	db     *sql.DB
	upload func(context.Context) error
}

// The upload runs with the table still locked: every writer of invoices
// waits for it.
func (e *exporter) exportLocked(ctx context.Context, done <-chan struct{}) error {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "LOCK TABLES invoices READ"); err != nil {
		return err
	}
	defer conn.ExecContext(ctx, "UNLOCK TABLES")
	<-done // want `lock-held-blocking: a channel receive runs while LOCK TABLES invoices READ is held: it blocks every other session's writes to invoices until UNLOCK TABLES`
	return nil
}

// A named lock kept across a sleep: every other caller of GET_LOCK with
// that name waits as long.
func (e *exporter) pauseUnderNamedLock(ctx context.Context) error {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT GET_LOCK('export', 10)"); err != nil {
		return err
	}
	time.Sleep(time.Second) // want `lock-held-blocking: time.Sleep runs while GET_LOCK is held: it blocks every other GET_LOCK of the same name until RELEASE_LOCK`
	_, err = conn.ExecContext(ctx, "SELECT RELEASE_LOCK('export')")
	return err
}

// Near miss: the lock is released before the wait.
func (e *exporter) releaseThenWait(ctx context.Context, done <-chan struct{}) error {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "LOCK TABLES invoices READ"); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "UNLOCK TABLES"); err != nil {
		return err
	}
	<-done
	return nil
}

// Near miss: the wait comes before the named lock.
func (e *exporter) waitThenLock(ctx context.Context) error {
	time.Sleep(time.Second)
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT GET_LOCK('export', 10)"); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "SELECT RELEASE_LOCK('export')")
	return err
}

// keepAlive pings until told to stop; it is started in a goroutine.
func (e *exporter) keepAlive(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(time.Second):
		}
	}
}

// Near miss: the waiting helper runs in its own goroutine; the function
// holding the named lock does not wait for it.
func (e *exporter) lockAndWatch(ctx context.Context, stop chan struct{}) (*sql.Conn, error) {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "SELECT GET_LOCK('export', 0)"); err != nil {
		conn.Close()
		return nil, err
	}
	go e.keepAlive(stop)
	go time.Sleep(time.Second)
	return conn, nil
}

// Two slow calls under one lock: one finding, at the first.
func (e *exporter) twoWaits(ctx context.Context, done <-chan struct{}) error {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT GET_LOCK('report', 30)"); err != nil {
		return err
	}
	defer conn.ExecContext(ctx, "SELECT RELEASE_LOCK('report')")
	time.Sleep(time.Second) // want `lock-held-blocking: time.Sleep runs while GET_LOCK is held`
	<-done
	return nil
}

// Near miss: a try-lock (timeout 0): other instances give up at once
// instead of waiting for the name.
func (e *exporter) tryLockThenWait(ctx context.Context, done <-chan struct{}) error {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var got int
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK('report', 0)").Scan(&got); err != nil || got != 1 {
		return err
	}
	defer conn.ExecContext(ctx, "SELECT RELEASE_LOCK('report')")
	<-done
	return nil
}
