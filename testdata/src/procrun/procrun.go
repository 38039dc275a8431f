// Package procrun runs commands and sends no SQL: what its functions
// wait on reaches the transactions of the packages that call them.
package procrun

import (
	"errors"
	"os/exec"
	"time"
)

// Run starts a command, waits for it in a goroutine and selects on its
// end or a timeout: the caller waits as long as the command runs.
func Run(timeout time.Duration, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() {
		done <- cmd.Wait()
	}()
	select {
	case <-time.After(timeout):
		return errors.New("timed out")
	case err := <-done:
		return err
	}
}

// Clone runs git through Run.
func Clone(url, dir string) error {
	return Run(time.Minute, "git", "clone", url, dir)
}

// Backoff sleeps through a helper of its own.
func Backoff(n int) {
	pause(n)
}

func pause(n int) {
	time.Sleep(time.Duration(n) * time.Millisecond)
}

var events = make(chan string, 100)

// Note queues a message: a channel send alone is no wait on anything
// outside the program.
func Note(msg string) {
	events <- msg
}

// Start starts a command and does not wait for it.
func Start(name string) error {
	go func() {
		_ = exec.Command(name).Run()
	}()
	return nil
}
