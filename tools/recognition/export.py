"""Export a checkpoint to ONNX (opset 11) and check that OpenCV's dnn (4.6) loads it and agrees with PyTorch.

    /usr/bin/python3 tools/recognition/export.py tools/recognition/runs/r1/best.pt models/plate-reader.onnx \
        [--temperature T]
    /usr/bin/python3 tools/recognition/export.py --free-dimensions models/plate-*.onnx

--free-dimensions leaves the weights as they are and names the batch, height and width of a model's input and output
instead of fixing them at the exported example's: ONNX Runtime, which runs the models in the app (decision 058), holds
a model to its declared shapes, and the app reads crops in batches and runs the finder at each photo's own size.
"""
import json
import os
import sys

import cv2
import numpy as np
import torch

import plates
from model import PlateReader


def inline_identities(path):
    """The exporter shares equal weights through Identity nodes, which OpenCV 4.6 cannot import: copy them instead."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    inits = {i.name: i for i in m.graph.initializer}
    keep = []
    for node in m.graph.node:
        if node.op_type == "Identity" and node.input[0] in inits:
            t = numpy_helper.to_array(inits[node.input[0]])
            m.graph.initializer.append(numpy_helper.from_array(t, node.output[0]))
        else:
            keep.append(node)
    del m.graph.node[:]
    m.graph.node.extend(keep)
    onnx.save(m, path)


def free_dimensions(path):
    """Batch, height and width named (n, height, width) on the input and output; the networks are convolutions only."""
    import onnx
    m = onnx.load(path)
    for values, suffix in ((m.graph.input, ""), (m.graph.output, "_out")):
        for value in values:
            dims = value.type.tensor_type.shape.dim
            for i, name in ((0, "n"), (2, "height" + suffix), (3, "width" + suffix)):
                dims[i].Clear()
                dims[i].dim_param = name
    onnx.checker.check_model(m)
    onnx.save(m, path)


def main(checkpoint, out, temperature=1.0):
    model = PlateReader(plates.NUM_CLASSES)
    if checkpoint != "-":
        model.load_state_dict(torch.load(checkpoint, map_location="cpu")["model"])
    model.eval()
    if temperature != 1.0:  # softmax(logits / T), folded into the last layer (T from calibrate.py, synthetic only)
        with torch.no_grad():
            model.classifier.weight /= temperature
            model.classifier.bias /= temperature
    x = torch.rand(1, 3, plates.INPUT_H, plates.INPUT_W)
    torch.onnx.export(model, x, out, opset_version=11, input_names=["image"], output_names=["logits"],
                      do_constant_folding=True)
    inline_identities(out)
    free_dimensions(out)
    net = cv2.dnn.readNetFromONNX(out)
    blob = (x.numpy() * 255).astype(np.float32)
    net.setInput(blob, "", 1 / 255.0)
    got = net.forward()
    want = model(x).detach().numpy()
    diff = float(np.abs(got - want).max())
    print("onnx", out, "bytes", os.path.getsize(out), "output", got.shape, "max |opencv - torch|", diff)
    assert diff < 1e-3
    meta = {"input": [3, plates.INPUT_H, plates.INPUT_W], "channels": "BGR", "scale": 1 / 255.0,
            "blank": 0, "alphabet": plates.VOCAB}
    with open(os.path.splitext(out)[0] + ".json", "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--free-dimensions"]:
        for path in sys.argv[2:]:
            free_dimensions(path)
        sys.exit(0)
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoint")
    ap.add_argument("out")
    ap.add_argument("--temperature", type=float, default=1.0, help="divide the logits by T (see calibrate.py)")
    a = ap.parse_args()
    main(a.checkpoint, a.out, a.temperature)
