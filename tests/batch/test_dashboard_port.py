"""A local Dask cluster starts when another cluster already holds the dashboard's usual port."""

from __future__ import annotations

import socket

import pytest

from peacetalks.batch import PipelineSpec

pytest.importorskip("distributed")
DaskExecutor = pytest.importorskip("peacetalks.batch.distributed").DaskExecutor

pytestmark = pytest.mark.distributed


def test_local_cluster_starts_with_port_8787_taken():
    holder = socket.socket()
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        holder.bind(("0.0.0.0", 8787))
        holder.listen()
    except OSError:
        pass  # someone else holds it already: the same situation
    try:
        # Warnings are errors here: the old default (port 8787) warned "already in use" and failed.
        with DaskExecutor(PipelineSpec(), workers=1) as executor:
            assert executor.cluster is not None
            assert ":8787" not in executor.cluster.dashboard_link
    finally:
        holder.close()
