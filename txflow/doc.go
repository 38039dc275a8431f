// Package txflow places the statements of one function in their
// transactions: which Begin a statement belongs to, which statements can
// follow which inside a transaction, and which transactions are open when
// a statement runs on some other handle. It works on the function's
// control-flow graph, as golang.org/x/tools/go/analysis/passes/lostcancel
// does, and knows neither SQL nor InnoDB.
package txflow
