// Package jobstore is a job queue's data-access layer: SQL lives in
// package-level templates, in fields set by the constructor, in methods
// that return query objects, and in maps of fragments, as real stores
// keep it.
package jobstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Query is a statement with its arguments, as the adapters return it.
type Query struct {
	SQL  string
	Args []any
}

var (
	jobColumns  = "id, status, run_at, worker"
	claimJobSQL = "SELECT " + jobColumns + " FROM jobs WHERE id = ? FOR UPDATE"
)

// ClaimByWorkerSQL is the template callers in other packages run.
var ClaimByWorkerSQL = "SELECT id FROM jobs WHERE worker = ? ORDER BY run_at LIMIT 1 " + lockClause

const lockClause = "FOR UPDATE"

// ReleaseWorkerSQL is replaced by SetReleaseSQL: not a template.
var ReleaseWorkerSQL = "SELECT id FROM jobs WHERE worker = ? FOR UPDATE"

// SetReleaseSQL replaces the release statement.
func SetReleaseSQL(q string) { ReleaseWorkerSQL = q }

// overridableSQL can be replaced by SetClaimSQL, so it is no template:
// its text at a use is not known.
var overridableSQL = "SELECT id FROM jobs WHERE worker = ? FOR UPDATE"

// SetClaimSQL replaces the claim statement (tests use it).
func SetClaimSQL(q string) { overridableSQL = q }

// lockClauses are the lock clauses the store appends, by mode.
var lockClauses = map[string]string{
	"exclusive": " FOR UPDATE",
	"shared":    " LOCK IN SHARE MODE",
	"none":      "",
}

// Store runs the queue's statements on a pool.
type Store struct {
	db    *sql.DB
	table string
}

// New builds the store; the table is always jobs.
func New(db *sql.DB) *Store {
	return &Store{db: db, table: "jobs"}
}

// Claim locks one job through the pool: the template says FOR UPDATE.
func (s *Store) Claim(ctx context.Context, id int64) error {
	return s.db.QueryRowContext(ctx, claimJobSQL, id).Err() // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
}

// ClaimOverridable runs a statement other code may replace: not known.
func (s *Store) ClaimOverridable(ctx context.Context, worker string) error {
	return s.db.QueryRowContext(ctx, overridableSQL, worker).Err()
}

// ByWorker names its table through the field the constructor set.
func (s *Store) ByWorker(ctx context.Context, tx *sql.Tx, worker string) error {
	q := fmt.Sprintf("SELECT id FROM %s WHERE worker = ?", s.table) + lockClauses["exclusive"]
	_, err := tx.ExecContext(ctx, q, worker) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on jobs can use no index`
	return err
}

// ByWorkerShared picks the shared clause: still a locking read.
func (s *Store) ByWorkerShared(ctx context.Context, tx *sql.Tx, worker string) error {
	_, err := tx.ExecContext(ctx, "SELECT id FROM "+s.table+" WHERE worker = ?"+lockClauses["shared"], worker) // want `unindexed-lock: SELECT \.\.\. LOCK IN SHARE MODE on jobs can use no index`
	return err
}

// ByWorkerPlain takes no lock: the fragment for "none" is empty.
func (s *Store) ByWorkerPlain(ctx context.Context, tx *sql.Tx, worker string) error {
	_, err := tx.ExecContext(ctx, "SELECT id FROM "+s.table+" WHERE worker = ?"+lockClauses["none"], worker)
	return err
}

// NextQuery is the adapter method callers run: a query object.
func (s *Store) NextQuery(worker string) (Query, error) {
	if worker == "" {
		return Query{}, fmt.Errorf("no worker")
	}
	return Query{
		SQL:  "SELECT id FROM " + s.tableName() + " WHERE status = ? ORDER BY run_at LIMIT 1 FOR UPDATE",
		Args: []any{worker},
	}, nil
}

// ReleaseQuery writes its result positionally.
func (s *Store) ReleaseQuery(id int64) Query {
	q := "UPDATE " + s.tableName() + " SET worker = NULL WHERE id = ?"
	return Query{q, []any{id}}
}

func (s *Store) tableName() string { return "jobs" }

// lockTablesSQL builds LOCK TABLES for the tables it is given.
func lockTablesSQL(tables []string) string {
	return "LOCK TABLES " + strings.Join(tables, " WRITE, ") + " WRITE"
}

// Rebuild swaps the statement in one variable: each use runs the text
// assigned last before it.
func (s *Store) Rebuild(ctx context.Context, tx *sql.Tx) error {
	q := "UPDATE jobs SET worker = NULL WHERE worker = ?"
	if _, err := tx.ExecContext(ctx, q, "gone"); err != nil { // want `unindexed-lock: UPDATE on jobs can use no index`
		return err
	}
	q = "LOCK TABLES jobs WRITE"
	if _, err := tx.ExecContext(ctx, q); err != nil { // want `table-lock: LOCK TABLES jobs WRITE commits the open transaction implicitly`
		return err
	}
	q = "UNLOCK TABLES"
	if _, err := tx.ExecContext(ctx, q); err != nil {
		return err
	}
	return tx.Commit()
}

// Recheck reuses a variable for a plain read after the locking one: the
// pool statement runs the plain text, which locks nothing.
func (s *Store) Recheck(ctx context.Context, tx *sql.Tx, id int64) error {
	q := "SELECT status FROM jobs WHERE id = ? FOR UPDATE"
	if err := tx.QueryRowContext(ctx, q, id).Err(); err != nil {
		return err
	}
	q = "SELECT status FROM jobs WHERE id = ?"
	return s.db.QueryRowContext(ctx, q, id).Err()
}

// Pick chooses between two statements: at the use either may run, and
// they disagree on the index, so nothing is said about it.
func (s *Store) Pick(ctx context.Context, tx *sql.Tx, key string, byID bool) error {
	q := "SELECT id FROM jobs WHERE worker = ? FOR UPDATE"
	if byID {
		q = "SELECT id FROM jobs WHERE id = ? FOR UPDATE"
	}
	return tx.QueryRowContext(ctx, q, key).Err()
}

// Retry runs the first text once and the second on later rounds.
func (s *Store) Retry(ctx context.Context, tx *sql.Tx, key string) error {
	q := "SELECT id FROM jobs WHERE id = ? FOR UPDATE"
	for i := 0; i < 3; i++ {
		if err := tx.QueryRowContext(ctx, q, key).Err(); err == nil {
			return nil
		}
		q = "SELECT id FROM jobs WHERE worker = ? FOR UPDATE"
	}
	return nil
}

// Maintain locks the tables through the pool, with SQL a function builds.
func (s *Store) Maintain(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, lockTablesSQL([]string{"jobs"})) // want `table-lock: LOCK TABLES \.\.\. WRITE \(the table named at run time by what is passed to lockTablesSQL\) runs on the pool \(\*sql\.DB\): the server holds the lock for the session that ran it, blocking every other session's reads and writes of the table named at run time by what is passed to lockTablesSQL`
	return err
}

// LockNamed locks a table the caller names.
func LockNamed(ctx context.Context, db *sql.DB, name string) error {
	_, err := db.ExecContext(ctx, fmt.Sprintf("LOCK TABLES %s WRITE", name)) // want `table-lock: LOCK TABLES \.\.\. WRITE \(the table named at run time by parameter name\) runs on the pool`
	return err
}

// After locks the jobs due after another one's time: the subquery's result
// is a run-time value, and run_at alone leads no index.
func (s *Store) After(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, "SELECT id FROM jobs WHERE run_at >= (SELECT run_at FROM jobs WHERE id = ?) FOR UPDATE", id) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on jobs can use no index \(index idx_status_run \(status, run_at\) cannot be used without its leftmost column status\)`
	return err
}

// AfterID compares the primary key with the subquery: an index range.
func (s *Store) AfterID(ctx context.Context, tx *sql.Tx, worker string) error {
	_, err := tx.ExecContext(ctx, "SELECT id FROM jobs WHERE id > (SELECT MAX(id) FROM jobs WHERE worker = ?) FOR UPDATE", worker)
	return err
}

// Load reads more columns on request: the same locking statement either
// way.
func (s *Store) Load(ctx context.Context, tx *sql.Tx, worker string, full bool) error {
	q := "SELECT id FROM jobs WHERE worker = ? FOR UPDATE"
	if full {
		q = "SELECT id, status, run_at FROM jobs WHERE worker = ? FOR UPDATE"
	}
	return tx.QueryRowContext(ctx, q, worker).Err() // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on jobs can use no index \(no index of jobs starts with worker\)`
}

// Custom changes an entry of its own fragment map: the entry is not the
// literal's any more, so the lock clause is not known.
func (s *Store) Custom(ctx context.Context, tx *sql.Tx, worker string, plain bool) error {
	clauses := map[string]string{"lock": " FOR UPDATE"}
	if plain {
		clauses["lock"] = ""
	}
	_, err := tx.ExecContext(ctx, "SELECT id FROM jobs WHERE worker = ?"+clauses["lock"], worker)
	return err
}

// Fixed reads its own fragment map, never changed.
func (s *Store) Fixed(ctx context.Context, tx *sql.Tx, worker string) error {
	clauses := map[string]string{"lock": " FOR UPDATE"}
	_, err := tx.ExecContext(ctx, "SELECT id FROM jobs WHERE worker = ?"+clauses["lock"], worker) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on jobs`
	return err
}

// LockJobsQuery builds a locking read of the given jobs and its
// arguments.
func LockJobsQuery(ids []int64) (string, []any) {
	marks := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return "SELECT id FROM jobs WHERE id IN (" + marks + ") FOR UPDATE", args
}

// Reschedule names its table through a method inside Sprintf.
func (s *Store) Reschedule(ctx context.Context, tx *sql.Tx, worker string) error {
	_, err := tx.ExecContext(ctx, fmt.Sprintf("UPDATE %s SET run_at = NOW() WHERE worker = ?", s.tableName()), worker) // want `unindexed-lock: UPDATE on jobs can use no index`
	return err
}

// RunAtOrZero locks a job or reads 0 when it is missing, through the pool:
// the statement is the locking read it wraps.
func (s *Store) RunAtOrZero(ctx context.Context, id int64) error {
	return s.db.QueryRowContext(ctx, "SELECT COALESCE((SELECT run_at FROM jobs WHERE id = ? FOR UPDATE), 0)", id).Err() // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
}

// WorkerJobOrZero does the same by worker in a transaction.
func (s *Store) WorkerJobOrZero(ctx context.Context, tx *sql.Tx, worker string) error {
	return tx.QueryRowContext(ctx, "SELECT IFNULL((SELECT id FROM jobs WHERE worker = ? LIMIT 1 FOR UPDATE), 0)", worker).Err() // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on jobs can use no index`
}

// NewestOrZero wraps a plain read: nothing is locked.
func (s *Store) NewestOrZero(ctx context.Context, worker string) error {
	return s.db.QueryRowContext(ctx, "SELECT COALESCE((SELECT MAX(run_at) FROM jobs WHERE worker = ?), 0)", worker).Err()
}

// PeekNext builds its filter as it goes: the worker condition is
// optional, the lock clause always there, so the statement locks through
// the pool whatever the filter.
func (s *Store) PeekNext(ctx context.Context, status int, worker string) error {
	q := "SELECT id FROM jobs WHERE status = ?"
	args := []any{status}
	if worker != "" {
		q += " AND worker = ?"
		args = append(args, worker)
	}
	q += " ORDER BY run_at LIMIT 1 FOR UPDATE"
	return s.db.QueryRowContext(ctx, q, args...).Err() // want `lock-outside-tx: SELECT \.\.\. FOR UPDATE runs on the pool`
}

// PeekMaybeLocked appends the lock clause only on request: whether it
// locks is not known.
func (s *Store) PeekMaybeLocked(ctx context.Context, status int, lock bool) error {
	q := "SELECT id FROM jobs WHERE status = ?"
	if lock {
		q += " FOR UPDATE"
	}
	return s.db.QueryRowContext(ctx, q, status).Err()
}
