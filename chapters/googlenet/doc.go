// Package googlenet is the book's chapter on GoogLeNet (Szegedy et al.,
// "Going Deeper with Convolutions", CVPR 2015). Its Inception modules,
// naive and with reductions, the paper's and torchvision's (BatchNorm
// ε = 0.001, the 3×3 "5×5" branch), are in module.go.
//
// # Models
//
//	googlenet     the paper's network: Table 1's widths, LRN in the stem
//	              (Fig. 3), conv + bias + ReLU everywhere, true 5×5 branches,
//	              ceil-mode pools, aux heads after 4a and 4d (§5)
//	googlenet-tv  torchvision 0.14's googlenet(aux_logits=True,
//	              transform_input=True): BasicConv2d (conv + BN), a 3×3 conv
//	              in the "5×5" branch, TransformInput first; keys equal
//	              torchvision's state_dict keys
//
// Both trees use torchvision's names: conv1, maxpool1, conv2, conv3,
// maxpool2, inception3a … inception5b (branch1 … branch4), aux1, aux2,
// avgpool, dropout, fc; the paper's network adds norm1 and norm2. Table1
// holds the paper's table row by row and maps its rows to these modules
// (its "convolution 3×3, depth 2" row is conv2 + conv3).
//
// # What the chapter shows
//
//   - Fig. 2 side by side: the naive module and the module with 1×1
//     reductions, their channels and compute at inception3a (Fig2), and
//     what nine naive modules would grow to (NaiveBody);
//   - Table 1 against a direct count: sizes, parameters and ops per row,
//     and where the printed "params" column parts from the channels it lists;
//   - depth 22 (the analysis' longest weighted path), max-pools before
//     modules 1, 3 and 8, auxiliary heads counted in the parameters but not
//     in the inference graph (Inspect).
package googlenet
