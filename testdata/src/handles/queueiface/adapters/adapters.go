// Package adapters builds the poll query of a job queue for each database
// the queue supports.
package adapters

// Query is a statement and its arguments, run by the caller.
type Query struct {
	SQL  string
	Args []any
}

// Poller builds the poll query.
type Poller interface {
	PollQuery(worker string) Query
}
