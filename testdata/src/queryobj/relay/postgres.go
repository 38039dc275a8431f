package relay

import (
	"database/sql"
	"fmt"
)

// PostgresEvents reads events on PostgreSQL.
type PostgresEvents struct{}

func (PostgresEvents) table(topic string) string { return fmt.Sprintf("relay_%s", topic) }

func (a PostgresEvents) PollQuery(topic string, cursors CursorAdapter, group string) (Query, error) {
	return Query{SQL: "SELECT pos, payload FROM " + a.table(topic) + " WHERE pos > $1 ORDER BY pos LIMIT 100"}, nil
}

func (a PostgresEvents) PurgeQuery(topic string) Query {
	return Query{SQL: "DELETE FROM " + a.table(topic) + " WHERE created_at < NOW() - INTERVAL '7 days' RETURNING pos"}
}

func (a PostgresEvents) ClaimQuery(topic string) Query {
	return Query{SQL: "SELECT pos FROM " + a.table(topic) + " WHERE created_at < $1 ORDER BY pos LIMIT 10 FOR UPDATE SKIP LOCKED"}
}

// VacuumQuery locks the table on PostgreSQL only.
func (a PostgresEvents) VacuumQuery(topic string) Query {
	return Query{SQL: "LOCK TABLE " + a.table(topic) + " IN ACCESS EXCLUSIVE MODE; DELETE FROM " + a.table(topic) + " WHERE pos < $1"}
}

func (PostgresEvents) PollIsolation() sql.IsolationLevel { return sql.LevelRepeatableRead }

// PostgresCursors keeps cursors on PostgreSQL.
type PostgresCursors struct{}

func (PostgresCursors) CursorQuery(topic, group string) (Query, error) {
	return Query{SQL: "SELECT pos FROM relay_cursors_" + topic + " WHERE grp = $1 FOR UPDATE", Args: []any{group}}, nil
}

func (PostgresCursors) SaveQuery(topic, group string, pos int64) (Query, error) {
	return Query{SQL: "INSERT INTO relay_cursors_" + topic + " (grp, pos) VALUES ($1, $2) ON CONFLICT (grp) DO UPDATE SET pos = $2"}, nil
}
