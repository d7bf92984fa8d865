"""Execute one notebook with nbclient and export it to self-contained HTML.

Used by lib/cli/report.ts (``deno task report``); not meant to be run by hand.

    python execute_notebook.py NOTEBOOK OUT_HTML [--kernel deno] [--timeout 600]
        [--cwd DIR] [--no-code]

Prints one JSON line on stdout describing the outcome:
  {"ok": true, "cells": 12}
  {"ok": false, "cell": 5, "ename": "TypeError", "evalue": "...", "source": "first line"}
The HTML is written atomically, and only when every cell ran without error.
Exit code 0 whenever the JSON line was printed (the caller reads "ok").
"""

import argparse
import json
import os
import re
import sys
import tempfile

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
FLUSH_PREFIX = "segmentation-runner-flush-"
FLUSH_MARKER_LINE = re.compile(re.escape(FLUSH_PREFIX) + r"[0-9a-f]+\n?")
TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


def one_line(text):
    """First non-empty line of ``text`` without terminal escape codes."""
    for line in ANSI.sub("", str(text or "")).splitlines():
        if line.strip():
            return line.strip()
    return ""


def emit(outcome):
    sys.stdout.write(json.dumps(outcome) + "\n")
    sys.stdout.flush()


def write_atomic(path, text):
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".partial", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def first_error_output(nb):
    """(index, output) of the first error output anywhere in the notebook, or None."""
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return index, output
    return None


def late_output_client(base):
    """A NotebookClient that keeps output the kernel publishes after "idle".

    The Deno kernel can publish a cell's display output (large HTML especially)
    just after it reports the cell idle, and it stamps each message with the
    request that is current when the message leaves, not when the cell made
    it: output still queued when the next cell starts would be filed under
    that next cell. Plain nbclient drops or misfiles such output. This client
    remembers which request belongs to which cell and files late messages
    under their own cell; and after each code cell it runs a silent flush
    request (still counted as the same cell) that sends one marker through
    the display path and one through stdout, and waits for both, so every
    message the cell queued has left the kernel before the next cell starts.
    Only when a flush cannot tell (no markers) does it listen for a quiet
    second after the last cell instead.
    """
    from queue import Empty
    from time import monotonic
    from uuid import uuid4
    from nbclient.util import ensure_async
    from nbclient.exceptions import CellExecutionComplete

    output_types = {"display_data", "execute_result", "stream", "error", "update_display_data", "clear_output"}

    class LateOutputClient(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._cells_by_msg = {}
            self._pending_cell = None
            self._markers = set()  # (path, token) of the flush markers received
            self._flushed = False

        def _take_flush_markers(self, msg):
            """Record the flush markers ``msg`` carries; True when it carries nothing else.

            A stdout marker is cut out of its stream text; text printed with it
            stays in ``msg`` to be filed as usual.
            """
            content = msg.get("content", {})
            if msg["msg_type"] == "comm_msg" and str(content.get("comm_id", "")).startswith(FLUSH_PREFIX):
                self._markers.add(("display", content["comm_id"]))
                return True
            if msg["msg_type"] == "stream" and FLUSH_PREFIX in content.get("text", ""):
                for token in FLUSH_MARKER_LINE.findall(content["text"]):
                    self._markers.add(("stdout", token.strip()))
                content["text"] = FLUSH_MARKER_LINE.sub("", content["text"])
                return not content["text"]
            return False

        async def _next_msg(self, timeout):
            """The next IOPub message, or None when it carried only flush markers (Empty on timeout)."""
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=timeout))
            return None if self._take_flush_markers(msg) else msg

        def _file_late(self, msg):
            target = self._cells_by_msg.get(msg["parent_header"].get("msg_id"))
            if target is None or msg["msg_type"] not in output_types:
                return
            cell, index = target
            try:
                self.process_message(msg, cell, index)
            except CellExecutionComplete:
                pass

        async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
            client = self.kc
            if client is not None and not getattr(client, "_late_output_tracked", False):
                execute = client.execute

                def tracked(*a, **k):
                    msg_id = execute(*a, **k)
                    if self._pending_cell is not None:
                        self._cells_by_msg[msg_id] = self._pending_cell
                    return msg_id

                client.execute = tracked
                client._late_output_tracked = True
            self._pending_cell = (cell, cell_index)
            cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
            if cell.cell_type == "code" and cell.source.strip():
                self._flushed = await self.flush_kernel_output()
            if cell_index == len(self.nb.cells) - 1 and not self._flushed:
                await self.drain_late_output()
            return cell

        async def flush_kernel_output(self):
            """Wait until everything the last cell queued has left the kernel; False if it could not tell."""
            token = FLUSH_PREFIX + uuid4().hex
            code = (
                f'await Deno.jupyter.broadcast("comm_msg", {{ comm_id: "{token}", data: {{}} }});\n'
                f'console.log("{token}");\n'
            )
            flush_id = self.kc.execute(code, silent=True, store_history=False)
            deadline = monotonic() + (self.timeout or 600)
            while not {("display", token), ("stdout", token)} <= self._markers:
                try:
                    msg = await self._next_msg(max(0.0, deadline - monotonic()))
                except Empty:
                    return False
                if msg is None:
                    continue
                if msg["parent_header"].get("msg_id") == flush_id and msg["msg_type"] == "error":
                    return False  # a kernel without Deno.jupyter.broadcast
                self._file_late(msg)
            return True

        async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
            while True:
                msg = await self._next_msg(None)
                if msg is None:
                    continue
                if msg["parent_header"].get("msg_id") == parent_msg_id:
                    try:
                        self.process_message(msg, cell, cell_index)
                    except CellExecutionComplete:
                        return
                else:
                    self._file_late(msg)

        async def drain_late_output(self, quiet_seconds=1.0):
            """File whatever arrives until the channel has been quiet for ``quiet_seconds``."""
            while True:
                try:
                    msg = await self._next_msg(quiet_seconds)
                except Empty:
                    return
                if msg is not None:
                    self._file_late(msg)

    return LateOutputClient


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("out_html")
    parser.add_argument("--kernel", default="deno")
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("--cwd", default=None)
    parser.add_argument("--no-code", action="store_true")
    args = parser.parse_args()

    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from nbconvert import HTMLExporter

    nb = nbformat.read(args.notebook, as_version=4)
    NotebookClient = late_output_client(NotebookClient)
    current = {"index": None}

    def on_cell_start(cell, cell_index, **_kwargs):
        current["index"] = cell_index

    client = NotebookClient(
        nb,
        kernel_name=args.kernel,
        timeout=args.timeout,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": args.cwd or os.path.dirname(os.path.abspath(args.notebook))}},
        on_cell_start=on_cell_start,
    )

    def failure(ename, evalue):
        index = current["index"]
        source = ""
        if index is not None and index < len(nb.cells):
            source = one_line(nb.cells[index].source)
        return {
            "ok": False,
            "cell": None if index is None else index + 1,
            "ename": one_line(ename) or "Error",
            "evalue": one_line(evalue),
            "source": source,
        }

    try:
        client.execute()
    except CellTimeoutError as error:
        emit(failure("Timeout", f"cell did not finish within {args.timeout} s ({one_line(error)})"))
        return
    except DeadKernelError as error:
        emit(failure("DeadKernelError", one_line(error) or "the Deno kernel stopped"))
        return
    except CellExecutionError as error:
        emit(failure(getattr(error, "ename", "Error"), getattr(error, "evalue", str(error))))
        return
    except Exception as error:  # kernel could not start, bad notebook, ...
        emit(failure(type(error).__name__, str(error)))
        return

    found = first_error_output(nb)
    if found is not None:
        current["index"] = found[0]
        emit(failure(found[1].get("ename", "Error"), found[1].get("evalue", "")))
        return

    exporter = HTMLExporter(
        extra_template_basedirs=[TEMPLATES],
        template_name="report",
        embed_images=True,
        exclude_input=args.no_code,
        exclude_input_prompt=args.no_code,
        exclude_output_prompt=args.no_code,
    )
    name = os.path.splitext(os.path.basename(args.notebook))[0]
    html, _resources = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    write_atomic(args.out_html, html)
    emit({"ok": True, "cells": len(nb.cells)})


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # a bug here: one line unless asked for details
        if os.environ.get("SEGMENT_DEBUG"):
            raise
        emit({"ok": False, "cell": None, "ename": type(error).__name__, "evalue": one_line(error), "source": ""})
