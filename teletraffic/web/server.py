"""Start the page: a local server on 127.0.0.1, its address printed, the browser opened."""

from __future__ import annotations

import threading
import time
import webbrowser
from collections.abc import Callable

__all__ = ["serve"]


def serve(
    port: int = 8765,
    *,
    open_browser: bool = True,
    echo: Callable[[str], None] | None = None,
) -> None:
    """Serve the page on ``127.0.0.1:port`` until Ctrl+C (port 0: any free port).

    Prints the address once the server listens, then opens it in the browser unless
    *open_browser* is false.
    """
    import uvicorn

    from teletraffic.web.app import create_app

    config = uvicorn.Config(
        create_app(), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)

    def announce() -> None:
        while not server.started:
            if server.should_exit:
                return
            time.sleep(0.05)
        bound = port
        for s in getattr(server, "servers", []):
            for sock in s.sockets:
                bound = sock.getsockname()[1]
        url = f"http://127.0.0.1:{bound}/"
        message = f"teletraffic is at {url} (Ctrl+C stops it)"
        if echo is None:
            print(message, flush=True)
        else:
            echo(message)
        if open_browser:
            webbrowser.open(url)

    threading.Thread(target=announce, daemon=True).start()
    server.run()
