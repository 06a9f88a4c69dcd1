"""Work over a whole county's rows at once (an import of 100,000 pupils): Python's cycle
collector paused while it runs."""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Pause the cycle collector for the block, and restore it as it was (blocks may nest).
    Reading and checking a big file allocates millions of cells, dicts and lists, none in a
    cycle; each time the allocations pass the collector's threshold it walks every live object,
    which cost a quarter of a 100,000-pupil import's time. Reference counting still frees
    everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
