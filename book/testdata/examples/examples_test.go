// Package examples holds Example functions for the book's directive tests.
// It sits under testdata, so go test never builds or runs it: the book
// must refuse ExampleUnchecked, whose output nothing compares.
package examples

import "fmt"

// ExampleUnchecked prints, but has no output comment.
func ExampleUnchecked() {
	fmt.Println("never compared")
}
