package sqltext

import (
	"testing"

	"github.com/pingcap/tidb/pkg/parser"
)

// The stages of a new text's summary, measured apart: the normalization
// before the parser, the TiDB parser itself, and the summary built from
// its AST.

func BenchmarkSummarizeNormalize(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range benchStatements {
			normalize(s)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(benchStatements)), "ns/stmt")
}

func BenchmarkSummarizeParser(b *testing.B) {
	texts := make([]string, len(benchStatements))
	for i, s := range benchStatements {
		texts[i] = normalize(s).text
	}
	p := parser.New()
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range texts {
			if _, _, err := p.Parse(s, "", ""); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(benchStatements)), "ns/stmt")
}
