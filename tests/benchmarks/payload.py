"""(c) Bytes sent to the browser: the overview map's payload and a whole first page load.

The real wire bytes are captured in Chromium: every websocket frame the page receives
(`framereceived`; Streamlit's frames are uncompressed protobuf `ForwardMsg`s unless
server.enableWebsocketCompression is on) and, for every HTTP response of the page and its iframes,
the body as received (still compressed when the server compressed it) plus its headers
(`request.sizes()`). The frame carrying the st_folium element is decoded to find the map's share.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from google.protobuf.message import DecodeError
from playwright.async_api import Browser, Request, WebSocket
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.benchmarks.browser import VIEWPORT, wait_for_idle, wait_for_map
from tests.benchmarks.first_paint import bare_text_visible
from tests.benchmarks.server_time import MAP_COMPONENT

TIMEOUT_MS = 60_000
LATE_ASSETS_S = 1.0  # fonts and images that load after the script has finished


@dataclass
class LoadBytes:
    http_responses: int = 0
    http_bytes: int = 0  # received bodies (as sent, e.g. gzip) + response headers
    ws_frames: int = 0
    ws_bytes: int = 0  # payloads of received frames (frame headers add 2-14 bytes each)
    map_frame_bytes: int = 0  # the one websocket frame that carries the st_folium element
    map_args_bytes: int = 0  # st_folium's JSON arguments inside that frame
    frames: list[bytes] = field(default_factory=list, repr=False)

    @property
    def total(self) -> int:
        return self.http_bytes + self.ws_bytes


def map_args_in(frame: bytes) -> int | None:
    """Bytes of the st_folium arguments if `frame` is the ForwardMsg that adds the map, else None."""
    message = ForwardMsg()
    try:
        message.ParseFromString(frame)
    except DecodeError:
        return None
    if message.WhichOneof("type") != "delta" or message.delta.WhichOneof("type") != "new_element":
        return None
    element = message.delta.new_element
    if element.WhichOneof("type") != "component_instance":
        return None
    if element.component_instance.component_name != MAP_COMPONENT:
        return None
    return len(element.component_instance.json_args.encode())


def summarise_frames(result: LoadBytes) -> None:
    result.ws_frames = len(result.frames)
    result.ws_bytes = sum(len(frame) for frame in result.frames)
    for frame in result.frames:
        args = map_args_in(frame)
        if args is not None:
            result.map_frame_bytes, result.map_args_bytes = len(frame), args


async def capture_first_load(browser: Browser, url: str, is_dashboard: bool) -> LoadBytes:
    result = LoadBytes()
    finished: list[Request] = []
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        context.on("requestfinished", lambda request: finished.append(request))
        page = await context.new_page()

        def on_websocket(socket: WebSocket) -> None:
            socket.on("framereceived", lambda payload: result.frames.append(
                payload if isinstance(payload, bytes) else payload.encode()))

        page.on("websocket", on_websocket)
        await page.goto(url, wait_until="commit")
        if is_dashboard:
            await wait_for_map(page, TIMEOUT_MS)
        else:
            await bare_text_visible(page)
        await wait_for_idle(page, TIMEOUT_MS)
        await asyncio.sleep(LATE_ASSETS_S)
        for request in list(finished):
            sizes = await request.sizes()
            result.http_responses += 1
            result.http_bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    finally:
        await context.close()
    summarise_frames(result)
    return result


async def measure(browser: Browser, dashboard_url: str, bare_url: str, runs: int) -> tuple[list[LoadBytes],
                                                                                         list[LoadBytes]]:
    dashboard: list[LoadBytes] = []
    bare: list[LoadBytes] = []
    for _ in range(runs):
        dashboard.append(await capture_first_load(browser, dashboard_url + "/", is_dashboard=True))
        bare.append(await capture_first_load(browser, bare_url + "/", is_dashboard=False))
    return dashboard, bare
