"""The `rasa` command line with third-party deprecation warnings off.

    .venv/bin/python scripts/rasa_quietly.py test core --model ... --quiet

Importing Rasa imports Sanic, which puts "show every DeprecationWarning once" in front of the
warning filters, so neither PYTHONWARNINGS nor Rasa's own filters can silence what TensorFlow,
Keras, pyparsing and pkg_resources print at import: dozens of lines that are not ours to fix.
`quiet()` takes Sanic's filter out, ignores DeprecationWarnings, and adds them to the warnings
Rasa itself expects and ignores when it sets up its logging (pyparsing's deprecations are also
UserWarnings, which Rasa would otherwise show once). Rasa's warnings about our domain and data
are UserWarnings: they still show (scripts/validate_data.py reads them).
"""

from __future__ import annotations

import sys
import warnings
from typing import Any, cast


def quiet() -> None:
    import sanic  # noqa: F401  (imported first, so its filter is in place to be taken out)

    filters = cast("list[Any]", warnings.filters)  # the list the warnings machinery reads: change it in place
    filters[:] = [f for f in filters if f[:3] != ("once", None, DeprecationWarning)]
    warnings.simplefilter("ignore", DeprecationWarning)
    from rasa.utils.common import EXPECTED_WARNINGS

    EXPECTED_WARNINGS.append((DeprecationWarning, ""))
    # The retrieval intents are in the domain (the rules name them) and Rasa adds them again from
    # the NLU data, then warns about its own merge; validate_data.py accepts the same warning.
    EXPECTED_WARNINGS.append((UserWarning, "duplicated intents have been found across multiple domain files"))


if __name__ == "__main__":
    quiet()
    from rasa.__main__ import main

    sys.argv[0] = "rasa"
    main()
