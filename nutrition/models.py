"""Tables of the nutrition plugin (prefix `nutrition_`)."""
from __future__ import annotations
