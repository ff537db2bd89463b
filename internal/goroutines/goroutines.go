// Package goroutines counts running goroutines by what their stacks name,
// so that tests can check that a background loop ends with its app.
package goroutines

import (
	"runtime"
	"strings"
)

// Count is the number of goroutines, other than the caller's, whose stack
// (frames and the "created by" line) contains any of names. A goroutine not
// started yet is named by its creator.
func Count(names ...string) int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	stacks := strings.Split(string(buf), "\n\n")
	count := 0
	for _, s := range stacks[1:] { // the first is the caller's
		for _, name := range names {
			if strings.Contains(s, name) {
				count++
				break
			}
		}
	}
	return count
}
