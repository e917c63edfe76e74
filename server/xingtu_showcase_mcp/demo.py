"""Built-in synthetic data for a fictional creator, served without a token or network.

`--demo` lets a new user see the tool work before buying a token. The data is
invented (no real creator, no real numbers) but shaped exactly like Just One
API's real answer, with every key the real one has, and it is served through an
httpx2 transport: the tool, the HTTP client, the envelope parsing and the
summariser run exactly as they do against the real API.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any, Final

import httpx2

from .contract import ENDPOINT_PATH, MARKETING_PATH, SEARCH_PATH

DEMO_AUTHOR_ID: Final = "7100000000000000042"
DEMO_SECOND_AUTHOR_ID: Final = "7100000000000000043"
"""A second fictional creator for `compare --demo`: the first one's works at 55% of the plays."""
SECOND_SCALE: Final = 0.55
DEMO_TOKEN: Final = "demo-token-not-a-secret"  # noqa: S105 - never sent anywhere
_CORE_USER_ID: Final = "90000000042"

# (item id suffix, epoch seconds, title, plays, likes, comments, shares, duration s, hot)
_PERSONAL: Final = (
    (
        1,
        1772352000,
        "春天第一锅腌笃鲜，笋要挑这种 #上海菜 #小鹿的厨房 #春笋",
        812_430,
        24_116,
        1_302,
        2_870,
        58,
        False,
    ),
    (
        2,
        1771747200,
        "十块钱做一桌年夜饭？真的可以 #年夜饭 #小鹿的厨房",
        2_934_018,
        121_604,
        8_811,
        15_302,
        142,
        True,
    ),
    (
        3,
        1771142400,
        "外婆的红烧肉，糖色这样炒不发苦 #红烧肉 #家常菜",
        1_203_557,
        40_218,
        2_144,
        5_910,
        96,
        False,
    ),
    (4, 1770105600, "零失败葱油拌面 五分钟搞定 #快手菜 #小鹿的厨房", 655_902, 18_310, 903, 1_544, 41, False),
    (5, 1769500800, "去菜市场挑鱼的三个小窍门\n#买菜攻略 #小鹿的厨房", 431_776, 9_805, 611, 2_207, 73, False),
    (6, 1768291200, "冬天就要一碗羊肉汤 #羊肉汤 #暖冬", 978_114, 30_992, 1_876, 3_120, 88, False),
    (
        7,
        1767686400,
        "第一次做广式腊肠，晾了七天 #腊肠 #小鹿的厨房 #年味",
        1_544_003,
        63_720,
        4_402,
        9_861,
        121,
        False,
    ),
    (8, 1766476800, "圣诞姜饼屋翻车现场 #圣诞 #烘焙", 389_210, 12_044, 2_315, 610, 35, False),
    (9, 1765872000, "一人食：番茄牛腩饭 #一人食 #小鹿的厨房", 702_655, 19_870, 1_021, 1_733, 67, False),
    (10, 1764662400, "老面馒头怎么才能又白又暄 #面食 #老面馒头", 1_120_480, 35_608, 3_054, 6_612, 104, False),
    (
        11,
        1763452800,
        "挑战 不用烤箱做蛋糕 #电饭煲蛋糕 #小鹿的厨房",
        2_210_947,
        88_034,
        5_730,
        12_481,
        83,
        True,
    ),
    (12, 1762243200, "秋天的第一碗桂花酒酿圆子 #桂花 #甜品", 560_318, 16_442, 788, 1_090, 49, False),
)
_COMMISSIONED: Final = (
    (
        101,
        1769068800,
        "用了三个月的炒锅，说说真实感受 #好物分享 #厨房好物",
        1_088_236,
        27_510,
        3_914,
        2_308,
        95,
        False,
    ),
    (102, 1758153600, "新手也能做的空气炸锅烤鸡翅 #空气炸锅 #合作", 642_105, 13_288, 1_205, 990, 62, False),
    (103, 1744848000, "这瓶酱油我家用了五年 #调味品 #厨房好物", 905_340, 21_063, 2_118, 1_472, 77, False),
)


def _item(entry: tuple[int, int, str, int, int, int, int, int, bool]) -> dict[str, Any]:
    suffix, created, title, plays, likes, comments, shares, duration, hot = entry
    item_id = f"7{suffix:018d}"
    cover = f"tos-cn-i-demo/{item_id[-12:]}"
    day = datetime.fromtimestamp(created, timezone(timedelta(hours=8))).date().isoformat()
    return {
        "comment": comments,
        "core_user_id": _CORE_USER_ID,
        "create_time": created,
        "create_timestamp": created,
        "duration": duration,
        "duration_min": duration // 60,
        "head_image_uri": cover,
        "is_hot": hot,
        "is_playlet": 0,
        "item_animated_cover": cover,
        "item_cover": cover,
        "item_date": day,
        "item_id": item_id,
        "item_title": title,
        "like": likes,
        "media_type": "4",
        "original_status": 102,
        "play": plays,
        "share": shares,
        "status": 1,
        "title": title,
        "url": f"https://www.iesdouyin.com/share/video/{item_id}/?region=CN&from_demo=1",
        "video_id": f"v0200demo{item_id[-10:]}",
    }


def demo_response() -> dict[str, Any]:
    """The full envelope Just One API would send for the fictional creator."""
    return {
        "code": 0,
        "message": "success",
        "recordTime": "2026-03-02T10:00:00+08:00",
        "requestId": "demo-request",
        "data": {
            "base_resp": {"status_code": 0, "status_message": "Success"},
            "data_description": {
                "interaction": {"compare_author": 0.72, "compare_avg": 0.006, "rate": 0.0391},
                "interaction_enrollment": {"compare_author": 0.41, "compare_avg": -0.004, "rate": 0.0312},
                "play_medium": {"compare_author": 0.66, "compare_avg": 120.5, "rate": 905012},
                "play_medium_enrollment": {"compare_author": 0.58, "compare_avg": 40.2, "rate": 905340},
                "video_view_rate": {"compare_author": 0.63, "compare_avg": 0.021, "rate": 0.187},
                "video_view_rate_enrollment": {"compare_author": 0.55, "compare_avg": 0.012, "rate": 0.164},
            },
            "latest_item_info": [_item(e) for e in _PERSONAL],
            "latest_item_statics_antispam": {},
            "latest_star_item_info": [_item(e) for e in _COMMISSIONED],
        },
    }


# (video_type, Xingtu's words, price in yuan, enable, online_status): invented prices, Xingtu's shape.
_QUOTES: Final = (
    (1, "1-20s视频", 38_000, True, 1),
    (2, "21-60s视频", 52_000, True, 1),
    (71, "60s以上视频", 66_000, True, 1),
    (103, "单视频推送广告平台", 100, False, 2),
)


def demo_quotes() -> dict[str, Any]:
    """The quotes envelope for the fictional creator, shaped like Just One API's published example."""
    data = {
        "activity_info": [],
        "base_resp": {"status_code": 0, "status_message": "Success"},
        "hot_list_ranks": [],
        "industry_tags": ["生活-家居", "美食-家常菜"],
        "price_info": [_offer(*quote) for quote in _QUOTES],
    }
    return {"code": 0, "message": "success", "recordTime": None, "requestId": "demo-request", "data": data}


def _offer(video_type: int, desc: str, price: int, enable: bool, status: int) -> dict[str, Any]:
    return {
        "author_id": DEMO_AUTHOR_ID,
        "desc": desc,
        "enable": enable,
        "online_status": status,
        "price": price,
        "origin_price": price,
        "has_discount": False,
        "video_type": video_type,
        "start_time": "1704038400",
        "end_time": "2145916800",
        "settlement_desc": "固定价格",
    }


DEMO_NICKNAMES: Final = {DEMO_AUTHOR_ID: "演示厨房小林", DEMO_SECOND_AUTHOR_ID: "演示厨房阿青"}
"""The fictional creators' names: the demo search finds them by any part of these, or by "demo"."""


def demo_search(keyword: str) -> dict[str, Any]:
    """The creator search envelope for `keyword`: the fictional creators whose name holds it (both for an empty
    keyword or "demo"), shaped like the real capture, every value a string as Xingtu sends it."""
    wanted = keyword.strip()
    found = [
        (author, name)
        for author, name in DEMO_NICKNAMES.items()
        if not wanted or wanted.lower() == "demo" or wanted in name
    ]
    authors = [_searched(author, name, 1 if author == DEMO_AUTHOR_ID else SECOND_SCALE) for author, name in found]
    pagination = {"has_more": False, "limit": 20, "page": 1, "total_count": len(authors)}
    data = {"authors": authors, "base_resp": {"status_code": 0, "status_message": ""}, "pagination": pagination}
    return {"code": 0, "message": "success", "recordTime": None, "requestId": "demo-request", "data": data}


def _searched(author: str, name: str, scale: float) -> dict[str, Any]:
    price = {1: 38_000, 2: 52_000, 71: 66_000}
    plays = int(420_000 * scale)
    attributes = {
        "id": author,
        "nick_name": name,
        "follower": str(int(1_250_000 * scale)),
        "city": "杭州",
        "province": "浙江省",
        "gender": "2",
        "price_1_20": str(price[1]),
        "price_20_60": str(price[2]),
        "price_60": str(price[71]),
        "expected_play_num": str(plays),
        "prospective_1_20_cpm": f"{price[1] / plays * 1000:.4f}",
        "interact_rate_within_30d": "0.0412",
        "play_over_rate_within_30d": "0.1836",
        "fans_increment_within_30d": str(int(18_400 * scale)),
        "tags_relation": json.dumps({"美食": ["美食教程"]}, ensure_ascii=False),
    }
    return {"attribute_datas": attributes, "items": [], "star_id": author, "task_infos": []}


def _scaled(doc: dict[str, Any], factor: float) -> dict[str, Any]:
    """The same creator with every work's counts scaled: a second, weaker fictional creator."""
    for key in ("latest_item_info", "latest_star_item_info"):
        for item in doc["data"][key]:
            for count in ("play", "like", "comment", "share"):
                item[count] = int(item[count] * factor)
    return doc


def demo_upstream() -> httpx2.MockTransport:
    """An httpx2 transport that answers the showcase, quotes and search endpoints with the demo data, in
    process."""
    first = json.dumps(demo_response(), ensure_ascii=False).encode("utf-8")
    second = json.dumps(_scaled(demo_response(), SECOND_SCALE), ensure_ascii=False).encode("utf-8")
    quotes = json.dumps(demo_quotes(), ensure_ascii=False).encode("utf-8")

    def handle(request: httpx2.Request) -> httpx2.Response:
        if request.url.path == MARKETING_PATH:
            return httpx2.Response(200, content=quotes, headers={"content-type": "application/json"})
        if request.url.path == SEARCH_PATH:
            found = demo_search(request.url.params.get("keyword", ""))
            return httpx2.Response(200, content=json.dumps(found, ensure_ascii=False).encode("utf-8"))
        if request.url.path != ENDPOINT_PATH:
            return httpx2.Response(404, json={"code": 404, "message": "not found", "data": None})
        body = second if request.url.params.get("oAuthorId") == DEMO_SECOND_AUTHOR_ID else first
        return httpx2.Response(200, content=body, headers={"content-type": "application/json"})

    return httpx2.MockTransport(handle)
