"""Writing a trained tagger network as ONNX, for scripts/train_ner_neural.py.

The graph is built node by node rather than with torch.onnx.export, so that
the LSTM keeps each sentence's length (`sequence_lens`) and the word table
stays int8 with a scale per row. The CRF weights, the tags and the character
alphabet go in the model's metadata, where rasid.ner.neural reads them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from rasid.ner.features import GAZETTEER_COLUMNS
from rasid.ner.neural import TokenEncoder

if TYPE_CHECKING:
    from train_ner_neural import Network

__all__ = ["export"]


def _lstm_gates(weight: np.ndarray) -> np.ndarray:
    """torch stacks the gates i, f, g, o; ONNX wants i, o, f, c (= g)."""
    i, f, g, o = np.split(weight, 4, axis=0)
    return np.concatenate([i, o, f, g], axis=0)


def export(
    network: Network,
    codes: np.ndarray,
    scales: np.ndarray,
    encoder: TokenEncoder,
    *,
    tags: Sequence[str],
    chunk: int,
) -> bytes:
    """The network as an ONNX graph; the CRF weights, `tags`, the char alphabet and the
    piece length (`chunk`) go in its metadata."""
    state = {name: value.detach().numpy() for name, value in network.state_dict().items()}
    lstm = network.lstm
    weights = np.stack(
        [_lstm_gates(state["lstm.weight_ih_l0"]), _lstm_gates(state["lstm.weight_ih_l0_reverse"])]
    )
    recurrent = np.stack(
        [_lstm_gates(state["lstm.weight_hh_l0"]), _lstm_gates(state["lstm.weight_hh_l0_reverse"])]
    )
    biases = np.stack(
        [
            np.concatenate(
                [
                    _lstm_gates(state[f"lstm.bias_ih_l0{s}"]),
                    _lstm_gates(state[f"lstm.bias_hh_l0{s}"]),
                ]
            )
            for s in ("", "_reverse")
        ]
    )
    initialisers = {
        "word_codes": codes,
        "word_scales": scales,
        "char_table": state["char_embedding.weight"],
        "char_conv_w": state["char_conv.weight"],
        "char_conv_b": state["char_conv.bias"],
        "shape_table": state["shape_embedding.weight"],
        "lstm_w": weights,
        "lstm_r": recurrent,
        "lstm_b": biases,
        "projection_w": state["projection.weight"].T.copy(),
        "projection_b": state["projection.bias"],
        "out_w": state["output.weight"].T.copy(),
        "out_b": state["output.bias"],
        "hidden_width": np.array([2 * lstm.hidden_size], dtype=np.int64),
        "last_axis": np.array([-1], dtype=np.int64),
    }
    node = helper.make_node
    nodes = [
        *_word_vector_nodes("words", "word_vectors"),
        *_word_vector_nodes("stems", "stem_vectors"),
        node("Gather", ["char_table", "chars"], ["char_vectors"]),
        node("Transpose", ["char_vectors"], ["char_columns"], perm=[0, 2, 1]),
        node("Conv", ["char_columns", "char_conv_w", "char_conv_b"], ["char_conv"], pads=[1, 1]),
        node("ReduceMax", ["char_conv"], ["char_max"], axes=[2], keepdims=0),
        node("Relu", ["char_max"], ["char_features"]),
        node("Gather", ["shape_table", "shapes"], ["shape_vectors"]),
        node(
            "Concat",
            ["word_vectors", "stem_vectors", "char_features", "shape_vectors"]
            + (["gazetteer"] if network.gazetteer else []),
            ["type_features"],
            axis=1,
        ),
        node("MatMul", ["type_features", "projection_w"], ["type_projected"]),
        node("Add", ["type_projected", "projection_b"], ["type_inputs"]),
        node("Gather", ["type_inputs", "tokens"], ["features"]),
        node("Transpose", ["features"], ["steps_first"], perm=[1, 0, 2]),
        node(
            "LSTM",
            ["steps_first", "lstm_w", "lstm_r", "lstm_b", "lengths"],
            ["lstm_out"],
            direction="bidirectional",
            hidden_size=lstm.hidden_size,
        ),
        node("Transpose", ["lstm_out"], ["batch_first"], perm=[2, 0, 1, 3]),
        node("Shape", ["tokens"], ["batch_shape"]),
        node("Concat", ["batch_shape", "hidden_width"], ["hidden_shape"], axis=0),
        node("Reshape", ["batch_first", "hidden_shape"], ["hidden"]),
        node("MatMul", ["hidden", "out_w"], ["scores"]),
        node("Add", ["scores", "out_b"], ["emissions"]),
    ]
    ids = ["batch", "step"]
    graph = helper.make_graph(
        nodes,
        "ner_neural",
        [
            helper.make_tensor_value_info("tokens", TensorProto.INT64, ids),
            helper.make_tensor_value_info("words", TensorProto.INT64, ["type"]),
            helper.make_tensor_value_info("stems", TensorProto.INT64, ["type"]),
            helper.make_tensor_value_info("chars", TensorProto.INT64, ["type", encoder.max_chars]),
            helper.make_tensor_value_info("shapes", TensorProto.INT64, ["type"]),
            helper.make_tensor_value_info("lengths", TensorProto.INT32, ["batch"]),
            *(
                [
                    helper.make_tensor_value_info(
                        "gazetteer", TensorProto.FLOAT, ["type", len(GAZETTEER_COLUMNS)]
                    )
                ]
                if network.gazetteer
                else []
            ),
        ],
        [helper.make_tensor_value_info("emissions", TensorProto.FLOAT, [*ids, len(tags)])],
        [numpy_helper.from_array(np.ascontiguousarray(v), k) for k, v in initialisers.items()],
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="rasid"
    )
    model.ir_version = 8
    metadata = {
        "tags": json.dumps(list(tags)),
        "transitions": json.dumps(state["transitions"].tolist()),
        "start": json.dumps(state["start"].tolist()),
        "end": json.dumps(state["end"].tolist()),
        "chars": json.dumps(encoder.chars, ensure_ascii=False),
        "max_chars": str(encoder.max_chars),
        "chunk": str(chunk),
    }
    helper.set_model_props(model, metadata)
    onnx.checker.check_model(model)
    return bytes(model.SerializeToString())


def _word_vector_nodes(ids: str, output: str) -> list[onnx.NodeProto]:
    """Look up int8 rows and their scales, and multiply them back to floats."""
    node = helper.make_node
    return [
        node("Gather", ["word_codes", ids], [f"{ids}_codes"]),
        node("Cast", [f"{ids}_codes"], [f"{ids}_float"], to=TensorProto.FLOAT),
        node("Gather", ["word_scales", ids], [f"{ids}_scale"]),
        node("Unsqueeze", [f"{ids}_scale", "last_axis"], [f"{ids}_scale_column"]),
        node("Mul", [f"{ids}_float", f"{ids}_scale_column"], [output]),
    ]
