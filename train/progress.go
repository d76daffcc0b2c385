package train

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cnnbook/cnnbook/results"
	"github.com/schollz/progressbar/v3"
)

// progress shows a run as it goes: a bar with the running loss, accuracy
// and images/s on a terminal, or a plain line per tenth of an epoch
// elsewhere (a log file, CI).
type progress struct {
	w      io.Writer
	bar    *progressbar.ProgressBar
	epoch  int
	epochs int
	steps  int
	at     int
}

func newProgress(w io.Writer) *progress { return &progress{w: w} }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) start(epoch, epochs, steps int) {
	p.epoch, p.epochs, p.steps, p.at = epoch, epochs, steps, 0
	if p.w == nil || !isTerminal(p.w) {
		return
	}
	p.bar = progressbar.NewOptions(steps,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription(fmt.Sprintf("epoch %d/%d", epoch, epochs)),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetPredictTime(true),
	)
}

func (p *progress) step(loss, acc, ips float64) {
	p.at++
	if p.w == nil {
		return
	}
	msg := fmt.Sprintf("epoch %d/%d  loss %.4f  acc %.4f  %.0f img/s", p.epoch, p.epochs, loss, acc, ips)
	if p.bar != nil {
		p.bar.Describe(msg)
		p.bar.Add(1)
		return
	}
	if tenth := max(p.steps/10, 1); p.at%tenth == 0 || p.at == p.steps {
		fmt.Fprintf(p.w, "%s  step %d/%d\n", msg, p.at, p.steps)
	}
}

func (p *progress) done(e results.Epoch) {
	if p.w == nil {
		return
	}
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
		fmt.Fprintln(p.w)
	}
	fmt.Fprintf(p.w, "epoch %d/%d: train loss %.4f acc %.4f, val acc %.4f, test loss %.4f acc %.4f, %.1f s, %.0f img/s\n",
		e.Epoch, p.epochs, e.TrainLoss, e.TrainAcc, e.ValAcc, e.TestLoss, e.TestAcc, e.Seconds, e.ImagesPS)
}

func (p *progress) abort() {
	if p.bar != nil {
		p.bar.Exit()
		p.bar = nil
		fmt.Fprintln(p.w)
	}
}
