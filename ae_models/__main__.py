"""Command line: ``python -m ae_models list | train | train-all | evaluate | previews | download``.

    python -m ae_models list
    python -m ae_models download mnist       # the full dataset into the Keras cache (needs the network)
    python -m ae_models previews             # the gallery's precomputed reconstructions
    python -m ae_models train conv --dataset mnist --code-size 32 --epochs 10
    python -m ae_models train-all            # the shipped grid, resumable
    python -m ae_models evaluate --markdown  # the README's results table
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable

from .data import DATASETS, dataset_info, download_dataset
from .errors import CorruptModelError, DataFormatError, DataNotFoundError, DiskFullError, ModelNotFoundError
from .registry import KINDS
from .training import DEFAULTS, STRATEGIES, TrainingInterrupted

USER_ERRORS = (DataNotFoundError, DataFormatError, ModelNotFoundError, CorruptModelError, DiskFullError, ValueError)


def progress_bar(done: int, total: int, width: int = 30) -> str:
    """A text bar like ``[#########.....]  45%``."""
    filled = int(width * done / max(total, 1))
    return f"[{'#' * filled}{'.' * (width - filled)}] {100 * done / max(total, 1):3.0f}%"


class Reporter:
    """Prints a live progress line per batch and a summary line per epoch to stderr."""

    def __init__(self, label: str, epochs: int):
        self.label, self.epochs, self.epoch, self.start = label, epochs, 0, time.perf_counter()

    def on_batch(self, step: int, steps: int) -> None:
        if step % 20 == 0 or step == steps:
            sys.stderr.write(f"\r{self.label} epoch {self.epoch + 1}/{self.epochs} {progress_bar(step, steps)}")
            sys.stderr.flush()

    def on_epoch(self, epoch: int, logs: dict) -> None:
        self.epoch = epoch + 1
        if not self.epochs:   # closed-form fit (PCA): nothing to report per epoch
            return
        shown = "  ".join(f"{k} {v:.4f}" for k, v in logs.items())
        sys.stderr.write(f"\r{self.label} epoch {epoch + 1}/{self.epochs} {shown}  "
                         f"({time.perf_counter() - self.start:.0f} s)\n")
        sys.stderr.flush()


def parse_option(text: str) -> tuple[str, object]:
    """``key=value`` with the value read as JSON when it parses (numbers, lists, true/false)."""
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"options look like key=value, got {text!r}")
    key, value = text.split("=", 1)
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def cmd_list(args) -> int:
    from .store import list_models, problems
    entries = list_models(kind=args.kind, dataset=args.dataset)
    if not entries:
        print("No saved models. Train one: python -m ae_models train dense")
    for e in entries:
        bce = e.record.metrics.bce
        print(f"{e.source:8} {e.kind:10} {e.dataset:14} code {e.code_size:3}  "
              f"BCE {float('nan') if bce is None else bce:.4f}  {e.name}")
    for problem in problems(kind=args.kind, dataset=args.dataset):
        print(f"skipped  {problem}", file=sys.stderr)
    return 0


def time_limit(hours: float | None) -> Callable[[], bool] | None:
    """A stop request that comes ``hours`` from now (None: no limit); the run is then measured and
    saved as if it had finished."""
    if hours is None:
        return None
    deadline = time.monotonic() + hours * 3600

    def past() -> bool:
        return time.monotonic() > deadline
    return past


def cmd_train(args) -> int:
    from .store import find
    from .training import train
    start = None
    if args.continue_training:
        source = args.save_to if args.save_to in ("shipped", "user") else None
        start = find(args.kind, args.dataset, args.code_size, source=source)
    done = start.record.training.epochs_run if start is not None else 0
    rep = Reporter(f"{args.kind}/{args.dataset}/{args.code_size}", done + args.epochs)
    rep.epoch = done   # a continued run counts on from the epochs it already has
    name = start.name if (start is not None and start.source == "shipped") else None
    _note(f"training on {dataset_info(args.dataset).describe_training()}")
    ae, _ = train(args.kind, args.dataset, args.code_size, epochs=args.epochs, batch_size=args.batch_size,
                  learning_rate=args.learning_rate, seed=args.seed, subset=args.subset,
                  patience=args.patience, on_epoch=rep.on_epoch, on_batch=rep.on_batch,
                  should_stop=time_limit(args.hours), save_to=args.save_to, strategy=args.strategy,
                  on_note=_note, continue_from=start, name=name, **dict(args.option or []))
    print(f"saved {ae.path}\n" + json.dumps(ae.metrics, indent=2))
    return 0


def cmd_train_all(args) -> int:
    from .grid import shipped_grid
    from .store import find, load
    from .training import train
    jobs = [j for j in shipped_grid() if args.kind in (None, j.kind) and args.dataset in (None, j.dataset)]
    for i, job in enumerate(jobs, 1):
        try:
            load(find(job.kind, job.dataset, job.code_size, source="shipped"))
            if not args.force:
                print(f"[{i}/{len(jobs)}] {job.name}: already shipped, skipping", flush=True)
                continue
        except (ModelNotFoundError, CorruptModelError):
            pass
        print(f"[{i}/{len(jobs)}] {job.name}: training", flush=True)
        rep = Reporter(f"[{i}/{len(jobs)}] {job.name}", job.epochs)
        ae, _ = train(job.kind, job.dataset, job.code_size, epochs=job.epochs, batch_size=job.batch_size,
                      learning_rate=job.learning_rate, patience=job.patience, seed=args.seed,
                      on_epoch=rep.on_epoch, on_batch=rep.on_batch, save_to="shipped", on_note=_note,
                      name=job.name, strategy=args.strategy, **job.options)
        print(f"[{i}/{len(jobs)}] {job.name}: test BCE {ae.record.metrics.bce:.4f}, "
              f"{ae.record.training.seconds:.0f} s", flush=True)
    return 0


def cmd_evaluate(args) -> int:
    from .evaluate import evaluate_catalogue, markdown_table, text_table

    def progress(i, n, entry):
        sys.stderr.write(f"\rmeasuring {progress_bar(i, n)} {entry.name:40}")
        sys.stderr.flush()

    result = evaluate_catalogue(dataset=args.dataset, kind=args.kind, source=args.source, progress=progress,
                                record=args.record)
    sys.stderr.write("\r" + " " * 80 + "\r")
    if args.json:
        print(json.dumps(result.rows, indent=2))
    elif args.markdown:
        print(markdown_table(result.rows))
    else:
        print(text_table(result.rows))
    for failure in result.failures:
        print(f"not measured: {failure}", file=sys.stderr)
    return 1 if result.failures else 0


def cmd_previews(args) -> int:
    from .previews import write_previews
    print(f"wrote {write_previews()}")
    return 0


def cmd_download(args) -> int:
    info = download_dataset(args.name)
    print(f"{args.name}: {info.n_train:,} training and {info.n_test:,} test images in {info.source}")
    return 0


def _note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    p = argparse.ArgumentParser(prog="python -m ae_models", description="Autoencoder Lab's library.")
    sub = p.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--dataset", choices=DATASETS)
    common.add_argument("--kind", choices=list(KINDS))

    sub.add_parser("list", parents=[common], help="list saved models").set_defaults(func=cmd_list)

    t = sub.add_parser("train", help="train one model")
    t.add_argument("kind", choices=list(KINDS))
    t.add_argument("--dataset", default="mnist", choices=DATASETS)
    t.add_argument("--code-size", type=int, default=32)
    t.add_argument("--epochs", type=int, default=DEFAULTS.epochs)
    t.add_argument("--batch-size", type=int, default=DEFAULTS.batch_size)
    t.add_argument("--learning-rate", type=float, default=DEFAULTS.learning_rate)
    t.add_argument("--seed", type=int, default=DEFAULTS.seed)
    t.add_argument("--subset", type=int, help="train on this many images only")
    t.add_argument("--patience", type=int, default=DEFAULTS.patience, help="early-stopping patience (0: off)")
    t.add_argument("--save-to", default="user", help="'user' (default), 'shipped' or a folder")
    t.add_argument("--strategy", default=DEFAULTS.strategy, choices=list(STRATEGIES))
    t.add_argument("--hours", type=float, help="stop after this long (at the next batch), then measure "
                   "and save as usual")
    t.add_argument("--continue", dest="continue_training", action="store_true",
                   help="start from the saved model of this kind, dataset and code size; run --epochs more")
    t.add_argument("--option", type=parse_option, action="append", metavar="KEY=VALUE",
                   help="a kind's own knob, e.g. l1=1e-4, tied=true, noise_kind=masking, beta=0.5")
    t.set_defaults(func=cmd_train)

    a = sub.add_parser("train-all", parents=[common], help="train the shipped grid (resumable)")
    a.add_argument("--force", action="store_true", help="retrain models that already exist")
    a.add_argument("--seed", type=int, default=0)
    a.add_argument("--strategy", default=DEFAULTS.strategy, choices=list(STRATEGIES))
    a.set_defaults(func=cmd_train_all)

    e = sub.add_parser("evaluate", parents=[common], help="measure saved models on the test set")
    fmt = e.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true")
    fmt.add_argument("--markdown", action="store_true")
    e.add_argument("--source", default="shipped", choices=["shipped", "user", "all"])
    e.add_argument("--record", action="store_true",
                   help="also write the new figures into each model's record (its .json file)")
    e.set_defaults(func=cmd_evaluate)

    sub.add_parser("previews", help="rewrite the gallery's precomputed reconstructions (weights/previews.npz)"
                   ).set_defaults(func=cmd_previews)

    d = sub.add_parser("download", help="have Keras download a full dataset into its cache (needs the network)")
    d.add_argument("name", choices=DATASETS)
    d.set_defaults(func=cmd_download)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user mistakes print one clear line and exit 2, never a traceback."""
    args = parser().parse_args(argv)
    if getattr(args, "source", None) == "all":
        args.source = None
    try:
        return args.func(args)
    except USER_ERRORS as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except TrainingInterrupted as interrupted:
        print(f"\n{interrupted}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("\ninterrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
