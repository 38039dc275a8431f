package prove

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/locklint/locklint/sqltext"
)

// session is one connection of a scenario, standing for one transaction
// of the application.
type session struct {
	name string
	conn *sql.Conn
	id   int64
}

// result is what one statement did.
type result struct {
	err      error
	affected int64
	// rows is the number of rows a query returned, -1 for other
	// statements.
	rows int64
	took time.Duration
	// blocked is set when the statement was still running after the
	// prover's wait: it waited for a lock.
	blocked bool
	// lock is the lock the server said it waited for.
	lock string
}

func (r result) code() uint16 {
	var me *mysql.MySQLError
	if errors.As(r.err, &me) {
		return me.Number
	}
	return 0
}

// lockWaitTimeout is innodb_lock_wait_timeout in the scratch sessions, in
// seconds: the smallest the server allows.
const lockWaitTimeout = 1

func (p *Prover) open(ctx context.Context, name string, level sqltext.Isolation) (*session, error) {
	conn, err := p.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	s := &session{name: name, conn: conn}
	for _, q := range []string{
		fmt.Sprintf("SET SESSION innodb_lock_wait_timeout = %d", lockWaitTimeout),
		"SET SESSION lock_wait_timeout = 5",
		"SET SESSION TRANSACTION ISOLATION LEVEL " + level.SQL(),
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			conn.Close()
			return nil, err
		}
	}
	if err := conn.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&s.id); err != nil {
		conn.Close()
		return nil, err
	}
	return s, nil
}

// close rolls back whatever the session left open and gives the
// connection up. A connection in an unknown state is discarded.
func (s *session) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := s.conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		// ErrBadConn makes database/sql close the connection rather
		// than pool it; the server then rolls back what it held.
		s.conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	s.conn.Close()
}

// start runs a statement in the background.
func (s *session) start(ctx context.Context, text string, args []any) <-chan result {
	ch := make(chan result, 1)
	go func() {
		t0 := time.Now()
		r := result{rows: -1}
		if isQuery(text) {
			rows, err := s.conn.QueryContext(ctx, text, args...)
			if err == nil {
				r.rows = 0
				for rows.Next() {
					r.rows++
				}
				err = rows.Err()
				rows.Close()
			}
			r.err = err
		} else {
			res, err := s.conn.ExecContext(ctx, text, args...)
			r.err = err
			if err == nil {
				r.affected, _ = res.RowsAffected()
			}
		}
		r.took = time.Since(t0)
		ch <- r
	}()
	return ch
}

var queryPrefix = regexp.MustCompile(`(?is)^\s*(\(\s*)*(select|with)\b`)

func isQuery(text string) bool { return queryPrefix.MatchString(text) }

// run runs a statement and waits for it; when it is still running after
// the prover's wait, it asks the server for the lock it waits for.
func (p *Prover) run(ctx context.Context, s *session, text string, args []any) result {
	return p.finish(ctx, s, s.start(ctx, text, args))
}

// finish waits for a statement started in the background. While it
// runs, it asks the server every so often whether the session waits for
// a lock: a statement is blocked when the server says so (or when it
// failed with a lock wait timeout), not merely because it was slow on a
// busy server.
func (p *Prover) finish(ctx context.Context, s *session, ch <-chan result) result {
	lock := ""
	tick := time.NewTicker(p.wait / 3)
	defer tick.Stop()
	for {
		select {
		case r := <-ch:
			r.lock = lock
			r.blocked = lock != "" || r.code() == 1205
			return r
		case <-tick.C:
			if lock == "" {
				lock = p.waitingLock(ctx, s.id)
			}
		case <-ctx.Done():
			return result{err: ctx.Err(), blocked: lock != "", lock: lock}
		}
	}
}

// waiting reports whether the session's running statement waits for a
// lock, asking the server until it says so or until the prover's wait
// has passed; it returns the lock.
func (p *Prover) waiting(ctx context.Context, s *session, ch <-chan result) (result, bool, string) {
	deadline := time.After(p.wait)
	tick := time.NewTicker(p.wait / 6)
	defer tick.Stop()
	for {
		select {
		case r := <-ch:
			return r, true, ""
		case <-tick.C:
			if lock := p.waitingLock(ctx, s.id); lock != "" {
				return result{}, false, lock
			}
		case <-deadline:
			// A busy server may answer the lock-wait query only after
			// the statement began to wait: ask once more before saying
			// it does not wait.
			select {
			case r := <-ch:
				return r, true, ""
			default:
			}
			return result{}, false, p.waitingLock(ctx, s.id)
		}
	}
}

// exec runs a statement that must not fail (BEGIN, COMMIT, a seed).
func (s *session) exec(ctx context.Context, q string, args ...any) error {
	_, err := s.conn.ExecContext(ctx, q, args...)
	return err
}

// waitingLock asks the server which lock connection id waits for, and
// who holds it.
func (p *Prover) waitingLock(ctx context.Context, id int64) string {
	if p.blind {
		return ""
	}
	q := `SELECT r.lock_mode, r.lock_table, IFNULL(r.lock_index, ''), IFNULL(r.lock_data, ''), b.lock_mode
FROM information_schema.INNODB_LOCK_WAITS w
JOIN information_schema.INNODB_LOCKS r ON r.lock_id = w.requested_lock_id
JOIN information_schema.INNODB_LOCKS b ON b.lock_id = w.blocking_lock_id
JOIN information_schema.INNODB_TRX t ON t.trx_id = w.requesting_trx_id
WHERE t.trx_mysql_thread_id = ? LIMIT 1`
	if !p.server.mariaDB() {
		q = `SELECT r.LOCK_MODE, r.OBJECT_NAME, IFNULL(r.INDEX_NAME, ''), IFNULL(r.LOCK_DATA, ''), b.LOCK_MODE
FROM performance_schema.data_lock_waits w
JOIN performance_schema.data_locks r ON r.ENGINE_LOCK_ID = w.REQUESTING_ENGINE_LOCK_ID
JOIN performance_schema.data_locks b ON b.ENGINE_LOCK_ID = w.BLOCKING_ENGINE_LOCK_ID
JOIN performance_schema.threads t ON t.THREAD_ID = w.REQUESTING_THREAD_ID
WHERE t.PROCESSLIST_ID = ? LIMIT 1`
	}
	var mode, table, index, data, held string
	err := p.db.QueryRowContext(ctx, q, id).Scan(&mode, &table, &index, &data, &held)
	if err != nil {
		return ""
	}
	if i := strings.LastIndex(table, "."); i >= 0 {
		table = table[i+1:]
	}
	out := fmt.Sprintf("waits for %s on %s", mode, strings.Trim(table, "`"))
	if index != "" {
		out += " index " + strings.Trim(index, "`")
	}
	if data != "" {
		out += " at " + data
	}
	return out + ", held as " + held
}

// deadlockLocks reads the locks of the deadlock the server detected last,
// from SHOW ENGINE INNODB STATUS.
func (p *Prover) deadlockLocks(ctx context.Context) string {
	var typ, name, status string
	if err := p.db.QueryRowContext(ctx, "SHOW ENGINE INNODB STATUS").Scan(&typ, &name, &status); err != nil {
		return ""
	}
	i := strings.Index(status, "LATEST DETECTED DEADLOCK")
	if i < 0 {
		return ""
	}
	section := status[i:]
	if j := strings.Index(section, "\nTRANSACTIONS\n"); j >= 0 {
		section = section[:j]
	}
	var waits []string
	lines := strings.Split(section, "\n")
	for k, l := range lines {
		if !strings.Contains(l, "WAITING FOR THIS LOCK TO BE GRANTED") || k+1 >= len(lines) {
			continue
		}
		waits = append(waits, lockLine(lines[k+1]))
	}
	if len(waits) == 0 {
		return ""
	}
	return "deadlock: " + strings.Join(waits, "; ")
}

var lockLineRE = regexp.MustCompile("index `?([^` ]+)`? of table `[^`]*`\\.`([^`]*)`.*?(lock[_ ]mode .*)$")

// lockLine shortens "RECORD LOCKS space id 5 page no 3 n bits 72 index
// PRIMARY of table `db`.`t` trx id 9 lock_mode X locks gap before rec
// insert intention waiting" to "t index PRIMARY: lock_mode X locks gap
// before rec insert intention waiting".
func lockLine(l string) string {
	if m := lockLineRE.FindStringSubmatch(l); m != nil {
		return m[2] + " index " + m[1] + ": " + strings.TrimSpace(m[3])
	}
	return strings.TrimSpace(l)
}

// describe says what a result was, for a verdict's detail.
func describe(r result) string {
	var out string
	switch {
	case r.err == nil && r.rows >= 0:
		out = fmt.Sprintf("returned %d rows", r.rows)
	case r.err == nil:
		out = fmt.Sprintf("succeeded (%d rows affected)", r.affected)
	case r.code() != 0:
		out = fmt.Sprintf("failed with %d (%s)", r.code(), errorName(r.code()))
	default:
		out = "failed: " + r.err.Error()
	}
	if r.blocked {
		out = fmt.Sprintf("waited %.1fs and %s", r.took.Seconds(), out)
	} else {
		out = "did not wait and " + out
	}
	return out
}

func errorName(code uint16) string {
	switch code {
	case 1205:
		return "lock wait timeout"
	case 1213:
		return "deadlock"
	case 1062:
		return "duplicate key"
	}
	return "error"
}

// read runs a query that takes no lock to wait for (a plain read) and
// returns its rows, each as a map from result column to value; the
// summary's column names stand for what each result column reads, where
// it knows them.
func (s *session) read(ctx context.Context, text string, args []any, sum *sqltext.Summary) ([]map[string]string, error) {
	rows, err := s.conn.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	for i := range names {
		names[i] = strings.ToLower(names[i])
		if sum != nil && i < len(sum.Columns) && sum.Columns[i] != "" && sum.Columns[i] != "*" && len(sum.Columns) == len(names) {
			names[i] = sum.Columns[i]
		}
	}
	var out []map[string]string
	for rows.Next() {
		vals := make([]any, len(names))
		ptrs := make([]any, len(names))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := map[string]string{}
		for i, n := range names {
			if _, ok := row[n]; !ok {
				row[n] = fmt.Sprint(asString(vals[i]))
			}
		}
		out = append(out, row)
	}
	return out, rows.Err()
}
