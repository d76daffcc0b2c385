package imagenet

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/nn/safetensors"
)

// TestNormalizeLUT: our ToTensor + Normalize of every uint8 level equals
// torchvision's bit for bit (testdata/normalize.safetensors, gen.py).
func TestNormalizeLUT(t *testing.T) {
	f, err := safetensors.Open("testdata/normalize.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lut, err := f.Float32("lut") // (3, 256)
	if err != nil {
		t.Fatal(err)
	}
	img := NewRGB(256, 1)
	for u := range 256 {
		img.Pix[3*u], img.Pix[3*u+1], img.Pix[3*u+2] = uint8(u), uint8(u), uint8(u)
	}
	got := Normalize(img) // (1, 3, 1, 256)
	for i, want := range lut {
		if got.Data[i] != want {
			t.Errorf("channel %d level %d: got %v, want torchvision's %v", i/256, i%256, got.Data[i], want)
		}
	}
}

// diff compares two images: the largest and the mean absolute difference
// in uint8 levels.
func diff(a, b *RGB) (maxd int, mean float64) {
	var sum int
	for i := range a.Pix {
		d := int(a.Pix[i]) - int(b.Pix[i])
		if d < 0 {
			d = -d
		}
		maxd = max(maxd, d)
		sum += d
	}
	return maxd, float64(sum) / float64(len(a.Pix))
}

func read(t *testing.T, name string) *RGB {
	t.Helper()
	img, err := ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// resizeCrop is the uint8 part of Transform.
func resizeCrop(img *RGB) *RGB {
	w, h := ShorterSide(img.W, img.H, ResizeSize)
	return CenterCrop(Resize(img, w, h), CropSize, CropSize)
}

// TestTorchvisionCrops: Resize(256) + CenterCrop(224) of each committed
// image against torchvision's (PIL) output, testdata/NAME.crop.png.
//
// From the pixels PIL decoded (PNGs, and NAME.decoded.png for the JPEGs)
// the result must be identical: the resampling arithmetic is PIL's.
// From a JPEG file the only difference is the decoder: we upsample chroma
// and convert colour as libjpeg does (jpeg.go), but Go's image/jpeg IDCT
// is not libjpeg's, so a few pixels differ by a level or three. Tolerance:
// at most 3 levels anywhere and 0.05 on average, in uint8 levels
// (1 level = 1/255/std ≈ 0.017 after Normalize). Measured after resize and
// crop: max 2–3, mean ≈ 0.023 for 4:4:4, 4:2:2 and 4:2:0 (with Go's own
// YCbCr conversion and pixel-replicated chroma it was max 40, mean 0.99
// for 4:2:0).
func TestTorchvisionCrops(t *testing.T) {
	for _, tc := range []struct {
		name, decoded string
		maxLevels     int     // largest |ours − torchvision| allowed, levels
		meanLevels    float64 // mean |ours − torchvision| allowed, levels
	}{
		{"shapes.png", "shapes.png", 0, 0},
		{"gray.png", "gray.png", 0, 0},
		{"photo444.jpg", "photo444.decoded.png", 3, 0.05},
		{"photo420.jpg", "photo420.decoded.png", 3, 0.05},
		{"photo422.jpg", "photo422.decoded.png", 3, 0.05},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.name[:len(tc.name)-len(filepath.Ext(tc.name))]
			want := read(t, base+".crop.png")
			got := resizeCrop(read(t, tc.decoded))
			if got.W != 224 || got.H != 224 {
				t.Fatalf("got %d×%d, want 224×224", got.W, got.H)
			}
			if m, mean := diff(got, want); m != 0 {
				t.Errorf("from PIL's pixels: max |ours − torchvision| = %d levels (mean %.3f), want 0", m, mean)
			}
			if tc.decoded == tc.name {
				return
			}
			jpg := read(t, tc.name)
			m, mean := diff(jpg, read(t, tc.decoded))
			t.Logf("decoding: max |ours − PIL| %d levels, mean %.3f", m, mean)
			m, mean = diff(resizeCrop(jpg), want)
			t.Logf("from the JPEG via Go's decoder: max %d levels, mean %.3f", m, mean)
			if m > tc.maxLevels || mean > tc.meanLevels {
				t.Errorf("from the JPEG: max %d levels, mean %.3f; want ≤ %d and ≤ %.2f", m, mean, tc.maxLevels, tc.meanLevels)
			}
		})
	}
}

func TestShorterSide(t *testing.T) {
	for _, tc := range []struct{ w, h, nw, nh int }{
		{333, 250, 340, 256}, // int(256·333/250) = int(340.99) = 340: floor, not round
		{300, 400, 256, 341},
		{256, 256, 256, 256},
		{90, 120, 256, 341},
		{500, 375, 341, 256},
	} {
		if nw, nh := ShorterSide(tc.w, tc.h, 256); nw != tc.nw || nh != tc.nh {
			t.Errorf("%d×%d: got %d×%d, want %d×%d", tc.w, tc.h, nw, nh, tc.nw, tc.nh)
		}
	}
}

func TestCropStart(t *testing.T) {
	for _, tc := range []struct{ size, n, want int }{
		{256, 224, 16},
		{341, 224, 58}, // round(58.5) = 58: Python rounds halves to even
		{343, 224, 60}, // round(59.5) = 60
		{340, 224, 58},
		{200, 224, -12}, // padded: 12 zeros before, 12 after
		{201, 224, -11},
	} {
		if got := cropStart(tc.size, tc.n); got != tc.want {
			t.Errorf("cropStart(%d, %d): got %d, want %d", tc.size, tc.n, got, tc.want)
		}
	}
}

// TestResizeIdentity: resizing to the same size copies.
func TestResizeIdentity(t *testing.T) {
	img := read(t, "shapes.png")
	if m, _ := diff(Resize(img, img.W, img.H), img); m != 0 {
		t.Errorf("identity resize changed pixels by up to %d levels", m)
	}
}

// TestResizeConstant: a flat image stays flat at any scale (the weights
// sum to one in fixed point too), the antialiasing check of the simplest kind.
func TestResizeConstant(t *testing.T) {
	img := NewRGB(97, 61)
	for i := range img.Pix {
		img.Pix[i] = []uint8{200, 17, 255}[i%3]
	}
	for _, sz := range [][2]int{{256, 161}, {13, 7}, {1, 1}, {97, 200}} {
		out := Resize(img, sz[0], sz[1])
		for i, v := range out.Pix {
			if want := []uint8{200, 17, 255}[i%3]; v != want {
				t.Fatalf("%d×%d: pixel %d channel %d got %d, want %d", sz[0], sz[1], i/3, i%3, v, want)
			}
		}
	}
}

func TestClasses(t *testing.T) {
	c := Classes()
	if len(c) != NumClasses {
		t.Fatalf("got %d classes, want %d", len(c), NumClasses)
	}
	// torchvision 0.14 ResNet18_Weights.IMAGENET1K_V1.meta["categories"]
	for i, want := range map[int]string{0: "tench", 1: "goldfish", 207: "golden retriever", 999: "toilet tissue"} {
		if c[i] != want {
			t.Errorf("class %d: got %q, want %q", i, c[i], want)
		}
	}
	if Class(-1) != "" || Class(1000) != "" {
		t.Error("Class out of range: want \"\"")
	}
}

func TestTop(t *testing.T) {
	logits := make([]float32, NumClasses)
	logits[207], logits[1], logits[5] = 3, 2, 2
	top := Top(logits, 3)
	want := []int{207, 1, 5}
	var sum float64
	for _, v := range logits {
		sum += math.Exp(float64(v))
	}
	for r, p := range top {
		if p.Class != want[r] {
			t.Errorf("rank %d: got class %d, want %d", r+1, p.Class, want[r])
		}
		if w := math.Exp(float64(logits[p.Class])) / sum; math.Abs(p.Prob-w) > 1e-12 {
			t.Errorf("rank %d: got p = %g, want %g", r+1, p.Prob, w)
		}
	}
}

func ExampleTransform() {
	img, err := ReadFile("testdata/photo444.jpg") // 300×400
	if err != nil {
		panic(err)
	}
	w, h := ShorterSide(img.W, img.H, ResizeSize)
	fmt.Printf("%d×%d → Resize(256) %d×%d → CenterCrop(224)\n", img.W, img.H, w, h)
	x := Transform(img)
	fmt.Println("tensor", x.Shape)
	// Output:
	// 300×400 → Resize(256) 256×341 → CenterCrop(224)
	// tensor [1 3 224 224]
}

// TestFromImage: PIL's convert("RGB"): alpha is dropped, not composited;
// grey is replicated; 16-bit keeps the high byte.
func TestFromImage(t *testing.T) {
	nrgba := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	nrgba.SetNRGBA(0, 0, color.NRGBA{10, 20, 30, 0})
	gray16 := image.NewGray16(image.Rect(0, 0, 1, 1))
	gray16.SetGray16(0, 0, color.Gray16{0xabcd})
	pal := image.NewPaletted(image.Rect(0, 0, 1, 1), color.Palette{color.RGBA{1, 2, 3, 255}, color.RGBA{200, 100, 50, 255}})
	pal.SetColorIndex(0, 0, 1)
	for _, tc := range []struct {
		name string
		img  image.Image
		want [3]uint8
	}{
		{"transparent NRGBA", nrgba, [3]uint8{10, 20, 30}},
		{"Gray16", gray16, [3]uint8{0xab, 0xab, 0xab}},
		{"Paletted", pal, [3]uint8{200, 100, 50}},
	} {
		got := FromImage(tc.img).Pix
		if [3]uint8(got) != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestTransformMatchesTorchvision: the tensor Transform makes from each
// committed image file, against torchvision's tensor of it. torchvision's
// tensor is LUT[c][crop pixel] (testdata/normalize.safetensors and
// NAME.crop.png; gen.py asserts that this equals the output of both
// torchvision transforms, element for element).
//
// Tolerance, in the tensor's units: 0 for a PNG (our decoding, resizing,
// cropping and normalising are torchvision's, bit for bit); for a JPEG 3
// uint8 levels of the channel with the smallest std, 3/(255·0.224) ≈ 0.053,
// anywhere, and 0.05 levels on average (TestTorchvisionCrops: Go's JPEG
// IDCT is not libjpeg's).
func TestTransformMatchesTorchvision(t *testing.T) {
	f, err := safetensors.Open("testdata/normalize.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lut, err := f.Float32("lut") // (3, 256)
	if err != nil {
		t.Fatal(err)
	}
	var level float64 // one uint8 level in the tensor's units, the largest over channels
	for c := range 3 {
		level = max(level, float64(lut[c*256+255]-lut[c*256])/255)
	}
	for _, tc := range []struct {
		name       string
		maxLevels  float64
		meanLevels float64
	}{
		{"shapes.png", 0, 0},
		{"gray.png", 0, 0},
		{"photo444.jpg", 3, 0.05},
		{"photo420.jpg", 3, 0.05},
		{"photo422.jpg", 3, 0.05},
	} {
		t.Run(tc.name, func(t *testing.T) {
			crop := read(t, tc.name[:len(tc.name)-len(filepath.Ext(tc.name))]+".crop.png")
			got := Transform(read(t, tc.name))
			if want := []int{1, 3, crop.H, crop.W}; !slices.Equal(got.Shape, want) {
				t.Fatalf("shape: got %v, want %v", got.Shape, want)
			}
			plane := crop.W * crop.H
			var worst, sum float64
			for c := range 3 {
				for i := range plane {
					want := lut[c*256+int(crop.Pix[3*i+c])]
					d := math.Abs(float64(got.Data[c*plane+i] - want))
					worst = max(worst, d)
					sum += d
				}
			}
			mean := sum / float64(3*plane)
			t.Logf("max |ours − torchvision| = %.4g (%.2f levels), mean %.3g (%.3f levels)", worst, worst/level, mean, mean/level)
			// 1e-6: the float32 rounding of LUT entries (ulp(2.6) ≈ 2.4e-7, twice); NaN fails.
			if !(worst <= tc.maxLevels*level+1e-6 && mean <= tc.meanLevels*level) {
				t.Errorf("max |ours − torchvision| = %.4g, mean %.3g; want ≤ %g levels = %.4g and mean ≤ %g levels = %.4g",
					worst, mean, tc.maxLevels, tc.maxLevels*level, tc.meanLevels, tc.meanLevels*level)
			}
		})
	}
}
