"""Rasa input channels of our own: Rasa's REST and Slack connectors, with the caller (prospect or
rep, bot/access.py) decided by the server from the credentials, never taken from the client."""
