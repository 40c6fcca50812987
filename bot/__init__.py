"""Sales logic of the assistant: plain Python, no Rasa import."""
