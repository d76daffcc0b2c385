package nn

// Forward/Backward not yet implemented. Each is removed from here when its
// layer file gets the real one.

const notYetConv = "nn: not implemented yet"

func (l *Conv2D) Forward(c *Ctx, x *Tensor) *Tensor            { panic(notYetConv) }
func (l *Conv2D) Backward(dy *Tensor) *Tensor                  { panic(notYetConv) }
func (l *ConvTranspose2D) Forward(c *Ctx, x *Tensor) *Tensor   { panic(notYetConv) }
func (l *ConvTranspose2D) Backward(dy *Tensor) *Tensor         { panic(notYetConv) }
func (l *MaxPool2D) Forward(c *Ctx, x *Tensor) *Tensor         { panic(notYetConv) }
func (l *MaxPool2D) Backward(dy *Tensor) *Tensor               { panic(notYetConv) }
func (l *MaxUnpool2D) Forward(c *Ctx, x *Tensor) *Tensor       { panic(notYetConv) }
func (l *MaxUnpool2D) Backward(dy *Tensor) *Tensor             { panic(notYetConv) }
func (l *AvgPool2D) Forward(c *Ctx, x *Tensor) *Tensor         { panic(notYetConv) }
func (l *AvgPool2D) Backward(dy *Tensor) *Tensor               { panic(notYetConv) }
func (l *AdaptiveAvgPool2D) Forward(c *Ctx, x *Tensor) *Tensor { panic(notYetConv) }
func (l *AdaptiveAvgPool2D) Backward(dy *Tensor) *Tensor       { panic(notYetConv) }
