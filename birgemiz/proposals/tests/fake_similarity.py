"""A stand-in with the contract of ``proposals.similarity``, so these tests need no model:
words hashed into a small normalised vector; cosine by dot product."""

from __future__ import annotations

import re
import types
import zlib

import numpy as np

DIM = 64
THRESHOLD = 0.5


def _vector(text: str) -> bytes:
    v = np.zeros(DIM, dtype=np.float32)
    for word in re.findall(r"\w{4,}", text.lower()):
        v[zlib.crc32(word[:6].encode()) % DIM] += 1.0
    norm = float(np.linalg.norm(v)) or 1.0
    return (v / norm).astype(np.float32).tobytes()


class VectorIndex:
    def __init__(self, ids: list[int], vectors: list[bytes]):
        self.ids = list(ids)
        self.matrix = (
            np.vstack([np.frombuffer(v, dtype=np.float32) for v in vectors])
            if vectors
            else np.zeros((0, DIM))
        )

    def search(self, query_vector: bytes, *, limit=5, threshold=THRESHOLD, exclude=None):
        if not self.ids:
            return []
        scores = self.matrix @ np.frombuffer(query_vector, dtype=np.float32)
        ranked = sorted(zip(self.ids, scores.tolist(), strict=True), key=lambda x: -x[1])
        return [(i, s) for i, s in ranked if s >= threshold and i not in (exclude or set())][:limit]


def module() -> types.ModuleType:
    fake = types.ModuleType("birgemiz.proposals.similarity")
    fake.embed_passage = _vector
    fake.embed_query = _vector
    fake.THRESHOLD = THRESHOLD
    fake.DUPLICATE_THRESHOLD = 0.6
    fake.EMBEDDING_VERSION = "fake-v1"
    fake.VectorIndex = VectorIndex
    return fake
