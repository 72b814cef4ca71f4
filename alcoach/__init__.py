"""alcoach: an offline terminal reflection coach for Action Learning."""

import os

# numpy's OpenBLAS threads spin while they wait, and on a small machine they fight the
# embedding model's own threads for the same cores: one answer took twice as long with
# them (see `alcoach bench`). alcoach's numpy work is small, so BLAS runs on one thread.
# Set before numpy is first imported; a value the user chose is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
# The model's own threads wait passively rather than spinning: on a busy machine (a test
# run, a video call) spinning threads turned 8 ms embeddings into hundreds of ms; passive
# waiting costs about half a millisecond when the machine is quiet.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
