"""The sentence-embedding featurizer: the packaged all-MiniLM-L6-v2 weights, read offline."""

import numpy as np
import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from components.sentence_embedding import SentenceEmbeddingFeaturizer, encoder


@pytest.fixture(scope="module")
def encode():
    return encoder(128).encode


def test_vectors_are_unit_length_and_one_per_text(encode):
    vectors = encode(["that's way too expensive", "hello", "we already signed with another vendor"])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_sentences_that_mean_the_same_are_closer_than_ones_that_do_not(encode):
    price, cheaper, greeting = encode(["your price is too high", "it costs too much for us", "good morning!"])
    assert price @ cheaper > price @ greeting + 0.2


def test_padding_does_not_change_a_sentence_vector(encode):
    alone = encode(["too pricey"])[0]
    beside_a_long_one = encode(["too pricey", "our board and procurement team would have to approve it first"])[0]
    assert np.allclose(alone, beside_a_long_one, atol=1e-4)


def test_the_featurizer_adds_one_sentence_feature_and_skips_empty_messages():
    featurizer = SentenceEmbeddingFeaturizer({**SentenceEmbeddingFeaturizer.get_default_config()}, "embeddings")
    with_text, empty = Message({TEXT: "can we get a discount?"}), Message({})
    featurizer.process([with_text, empty])
    sequence, sentence = with_text.get_dense_features(TEXT)
    assert sequence is None
    assert sentence.features.shape == (1, 384)
    assert empty.features == []
