package mnist_test

import (
	"fmt"
	"strings"

	"github.com/cnnbook/cnnbook/data/mnist"
)

// Load a split and draw its first image, rows without ink left out:
// pixels of at least half ink as '#', fainter ink as '+'.
func ExampleLoad() {
	train, err := mnist.Load(mnist.Train)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(train.N, "images; the first is a", train.Labels[0])
	img := train.Image(0)
	for r := range mnist.Rows {
		row := img[r*mnist.Cols : (r+1)*mnist.Cols]
		if strings.Trim(string(row), "\x00") == "" {
			continue
		}
		var line strings.Builder
		for _, u := range row {
			switch {
			case u >= 128:
				line.WriteByte('#')
			case u > 0:
				line.WriteByte('+')
			default:
				line.WriteByte('.')
			}
		}
		fmt.Println(line.String())
	}
	// Output:
	// 60000 images; the first is a 5
	// ............+++++##+###+....
	// ........+++############+....
	// .......+##########+++++.....
	// .......+##########..........
	// ........+#+###+.+#..........
	// .........++##+..............
	// ...........###+.............
	// ...........+##+.............
	// ............+###++..........
	// .............+###++.........
	// ..............+####+........
	// ...............++###........
	// .................###+.......
	// ..............+#####+.......
	// ............+#######........
	// ..........++######+.........
	// ........++######++..........
	// ......+#######++............
	// ....+########+..............
	// ....#######+................
}

// A batch for LeNet-5: 32×32 with the paper's levels, background −0.1
// and ink 1.175.
func ExampleSet_BatchFormat() {
	test, err := mnist.Load(mnist.Test)
	if err != nil {
		fmt.Println(err)
		return
	}
	x, labels := test.BatchFormat([]int{0, 1, 2, 3}, mnist.LeNet5)
	fmt.Println(x.Shape, labels)
	fmt.Printf("corner %.3f, darkest %.3f\n", x.Data[0], x.MaxAbs())
	// Output:
	// [4 1 32 32] [7 2 1 0]
	// corner -0.100, darkest 1.175
}
