// Package imagenet turns a photograph into the tensor an ImageNet network
// expects, exactly as torchvision 0.14 does, and names the 1,000 classes.
//
// # Preprocessing
//
// torchvision's evaluation transform for its ImageNet weights
// (ResNet18_Weights.IMAGENET1K_V1.transforms(), and the classic
// Compose([Resize(256), CenterCrop(224), ToTensor(), Normalize(mean, std)]))
// on a PIL image is:
//
//  1. Resize(256): scale the shorter side to 256 and the longer to
//     int(256·long/short), with PIL's BILINEAR resampling. For PIL images
//     this is antialiased: when shrinking by a factor s the triangle filter
//     is widened to s input pixels, so every input pixel contributes (plain
//     bilinear interpolation would skip pixels and alias). PIL resamples
//     horizontally, rounds to uint8, then vertically, with 22-bit fixed-point
//     coefficients (Pillow's src/libImaging/Resample.c). Resize reproduces
//     that arithmetic, so its output is the same uint8 image.
//  2. CenterCrop(224): top = round((H−224)/2), left = round((W−224)/2), with
//     Python's round (halves to even: 58.5 → 58).
//  3. ToTensor and Normalize: v = (u/255 − mean_c)/std_c in float32, with
//     ImageNet's mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225).
//
// The tests compare every step with torchvision's own output for committed
// test images (testdata/gen.py): the resized and cropped uint8 images are
// identical, the normalised values identical to the bit. Decoding a JPEG
// is the one step that may differ: we upsample chroma and convert colour
// as libjpeg does inside PIL, but Go's image/jpeg has its own IDCT, so a
// few pixels differ by up to 3 levels (mean 0.02 levels).
//
// The tolerance, tested against torchvision's tensors of committed images
// (TestTransformMatchesTorchvision): from a PNG, none — our tensor is
// torchvision's, bit for bit; from a JPEG, at most 3 uint8 levels anywhere
// (3/(255·0.224) ≈ 0.053 in the normalised tensor) and 0.05 levels on average.
//
// Images are converted to RGB as PIL's convert("RGB") does: grey is
// replicated into three channels, alpha is dropped (not composited).
package imagenet
