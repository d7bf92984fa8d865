"""Launch the Deno Jupyter kernel behind a small ZeroMQ proxy that keeps every
output under the cell that made it.

The Deno kernel (``deno jupyter --kernel``, 2.8.2 and later) stamps each output
with one global "current request" that the next ``execute_request`` replaces,
and it can report a cell idle before that cell's last stdout, stderr or
display messages have left. A client that queues the next cell early
(JupyterLab's Run All, VS Code, nbclient) then sees those outputs filed under
the next cell, or dropped.

This launcher sits between the client and the kernel, on the ports of the
client's connection file, and starts the kernel on private ports. It forwards
every message unchanged except around ``execute_request``:

* It passes one execute request at a time. When the kernel replies to it, the
  launcher sends the kernel a silent request of its own that puts a marker
  through each output path (``Deno.jupyter.broadcast``, stdout, stderr) and
  holds the cell's ``idle`` status until all three markers are back. Only then
  does the client see the cell idle, and only then is the next queued request
  passed on. Everything the cell queued has left the kernel by then, in order.
* Output the kernel stamps with the launcher's own request (it is "current"
  while the markers travel) or with no cell's request is stamped again with
  the request of the last cell the client ran, and signed again with the
  connection key. The markers and the silent request's own status and reply
  never reach the client.

So every output a cell makes before it finishes (awaited or not, printed,
displayed or returned) is in that cell, whatever the client. Output that code
left running in the background makes later still goes to the last cell run.

Usage (the kernel spec's argv; the kernel's connection file is appended)::

    python kernel_launcher.py --connection-file FILE -- deno jupyter --kernel --conn

``SEGMENT_KERNEL_LOG=path`` appends one line per message to that file (for
measuring); not needed otherwise.
"""

import argparse
import collections
import hashlib
import hmac
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import zmq

DELIM = b"<IDS|MSG>"
MARKER_PREFIX = "segmentation-kernel-flush-"
MARKER_LINE = re.compile(re.escape(MARKER_PREFIX) + r"[0-9a-f]{32}\n?")
OUTPUT_TYPES = {
    "stream",
    "display_data",
    "update_display_data",
    "execute_result",
    "error",
    "clear_output",
}
# After the kernel replied to the flush request, how long to wait for markers
# that may never come (a cell that replaced console.log, say).
MARKER_GRACE_SECONDS = 3.0
# A flush request the kernel never answers (it should always answer at once).
FLUSH_REPLY_TIMEOUT_SECONDS = 60.0


class Log:
    def __init__(self, path):
        self.handle = open(path, "a", encoding="utf-8") if path else None
        self.started = time.monotonic()

    def __call__(self, *parts):
        if self.handle:
            stamp = f"{time.monotonic() - self.started:9.3f}"
            self.handle.write(stamp + " " + " ".join(str(p) for p in parts) + "\n")
            self.handle.flush()


class Signer:
    """HMAC signatures of the Jupyter wire protocol, with the connection's key."""

    def __init__(self, key, scheme):
        self.key = key.encode() if isinstance(key, str) else key
        algorithm = (scheme or "hmac-sha256").split("-", 1)[-1]
        self.digest = getattr(hashlib, algorithm)

    def sign(self, parts):
        if not self.key:
            return b""
        mac = hmac.new(self.key, digestmod=self.digest)
        for part in parts:
            mac.update(part)
        return mac.hexdigest().encode()


class Message:
    """One wire message: identities, then signature, header, parent, metadata, content, buffers."""

    def __init__(self, frames):
        index = frames.index(DELIM)
        self.idents = frames[:index]
        self.signature = frames[index + 1]
        self.parts = list(frames[index + 2 : index + 6])
        self.buffers = frames[index + 6 :]
        self.header = json.loads(self.parts[0])
        self.parent = json.loads(self.parts[1]) if self.parts[1] not in (b"", b"{}") else {}
        self._content = None

    @property
    def msg_type(self):
        return self.header.get("msg_type", "")

    @property
    def msg_id(self):
        return self.header.get("msg_id", "")

    @property
    def parent_id(self):
        return self.parent.get("msg_id", "")

    @property
    def content(self):
        if self._content is None:
            self._content = json.loads(self.parts[3])
        return self._content

    def frames(self, signer=None, idents=None):
        """The frames to send; signed again when ``signer`` is given (parts changed)."""
        signature = signer.sign(self.parts) if signer is not None else self.signature
        head = self.idents if idents is None else idents
        return [*head, DELIM, signature, *self.parts, *self.buffers]

    def reparent(self, parent_header_bytes):
        self.parts[1] = parent_header_bytes
        self.parent = json.loads(parent_header_bytes)

    def set_content(self, content):
        self._content = content
        self.parts[3] = json.dumps(content).encode()


def free_ports(ip, count):
    """``count`` distinct TCP ports free on ``ip`` now."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((ip, 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def die_with_parent():
    """In the child: get SIGTERM when the launcher dies (Linux), so no kernel is left behind."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


class Proxy:
    CHANNELS = ("shell", "control", "stdin", "iopub", "hb")
    BACKEND = ("shell", "control", "stdin", "iopub")

    def __init__(self, connection, command, log):
        self.log = log
        self.signer = Signer(connection.get("key", ""), connection.get("signature_scheme"))
        self.context = zmq.Context()
        transport = connection.get("transport", "tcp")
        ip = connection.get("ip", "127.0.0.1")

        def address(port):
            return f"{transport}://{ip}:{port}" if transport == "tcp" else f"{transport}://{ip}-{port}"

        # Client side: bound on the client's ports.
        self.front = {
            "shell": self.context.socket(zmq.ROUTER),
            "control": self.context.socket(zmq.ROUTER),
            "stdin": self.context.socket(zmq.ROUTER),
            "iopub": self.context.socket(zmq.PUB),
            "hb": self.context.socket(zmq.ROUTER),
        }
        for name, sock in self.front.items():
            sock.setsockopt(zmq.LINGER, 1000)
            if name != "iopub":
                sock.setsockopt(zmq.ROUTER_HANDOVER, 1)
            sock.bind(address(connection[f"{name}_port"]))

        # Kernel side: the kernel binds private ports on 127.0.0.1; we connect.
        ports = dict(zip(self.CHANNELS, free_ports("127.0.0.1", len(self.CHANNELS))))
        backend = {
            "transport": "tcp",
            "ip": "127.0.0.1",
            "key": connection.get("key", ""),
            "signature_scheme": connection.get("signature_scheme", "hmac-sha256"),
            "kernel_name": connection.get("kernel_name", ""),
            **{f"{name}_port": port for name, port in ports.items()},
        }
        self.folder = tempfile.mkdtemp(prefix="deno-kernel-")
        self.backend_file = os.path.join(self.folder, "kernel.json")
        fd = os.open(self.backend_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(backend, handle)

        identity = f"launcher-{uuid.uuid4().hex}".encode()
        self.back = {
            "shell": self.context.socket(zmq.DEALER),
            "control": self.context.socket(zmq.DEALER),
            "stdin": self.context.socket(zmq.DEALER),
            "iopub": self.context.socket(zmq.SUB),
        }
        for name, sock in self.back.items():
            sock.setsockopt(zmq.LINGER, 1000)
            if name in ("shell", "stdin"):
                # The kernel answers input requests to the shell identity on stdin.
                sock.setsockopt(zmq.IDENTITY, identity)
            if name == "iopub":
                sock.setsockopt(zmq.SUBSCRIBE, b"")
            sock.connect(f"tcp://127.0.0.1:{ports[name]}")

        self.child = subprocess.Popen(
            [*command, self.backend_file],
            start_new_session=True,
            preexec_fn=die_with_parent if sys.platform.startswith("linux") else None,
        )

        # Who asked what: request msg_id -> client identity frames, per channel.
        self.askers = {"shell": {}, "control": {}}
        self.stdin_askers = {}  # execute request msg_id -> client identity (input requests)
        self.queue = collections.deque()  # execute requests waiting: (idents, Message)
        self.running = None  # the client's execute request in the kernel now (dict)
        self.last_request = None  # header bytes of the last client execute request
        self.client_requests = collections.OrderedDict()  # recent client execute msg_ids
        self.flush_parents = collections.OrderedDict()  # flush msg_id -> header bytes of its cell
        self.session = uuid.uuid4().hex
        self.shutting_down = False

    # ---------------------------------------------------------------- requests

    def from_client(self, channel, frames):
        if channel == "hb":
            # Answered here while the kernel process lives: the Deno kernel's own
            # heartbeat answers from a thread of its own, so it would say no more.
            self.front["hb"].send_multipart(frames)
            return
        try:
            message = Message(frames)
        except (ValueError, json.JSONDecodeError):
            return  # not a Jupyter message: drop it, as the kernel would
        idents = message.idents
        if channel == "stdin":
            self.back["stdin"].send_multipart(message.frames(idents=[]))
            return
        self.askers[channel][message.msg_id] = idents
        if message.msg_type == "shutdown_request":
            self.shutting_down = True
        if channel == "shell" and message.msg_type == "execute_request":
            self.stdin_askers[message.msg_id] = idents
            self.client_requests[message.msg_id] = True
            while len(self.client_requests) > 1024:
                self.client_requests.popitem(last=False)
            self.queue.append(message)
            self.log("queue", message.msg_id, len(self.queue))
            self.pump()
            return
        self.back[channel].send_multipart(message.frames(idents=[]))

    def pump(self):
        """Pass the next queued execute request to the kernel when none is in flight."""
        if self.running is not None or not self.queue:
            return
        message = self.queue.popleft()
        self.running = {
            "msg_id": message.msg_id,
            "header": message.parts[0],
            "replied": False,
            "idle": None,  # the held idle status (frames), once seen
            "flush_id": None,
            "markers": set(),
            "flush_replied_at": None,
            "flush_sent_at": None,
        }
        self.last_request = message.parts[0]
        self.log("send", message.msg_id)
        self.back["shell"].send_multipart(message.frames(idents=[]))

    def start_flush(self):
        running = self.running
        token = MARKER_PREFIX + uuid.uuid4().hex
        code = (
            f'await Deno.jupyter.broadcast("comm_msg", {{ comm_id: "{token}", data: {{}} }});\n'
            f'console.log("{token}");\n'
            f'console.error("{token}");\n'
        )
        msg_id = uuid.uuid4().hex
        header = {
            "msg_id": msg_id,
            "msg_type": "execute_request",
            "username": "launcher",
            "session": self.session,
            "date": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime()),
            "version": "5.3",
        }
        content = {
            "code": code,
            "silent": True,
            "store_history": False,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": False,
        }
        parts = [json.dumps(header).encode(), b"{}", b"{}", json.dumps(content).encode()]
        running["flush_id"] = msg_id
        running["token"] = token
        running["flush_sent_at"] = time.monotonic()
        self.flush_parents[msg_id] = running["header"]
        while len(self.flush_parents) > 256:
            self.flush_parents.popitem(last=False)
        self.log("flush", running["msg_id"], msg_id)
        self.back["shell"].send_multipart([DELIM, self.signer.sign(parts), *parts])

    def settle(self, reason):
        """The running cell's output is all out: let the client see it idle, pass the next."""
        running = self.running
        self.log("settled", running["msg_id"], reason)
        self.stdin_askers.pop(running["msg_id"], None)
        if running["idle"] is not None:
            self.front["iopub"].send_multipart(running["idle"])
        self.running = None
        self.pump()

    def check_settled(self):
        running = self.running
        if running is None or running["flush_id"] is None:
            return
        if not running["replied"] or running["idle"] is None:
            return
        if running["flush_replied_at"] is None:
            return
        if {"display", "stdout", "stderr"} <= running["markers"]:
            self.settle("markers")

    def check_timeouts(self):
        """Never hold the queue for good: markers or an idle status that do not come are waited for a while."""
        running = self.running
        if running is None or running["flush_id"] is None:
            return
        now = time.monotonic()
        if running["flush_replied_at"] is not None:
            if now - running["flush_replied_at"] > MARKER_GRACE_SECONDS:
                missing = {"display", "stdout", "stderr"} - running["markers"]
                self.settle(f"waited for {sorted(missing) or 'idle'}")
        elif now - running["flush_sent_at"] > FLUSH_REPLY_TIMEOUT_SECONDS:
            self.settle("no flush reply")

    # ----------------------------------------------------------------- replies

    def from_kernel(self, channel, frames):
        try:
            message = Message(frames)
        except (ValueError, json.JSONDecodeError):
            return
        if channel == "iopub":
            self.kernel_iopub(message)
        elif channel == "stdin":
            idents = self.stdin_askers.get(message.parent_id)
            if idents is not None:
                self.front["stdin"].send_multipart(message.frames(idents=idents))
        else:
            self.kernel_reply(channel, message)

    def kernel_reply(self, channel, message):
        running = self.running
        parent = message.parent_id
        if channel == "shell" and running is not None:
            if parent == running["flush_id"]:
                running["flush_replied_at"] = time.monotonic()
                if message.content.get("status") != "ok":
                    running["markers"] |= {"display", "stdout", "stderr"}
                self.log("flush-reply", running["msg_id"], message.content.get("status"))
                self.check_settled()
                return
            if parent == running["msg_id"] and not running["replied"]:
                running["replied"] = True
                self.log("reply", parent, message.content.get("status"))
                self.start_flush()
        idents = self.askers[channel].pop(parent, None)
        if idents is None:
            return  # a reply to a request of ours, or to nobody we know
        self.front[channel].send_multipart(message.frames(idents=idents))

    def kernel_iopub(self, message):
        running = self.running
        kind = message.msg_type
        parent = message.parent_id
        flush_of = self.flush_parents.get(parent)
        # Markers come by content, whichever request the kernel stamped them with.
        if kind == "comm_msg" and str(message.content.get("comm_id", "")).startswith(MARKER_PREFIX):
            if running is not None and message.content.get("comm_id") == running.get("token"):
                running["markers"].add("display")
                self.check_settled()
            return
        if kind == "stream" and MARKER_PREFIX in message.content.get("text", ""):
            content = dict(message.content)
            if running is not None and running.get("token") in content["text"]:
                running["markers"].add("stderr" if content.get("name") == "stderr" else "stdout")
            content["text"] = MARKER_LINE.sub("", content["text"])
            if not content["text"]:
                self.check_settled()
                return
            message.set_content(content)
            self.restamp(message, flush_of)
            self.front["iopub"].send_multipart(message.frames(signer=self.signer))
            self.check_settled()
            return
        if flush_of is not None:
            # The flush request's own status, execute_input and errors stay here; anything
            # else the kernel stamped with it (a cell's late output, say) goes to that cell.
            if kind not in ("status", "execute_input", "error", "execute_reply"):
                self.restamp(message, flush_of)
                self.front["iopub"].send_multipart(message.frames(signer=self.signer))
            return
        if kind == "status" and running is not None and parent == running["msg_id"]:
            if message.content.get("execution_state") == "idle":
                running["idle"] = message.frames()
                self.log("idle-held", parent)
                self.check_settled()
                return
        if kind in OUTPUT_TYPES and parent not in self.client_requests and self.last_request:
            # Stamped with no cell's request (a completion, a kernel_info): the last cell's.
            self.restamp(message, None)
            self.front["iopub"].send_multipart(message.frames(signer=self.signer))
            return
        self.front["iopub"].send_multipart(message.frames())

    def restamp(self, message, header_bytes):
        target = header_bytes or self.last_request
        if target is not None:
            self.log("restamp", message.msg_type, message.parent_id, "->", json.loads(target)["msg_id"])
            message.reparent(target)

    # -------------------------------------------------------------------- loop

    def run(self):
        poller = zmq.Poller()
        sockets = {}
        for name in self.CHANNELS:
            if name != "iopub":
                poller.register(self.front[name], zmq.POLLIN)
                sockets[self.front[name]] = ("client", name)
            if name in self.back:
                poller.register(self.back[name], zmq.POLLIN)
                sockets[self.back[name]] = ("kernel", name)
        while True:
            code = self.child.poll()
            if code is not None:
                return code
            # Poll faster once a shutdown was asked for: the client waits for this process to end.
            for sock, _event in poller.poll(20 if self.shutting_down else 200):
                side, name = sockets[sock]
                frames = sock.recv_multipart()
                if side == "client":
                    self.from_client(name, frames)
                else:
                    self.from_kernel(name, frames)
            self.check_timeouts()

    def close(self):
        if self.child.poll() is None:
            self.child.terminate()
            try:
                self.child.wait(5)
            except subprocess.TimeoutExpired:
                self.child.kill()
        for sock in self.back.values():
            sock.close(linger=0)
        for sock in self.front.values():
            sock.close(linger=100)
        self.context.term()
        try:
            os.unlink(self.backend_file)
            os.rmdir(self.folder)
        except OSError:
            pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connection-file", required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the kernel command after --")
    with open(args.connection_file, encoding="utf-8") as handle:
        connection = json.load(handle)
    log = Log(os.environ.get("SEGMENT_KERNEL_LOG"))
    proxy = Proxy(connection, command, log)

    def forward(signum, _frame):
        # An interrupt for the client's kernel: the Deno kernel runs in a session of its own.
        if proxy.child.poll() is None:
            try:
                proxy.child.send_signal(signum)
            except (OSError, ValueError):
                pass

    def stop(_signum, _frame):
        raise SystemExit(0)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    try:
        code = proxy.run()
    except SystemExit as exit_:
        code = exit_.code or 0
    finally:
        proxy.close()
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main()
