"""Rasa's DIETClassifier and ResponseSelector, trained as Rasa trains them and loaded for
answering only.

Rasa 3.6 rebuilds each of these models by one training step on an example before it reads the
weights (`RasaModel.load`), which traces the whole training graph, gradients included: about 30
of the server's 55 s start on this machine. The weights are read here as the first prediction
creates each variable instead; the optimizer's state, which only further training would use, is
left out. The answers are the same (tests/components/test_quick_load.py compares both loads).
"""

from __future__ import annotations

import warnings
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.nlu.selectors.response_selector import DIET2BOW, DIET2DIET, ResponseSelector
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

# Rasa's recipe validator finds a response selector and an entity extractor by exact class, so
# it would warn that these subclasses are missing from the pipeline.
for missing in ("training a response selector", "an entity extractor trained on your training data"):
    warnings.filterwarnings("ignore", message=f".*{missing}.*", category=UserWarning)


class LoadsForAnswering(RasaModel):
    @classmethod
    def load(
        cls,
        model_file_name: str,
        model_data_example: RasaModelData,
        predict_data_example: RasaModelData | None = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        if finetune_mode or predict_data_example is None:  # to train further, Rasa's own way
            return super().load(
                model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs
            )
        model = cls(*args, **kwargs)
        model.load_weights(model_file_name).expect_partial()  # restored as each variable is created
        model.run_inference(predict_data_example)
        return model


class AnsweringDIET(LoadsForAnswering, DIET):
    pass


class AnsweringDIET2DIET(LoadsForAnswering, DIET2DIET):
    pass


class AnsweringDIET2BOW(LoadsForAnswering, DIET2BOW):
    pass


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class QuickLoadingDIETClassifier(DIETClassifier):
    @staticmethod
    def model_class() -> type[RasaModel]:
        return AnsweringDIET


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class QuickLoadingResponseSelector(ResponseSelector):
    @staticmethod
    def model_class(use_text_as_label: bool) -> type[RasaModel]:
        return AnsweringDIET2DIET if use_text_as_label else AnsweringDIET2BOW
