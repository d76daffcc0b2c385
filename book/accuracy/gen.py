#!/usr/bin/env python3
"""Writes accuracy.tsv: the ImageNet top-1 accuracy of every model the
comparison chart (book figure "accuracy-macs") plots.

For each model torchvision 0.14 defines, the value is the documented
single-crop 224 acc@1 of its IMAGENET1K_V1 weights, read from the weights'
metadata (never a V2 recipe):

    <Model>_Weights.IMAGENET1K_V1.meta["_metrics"]["ImageNet-1K"]["acc@1"]

with its num_params, which the Go test compares with our analysis of the
identical architecture. Paper values are used only for models torchvision
lacks; they are written below with where the paper prints them.

Run with Debian's python3-torchvision (0.14.1):
    /usr/bin/python3 book/accuracy/gen.py > book/accuracy/accuracy.tsv
"""
import torchvision
import torchvision.models as tvm

assert torchvision.__version__.startswith("0.14"), torchvision.__version__

# our model name -> torchvision weights enum (the architecture is identical:
# the Go test checks the parameter counts).
TORCHVISION = [
    ("alexnet-tv", "AlexNet_Weights"),
    ("vgg11", "VGG11_Weights"),
    ("vgg13", "VGG13_Weights"),
    ("vgg16", "VGG16_Weights"),
    ("vgg19", "VGG19_Weights"),
    ("vgg11_bn", "VGG11_BN_Weights"),
    ("vgg13_bn", "VGG13_BN_Weights"),
    ("vgg16_bn", "VGG16_BN_Weights"),
    ("vgg19_bn", "VGG19_BN_Weights"),
    ("googlenet-tv", "GoogLeNet_Weights"),
    ("resnet18", "ResNet18_Weights"),
    ("resnet34", "ResNet34_Weights"),
    ("resnet50-tv", "ResNet50_Weights"),
    ("resnet101-tv", "ResNet101_Weights"),
    ("resnet152-tv", "ResNet152_Weights"),
    ("wide_resnet50_2", "Wide_ResNet50_2_Weights"),
    ("resnext50_32x4d", "ResNeXt50_32X4D_Weights"),
    ("densenet121", "DenseNet121_Weights"),
    ("densenet169", "DenseNet169_Weights"),
    ("densenet201", "DenseNet201_Weights"),
]

# Models torchvision 0.14 does not define: the paper's own number.
PAPER = [
    # Krizhevsky et al. 2012, Table 2: "1 CNN" top-1 error 40.7% on the
    # ILSVRC-2012 validation set; §4.1: ten 224x224 patches averaged.
    ("alexnet", "59.3", "Krizhevsky, Sutskever, Hinton 2012 (NIPS)", "Table 2, row 1 CNN",
     "paper: 100 - 40.7% top-1 error, ILSVRC-2012 val, one two-tower CNN, 10-crop average"),
    # Howard et al. 2017, Table 8 (and Tables 4, 6, 7): 1.0 MobileNet-224,
    # 70.6% ImageNet accuracy.
    ("mobilenet-v1", "70.6", "Howard et al. 2017, MobileNets (arXiv:1704.04861)", "Table 8, 1.0 MobileNet-224",
     "paper: top-1 accuracy, ImageNet val, single 224 crop"),
]

HEADER = ["model", "top1", "source", "where", "protocol", "params"]


def main():
    print("\t".join(HEADER))
    for name, enum in TORCHVISION:
        w = getattr(tvm, enum).IMAGENET1K_V1
        acc = w.meta["_metrics"]["ImageNet-1K"]["acc@1"]
        print("\t".join([
            name, f"{acc:g}",
            f"torchvision {torchvision.__version__} {enum}.IMAGENET1K_V1",
            'meta["_metrics"]["ImageNet-1K"]["acc@1"]',
            "torchvision: acc@1, ImageNet-1K val, single 224 crop of the 256 resize",
            str(w.meta["num_params"]),
        ]))
    for row in PAPER:
        print("\t".join(list(row) + [""]))


if __name__ == "__main__":
    main()
