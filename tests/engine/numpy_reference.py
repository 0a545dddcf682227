#!/usr/bin/python3
"""Independent reference for tests/engine/numpy_reference_test.cpp: z-scores (ddof=1), min-max and the mean
composite, computed with numpy from the same data.

Usage: numpy_reference.py IN OUT
IN  (float64, native byte order): rows, cols, polarity[cols], weight[cols], data[rows*cols] row-major, NaN =
    missing.
OUT (float64): z[rows*cols], minmax[rows*cols], mean_equal[rows], mean_weighted[rows].
"""
import sys
import warnings

import numpy as np


def main(path_in: str, path_out: str) -> None:
    raw = np.fromfile(path_in, dtype=np.float64)
    rows, cols = int(raw[0]), int(raw[1])
    polarity = raw[2:2 + cols]
    weight = raw[2 + cols:2 + 2 * cols]
    x = raw[2 + 2 * cols:].reshape(rows, cols) * polarity  # x' = d x

    z = (x - np.nanmean(x, axis=0)) / np.nanstd(x, axis=0, ddof=1)
    lo, hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
    minmax = (x - lo) / (hi - lo) * 100.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=RuntimeWarning)  # all-NaN rows give NaN, as intended
        mean_equal = np.nanmean(z, axis=1)
        available = ~np.isnan(z)
        mean_weighted = np.nansum(z * weight, axis=1) / np.sum(np.where(available, weight, 0.0), axis=1)
    np.concatenate([z.ravel(), minmax.ravel(), mean_equal, mean_weighted]).astype(np.float64).tofile(path_out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
