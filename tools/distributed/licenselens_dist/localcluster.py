"""A Ray cluster on this machine, on 127.0.0.1 only, for the tests and the benchmark.

`ray start --head --block` runs in its own process group; ending it stops the processes it
started (and the group is killed should any remain), so nothing else on the machine is
touched. On a real cluster, `ray start` runs on each node instead (see tools/README.md).
"""

import os
import signal
import socket
import subprocess
import sys
import time

# Ray turns 127.0.0.1 into the address of the machine's network interface ("reachable from
# other nodes"), except where it supports no multi-node clusters: saying so keeps every
# process and connection of this one-node cluster on the loopback interface.
LOOPBACK_ONLY = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
ENVIRONMENT = dict(os.environ, RAY_USAGE_STATS_ENABLED="0",
                   RAY_agent_register_timeout_ms="300000", **LOOPBACK_ONLY)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalCluster:
    """A head node with `cpus` worker CPUs; `address` is what --address takes."""

    def __init__(self, cpus, temp_dir):
        self.port = free_port()
        self.address = "127.0.0.1:%d" % self.port
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ray.scripts.scripts", "start", "--head", "--block",
             "--node-ip-address=127.0.0.1", "--port=%d" % self.port, "--num-cpus=%d" % cpus,
             "--include-dashboard=false", "--disable-usage-stats",
             "--object-store-memory=200000000", "--temp-dir=" + temp_dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENVIRONMENT,
            start_new_session=True)

    def wait(self, timeout=300):
        """Waits until the head's GCS port accepts connections."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("ray start exited with %d" % self.process.returncode)
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("the Ray head did not start within %d s" % timeout)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def __enter__(self):
        return self.wait()

    def __exit__(self, *_):
        self.stop()
