package lenet_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/lenet"
)

// LeNet-5 as the 1998 paper built it: seven layers, all with parameters,
// 60,000 of them trainable; the 840 RBF centres are frozen.
func ExampleLeNet1998() {
	rep, err := lenet.LeNet1998().Analyze()
	if err != nil {
		panic(err)
	}
	rep.WriteTable(os.Stdout)
	// Output:
	// layer    type             output  params     MACs  RF
	// C1       Conv2d          6×28×28     156  117,600   5
	// C1.f     ScaledTanh      6×28×28       0        0   5
	// S2       Subsampling     6×14×14      12    4,704   6
	// S2.f     ScaledTanh      6×14×14       0        0   6
	// C3       PartialConv2d  16×10×10   1,516  150,000  14
	// C3.f     ScaledTanh     16×10×10       0        0  14
	// S4       Subsampling      16×5×5      32    1,600  16
	// S4.f     ScaledTanh       16×5×5       0        0  16
	// C5       Conv2d          120×1×1  48,120   48,000  32
	// C5.f     ScaledTanh      120×1×1       0        0  32
	// flatten  Flatten             120       0        0  32
	// F6       Linear               84  10,164   10,080  32
	// F6.f     ScaledTanh           84       0        0  32
	// OUTPUT   RBF                  10     840      840  32
	// input 1×32×32 → output 10
	// params 60,840 (trainable 60,000, inference 60,840)
	// MACs 332,824
	// activations 16,178 floats (64,712 bytes)
	// depth 7, receptive field 32 (stride 4, padding 0), paths 1
}

// Table I: which S2 maps (rows) each C3 map (columns) reads.
func ExampleC3Table() {
	tab := lenet.C3Table()
	conns := 0
	for _, maps := range tab {
		conns += len(maps)
	}
	fmt.Println("  C3: 0123456789012345")
	for r, row := range strings.Split(strings.TrimSuffix(lenet.NewPartialConv2D("C3", 6, 5, tab).String(), "\n"), "\n") {
		fmt.Printf("S2 %d: %s\n", r, row)
	}
	fmt.Printf("%d connections: %d·25 weights + 16 biases = %d parameters\n", conns, conns, conns*25+16)
	// Output:
	//   C3: 0123456789012345
	// S2 0: X   XXX  XXXX XX
	// S2 1: XX   XXX  XXXX X
	// S2 2: XXX   XXX  X XXX
	// S2 3:  XXX  XXXX  X XX
	// S2 4:   XXX  XXXX XX X
	// S2 5:    XXX  XXXX XXX
	// 60 connections: 60·25 weights + 16 biases = 1516 parameters
}
