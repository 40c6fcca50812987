"""rasa-sdk adapters: read the tracker, call bot/, return events. No sales logic here.

`rasa run actions` imports this package first: the SALESBOT_* settings and every playbook file
are checked here, so a broken one stops the action server at start, naming the setting, or the
file, the entry and the problem."""

import sys

from bot.playbook.files import PlaybookError
from bot.services.playbook_check import check_playbook
from bot.settings import SettingsError, load_settings

try:
    check_playbook(load_settings().playbook_dir)
except (PlaybookError, SettingsError) as error:
    sys.exit(f"the action server does not start: {error}")
