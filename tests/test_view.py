"""The MCP Apps view in a real browser: headless Chromium, a host page that speaks the protocol.

The host page (below) plays the host side of `io.modelcontextprotocol/ui`: it
answers `ui/initialize` with a theme, waits for `ui/notifications/initialized`,
hands the view a real tool result, and records `ui/open-link` requests. The
tests assert on the rendered DOM and, with XINGTU_VIEW_SHOTS=1, save screenshots in test-artifacts/.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import runpy
import shutil
import struct
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.types import TextResourceContents

from xingtu_showcase_mcp import __version__
from xingtu_showcase_mcp.config import Settings
from xingtu_showcase_mcp.contract import ShowcaseQuery
from xingtu_showcase_mcp.glossary import ENGAGEMENT, JSON_WORKS
from xingtu_showcase_mcp.language import Language
from xingtu_showcase_mcp.models import WORK_COLUMNS, compact_json
from xingtu_showcase_mcp.names import COMPARE_TOOL_NAME, TOOL_NAME
from xingtu_showcase_mcp.render import render_text
from xingtu_showcase_mcp.server import build_server
from xingtu_showcase_mcp.showcase.summary import summarise
from xingtu_showcase_mcp.view import VIEW_URI, view_html

from conftest import text_of
from emulator import example_response, many_items

T = TypeVar("T")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
# Screenshots are for a person to look at (README's picture, a layout review), not for an assertion, and
# each costs a paint and a PNG encode: taken only when asked for.
SHOTS = os.environ.get("XINGTU_VIEW_SHOTS") == "1"
WIDTHS = (600, 375)  # a desktop chat column, a phone
AUTHOR = "6787286580932689933"
needs_browser = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="needs Debian's chromium (.ci/run installs it)"
)
TITLE = WORK_COLUMNS.index("title")
DATE = WORK_COLUMNS.index("date")
PLAYS = WORK_COLUMNS.index("plays")
ID = WORK_COLUMNS.index("id")

HOST = """<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0}iframe{border:0;width:100%;
height:1800px;display:block}</style></head><body><iframe id="view" sandbox="allow-scripts"></iframe><script>
window.openedLinks = []; window.rendered = false;
const frame = document.getElementById("view");
window.addEventListener("message", (event) => {
  if (event.source !== frame.contentWindow) return;
  const m = event.data, reply = (result) => frame.contentWindow.postMessage({jsonrpc: "2.0", id: m.id, result}, "*");
  if (m.method === "ui/initialize") reply({protocolVersion: m.params.protocolVersion,
    hostInfo: {name: "test-host", version: "1"}, hostCapabilities: {openLinks: {}},
    hostContext: {theme: window.THEME}});
  else if (m.method === "ui/notifications/initialized")
    frame.contentWindow.postMessage(
      {jsonrpc: "2.0", method: "ui/notifications/tool-result", params: window.RESULT}, "*");
  else if (m.method === "ui/open-link") { window.openedLinks.push(m.params.url); reply({}); }
  else if (m.method === "ui/notifications/size-changed") {
    frame.style.height = m.params.height + "px"; window.rendered = true; }
});
</script></body></html>"""


# ---------------------------------------------------------------- tool results to show


def _serving(body: dict[str, Any]) -> httpx2.MockTransport:
    raw = json.dumps(body, ensure_ascii=False).encode()
    return httpx2.MockTransport(
        lambda _: httpx2.Response(200, content=raw, headers={"content-type": "application/json"})
    )


def tool_result(
    tool: str, arguments: dict[str, Any], body: dict[str, Any] | None = None, language: Language = "en"
) -> dict[str, Any]:
    """A real result of the tool, as the host would pass it to the view."""

    async def run() -> dict[str, Any]:
        settings = Settings(token="view-test", base_url="http://127.0.0.1:9", cache_ttl=0, language=language)
        server = build_server(settings, demo=body is None, upstream=None if body is None else _serving(body))
        async with Client(server) as client:
            result = await client.call_tool(tool, arguments)
        assert not result.is_error, text_of(result)
        return result.model_dump(mode="json", by_alias=True, exclude_none=True)

    return in_thread(run)


def in_thread(run: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine function on its own thread: Playwright's sync API holds this thread's event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(anyio.run, run).result()


def with_data(data: dict[str, Any]) -> dict[str, Any]:
    doc = example_response()
    doc["data"] = data
    return doc


def case_results() -> dict[str, dict[str, Any]]:
    example = example_response()
    single = copy.deepcopy(example)
    single["data"]["latest_item_info"] = single["data"]["latest_item_info"][:1]
    single["data"]["latest_star_item_info"] = []
    long_titles = tool_result(TOOL_NAME, {"oAuthorId": AUTHOR}, example)
    for row in long_titles["structuredContent"]["personal"]["works"]:
        row[TITLE] = "很长的标题" * 60 + "#" + "x" * 200  # far longer than the server ever sends
    return {
        "demo": tool_result(TOOL_NAME, {"oAuthorId": "7100000000000000042"}),
        "example": tool_result(TOOL_NAME, {"oAuthorId": AUTHOR}, example),
        "empty": tool_result(TOOL_NAME, {"oAuthorId": AUTHOR}, with_data({"latest_item_info": []})),
        "single": tool_result(TOOL_NAME, {"oAuthorId": AUTHOR}, single),
        "five-thousand": tool_result(TOOL_NAME, {"oAuthorId": AUTHOR}, many_items(5000)),
        "long-titles": long_titles,
        "compare": tool_result(COMPARE_TOOL_NAME, {"oAuthorIds": [AUTHOR, "1000000000000000001", "x"]}, example),
    }


# ---------------------------------------------------------------- the browser


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, Any]]:
    return case_results()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    flags = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=flags)
        yield chromium
        chromium.close()


def show(
    browser: Any,
    result: dict[str, Any],
    *,
    width: int = 600,
    theme: str = "light",
    shot: str = "",
    language: Language = "en",
) -> Any:
    """Load the host page at `width`, hand the view `result`, and return (page, the view's frame)."""
    page = browser.new_page(viewport={"width": width, "height": 1900})  # the whole frame in view: all painted
    page.set_content(HOST)
    page.evaluate(
        "([view, result, theme]) => { window.RESULT = result; window.THEME = theme;"
        " document.getElementById('view').srcdoc = view; }",
        [view_html(language), result, theme],
    )
    page.wait_for_function("window.rendered === true", timeout=10_000)
    frame = page.frames[1]
    if shot and SHOTS:
        ARTIFACTS.mkdir(exist_ok=True)
        page.wait_for_timeout(150)  # let the frame paint at its new height
        height = frame.evaluate("Math.ceil(document.getElementById('app').getBoundingClientRect().bottom) + 12")
        clip = {"x": 0, "y": 0, "width": width, "height": min(height, 1800)}
        page.screenshot(path=str(ARTIFACTS / f"view-{shot}-{width}-{theme}.png"), clip=clip)
    return page, frame


def dated_works(result: dict[str, Any]) -> list[list[Any]]:
    sc = result["structuredContent"]
    rows = sc["personal"].get("works", []) + sc["commissioned"].get("works", [])
    return [r for r in rows if r[DATE] is not None and r[PLAYS] is not None]


# ---------------------------------------------------------------- the tests


@needs_browser
def test_the_view_draws_every_listed_work_with_links(browser: Any, results: dict[str, dict[str, Any]]) -> None:
    result = results["example"]
    page, frame = show(browser, result, shot="example")
    works = dated_works(result)
    listed = len(works)
    assert listed >= 2
    plays_bars = frame.locator("[data-chart='Plays per work'] rect.bar")
    assert plays_bars.count() == listed
    assert frame.locator("[data-chart='Plays per work'] rect.bar.deal").count() == 1  # the one commissioned work
    assert frame.locator("[data-chart='Plays per work'] rect.bar.hot").count() == 1  # the hot one is the most played
    assert frame.locator("[data-chart='Engagement per work'] rect.bar").count() == listed
    links = frame.locator("table[data-table='works'] a")
    assert links.count() == listed
    hrefs = {links.nth(i).get_attribute("href") for i in range(listed)}
    assert hrefs == {f"https://www.douyin.com/video/{w[ID]}" for w in works}
    header = frame.locator("[data-section='Personal']").inner_text()
    assert "15 works" in header and "5.90M" in header  # median plays 5,899,224
    assert "Xingtu's own" in frame.locator("[data-section='xingtu']").inner_text()
    links.first.click()
    assert page.evaluate("window.openedLinks") == [hrefs_first(links)]
    page.close()


def hrefs_first(links: Any) -> str:
    return links.first.get_attribute("href")


@needs_browser
@pytest.mark.parametrize(
    ("case", "theme"),
    [
        *(
            (case, "light")
            for case in ("demo", "example", "empty", "single", "five-thousand", "long-titles", "compare")
        ),
        # Dark mode changes colours, not layout: the two layouts (one creator, a comparison) and the longest.
        *((case, "dark") for case in ("demo", "long-titles", "compare")),
    ],
)
def test_every_case_renders_without_breaking_the_layout(
    browser: Any, results: dict[str, dict[str, Any]], case: str, theme: str
) -> None:
    page, frame = show(browser, results[case], width=WIDTHS[0], theme=theme, shot=case)
    for width in WIDTHS:  # the charts scale by viewBox and the rest is CSS: a resize is a fresh layout
        page.set_viewport_size({"width": width, "height": 1900})
        overflow = frame.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{case} overflows by {overflow}px at {width}px"
    background = frame.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == ("rgb(22, 24, 29)" if theme == "dark" else "rgb(255, 255, 255)")
    assert frame.locator("h1").count() == 1
    page.close()


@needs_browser
def test_edge_cases_say_what_they_show(browser: Any, results: dict[str, dict[str, Any]]) -> None:
    _, frame = show(browser, results["empty"])
    assert "No works in this showcase." in frame.inner_text("body")
    assert frame.locator("rect.bar").count() == 0

    _, frame = show(browser, results["single"])
    assert frame.locator("[data-chart='Plays per work'] rect.bar").count() == 1
    assert "1 work" in frame.locator("[data-section='Personal']").inner_text()

    huge = results["five-thousand"]
    _, frame = show(browser, huge)
    listed = len(dated_works(huge))
    sections = huge["structuredContent"]["personal"]["works"] + huge["structuredContent"]["commissioned"]["works"]
    assert listed == len(sections) <= JSON_WORKS + 1  # the carried works are drawn, not 5,000
    assert frame.locator("[data-chart='Plays per work'] rect.bar").count() == listed
    assert "5000 works" in frame.locator("[data-section='Personal']").inner_text()


@needs_browser
def test_comparison_shows_one_row_per_creator_and_the_failures(
    browser: Any, results: dict[str, dict[str, Any]]
) -> None:
    page, frame = show(browser, results["compare"], width=1000, shot="compare-rows")
    rows = frame.locator("table[data-table='creators'] tbody tr")
    assert rows.first.is_visible()
    assert rows.count() == 2
    assert {rows.nth(i).get_attribute("data-author") for i in range(2)} == {AUTHOR, "1000000000000000001"}
    assert frame.locator("p.failed").count() == 1 and "ASCII digits" in frame.locator("p.failed").inner_text()
    headers = frame.locator("table[data-table='creators'] th")
    columns = results["compare"]["structuredContent"]["columns"]
    assert [headers.nth(i).inner_text() for i in range(headers.count())] == [c.replace("_", " ") for c in columns]
    overflow = frame.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.close()


@needs_browser
@pytest.mark.parametrize("width", WIDTHS)
def test_a_comparison_in_a_chat_column_shows_every_column_of_every_creator(
    browser: Any, results: dict[str, dict[str, Any]], width: int
) -> None:
    """At 600 px a 20-column table showed 7 columns; one card per creator shows all of them, nothing clipped."""
    result = results["compare"]
    page, frame = show(browser, result, width=width, shot="compare-cards")
    sc = result["structuredContent"]
    assert not frame.locator("table[data-table='creators']").is_visible()
    cards = frame.locator("[data-cards='creators'] .creator")
    assert cards.count() == len(sc["rows"])
    for i, row in enumerate(sc["rows"]):
        card = cards.nth(i)
        assert card.get_attribute("data-author") == row[sc["columns"].index("author_id")]
        for column in sc["columns"]:
            value = card.locator(f"dd[data-column='{column}']")
            box = value.bounding_box()
            assert value.is_visible() and box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, column
        labels = [card.locator("dt").nth(j).inner_text() for j in range(len(sc["columns"]))]
        assert labels == [c.replace("_", " ") for c in sc["columns"]]
        plays = card.locator("dd[data-column='plays_median']").inner_text()
        assert plays == _compact(row[sc["columns"].index("plays_median")])
    page.close()


def _compact(n: float) -> str:
    """The view's short form of a count, computed here by hand: 5,899,224 → 5.90M."""
    return f"{n / 1e6:.2f}M" if 1e6 <= n < 1e7 else f"{n / 1e6:.1f}M" if n >= 1e7 else f"{n / 1e3:.1f}K"


@needs_browser
def test_a_comparison_speaks_the_servers_language(browser: Any) -> None:
    example = example_response()
    result = tool_result(COMPARE_TOOL_NAME, {"oAuthorIds": [AUTHOR, "1000000000000000001"]}, example, language="zh")
    page, frame = show(browser, result, language="zh")
    card = frame.locator("[data-cards='creators'] .creator").first.inner_text()
    for words in ("播放中位数", "本工具互动率", "星图完播率·个人", "数据日期"):
        assert words in card, words
    for english in ("plays median", "engagement", "as of"):
        assert english not in card, english
    page.close()


@needs_browser
def test_brand_signals_and_excluded_works_are_shown(browser: Any) -> None:
    capture = json.loads((Path(__file__).parent / "fixtures" / "showcase-items.capture-2024.json").read_text("utf-8"))
    capture["data"]["latest_item_info"][0]["play"] = 0
    result = tool_result(TOOL_NAME, {"oAuthorId": AUTHOR}, capture)
    _, frame = show(browser, result, shot="capture-2024")
    assert "#博朗剃须刀" in frame.locator("[data-section='signals']").inner_text()
    assert "excluded: 0 plays" in frame.locator("table[data-table='works']").inner_text()


@needs_browser
def test_the_view_speaks_the_servers_language(browser: Any) -> None:
    result = tool_result(TOOL_NAME, {"oAuthorId": AUTHOR}, example_response(), language="zh")
    _, frame = show(browser, result, shot="zh", language="zh")
    text = frame.inner_text("body")
    assert "个人视频：15 条" in frame.locator("[data-section='Personal']").inner_text()
    for words in ("每条作品的播放量", "本工具互动率", "星图官方数据", "数据日期", "短视频"):
        assert words in text, words
    for english in ("Personal", "Plays per work", "median plays", "as of", "SHORT_VIDEO", "days ago"):
        assert english not in text, english
    assert frame.evaluate("document.documentElement.lang") == "zh-CN"


@needs_browser
def test_demo_is_labelled_in_the_view(browser: Any, results: dict[str, dict[str, Any]]) -> None:
    _, frame = show(browser, results["demo"])
    assert "DEMO" in frame.locator("h1").inner_text()


@needs_browser
def test_the_icons_png_is_its_svg(browser: Any) -> None:
    """The bundle and the tools show the PNG, the server's info the SVG: one picture (scripts/icon_png.py)."""
    package = Path(__file__).parents[1] / "server" / "xingtu_showcase_mcp"
    sources = [
        f"data:image/{kind};base64," + base64.b64encode((package / f"icon.{name}").read_bytes()).decode()
        for kind, name in (("svg+xml", "svg"), ("png", "png"))
    ]
    page = browser.new_page()
    # The mean difference per channel (0-255) of the two pictures drawn 64 pixels square, and of the SVG
    # against nothing at all (the comparison can see a difference).
    difference, against_nothing = page.evaluate(
        """async (sources) => {
          const pixels = async (src) => {
            const canvas = new OffscreenCanvas(64, 64), context = canvas.getContext("2d");
            if (src) {
              const image = new Image();
              image.src = src;
              await image.decode();
              context.drawImage(image, 0, 0, 64, 64);
            }
            return context.getImageData(0, 0, 64, 64).data;
          };
          const [svg, png, blank] = [await pixels(sources[0]), await pixels(sources[1]), await pixels(null)];
          const mean = (a, b) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;
          return [mean(svg, png), mean(svg, blank)];
        }""",
        sources,
    )
    page.close()
    assert against_nothing > 100
    assert difference < 4


# ---------------------------------------------------------------- without a browser: the declaration


def test_clients_without_apps_get_exactly_the_same_answer() -> None:
    example = example_response()

    async def run() -> tuple[Any, Any, Any]:
        settings = Settings(token="view-test", base_url="http://127.0.0.1:9", cache_ttl=0)
        async with Client(build_server(settings, upstream=_serving(example))) as client:
            tools = {t.name: t for t in (await client.list_tools()).tools}
            result = await client.call_tool(TOOL_NAME, {"oAuthorId": AUTHOR})
            view = await client.read_resource(VIEW_URI)
        return tools, result, view

    tools, result, view = in_thread(run)
    for name in (TOOL_NAME, COMPARE_TOOL_NAME):
        assert tools[name].meta is not None and tools[name].meta["ui"]["resourceUri"] == VIEW_URI
    # The answer is the pure summariser's and renderer's output, computed here independently of the server.
    summary = summarise(
        example["data"],
        ShowcaseQuery(AUTHOR),
        fetched_at=_fetched_at(result.structured_content["fetched_at"]),
    )
    assert result.structured_content == compact_json(summary)
    assert text_of(result) == render_text(summary)
    assert [c.type for c in result.content] == ["text", "resource_link"]  # no UI payload in the answer itself
    content = view.contents[0]
    assert isinstance(content, TextResourceContents) and content.mime_type == "text/html;profile=mcp-app"
    assert (
        "default-src 'none'" in content.text and "https://" not in content.text.split("<script>")[0].split("<style>")[0]
    )


def _fetched_at(text: str) -> Any:
    from datetime import UTC, datetime

    return datetime.strptime(text, "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)


def test_readmes_picture_comes_from_the_script_that_regenerates_it() -> None:
    """The picture is the demo case's screenshot at the first width: the script names a test that exists."""
    script = runpy.run_path(str(Path(__file__).parents[1] / "scripts" / "view_picture.py"))
    path, name = script["TEST"].split("::")
    function, case = name.rstrip("]").split("[")
    assert path == "tests/test_view.py" and function in globals()
    assert case == "demo-light" and script["SHOT"].name == f"view-demo-{WIDTHS[0]}-light.png"
    picture = script["PICTURE"].read_bytes()
    assert picture[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">I", picture[16:20])[0] == WIDTHS[0]
    assert "](docs/view-demo.png)" in (Path(__file__).parents[1] / "README.md").read_text("utf-8")


def test_the_view_loads_nothing_from_the_network() -> None:
    html = view_html()
    for forbidden in ("<script src", "<link", "@import", "url(http", "fetch(", "XMLHttpRequest", "WebSocket"):
        assert forbidden not in html


def test_the_view_reads_the_servers_definitions_not_copies() -> None:
    html = view_html()
    config = json.loads(html.split('id="config">', 1)[1].split("</script>", 1)[0])
    assert config["version"] == __version__
    assert config["videoUrl"] == "https://www.douyin.com/video/{id}"
    assert "(" + "+".join(config["engagementTerms"]) + ")/plays" == ENGAGEMENT
    template = (Path(__file__).parents[1] / "server" / "xingtu_showcase_mcp" / "view.html").read_text("utf-8")
    assert __version__ not in template and "douyin.com" not in template and "likes +" not in template  # no copies
