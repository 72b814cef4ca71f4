"""alcoach: an offline terminal reflection coach for Action Learning."""

import os

# numpy's OpenBLAS threads spin while they wait, and on a small machine they fight the
# embedding model's own threads for the same cores: one answer took twice as long with
# them (see `alcoach bench`). alcoach's numpy work is small, so BLAS runs on one thread.
# Set before numpy is first imported; a value the user chose is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
