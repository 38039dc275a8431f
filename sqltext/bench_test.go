package sqltext

import "testing"

// benchStatements is a mix like the SQL of a typical Go service.
var benchStatements = []string{
	"SELECT id, balance FROM accounts WHERE id = ? FOR UPDATE",
	"UPDATE accounts SET balance = balance - ?, updated_at = NOW() WHERE id = ? AND balance >= ?",
	"INSERT INTO ledger (account_id, amount, kind, created_at) VALUES (?, ?, ?, NOW())",
	"SELECT id, payload FROM jobs WHERE state = 'ready' AND run_at <= ? ORDER BY priority DESC, id LIMIT 10 FOR UPDATE SKIP LOCKED",
	"SELECT o.id, o.total, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status IN (?, ?, ?) AND o.created_at > ? ORDER BY o.created_at DESC LIMIT 50",
	"INSERT INTO counters (name, n) VALUES (:name, 1) ON DUPLICATE KEY UPDATE n = n + 1",
	"DELETE FROM sessions WHERE expires_at < ? LIMIT 1000",
	"SELECT * FROM " + Hole + " WHERE tenant_id = ? AND deleted_at IS NULL",
	"UPDATE inventory SET qty = GREATEST(qty - $1, 0) WHERE sku = $2 AND warehouse_id = $3",
	"SELECT COUNT(*) FROM events WHERE user_id = ? AND LOWER(kind) = ? AND created_at BETWEEN ? AND ?",
}

func BenchmarkSummarize(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range benchStatements {
			if Summarize(s) == nil {
				b.Fatalf("Summarize(%q) = nil", s)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(benchStatements)), "ns/stmt")
}

func BenchmarkSummarizeParallel(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for _, s := range benchStatements {
				Summarize(s)
			}
		}
	})
}

// BenchmarkSummarizeMySQLRepeated is the cost of a text seen before, as
// a helper's statement at its hundredth call site: a cache lookup.
func BenchmarkSummarizeMySQLRepeated(b *testing.B) {
	for _, s := range benchStatements {
		SummarizeMySQL(s)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range benchStatements {
			SummarizeMySQL(s)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(benchStatements)), "ns/stmt")
}
