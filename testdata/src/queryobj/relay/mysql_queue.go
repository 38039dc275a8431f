package relay

import (
	"database/sql"
	"fmt"
)

// MySQLQueue reads a topic as a work queue: events are marked done, not
// tracked by cursors.
type MySQLQueue struct{}

func (MySQLQueue) table(topic string) string { return fmt.Sprintf("relay_%s", topic) }

// PollQuery locks the next undone events: done has no index, so the read
// locks every row it passes.
func (q MySQLQueue) PollQuery(topic string, cursors CursorAdapter, group string) (Query, error) {
	return Query{SQL: "SELECT pos, payload FROM " + q.table(topic) + " WHERE done = false ORDER BY pos LIMIT 10 FOR UPDATE"}, nil
}

func (q MySQLQueue) PurgeQuery(topic string) Query {
	return Query{SQL: "DELETE FROM " + q.table(topic) + " WHERE done = true"}
}

func (q MySQLQueue) ClaimQuery(topic string) Query {
	return Query{SQL: "SELECT pos FROM " + q.table(topic) + " WHERE done = false ORDER BY pos LIMIT 10 FOR UPDATE"}
}

func (MySQLQueue) VacuumQuery(topic string) Query { return Query{} }

func (MySQLQueue) PollIsolation() sql.IsolationLevel { return sql.LevelSerializable }
