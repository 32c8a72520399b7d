"""Where runs are kept: opening a checkpoint store, serialising the state, reading runs back.

* :mod:`checkpoints.savers`: ``open_saver(url)`` for ``memory``, ``sqlite:///...`` and
  ``postgresql://...``; ``default_saver_url(root)``.
* :mod:`checkpoints.serde`: the serializer with the msgpack allow-list of state models.
* :mod:`checkpoints.runs`: list, history, delete and prune runs (one run = one thread);
  what a run does next is asked of the compiled graph the caller passes in.
* :mod:`checkpoints.locks`: one writer per thread (``ThreadBusyError``, a refused request).
"""
