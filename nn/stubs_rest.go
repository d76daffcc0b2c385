package nn

// Forward/Backward not yet implemented. Each is removed from here when its
// layer file gets the real one.

const notYet = "nn: not implemented yet"

func (l *LRN) Forward(c *Ctx, x *Tensor) *Tensor             { panic(notYet) }
func (l *LRN) Backward(dy *Tensor) *Tensor                   { panic(notYet) }
func (l *BatchNorm2D) Forward(c *Ctx, x *Tensor) *Tensor     { panic(notYet) }
func (l *BatchNorm2D) Backward(dy *Tensor) *Tensor           { panic(notYet) }
func (l *Activation) Forward(c *Ctx, x *Tensor) *Tensor      { panic(notYet) }
func (l *Activation) Backward(dy *Tensor) *Tensor            { panic(notYet) }
func (l *Dropout) Forward(c *Ctx, x *Tensor) *Tensor         { panic(notYet) }
func (l *Dropout) Backward(dy *Tensor) *Tensor               { panic(notYet) }
func (l *Linear) Forward(c *Ctx, x *Tensor) *Tensor          { panic(notYet) }
func (l *Linear) Backward(dy *Tensor) *Tensor                { panic(notYet) }
func (r *Residual) Forward(c *Ctx, x *Tensor) *Tensor        { panic(notYet) }
func (r *Residual) Backward(dy *Tensor) *Tensor              { panic(notYet) }
func (l *ZeroPadShortcut) Forward(c *Ctx, x *Tensor) *Tensor { panic(notYet) }
func (l *ZeroPadShortcut) Backward(dy *Tensor) *Tensor       { panic(notYet) }
func (p *Parallel) Forward(c *Ctx, x *Tensor) *Tensor        { panic(notYet) }
func (p *Parallel) Backward(dy *Tensor) *Tensor              { panic(notYet) }
func (d *DenseBlock) Forward(c *Ctx, x *Tensor) *Tensor      { panic(notYet) }
func (d *DenseBlock) Backward(dy *Tensor) *Tensor            { panic(notYet) }
