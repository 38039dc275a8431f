// Package prove replays a finding against a scratch database and reports
// what the server did: whether the conflict the finding's message
// describes happens with the finding's own statements, tables and indexes.
//
// The analyzer hands over one Case per finding: the rule, the statements
// the finding names (the one it is reported at first, then those of its
// related positions, in order), the tables they use as the schema
// describes them, and the isolation level the message names. A Prover
// creates those tables in a database of its own, binds each statement's
// placeholders to generated values (every column of seed row n holds n,
// so a statement bound to n finds row n by whatever columns it filters
// on), runs the rule's scenario in two sessions with a short
// innodb_lock_wait_timeout, asks the server which lock a blocked session
// waited for, and drops the tables again.
//
// A verdict is Reproduced (the server did what the message says),
// NotReproduced (with what it did instead) or NotProvable (why no scenario
// could be run: an unknown statement text, a table the schema does not
// know, a rule without a scenario).
package prove
