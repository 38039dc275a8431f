package relay

import (
	"database/sql"
	"fmt"
)

// MySQLEvents reads events from one table per topic.
type MySQLEvents struct {
	// TableName overrides the table name of a topic.
	TableName func(topic string) string
}

func (a MySQLEvents) table(topic string) string {
	if a.TableName != nil {
		return a.TableName(topic)
	}
	return fmt.Sprintf("relay_%s", topic)
}

// PollQuery reads the events after the group's cursor, which the cursor
// adapter's subquery locks.
func (a MySQLEvents) PollQuery(topic string, cursors CursorAdapter, group string) (Query, error) {
	cur, err := cursors.CursorQuery(topic, group)
	if err != nil {
		return Query{}, err
	}
	return Query{
		SQL:  "SELECT pos, payload FROM " + a.table(topic) + " WHERE pos > (" + cur.SQL + ") ORDER BY pos LIMIT 100",
		Args: cur.Args,
	}, nil
}

// PurgeQuery deletes old events by their creation time, which no index
// leads with.
func (a MySQLEvents) PurgeQuery(topic string) Query {
	return Query{SQL: "DELETE FROM " + a.table(topic) + " WHERE created_at < NOW() - INTERVAL 7 DAY"}
}

// ClaimQuery locks the oldest events for a worker: created_at has no
// index, so the read locks its way through the table.
func (a MySQLEvents) ClaimQuery(topic string) Query {
	return Query{SQL: "SELECT pos FROM " + a.table(topic) + " WHERE created_at < NOW() ORDER BY pos LIMIT 10 FOR UPDATE"}
}

// VacuumQuery: MySQL needs no vacuum.
func (a MySQLEvents) VacuumQuery(topic string) Query { return Query{} }

// PollIsolation: readers must not skip events a writer commits late.
func (a MySQLEvents) PollIsolation() sql.IsolationLevel { return sql.LevelSerializable }

// MySQLCursors keeps one row per consumer group.
type MySQLCursors struct{}

func (MySQLCursors) table(topic string) string { return fmt.Sprintf("relay_cursors_%s", topic) }

func (c MySQLCursors) CursorQuery(topic, group string) (Query, error) {
	return Query{
		SQL:  "SELECT COALESCE((SELECT pos FROM " + c.table(topic) + " WHERE grp = ? FOR UPDATE), 0)",
		Args: []any{group},
	}, nil
}

func (c MySQLCursors) SaveQuery(topic, group string, pos int64) (Query, error) {
	return Query{
		SQL:  "INSERT INTO " + c.table(topic) + " (grp, pos) VALUES (?, ?) ON DUPLICATE KEY UPDATE pos = VALUES(pos)",
		Args: []any{group, pos},
	}, nil
}

// MySQLNoCursors is for topics read by one consumer: there is no cursor
// to lock or save.
type MySQLNoCursors struct{}

func (MySQLNoCursors) CursorQuery(topic, group string) (Query, error) { return Query{}, nil }

func (MySQLNoCursors) SaveQuery(topic, group string, pos int64) (Query, error) {
	return Query{}, nil
}
