"""Western Balkans comparison dashboard: data loading, validation, join, metrics and exports.

Kept free of heavy imports so `python3 -m wbdash.bootstrap` runs before dependencies exist.
"""
