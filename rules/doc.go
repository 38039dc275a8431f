// Package rules holds locklint's checks, one file each, and the InnoDB
// knowledge they share: which index a WHERE clause can use, what a locking
// statement locks at each isolation level, and for how long. Each rule's
// documentation comment says what InnoDB does and which ground-truth
// experiment shows it; its message says what is locked, until when, and how
// to fix it.
package rules
