// Package adapters runs the job queue on MySQL or PostgreSQL, one adapter
// per server, side by side in one package. Only the PostgreSQL adapter's
// file names its server in Go; the MySQL adapter's statements bind ?
// placeholders, which PostgreSQL's drivers do not.
package adapters

import "context"

// Adapter is what the queue needs from a server.
type Adapter interface {
	Claim(ctx context.Context, id int64) error
	Pending(ctx context.Context) ([]int64, error)
}
