"""Circulars: an entity's letter to its contractors with a link to register, and its follow-up of who did."""
