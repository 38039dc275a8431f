package rules

import (
	"github.com/locklint/locklint/extract"
	"github.com/locklint/locklint/txflow"
)

// values answers what the rules ask about the Go values of one function:
// where what a read returned goes, what the code tests of a statement's
// outcome, and which placeholders are bound to the same value. Extraction
// answers from the function's syntax (extract.Func); a rule's unit test
// answers from a model it builds by hand (Context.valuesOf), so that the
// rule's logic is tested apart from extraction.
type values interface {
	// Flow is where what src reads can go, nil when src reads into
	// nothing the function follows.
	Flow(src *extract.Site) flow
	// ChecksRowsAffected reports whether the code looks at how many rows
	// s changed.
	ChecksRowsAffected(s *extract.Site) bool
	// TestsZero reports whether the code compares a value s read with
	// zero (a COUNT tested for a missing row).
	TestsZero(s *extract.Site) bool
	// SameBinding reports whether placeholder pa of a and pb of b are
	// bound to the same variable or field.
	SameBinding(a *extract.Site, pa int, b *extract.Site, pb int) bool
}

// flow is where the values one read returned can go (extract.Flow).
type flow interface {
	// Reaches reports whether placeholder param of dst may be bound to a
	// value derived from the read.
	Reaches(dst *extract.Site, param int) bool
	// ReachesRow reports whether dst writes a whole Go value derived
	// from the read (GORM's Save of a loaded struct).
	ReachesRow(dst *extract.Site) bool
	// RowColumns are the columns such a write stores with values the
	// read returned; known is false when any column may.
	RowColumns(dst *extract.Site) (cols []string, known bool)
	// Bumped are the columns of such a write whose field the code
	// changes from its own old value after the read (t.NumRepos++).
	Bumped(dst *extract.Site) []string
	// KeyFromRead reports whether placeholder param of dst, a key the
	// write finds its row by, comes from the read.
	KeyFromRead(dst *extract.Site, param int) bool
	// Column narrows the flow to what the read returned for col; known
	// is false when the read's destination does not tell.
	Column(src *extract.Site, col string) (narrow flow, known bool)
}

// values returns what f's code says of its values.
func (c *Context) values(f *txflow.Func) values {
	if c.valuesOf != nil {
		return c.valuesOf(f)
	}
	return extractValues{f.Extract}
}

// extractValues answers from the function's syntax.
type extractValues struct{ *extract.Func }

func (v extractValues) Flow(src *extract.Site) flow {
	if fl := v.Func.Flow(src); fl != nil {
		return extractFlow{fl}
	}
	return nil
}

type extractFlow struct{ *extract.Flow }

func (fl extractFlow) Column(src *extract.Site, col string) (flow, bool) {
	narrow, known := fl.Flow.Column(src, col)
	return extractFlow{narrow}, known // a nil *extract.Flow reaches nothing
}
