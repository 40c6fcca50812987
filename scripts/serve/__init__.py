"""make serve: the assistant on this machine, with the web page prospects chat on."""
