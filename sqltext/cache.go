package sqltext

import (
	"sync"
	"sync/atomic"
)

// A linter meets the same SQL text many times: a helper's statement at
// every call, a repository's constants in every package that imports
// them, the same query in test and non-test variants of a package. The
// cache makes each distinct text cost one parse per process.

// cached is what the cache holds for one text.
type cached struct {
	dialect Dialect
	summary *Summary // nil for a foreign dialect or text that does not parse
}

var (
	cache      sync.Map // string -> *cached
	cacheCount atomic.Int64
)

// maxCached bounds the cache; past it, texts are summarized each time.
const maxCached = 1 << 15

// SummarizeMySQL returns the dialect of text and, when the text is
// written for MySQL (Dialect.Foreign is empty), its Summarize summary; a
// statement written for another database ($1, ON CONFLICT, RETURNING,
// ...) stays unknown, as no InnoDB rule applies to it. Each distinct text
// is read once per process; the summaries returned are shared and must
// not be modified.
func SummarizeMySQL(text string) (*Summary, Dialect) {
	if v, ok := cache.Load(text); ok {
		c := v.(*cached)
		return c.summary, c.dialect
	}
	c := &cached{dialect: DialectOf(text)}
	if c.dialect.Foreign == "" {
		c.summary = Summarize(text)
	}
	if cacheCount.Load() < maxCached {
		if v, loaded := cache.LoadOrStore(text, c); loaded {
			c = v.(*cached)
		} else {
			cacheCount.Add(1)
		}
	}
	return c.summary, c.dialect
}

// DialectOfCached is DialectOf through the cache SummarizeMySQL keeps.
func DialectOfCached(text string) Dialect {
	_, d := SummarizeMySQL(text)
	return d
}
