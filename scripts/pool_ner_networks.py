"""Pool neural taggers trained from different seeds into one ONNX file (the accurate mode).

    python scripts/pool_ner_networks.py MEMBER.onnx MEMBER.onnx ... [--out FILE.onnx]

The members are networks written by scripts/train_ner_neural.py with the
same vocabulary and word table (same vectors and name shares; only the seed
of the last stage differs). The pool is a product of experts: its emission
scores are the mean of the members' and its CRF transitions the mean of
theirs, so `rasid.ner.neural.NeuralTagger` runs it like any one network.
The word table, most of each file, is stored once.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rasid" / "models" / "ner-neural-pool.onnx"
#: Initialisers every member has the same; they are kept once.
SHARED = ("word_codes", "word_scales", "last_axis", "hidden_width")
AVERAGED = ("transitions", "start", "end")


def pool(members: list[onnx.ModelProto]) -> onnx.ModelProto:
    first = members[0]
    inputs = {value.name for value in first.graph.input}
    shared = {init.name: init for init in first.graph.initializer if init.name in SHARED}
    for member in members[1:]:
        for init in member.graph.initializer:
            if init.name in shared and not np.array_equal(
                numpy_helper.to_array(init), numpy_helper.to_array(shared[init.name])
            ):
                raise SystemExit(f"members differ in {init.name}: train them from one cache")
    nodes: list[onnx.NodeProto] = []
    initialisers: list[onnx.TensorProto] = list(shared.values())
    outputs: list[str] = []
    for index, member in enumerate(members):
        prefix = f"m{index}/"
        keep = inputs | set(shared)

        def renamed(name: str, prefix: str = prefix, keep: set[str] = keep) -> str:
            return name if name in keep or not name else prefix + name

        for init in member.graph.initializer:
            if init.name not in shared:
                copy = onnx.TensorProto()
                copy.CopyFrom(init)
                copy.name = renamed(init.name)
                initialisers.append(copy)
        for node in member.graph.node:
            copy = onnx.NodeProto()
            copy.CopyFrom(node)
            copy.input[:] = [renamed(name) for name in node.input]
            copy.output[:] = [renamed(name) for name in node.output]
            copy.name = renamed(node.name) if node.name else ""
            nodes.append(copy)
        outputs.append(prefix + "emissions")
    nodes += [
        helper.make_node("Sum", outputs, ["emission_sum"]),
        helper.make_node("Div", ["emission_sum", "member_count"], ["emissions"]),
    ]
    initialisers.append(
        numpy_helper.from_array(np.array(len(members), dtype=np.float32), "member_count")
    )
    graph = helper.make_graph(
        nodes,
        "ner_neural_pool",
        list(first.graph.input),
        list(first.graph.output),
        initialisers,
    )
    model = helper.make_model(graph, opset_imports=list(first.opset_import), producer_name="rasid")
    model.ir_version = first.ir_version
    metadata = {prop.key: prop.value for prop in first.metadata_props}
    for key in AVERAGED:
        values = [
            np.array(json.loads({p.key: p.value for p in m.metadata_props}[key])) for m in members
        ]
        metadata[key] = json.dumps(np.mean(values, axis=0).tolist())
    metadata["members"] = str(len(members))
    helper.set_model_props(model, metadata)
    onnx.checker.check_model(model)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("members", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, default=OUT)
    arguments = parser.parse_args()
    model = pool([onnx.load(str(path)) for path in arguments.members])
    arguments.out.write_bytes(model.SerializeToString())
    print(f"pooled {len(arguments.members)} networks into {arguments.out} "
          f"({arguments.out.stat().st_size / 1e6:.1f} MB)")  # fmt: skip


if __name__ == "__main__":
    main()
