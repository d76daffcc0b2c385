package nn

import "fmt"

// ShapeError is an input a network was not built for: the layer it
// reached and what does not fit. Analyze and Run return it (find it with
// errors.As, not by its text); a layer's Forward, called directly on such
// an input, panics with it, and Run turns that panic back into the error.
//
// Its text is "path: message" ("fc6: expects 9,216 inputs, receives 6,400
// (= 256×5×5)"); a Forward panic's starts with the panicking package
// ("nn: conv2: expects 48 input channels, …"), which Run drops.
type ShapeError struct {
	// Path is the layer: in an error of Analyze or Run its dotted path from
	// the root ("layer2.0.conv1"; the root's own name for the input itself);
	// in a Forward panic the layer's own name.
	Path string
	Msg  string // what does not fit, with the sizes and the arithmetic
	// Pkg is the package whose layer panicked ("nn", "lenet"); empty in an
	// error returned by Analyze or Run.
	Pkg string
}

func (e *ShapeError) Error() string {
	s := e.Msg
	if e.Path != "" {
		s = e.Path + ": " + s
	}
	if e.Pkg != "" {
		s = e.Pkg + ": " + s
	}
	return s
}

// ShapeErrorf returns the *ShapeError a layer's Forward panics with on an
// input it was not built for: pkg is the layer's package ("nn", "lenet"),
// layer its name. Run recovers exactly these panics (any other is a bug and
// propagates):
//
//	panic(nn.ShapeErrorf("lenet", l.Name(), "input %v, want (N, %d, H, W)", x.Shape, l.C))
func ShapeErrorf(pkg, layer, format string, args ...any) *ShapeError {
	return &ShapeError{Pkg: pkg, Path: layer, Msg: fmt.Sprintf(format, args...)}
}
