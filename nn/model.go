package nn

// Model is a named network with the input it was designed for.
type Model struct {
	Name  string
	Input Shape // (C, H, W) of one sample, e.g. 3×227×227 for AlexNet
	Net   Module
}

// Analyze runs the static analysis at the model's own input size.
func (m *Model) Analyze() (*Report, error) { return Analyze(m.Net, m.Input) }

// Entry registers a model under its name. Build must be cheap: it declares
// shapes and allocates no weights (see Param).
type Entry struct {
	Name  string
	Doc   string // one line: what it is and its source
	Build func() *Model
}

// MustAnalyze is Analyze for a model at its own input, where a failure can
// only be a bug in the model's definition: it panics naming the model.
func (m *Model) MustAnalyze() *Report {
	r, err := m.Analyze()
	if err != nil {
		panic("nn: " + m.Name + ": " + err.Error())
	}
	return r
}
