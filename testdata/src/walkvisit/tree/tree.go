// Package tree walks trees of ids level by level, and hands the work to
// callbacks behind interfaces: some run them before they return, some do
// not.
package tree

import (
	"context"
	"errors"
	"fmt"
)

// Walker visits a tree one level at a time.
type Walker interface {
	Walk(ctx context.Context, roots []int64, visit func(level []int64, depth int) error) error
}

// levels is the only Walker: it calls visit once per level, before it
// returns.
type levels struct {
	children func([]int64) []int64
}

// NewLevels returns a Walker that finds each level's children with
// children.
func NewLevels(children func([]int64) []int64) Walker { return &levels{children: children} }

func (l *levels) Walk(ctx context.Context, roots []int64, visit func(level []int64, depth int) error) error {
	for depth := 0; len(roots) > 0; depth++ {
		if err := visit(roots, depth); err != nil {
			return err
		}
		roots = l.children(roots)
	}
	return nil
}

// Doer runs an operation.
type Doer interface {
	Do(op func() error) error
}

// now is the only Doer: it runs op at once.
type now struct{}

// Now returns a Doer that runs the operation where it is called.
func Now() Doer { return now{} }

func (now) Do(op func() error) error { return op() }

// Scheduler takes a callback to run later.
type Scheduler interface {
	Each(visit func(ids []int64) error) error
}

// queue is the only Scheduler: it keeps the callback for a worker and
// returns.
type queue struct {
	pending []func([]int64) error
}

// NewQueue returns a Scheduler that only queues.
func NewQueue() Scheduler { return &queue{} }

func (q *queue) Each(visit func(ids []int64) error) error {
	q.pending = append(q.pending, visit)
	return nil
}

// Batcher splits ids into batches for a callback; of its two
// implementations, one calls it and one does not.
type Batcher interface {
	Batches(ids []int64, visit func(batch []int64) error) error
}

type inline struct{}

// Inline returns a Batcher that calls visit once per batch.
func Inline() Batcher { return inline{} }

func (inline) Batches(ids []int64, visit func(batch []int64) error) error {
	for len(ids) > 0 {
		n := min(len(ids), 100)
		if err := visit(ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

type dryRun struct{}

// DryRun returns a Batcher that only counts.
func DryRun() Batcher { return dryRun{} }

func (dryRun) Batches(ids []int64, visit func(batch []int64) error) error {
	return nil
}

// Pager hands pages of ids to a callback; one of its implementations is
// a stub that only fails.
type Pager interface {
	Pages(ids []int64, visit func(page []int64) error) error
}

type pages struct{}

// Pages returns a Pager that calls visit once per page.
func Pages() Pager { return pages{} }

func (pages) Pages(ids []int64, visit func(page []int64) error) error {
	for len(ids) > 0 {
		n := min(len(ids), 10)
		if err := visit(ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

type unsupported struct{}

// Unsupported returns a Pager for a source that cannot page.
func Unsupported() Pager { return unsupported{} }

func (unsupported) Pages(ids []int64, visit func(page []int64) error) error {
	if len(ids) == 0 {
		return errors.New("no ids")
	}
	return fmt.Errorf("paging %d ids: not implemented", len(ids))
}

// Lister hands ids to a callback; its second implementation may return
// nil without calling it.
type Lister interface {
	List(ids []int64, visit func(page []int64) error) error
}

type list struct{}

// List returns a Lister that calls visit once.
func List() Lister { return list{} }

func (list) List(ids []int64, visit func(page []int64) error) error { return visit(ids) }

type cached struct{ err error }

// Cached returns a Lister that reports a stored outcome.
func Cached(err error) Lister { return cached{err: err} }

func (c cached) List(ids []int64, visit func(page []int64) error) error { return c.err }
