// Package retry runs an operation again while it fails.
package retry

import "time"

// Do runs op up to three times.
func Do(op func() error) error {
	var err error
	for i := 0; i < 3; i++ {
		if err = op(); err == nil {
			return nil
		}
		time.Sleep(time.Millisecond)
	}
	return err
}

// Later keeps op to be run by someone else, after the caller returns.
func Later(op func() error) { queue = append(queue, op) }

var queue []func() error
