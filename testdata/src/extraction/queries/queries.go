// Package queries holds SQL in constants of another package.
package queries

const LockAccount = "SELECT balance FROM accounts WHERE id = ? FOR UPDATE"

const lockPrefix = "SELECT id FROM jobs "

const LockJobs = lockPrefix + "WHERE id = ? FOR UPDATE"
