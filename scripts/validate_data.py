"""`rasa data validate`, strict: any warning fails, except one Rasa cannot know about.

Rasa warns that a response "is not used in any story or rule" when only a custom action or
a form sends it. Such a warning is accepted only for responses our code does send: a form's
`utter_ask_<slot>`, or a name the actions build (`utter_why_`, `utter_invalid_`,
`utter_next_step_`) or name literally (the balancer's stand-in reply for the action server,
scripts/scale/*.http, included); and for the retrieval intents' own actions, because
the objection actions answer those intents from the library instead.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENT_BY_ACTIONS = ("utter_ask_", "utter_why_", "utter_invalid_", "utter_next_step_")
# Rasa names an action after each retrieval intent; the objection actions answer instead.
RETRIEVAL_ACTIONS = ("utter_objection", "utter_objection_help")
UNUSED = re.compile(r"UserWarning: The utterance '(\w+)' is not used in any story or rule\.")


def main() -> int:
    command = [sys.executable, str(ROOT / "scripts" / "rasa_quietly.py"), "data", "validate", "--domain", "domain"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    output = result.stdout + result.stderr
    senders = [*(ROOT / "actions").glob("*.py"), *(ROOT / "scripts" / "scale").glob("*.http")]
    action_code = "\n".join(p.read_text() for p in senders)
    problems = []
    for line in output.splitlines():
        unused = UNUSED.search(line)
        if unused:
            name = unused.group(1)
            if not (
                name.startswith(SENT_BY_ACTIONS)
                or f'"{name}"' in action_code
                or name == "utter_restart"
                or name in RETRIEVAL_ACTIONS
            ):
                problems.append(f"response {name} is sent by nothing")
        elif "UserWarning" in line and "site-packages" in line and "rasa/" in line:
            problems.append(line.strip())
    for problem in problems:
        print(f"validate: {problem}")
    if result.returncode != 0:
        print(output[-4000:])
        return result.returncode
    print("rasa data validate: clean" if not problems else f"rasa data validate: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
