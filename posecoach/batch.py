"""``posecoach batch``: analyse many videos (or landmarks files), one report each plus a summary CSV.

Each input is one task, ``analyze_item``, run on a local process pool (one landmarker per process)
or as Ray tasks on a Ray cluster. Tasks return the report to this process, which writes it, so a
cluster needs the inputs on a file system its nodes share but not the output folder (except for
``--landmarks``, which the tasks write themselves). A report already in the output folder means its
input is done: a second run skips it, so an interrupted batch resumes. A file that cannot be
analysed becomes an error row; the batch goes on.
"""

from __future__ import annotations

import concurrent.futures
import csv
import hashlib
import io
import json
import multiprocessing
import os
import queue
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from posecoach.landmark_store import SUFFIX as LANDMARKS_SUFFIX
from posecoach.landmark_store import is_landmark_file
from posecoach.sources import SourceError

SUMMARY_NAME = "summary.csv"
SUMMARY_COLUMNS = (
    "input", "exercise", "status", "reps", "attempts", "faults", "fault_counts", "held_s",
    "frames", "frames_without_person", "duration_s", "report", "error",
)  # fmt: skip
#: Frames between progress messages from a task (a message costs a round trip to the queue).
PROGRESS_EVERY_FRAMES = 64
#: A task whose worker process died is tried this many times in all (its pool-mates die with it).
MAX_ATTEMPTS = 2
WAIT_S = 0.25  # how often the progress line is redrawn while tasks run


class BatchError(SourceError):
    """The batch itself cannot start (no inputs, a bad mapping file): one line for the user."""


@dataclass(frozen=True)
class BatchItem:
    input: Path
    exercise: str

    @property
    def stem(self) -> str:
        """File name for this item's outputs: the input's name, a digest of its full path (two inputs
        may share a name), the exercise."""
        name = self.input.name.removesuffix(LANDMARKS_SUFFIX) if is_landmark_file(self.input) else self.input.stem
        digest = hashlib.sha1(str(self.input.resolve()).encode()).hexdigest()[:8]
        return f"{name}-{digest}.{self.exercise}"

    @property
    def report_name(self) -> str:
        return f"{self.stem}.json"


def read_mapping(path: Path) -> list[BatchItem]:
    """A CSV with a header row naming ``file`` (or ``video``) and ``exercise`` columns; relative paths
    are taken from the CSV's folder."""
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise BatchError(f"Cannot read the mapping file {path.name} ({error}).") from error
    if not rows:
        raise BatchError(f"The mapping file {path.name} lists no inputs.")
    file_column = next((name for name in ("file", "video", "input") if name in rows[0]), None)
    if file_column is None or "exercise" not in rows[0]:
        raise BatchError(f"The mapping file {path.name} needs a header row with 'file' and 'exercise' columns.")
    items = []
    for number, row in enumerate(rows, start=2):
        if not (row.get(file_column) or "").strip() or not (row.get("exercise") or "").strip():
            raise BatchError(f"{path.name} line {number}: a file and an exercise are both needed.")
        items.append(BatchItem(path.parent / row[file_column].strip(), row["exercise"].strip()))
    return items


def plan_items(inputs: Iterable[str], exercise: str | None, mapping: str | None) -> list[BatchItem]:
    inputs = list(inputs)
    if inputs and not exercise:
        raise BatchError("Give --exercise for the inputs listed on the command line.")
    items = [BatchItem(Path(name), exercise) for name in inputs if exercise]
    if mapping:
        items += read_mapping(Path(mapping))
    if not items:
        raise BatchError("Nothing to analyse: list inputs with --exercise, or give --mapping FILE.csv.")
    return list(dict.fromkeys(items))  # in order, each once


@dataclass(frozen=True)
class TaskOptions:
    model: str = "full"
    landmarks_dir: str | None = None  # save each video's landmarks here (a folder every worker can write)


@dataclass(frozen=True)
class TaskResult:
    item: BatchItem
    report: dict[str, Any] | None  # the report as its JSON holds it; None on error
    error: str = ""


class ProgressQueue(Protocol):
    def put(self, item: Any) -> None: ...


def analyze_item(item: BatchItem, options: TaskOptions, progress: ProgressQueue | None = None) -> TaskResult:
    """One input, start to finish, in a worker process or a Ray task. Never raises for a bad input."""
    from posecoach.report import analyze_video

    def report_frames(done: int, total: int) -> None:
        if progress is not None and (done % PROGRESS_EVERY_FRAMES == 0):
            progress.put((item.stem, done, total))

    landmarks_out = None
    if options.landmarks_dir and not is_landmark_file(item.input):
        landmarks_out = Path(options.landmarks_dir) / f"{item.stem}{LANDMARKS_SUFFIX}"
    try:
        report = analyze_video(item.input, item.exercise, options.model, progress=report_frames, landmarks_out=landmarks_out)
    except Exception as error:  # noqa: BLE001 - a bad file is an error row, whatever went wrong
        message = " ".join(str(error).split()) or type(error).__name__
        return TaskResult(item, None, message)
    if progress is not None:
        progress.put((item.stem, report.frames, report.frames))
    return TaskResult(item, json.loads(report.to_json()))


def summary_row(item: BatchItem, report: dict[str, Any] | None, error: str = "") -> dict[str, Any]:
    row: dict[str, Any] = {column: "" for column in SUMMARY_COLUMNS}
    row.update(input=str(item.input), exercise=item.exercise, status="error" if report is None else "ok", error=error)
    if report is not None:
        faults: dict[str, int] = report["issues_summary"]
        row.update(
            reps=report["reps"],
            attempts=report["attempts"],
            faults=sum(faults.values()),
            fault_counts="; ".join(f"{code}:{count}" for code, count in faults.items()),
            held_s=round(sum(report["held_by_side_s"].values()), 2),
            frames=report["frames"],
            frames_without_person=report["frames_without_person"],
            duration_s=report["duration_s"],
            report=item.report_name,
        )
    return row


class Backend(Protocol):
    """Where tasks run: ``submit`` returns a handle; ``wait`` returns the handles that finished."""

    slots: int  # tasks worth keeping in flight
    progress: ProgressQueue

    def submit(self, item: BatchItem, options: TaskOptions) -> Any: ...
    def wait(self, handles: set[Any], timeout_s: float) -> set[Any]: ...
    def result(self, handle: Any) -> TaskResult: ...  # raises WorkerLost if the worker died
    def drain_progress(self) -> list[tuple[str, int, int]]: ...
    def close(self) -> None: ...


class WorkerLost(Exception):
    """The process running a task died (its pool-mates' tasks are lost with it)."""


class LocalPool:
    """A pool of worker processes on this machine."""

    def __init__(self, workers: int) -> None:
        self.slots = workers
        self._context = multiprocessing.get_context("spawn")  # never fork a process that may hold MediaPipe threads
        self._manager = self._context.Manager()
        self.progress = self._manager.Queue()
        self._executor = self._new_executor()

    def _new_executor(self) -> concurrent.futures.ProcessPoolExecutor:
        return concurrent.futures.ProcessPoolExecutor(max_workers=self.slots, mp_context=self._context)

    def submit(self, item: BatchItem, options: TaskOptions) -> concurrent.futures.Future:
        try:
            return self._executor.submit(analyze_item, item, options, self.progress)
        except BrokenProcessPool:
            self._executor = self._new_executor()
            return self._executor.submit(analyze_item, item, options, self.progress)

    def wait(self, handles: set[Any], timeout_s: float) -> set[Any]:
        done, _ = concurrent.futures.wait(handles, timeout=timeout_s, return_when=concurrent.futures.FIRST_COMPLETED)
        return done

    def result(self, handle: concurrent.futures.Future) -> TaskResult:
        try:
            return handle.result()
        except BrokenProcessPool as error:
            raise WorkerLost("a worker process died") from error

    def drain_progress(self) -> list[tuple[str, int, int]]:
        messages = []
        while True:
            try:
                messages.append(self.progress.get_nowait())
            except queue.Empty:
                return messages

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._manager.shutdown()


#: What keeps a private Ray instance (``--ray`` without an address) on this machine, checked with strace for ray
#: 2.60 (tests/test_batch.py). Usage statistics off. Ray finds its node address with a UDP "connect" to 8.8.8.8
#: and binds its servers to that interface, even when given 127.0.0.1, unless told that it runs without a
#: multi-machine cluster (the variable is named for Windows and macOS, where that is the default): then loopback.
#: Ray's dashboard process, started even without the dashboard, asks cloud metadata servers which cloud it runs
#: on (HTTP to 169.254.169.254, a DNS lookup of metadata.google.internal) whatever the usage-statistics setting;
#: those requests go through a proxy on port 0 of loopback, where nothing can listen, and fail at once without a
#: lookup. Loopback itself is exempt (Ray's own gRPC never uses a proxy unless RAY_grpc_enable_http_proxy is set).
PRIVATE_RAY_ENVIRONMENT = {
    "RAY_USAGE_STATS_ENABLED": "0",
    "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",
    **{name: "http://127.0.0.1:0" for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY")},
    **{name: "127.0.0.1,localhost" for name in ("no_proxy", "NO_PROXY")},
}


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """``values`` in ``os.environ`` meanwhile; the variables are put back as they were afterwards."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class RayCluster:
    """Ray tasks, one CPU each: on a local Ray instance started here or on a running cluster."""

    def __init__(self, address: str | None, workers: int) -> None:
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # Ray would otherwise report usage over the network
        # Ray reads some of these when imported, the processes it starts inherit them; this process keeps its own.
        with _environment(PRIVATE_RAY_ENVIRONMENT if address is None else {}):
            try:
                import ray
                from ray.util.queue import Queue
            except ImportError as error:
                raise BatchError('Ray is not installed: pip install "posecoach[cluster]"') from error
            self._ray = ray
            self._started_here = not ray.is_initialized()
            if self._started_here:
                # Without an address: a private instance on this machine, bound to loopback, without the dashboard.
                where = {"address": address} if address else {"num_cpus": workers, "include_dashboard": False, "_node_ip_address": "127.0.0.1"}
                try:
                    ray.init(**where, log_to_driver=False, configure_logging=False)
                except Exception as error:  # noqa: BLE001 - Ray raises several kinds; the user needs one line
                    raise BatchError(f"Cannot {'reach Ray at ' + address if address else 'start Ray'}: {' '.join(str(error).split())}") from error
        # Twice the cluster's CPUs in flight keeps every node busy while this process collects results.
        self.slots = 2 * max(int(ray.cluster_resources().get("CPU", workers)), 1)
        self.progress = Queue()
        self._task = ray.remote(num_cpus=1, max_retries=0)(analyze_item)  # _run_tasks retries lost workers

    def submit(self, item: BatchItem, options: TaskOptions) -> Any:
        return self._task.remote(item, options, self.progress)

    def wait(self, handles: set[Any], timeout_s: float) -> set[Any]:
        done, _ = self._ray.wait(list(handles), num_returns=1, timeout=timeout_s)
        return set(done)

    def result(self, handle: Any) -> TaskResult:
        try:
            return self._ray.get(handle)
        except self._ray.exceptions.RayError as error:
            raise WorkerLost(" ".join(str(error).split())[:300]) from error

    def drain_progress(self) -> list[tuple[str, int, int]]:
        count = self.progress.qsize()
        return self.progress.get_nowait_batch(count) if count else []

    def close(self) -> None:
        self.progress.shutdown()
        if self._started_here:
            self._ray.shutdown()


@dataclass
class BatchProgress:
    """One line on stderr: files done, errors, and frames analysed over the files in flight."""

    total_files: int
    enabled: bool
    files_done: int = 0
    errors: int = 0
    frames_done: int = 0
    in_flight: dict[str, tuple[int, int]] = field(default_factory=dict)  # stem -> (frames done, frames expected)

    def update(self, messages: list[tuple[str, int, int]]) -> None:
        for stem, done, total in messages:
            previous = self.in_flight.get(stem, (0, 0))[0]
            self.frames_done += max(done - previous, 0)
            self.in_flight[stem] = (done, max(total, 1))

    def finished(self, item: BatchItem, ok: bool) -> None:
        self.files_done += 1
        self.errors += not ok
        self.in_flight.pop(item.stem, None)

    def draw(self) -> None:
        if not self.enabled:
            return
        partial = sum(min(done / total, 1.0) for done, total in self.in_flight.values())
        fraction = min((self.files_done + partial) / max(self.total_files, 1), 1.0)
        bar = "#" * int(30 * fraction)
        errors = f", {self.errors} failed" if self.errors else ""
        sys.stderr.write(
            f"\r  [{bar:<30}] {100 * fraction:5.1f}%  files {self.files_done}/{self.total_files}{errors}"
            f"  frames {self.frames_done}"
        )
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


@dataclass(frozen=True)
class BatchOutcome:
    analysed: int
    skipped: int  # done by an earlier run
    failed: int
    summary: Path


def run_batch(
    items: list[BatchItem],
    out_dir: Path,
    backend: Backend,
    options: TaskOptions = TaskOptions(),
    show_progress: bool = False,
) -> BatchOutcome:
    out_dir.mkdir(parents=True, exist_ok=True)
    done_before = {item for item in items if _read_report(out_dir / item.report_name) is not None}
    todo = [item for item in items if item not in done_before]
    errors: dict[BatchItem, str] = {}
    progress = BatchProgress(len(items), show_progress, files_done=len(done_before))
    for result in _run_tasks(todo, backend, options, progress):
        if result.report is None:
            errors[result.item] = result.error
        else:
            _write_atomically(out_dir / result.item.report_name, json.dumps(result.report, indent=2) + "\n")
    progress.close()
    rows = [summary_row(item, _read_report(out_dir / item.report_name), errors.get(item, "")) for item in items]
    summary = out_dir / SUMMARY_NAME
    _write_atomically(summary, summary_csv(rows))
    return BatchOutcome(len(todo) - len(errors), len(done_before), len(errors), summary)


def _run_tasks(todo: list[BatchItem], backend: Backend, options: TaskOptions, progress: BatchProgress) -> Iterator[TaskResult]:
    """Keeps ``backend.slots`` tasks in flight (a crash loses at most those) and yields results as they come."""
    waiting = list(reversed(todo))
    attempts: dict[BatchItem, int] = {}
    running: dict[Any, BatchItem] = {}
    while waiting or running:
        while waiting and len(running) < backend.slots:
            item = waiting.pop()
            attempts[item] = attempts.get(item, 0) + 1
            running[backend.submit(item, options)] = item
        finished = backend.wait(set(running), WAIT_S)
        progress.update(backend.drain_progress())
        for handle in finished:
            item = running.pop(handle)
            try:
                result = backend.result(handle)
            except WorkerLost as error:
                if attempts[item] < MAX_ATTEMPTS:
                    waiting.append(item)
                    continue
                result = TaskResult(item, None, f"the worker analysing it died ({error})")
            progress.finished(item, result.report is not None)
            yield result
        progress.draw()


def summary_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SUMMARY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _read_report(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _write_atomically(path: Path, text: str) -> None:
    """Write beside ``path`` and rename: an interrupted run never leaves a half report that looks done."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text)
    os.replace(partial, path)
