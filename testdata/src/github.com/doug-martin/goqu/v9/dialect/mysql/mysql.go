// Package mysql is a stub of goqu's MySQL dialect, imported for its
// registration.
package mysql
