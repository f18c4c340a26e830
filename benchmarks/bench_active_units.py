"""Which code units each shipped variational model uses, on its dataset's test set.

For every shipped vae and cvae model (both datasets): the number of active units
(Burda et al.: variance over the test set of a unit's posterior mean above 0.01),
the total KL in nats (summed over units, averaged over images), and the KL of the
most and least used units. A conditional model's posterior is given each image's
label. Prints a Markdown table. Run from the project root:

    AE_DATA_DIR=<folder with mnist.npz, fashion_mnist.npz> python -m benchmarks.bench_active_units
"""
from __future__ import annotations

import numpy as np

from ae_models.code_usage import code_usage
from ae_models.data import dataset_info, load_test_split
from ae_models.store import list_models, load

HEADER = ("| kind | dataset | code | test images | active units | KL total (nats) | KL per unit, max | "
          "KL per unit, min |\n| --- | --- | --- | --- | --- | --- | --- | --- |")


def rows() -> list[str]:
    """One Markdown row per shipped variational model."""
    out = []
    for entry in list_models(source="shipped"):
        if entry.kind not in ("vae", "cvae"):
            continue
        images, labels = load_test_split(entry.dataset)
        usage = code_usage(load(entry), images, labels.astype(np.int64))
        out.append(f"| {entry.kind} | {entry.dataset} | {entry.code_size} | {usage.images:,} | "
                   f"{usage.active_count} of {usage.units} | {usage.kl.sum():.2f} | {usage.kl.max():.3f} | "
                   f"{usage.kl.min():.3f} |")
    return out


def main() -> None:
    sources = {name: dataset_info(name).source for name in ("mnist", "fashion_mnist")}
    print(f"Test sets: {', '.join(f'{k} from {v}' for k, v in sources.items())}\n")
    print(HEADER)
    print("\n".join(rows()))


if __name__ == "__main__":
    main()
