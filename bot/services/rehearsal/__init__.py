"""Rehearsal: the assistant plays a buyer, a rep practises answering objections, and is coached."""
