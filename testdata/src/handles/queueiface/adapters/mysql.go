package adapters

// MySQL polls a MySQL queue.
type MySQL struct{}

func (MySQL) PollQuery(worker string) Query {
	return Query{SQL: "SELECT id FROM jobs WHERE worker = ? ORDER BY id LIMIT 10 FOR UPDATE", Args: []any{worker}}
}
