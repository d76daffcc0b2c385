// Package exercises lists the book's exercises and checks a reader's
// answers to them.
//
// Each exercise is a package under exercises/ID: exercise.go holds the
// function the reader writes (a stub returning zero values until then),
// exercise_test.go the check, which computes the answer independently
// (through nn.Analyze, a chapter's model or a cited number) and compares;
// the reference solution and the typical mistakes live apart, in
// exercises/solutions/ID, wired in only under -tags solutions and -tags
// mistakes. exercises/internal/verify decides what the reader's test
// reports (README.md has the table): untouched stub SKIP, right PASS,
// wrong FAIL, so `go test ./...` is green on a fresh clone; CI runs
// exercises/internal/cicheck over the three builds.
//
// Check runs the readers' tests (`go test -json -run '^TestExercise$'`) in
// a child process, so that an exercise that does not compile shows up as
// that exercise's status, not as a broken `book` command. Progress (hints
// seen, exercises solved) lives in a small JSON file written atomically.
package exercises
