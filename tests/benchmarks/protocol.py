"""A reader that speaks Streamlit's websocket protocol instead of driving a browser.

It opens /_stcore/stream as the frontend does, asks for script runs with a page, a query string and
widget states (BackMsg.rerun_script), and reads ForwardMsgs until `script_finished`. Each interaction
is therefore a real session on the server running the real page script, with the same messages a
browser would receive, but without a browser's own cost: on a 2-core machine, thirty headless
Chromium pages mostly measure Chromium. Latency = request sent -> script_finished received.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from html import escape

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg, DeferredFileRequestPayload
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from wbdash.text import md_escape

INDICATOR_RADIO_LABEL = "Indicator on the map"
CSV_BUTTON = "Download CSV"
PNG_BUTTON = "Map image (PNG, 1920 px)"
MAP_COMPONENT = "streamlit_folium.st_folium"


@dataclass
class RunResult:
    """What one script run sent: widgets by label, component ids, and the text of markdown elements."""

    radios: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # label -> (id, options)
    components: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (element id, JSON args)
    texts: list[str] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)  # url path name -> page script hash
    downloads: dict[str, str] = field(default_factory=dict)  # button label -> deferred file id or file URL
    exception: str = ""


class ProtocolSession:
    """One Streamlit session over one websocket.

    Like a browser, it first loads the page over HTTP and keeps the cookies it is given (a load balancer's
    sticky-session cookie among them), then sends them with the websocket and every download.
    """

    def __init__(self, base_url: str, timeout_s: float):
        self.base_url = base_url
        self.url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.timeout_s = timeout_s
        self.socket: websockets.ClientConnection | None = None
        self.pages: dict[str, str] = {}  # url path name -> page script hash, from new_session
        self.cookies: dict[str, str] = {}
        self.session_id = ""  # from new_session; backend operations (downloads) must name it

    def _http_get(self, path: str) -> bytes:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        request = urllib.request.Request(self.base_url + path, headers=headers)
        with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.read()

    async def connect(self) -> None:
        await asyncio.to_thread(self._http_get, "/")  # the page load, which sets the cookies
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else None
        self.socket = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None,
                                               open_timeout=self.timeout_s, additional_headers=headers)

    async def download(self, file_id_or_url: str) -> bytes:
        """What clicking a download button does: fetch the file it holds, or for a deferred one ask the session to
        build it, then fetch it."""
        if file_id_or_url.startswith("/"):
            return await asyncio.to_thread(self._http_get, file_id_or_url)
        file_id = file_id_or_url
        assert self.socket is not None, "not connected"
        message = BackMsg()
        message.backend_operation_request.request_id = request_id = uuid.uuid4().hex
        message.backend_operation_request.session_id = self.session_id
        message.backend_operation_request.deferred_file.CopyFrom(DeferredFileRequestPayload(file_id=file_id))
        await self.socket.send(message.SerializeToString())
        deadline = time.monotonic() + self.timeout_s
        while True:
            raw = await asyncio.wait_for(self.socket.recv(decode=False), max(0.1, deadline - time.monotonic()))
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            if forward.WhichOneof("type") != "backend_operation_response":
                continue
            response = forward.backend_operation_response
            if response.request_id != request_id:
                continue
            if response.error_msg:
                raise RuntimeError(f"download refused: {response.error_msg}")
            return await asyncio.to_thread(self._http_get, response.deferred_file.url)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()

    async def run(self, page: str = "", query_string: str = "", widgets: list[WidgetState] | None = None
                  ) -> RunResult:
        """Ask for a script run of `page` (url path name, '' for the default) and read it to the end."""
        assert self.socket is not None, "not connected"
        message = BackMsg()
        state = message.rerun_script
        state.query_string = query_string
        state.page_script_hash = self.pages.get(page, "")
        for widget in widgets or []:
            state.widget_states.widgets.append(widget)
        await self.socket.send(message.SerializeToString())
        return await self._read_run()

    async def _read_run(self) -> RunResult:
        assert self.socket is not None
        result = RunResult()
        deadline = time.monotonic() + self.timeout_s
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no script_finished within {self.timeout_s:.0f} s")
            raw = await asyncio.wait_for(self.socket.recv(decode=False), remaining)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "new_session" and forward.new_session.initialize.session_id:
                self.session_id = forward.new_session.initialize.session_id
            if kind in ("new_session", "navigation"):  # st.navigation's pages come in "navigation"
                for app_page in getattr(forward, kind).app_pages:
                    self.pages[app_page.url_pathname] = app_page.page_script_hash
                result.pages = dict(self.pages)
            elif kind == "delta":
                self._read_delta(forward, result)
            elif kind == "script_finished":
                return result

    @staticmethod
    def _read_delta(forward: ForwardMsg, result: RunResult) -> None:
        delta = forward.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "radio":
            result.radios[element.radio.label] = (element.radio.id, list(element.radio.options))
        elif kind == "component_instance":
            instance = element.component_instance
            result.components[instance.component_name] = (instance.id, instance.json_args)
        elif kind == "markdown":
            result.texts.append(element.markdown.body)
        elif kind == "heading":
            result.texts.append(element.heading.body)
        elif kind == "download_button":  # a deferred file's id, or the URL of the bytes the button holds
            button = element.download_button
            result.downloads[button.label] = button.deferred_file_id or button.url
        elif kind == "exception":
            result.exception = element.exception.message


def legend_source(result: RunResult) -> str:
    """The map's view layer script, with the \\u003c and \\u003e that Jinja's tojson writes undone."""
    _, arguments = result.components.get(MAP_COMPONENT, ("", "{}"))
    script = json.loads(arguments or "{}").get("feature_group") or ""
    return script.replace("\\u003c", "<").replace("\\u003e", ">")


def radio_choice(widget_id: str, label: str) -> WidgetState:
    return WidgetState(id=widget_id, string_value=label)


def map_click(component_id: str, iso2: str) -> WidgetState:
    """What st_folium reports when a country polygon is clicked (only the part the page reads)."""
    drawing = {"type": "Feature", "properties": {"iso2": iso2}, "geometry": None}
    return WidgetState(id=component_id, json_value=json.dumps({"last_active_drawing": drawing}))


class ProtocolUser:
    """The load test's reader (see tests/benchmarks/load.py) over the websocket protocol.

    Each interaction sends what the frontend would send and checks the answer: the map's legend shows
    the new indicator, the summary names the clicked country, the profile's heading is the country's.
    """

    def __init__(self, url: str, number: int, countries: list[tuple[str, str]], timeout_s: float):
        self.session = ProtocolSession(url, timeout_s)
        self.countries = countries  # (iso2, name)
        self.turn = number  # offsets the rotations so users do not all pick the same thing
        self.radio_id, self.options, self.indicator, self.map_id = "", [], "", ""
        self.country: tuple[str, str] | None = None
        self.downloads: dict[str, str] = {}

    async def close(self) -> None:
        await self.session.close()

    def _remember_overview(self, result: RunResult) -> None:
        if result.exception:
            raise RuntimeError(f"the page raised: {result.exception}")
        self.radio_id, self.options = result.radios[INDICATOR_RADIO_LABEL]
        self.map_id, _ = result.components[MAP_COMPONENT]
        self.downloads = result.downloads

    async def _whole_overview(self, result: RunResult) -> RunResult:
        """A session's first view of the overview holds the map without its controls; the page's timer asks for
        the whole page a second later (wbdash.app.ui._first_view). A reader has the map meanwhile, so the time
        counted is the first view's; this run follows at once, as if the timer had fired."""
        if INDICATOR_RADIO_LABEL in result.radios or result.exception:
            return result
        if MAP_COMPONENT not in result.components:
            raise RuntimeError("the overview's first view has no map")
        return await self.session.run()

    async def initial_load(self) -> float:
        start = time.perf_counter()
        await self.session.connect()
        result = await self.session.run()
        elapsed = time.perf_counter() - start
        self._remember_overview(await self._whole_overview(result))
        self.indicator = self.options[0]
        return elapsed

    async def indicator_switch(self) -> float:
        self.turn += 1
        choices = [label for label in self.options if label != self.indicator]
        label = choices[self.turn % len(choices)]
        start = time.perf_counter()
        result = await self.session.run(widgets=[radio_choice(self.radio_id, label)])
        elapsed = time.perf_counter() - start
        if f"<h3>{escape(label)}" not in legend_source(result):
            raise RuntimeError(f"the map's legend does not show {label!r}")
        self.indicator = label
        return elapsed

    async def map_click(self) -> float:
        self.turn += 1
        choices = [country for country in self.countries if country != self.country]
        iso2, name = choices[self.turn % len(choices)]
        start = time.perf_counter()
        result = await self.session.run(widgets=[radio_choice(self.radio_id, self.indicator),
                                                 map_click(self.map_id, iso2)])
        elapsed = time.perf_counter() - start
        if f"**{md_escape(name)}**" not in result.texts:  # the page escapes every data text
            raise RuntimeError(f"the summary does not show {name}")
        self.country = (iso2, name)
        return elapsed

    async def profile_open(self) -> float:
        if self.country is None:
            raise RuntimeError("no country selected to open")
        iso2, name = self.country
        start = time.perf_counter()
        result = await self.session.run(page="profile", query_string=f"country={iso2}")
        elapsed = time.perf_counter() - start
        if md_escape(f"{name}: country profile") not in result.texts:
            raise RuntimeError(f"the profile of {name} did not open")
        return elapsed

    async def overview_open(self) -> float:
        start = time.perf_counter()
        result = await self.session.run(page="")
        elapsed = time.perf_counter() - start
        self._remember_overview(result)
        self.indicator, self.country = self.options[0], None
        return elapsed

    async def download_files(self) -> float:
        """Download the view's CSV and map PNG, as a reader clicking both buttons; checks what arrives."""
        start = time.perf_counter()
        csv = await self.session.download(self.downloads[CSV_BUTTON])
        png = await self.session.download(self.downloads[PNG_BUTTON])
        elapsed = time.perf_counter() - start
        if not csv.startswith(b"\xef\xbb\xbf") or csv.count(b"\n") < 7:  # UTF-8 BOM, a header and six rows
            raise RuntimeError("the CSV download is not the table")
        if not png.startswith(b"\x89PNG"):
            raise RuntimeError("the PNG download is not an image")
        return elapsed

    async def resume(self, query_string: str) -> float:
        """A new session from the view's URL, as a browser reconnecting after its replica died."""
        await self.session.close()
        start = time.perf_counter()
        await self.session.connect()
        result = await self.session.run(query_string=query_string)
        elapsed = time.perf_counter() - start
        result = await self._whole_overview(result)
        self._remember_overview(result)
        if self.indicator and f"<h3>{escape(self.indicator)}" not in legend_source(result):
            raise RuntimeError(f"the view from the URL does not show {self.indicator!r}")
        self.country = None
        return elapsed

    def action(self, kind: str) -> Callable[[], Awaitable[float]]:
        return {"indicator": self.indicator_switch, "click": self.map_click, "profile": self.profile_open,
                "overview": self.overview_open, "download": self.download_files}[kind]
