"""Derived views: one definition of each frame and concept the chapters speak of, computed from
the validated evidence (``core``) and given to the tables, charts and prose."""
