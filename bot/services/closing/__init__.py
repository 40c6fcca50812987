"""Closing advice: the signals a lead gives (signals), the techniques they favour and what
blocks a close (recommend), the advisor over the stores (advisor), and the words (text)."""
