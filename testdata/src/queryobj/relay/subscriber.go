package relay

import (
	"context"
	"database/sql"
	"fmt"
)

// Subscriber delivers a topic's events to a consumer group.
type Subscriber struct {
	db      Beginner
	events  EventsAdapter
	cursors CursorAdapter
	group   string
	out     chan []byte
}

// Poll reads the next events, hands each to the consumer and saves the
// group's cursor, all in one transaction.
func (s *Subscriber) Poll(ctx context.Context, topic string) (err error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: s.events.PollIsolation()})
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
	poll, err := s.events.PollQuery(topic, s.cursors, s.group)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, poll.SQL, poll.Args...) // want `range-lock: with the statement of MySQLEvents\.PollQuery, SELECT \(a shared locking read in a SERIALIZABLE transaction\) on relay_orders scans a range of index PRIMARY \(pos\)` `unindexed-lock: with the statement of MySQLQueue\.PollQuery, SELECT \.\.\. FOR UPDATE on relay_queue_orders can use no index`
	if err != nil {
		return err
	}
	var last int64
	for rows.Next() {
		var payload []byte
		if err := rows.Scan(&last, &payload); err != nil {
			rows.Close()
			return err
		}
		s.out <- payload // want `lock-held-blocking: with the statement of MySQLEvents\.PollQuery, a channel send runs while the transaction holds row locks on relay_cursors_orders \(SELECT \.\.\. FOR UPDATE earlier\)`
	}
	rows.Close()
	save, err := s.cursors.SaveQuery(topic, s.group, last)
	if err != nil {
		return err
	}
	if !save.IsZero() {
		_, err = tx.ExecContext(ctx, save.SQL, save.Args...) // want `check-then-insert: with the statement of MySQLEvents\.PollQuery, INSERT into relay_cursors_orders after SELECT \.\.\. FOR UPDATE of the same table in one transaction: when the key is absent, at SERIALIZABLE .* Fix: drop the locking lookup: INSERT \.\.\. ON DUPLICATE KEY UPDATE alone`
	}
	return err
}

// Claim locks a batch of events in a transaction of its own.
func (s *Subscriber) Claim(ctx context.Context, topic string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	q := s.events.ClaimQuery(topic)
	if _, err := tx.QueryContext(ctx, q.SQL, q.Args...); err != nil { // want `unindexed-lock: with the statement of MySQLEvents\.ClaimQuery, SELECT \.\.\. FOR UPDATE on relay_orders can use no index .* Also with the statement of MySQLQueue\.ClaimQuery: SELECT \.\.\. FOR UPDATE on relay_queue_orders can use no index \(no index of relay_queue_orders starts with done\)\.`
		return err
	}
	return tx.Commit()
}

// Vacuum runs what only the PostgreSQL adapter has: nothing on MySQL.
func (s *Subscriber) Vacuum(ctx context.Context, db *sql.DB, topic string) error {
	q := s.events.VacuumQuery(topic)
	if q.IsZero() {
		return nil
	}
	_, err := db.ExecContext(ctx, q.SQL, q.Args...)
	return err
}

// Purge builds the purge statement but only logs it: nothing runs.
func (s *Subscriber) Purge(topic string) string {
	q := s.events.PurgeQuery(topic)
	return q.SQL
}

// PurgeNow runs the purge in autocommit: an unindexed DELETE.
func (s *Subscriber) PurgeNow(ctx context.Context, db *sql.DB, topic string) error {
	q := s.events.PurgeQuery(topic)
	_, err := db.ExecContext(ctx, q.SQL, q.Args...) // want `unindexed-lock: with the statement of MySQLEvents\.PurgeQuery, DELETE on relay_orders can use no index .* Also with the statement of MySQLQueue\.PurgeQuery: DELETE on relay_queue_orders can use no index`
	return err
}

func auditTable(topic string) string { return fmt.Sprintf("audit_%s", topic) }

// LockAudit locks audit notes of a topic's table: the tables the name can
// be are indexed differently, so whether note is indexed is not known.
func (s *Subscriber) LockAudit(ctx context.Context, tx *sql.Tx, topic, note string) error {
	_, err := tx.ExecContext(ctx, "SELECT id FROM "+auditTable(topic)+" WHERE note = ? FOR UPDATE", note)
	return err
}

// LockEvents locks a topic's events by payload: of the tables the name
// fits, those with a payload column (events and queue) are indexed alike,
// and payload leads no index.
func (s *Subscriber) LockEvents(ctx context.Context, tx *sql.Tx, topic string) error {
	_, err := tx.ExecContext(ctx, fmt.Sprintf("SELECT pos FROM relay_%s WHERE payload IS NULL FOR UPDATE", topic)) // want `unindexed-lock: SELECT \.\.\. FOR UPDATE on relay_orders can use no index`
	return err
}

// BumpVersion moves the relay's one version row: no index on version, but
// the table has one row, which a key lookup would lock as well.
func (s *Subscriber) BumpVersion(ctx context.Context, tx *sql.Tx, from int64) error {
	_, err := tx.ExecContext(ctx, "UPDATE relay_version SET version = ? WHERE version = ?", from+1, from)
	return err
}
