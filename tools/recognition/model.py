"""The plate reader: plain Conv/BN/ReLU/MaxPool (every op imports into OpenCV 4.6 dnn), CTC over 32 columns."""
import torch
from torch import nn


def block(cin, cout, k=3, pad=1):
    return [nn.Conv2d(cin, cout, k, padding=pad, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]


class PlateReader(nn.Module):
    """Input N x 3 x 32 x 128 (BGR, 0..1); output N x classes x 1 x 32 logits (class 0 = CTC blank)."""

    def __init__(self, num_classes):
        super().__init__()
        self.features = nn.Sequential(
            *block(3, 32), nn.MaxPool2d(2, 2),                      # 16 x 64
            *block(32, 64), nn.MaxPool2d(2, 2),                     # 8 x 32
            *block(64, 96), *block(96, 96), nn.MaxPool2d((2, 1), (2, 1)),     # 4 x 32
            *block(96, 128), *block(128, 128), nn.MaxPool2d((2, 1), (2, 1)),  # 2 x 32
            *block(128, 192, k=(2, 3), pad=(0, 1)),                 # 1 x 32
            *block(192, 192, k=(1, 5), pad=(0, 2)),                 # context across neighbouring characters
        )
        self.classifier = nn.Conv2d(192, num_classes, 1)

    def forward(self, x):
        f = self.features(x)
        if self.training:
            f = nn.functional.dropout(f, 0.1)
        return self.classifier(f)
