"""rasa-sdk adapters: read the tracker, call bot/, return events. No sales logic here."""
