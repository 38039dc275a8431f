// Package pq is a stub of github.com/lib/pq for locklint's golden tests.
package pq

// Error is a PostgreSQL error.
type Error struct{ Code string }

func (e *Error) Error() string { return e.Code }
