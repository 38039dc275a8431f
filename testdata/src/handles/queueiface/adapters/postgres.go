package adapters

// Postgres polls a PostgreSQL queue.
type Postgres struct{}

func (Postgres) PollQuery(worker string) Query {
	return Query{SQL: "SELECT id FROM jobs WHERE worker = $1 ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED", Args: []any{worker}}
}
