"""The error catalogue: every way a call can fail, in plain language (English and Chinese), as data.

One table drives everything a user sees about failures: the tool's error text,
the `xingtu-showcase://errors` resource, README's error table, and the retry
policy (an entry's `retried` is what the upstream client obeys). Codes come
from Just One API's reference; where it documents no meaning, the entry says
so instead of guessing.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, replace
from typing import Final, Literal

from . import messages
from .config import BASE_URL_VAR, DEMO_VAR, MAX_RESPONSE_VAR, RETRIES_VAR, TIMEOUT_VAR, TOKEN_VAR
from .language import DEFAULT_LANGUAGE, Language, Text
from .names import SEARCH_TOOL_NAME

Audience = Literal["client", "bundle", "cli"]
"""Who reads an explanation: an MCP client's user (a configuration file), a user of the installed bundle
(its settings dialog), or someone running the command line."""


@dataclass(frozen=True, slots=True)
class ErrorEntry:
    """One failure: what it is called, what it means for the user, and what to do."""

    key: str
    """The business code as text ("303"), or a name for failures without one ("timeout")."""
    name: Text
    meaning: Text
    advice: Text
    _: KW_ONLY  # the flags by name: a bare True in the catalogue says nothing to its reader
    retried: bool
    """Whether the client tries again by itself, within JUSTONEAPI_TIMEOUT and JUSTONEAPI_MAX_RETRIES."""
    rate_limit: bool = False
    """A "slow down" answer: it pauses every call of this server, not only the one that got it."""
    account_wide: bool = False
    """The token or the account is refused (invalid, out of quota or balance, no permission): every call fails
    the same way for a while, so one such answer stops the others, on every instance, without a request."""
    maybe_billed: bool = False
    """The request reached Just One API and may have been charged without an answer (a read timeout, a lost
    connection, a gateway error): never retried by itself, and the answer says so."""
    cli_advice: Text | None = None
    """The advice for someone at a terminal (`call`, `compare`), where the usual one speaks of an MCP client."""
    bundle_advice: Text | None = None
    """The advice for a bundle user, who has a settings dialog, not a configuration file or a shell."""

    def advice_for(self, audience: Audience) -> Text:
        special = {"cli": self.cli_advice, "bundle": self.bundle_advice}.get(audience)
        return special if special is not None else self.advice

    @property
    def code(self) -> int | None:
        return int(self.key) if self.key.isdigit() else None


UNKNOWN_CODE_KEY: Final = "unknown_code"

CATALOGUE: Final[tuple[ErrorEntry, ...]] = (
    # Business codes documented by Just One API.
    ErrorEntry(
        "100",
        Text(
            "Invalid or inactive token",
            "令牌无效或未激活",
        ),
        Text(
            "Just One API did not accept the token: it is mistyped, expired or deactivated.",
            "Just One API 不接受这个令牌：可能输错、已过期或已停用。",
        ),
        Text(
            f"Copy the token again from the Just One API dashboard into {TOKEN_VAR} in your MCP client's "
            "configuration, then restart the client.",
            f"从 Just One API 控制台重新复制令牌，填入 MCP 客户端配置中的 {TOKEN_VAR}，然后重启客户端。",
        ),
        retried=False,
        account_wide=True,
        cli_advice=Text(
            f"Copy the token again from the Just One API dashboard and set it: export {TOKEN_VAR}=... "
            f'(PowerShell: $env:{TOKEN_VAR}="...").',
            f'从 Just One API 控制台重新复制令牌并设置：export {TOKEN_VAR}=...（PowerShell：$env:{TOKEN_VAR}="..."）。',
        ),
        bundle_advice=Text(
            "Copy the token again from the Just One API dashboard into this extension's settings (Settings → "
            "Extensions → Xingtu showcase → Configure).",
            "从 Just One API 控制台重新复制令牌，填入本扩展的设置（设置 → 扩展 → Xingtu showcase → 配置）。",
        ),
    ),
    ErrorEntry(
        "301",
        Text(
            "Collection failed",
            "采集失败",
        ),
        Text(
            "Just One API could not collect this creator's data from Xingtu this time.",
            "Just One API 这次没能从星图采集到该达人的数据。",
        ),
        Text(
            "Ask again in a minute. If it keeps failing for this creator, check that the author id is right.",
            "一分钟后再问。如果这位达人一直失败，请检查达人 id 是否正确。",
        ),
        retried=True,
    ),
    ErrorEntry(
        "302",
        Text(
            "Rate limit exceeded",
            "超出频率限制",
        ),
        Text(
            "Too many requests in a short time for your Just One API plan.",
            "短时间内的请求超过了你的 Just One API 套餐允许的次数。",
        ),
        Text(
            "Wait a few seconds and ask again, with fewer calls at once.",
            "等几秒再问，并减少同时发起的调用。",
        ),
        retried=True,
        rate_limit=True,
    ),
    ErrorEntry(
        "303",
        Text(
            "Daily quota exceeded",
            "超出每日额度",
        ),
        Text(
            "Your account has used its daily request quota.",
            "你的账户已用完今天的请求额度。",
        ),
        Text(
            "Wait for the quota to reset or raise it in the Just One API "
            "dashboard; asking again now fails the same way.",
            "等额度重置，或在 Just One API 控制台提高额度；现在再问也会同样失败。",
        ),
        retried=False,
        account_wide=True,
    ),
    ErrorEntry(
        "400",
        Text(
            "Invalid parameters",
            "参数无效",
        ),
        Text(
            "Just One API rejected the request's parameters.",
            "Just One API 拒绝了请求的参数。",
        ),
        Text(
            "Check that oAuthorId is the creator's Xingtu author id (the digits at the end of their xingtu.cn page) "
            "and that platform and flowType are allowed values.",
            "请确认 oAuthorId 是达人的星图 id（星图主页链接末尾的数字），且 platform 和 flowType 是允许的值。",
        ),
        retried=False,
    ),
    ErrorEntry(
        "500",
        Text(
            "Just One API internal error",
            "Just One API 内部错误",
        ),
        Text(
            "Just One API failed while handling the request.",
            "Just One API 处理请求时出错。",
        ),
        Text(
            "Ask again in a few minutes; if it persists, contact Just One API support with the time of the call.",
            "几分钟后再问；如果持续出现，请带上调用时间联系 Just One API 客服。",
        ),
        retried=False,
    ),
    ErrorEntry(
        "600",
        Text(
            "Permission denied",
            "没有权限",
        ),
        Text(
            "Your Just One API account is not allowed to use this endpoint.",
            "你的 Just One API 账户无权使用这个接口。",
        ),
        Text(
            "Check your plan's permissions for the Douyin Xingtu endpoints in the Just One API dashboard.",
            "在 Just One API 控制台检查你的套餐是否包含抖音星图接口。",
        ),
        retried=False,
        account_wide=True,
    ),
    ErrorEntry(
        "601",
        Text(
            "Insufficient balance",
            "余额不足",
        ),
        Text(
            "Your Just One API account balance is too low for this call.",
            "你的 Just One API 账户余额不足以完成这次调用。",
        ),
        Text(
            "Top up the balance in the Just One API dashboard, then ask again.",
            "在 Just One API 控制台充值后再问。",
        ),
        retried=False,
        account_wide=True,
    ),
    # In the schema's enum; meanings from other Just One API sources.
    ErrorEntry(
        "202",
        Text(
            "Endpoint not available to this account",
            "账户无法使用该接口",
        ),
        Text(
            "Just One API says this product or endpoint is not supported for your account.",
            "Just One API 表示你的账户不支持这个产品或接口。",
        ),
        Text(
            "Enable the Douyin Xingtu endpoints for your account in the Just One API dashboard, or ask their support.",
            "在 Just One API 控制台为账户开通抖音星图接口，或咨询其客服。",
        ),
        retried=False,
        account_wide=True,
    ),
    ErrorEntry(
        "300",
        Text(
            "Endpoint no longer valid",
            "接口已失效",
        ),
        Text(
            "Just One API says this API is no longer valid.",
            "Just One API 表示这个接口已经失效。",
        ),
        Text(
            "Update xingtu-showcase-mcp; if the newest version gets this too, the endpoint has been retired.",
            "更新 xingtu-showcase-mcp；如果最新版本也遇到这个错误，说明接口已下线。",
        ),
        retried=False,
    ),
    ErrorEntry(
        "602",
        Text(
            "Token spending limit reached",
            "令牌已达消费上限",
        ),
        Text(
            "This token has reached the spending limit set on it.",
            "这个令牌已达到为它设置的消费上限。",
        ),
        Text(
            "Raise or reset the token's spending limit in the Just One API dashboard, or use another token.",
            "在 Just One API 控制台提高或重置该令牌的消费上限，或换用其他令牌。",
        ),
        retried=False,
        account_wide=True,
    ),
    # In the schema's enum with no documented meaning: say so.
    ErrorEntry(
        "101",
        Text(
            "Undocumented code 101",
            "未公开的代码 101",
        ),
        Text(
            "Just One API answered with code 101, which it does not document.",
            "Just One API 返回了代码 101，其文档没有说明它的含义。",
        ),
        Text(
            "Check the token and the account in the Just One API dashboard; if it persists, ask Just One API support "
            "what code 101 means for your account.",
            "在 Just One API 控制台检查令牌和账户；如果持续出现，"
            "请向 Just One API 客服询问代码 101 对你的账户意味着什么。",
        ),
        retried=False,
    ),
    ErrorEntry(
        "404",
        Text(
            "Undocumented code 404",
            "未公开的代码 404",
        ),
        Text(
            "Just One API answered with code 404, which it does not document for this endpoint.",
            "Just One API 返回了代码 404，其文档没有为这个接口说明它的含义。",
        ),
        Text(
            "Check the author id; if it is right, ask again later or ask Just One API support.",
            "检查达人 id；如果 id 正确，请稍后再问或咨询 Just One API 客服。",
        ),
        retried=False,
    ),
    ErrorEntry(
        "503",
        Text(
            "Undocumented code 503",
            "未公开的代码 503",
        ),
        Text(
            "Just One API answered with code 503, which it does not document for this endpoint.",
            "Just One API 返回了代码 503，其文档没有为这个接口说明它的含义。",
        ),
        Text(
            "Ask again in a few minutes; if it persists, ask Just One API support.",
            "几分钟后再问；如果持续出现，请咨询 Just One API 客服。",
        ),
        retried=False,
    ),
    ErrorEntry(
        UNKNOWN_CODE_KEY,
        Text(
            "Unknown error code",
            "未知错误代码",
        ),
        Text(
            "Just One API answered with a code this server does not know.",
            "Just One API 返回了本服务器不认识的代码。",
        ),
        Text(
            "Ask again later; if it persists, report the code to Just One API support and to this project.",
            "稍后再问；如果持续出现，请把代码报告给 Just One API 客服和本项目。",
        ),
        retried=False,
    ),
    # Failures with no business code: configuration, network, broken answers.
    ErrorEntry(
        "no_token",
        Text(
            "No API token configured",
            "未配置 API 令牌",
        ),
        Text(
            f"{TOKEN_VAR} is not set, so the server cannot call Just One API.",
            f"{TOKEN_VAR} 未设置，服务器无法调用 Just One API。",
        ),
        Text(
            f'Add "{TOKEN_VAR}": "<your token>" to the "env" block of this server in your MCP client\'s '
            f'configuration and restart the client. Without a token, "{DEMO_VAR}": "true" in the same block '
            "serves synthetic demo data.",
            f'在 MCP 客户端配置中本服务器的 "env" 里加上 "{TOKEN_VAR}": "<你的令牌>"，'
            f'然后重启客户端。没有令牌时，在同一处加上 "{DEMO_VAR}": "true" 即可使用合成的演示数据。',
        ),
        retried=False,
        cli_advice=Text(
            f'Set it first: export {TOKEN_VAR}=... (PowerShell: $env:{TOKEN_VAR}="..."). Without a token, '
            "`xingtu-showcase-mcp call --demo` shows the tool on synthetic data.",
            f'请先设置：export {TOKEN_VAR}=...（PowerShell：$env:{TOKEN_VAR}="..."）。'
            "没有令牌时，`xingtu-showcase-mcp call --demo` 用合成数据演示这个工具。",
        ),
        bundle_advice=Text(
            "Paste your Just One API token into this extension's settings (Settings → Extensions → Xingtu "
            "showcase → Configure), or turn on its demo data to try it first.",
            "把 Just One API 令牌填入本扩展的设置（设置 → 扩展 → Xingtu showcase → 配置），"
            "或者先打开其中的演示数据试用。",
        ),
    ),
    ErrorEntry(
        "timeout",
        Text(
            "Just One API too slow",
            "Just One API 响应太慢",
        ),
        Text(
            f"No complete answer arrived within the time budget ({TIMEOUT_VAR}), retries included.",
            f"在时间预算（{TIMEOUT_VAR}）内没有收到完整的响应，重试也计算在内。",
        ),
        Text(
            f"Ask again in a minute; Xingtu collection is sometimes slow. If it keeps happening and your client "
            f"waits longer than 60 s, raise {TIMEOUT_VAR}.",
            f"一分钟后再问；星图采集有时较慢。如果经常发生，且你的客户端愿意等待超过 60 秒，请调大 {TIMEOUT_VAR}。",
        ),
        retried=False,
        maybe_billed=True,
    ),
    ErrorEntry(
        "unreachable",
        Text(
            "Cannot reach Just One API",
            "无法连接 Just One API",
        ),
        Text(
            "The connection to the API server could not be made (network down, DNS, TLS or a refused "
            "connection), so nothing was sent.",
            "无法建立到 API 服务器的连接（网络断开、DNS、TLS 或连接被拒绝），所以什么也没有发出。",
        ),
        Text(
            f"Check the internet connection and {BASE_URL_VAR}; "
            f"from mainland China, {BASE_URL_VAR}=cn may work better.",
            f"检查网络连接和 {BASE_URL_VAR}；在中国大陆，{BASE_URL_VAR}=cn 可能更稳定。",
        ),
        retried=True,
    ),
    ErrorEntry(
        "http_429",
        Text(
            "Too many requests (HTTP 429)",
            "请求过多（HTTP 429）",
        ),
        Text(
            "The API's gateway refused the request as too frequent, without a Just One API answer.",
            "API 网关认为请求过于频繁而拒绝，没有 Just One API 的响应。",
        ),
        Text(
            "Wait a few seconds and ask again, with fewer calls at once.",
            "等几秒再问，并减少同时发起的调用。",
        ),
        retried=True,
        rate_limit=True,
    ),
    ErrorEntry(
        "gateway_error",
        Text(
            "Gateway error (HTTP 502, 503 or 504)",
            "网关错误（HTTP 502、503 或 504）",
        ),
        Text(
            "A gateway in front of Just One API failed, without a Just One API answer.",
            "Just One API 前面的网关出错，没有 Just One API 的响应。",
        ),
        Text(
            "Ask again in a minute; this is usually brief.",
            "一分钟后再问；这通常很快恢复。",
        ),
        retried=False,
        maybe_billed=True,
    ),
    ErrorEntry(
        "connection_lost",
        Text(
            "Connection lost during the answer",
            "回答途中连接中断",
        ),
        Text(
            "The connection to Just One API broke after the request was sent (reset, or the answer cut short).",
            "请求发出后，与 Just One API 的连接中断（被重置，或回答被截断）。",
        ),
        Text(
            "Ask again in a minute; if it keeps happening, check the network between this machine and the API.",
            "一分钟后再问；如果经常发生，请检查本机到 API 之间的网络。",
        ),
        retried=False,
        maybe_billed=True,
    ),
    ErrorEntry(
        "http_error",
        Text(
            "HTTP error without an API answer",
            "HTTP 错误，没有 API 响应",
        ),
        Text(
            "The server answered with an HTTP error status and no Just One API envelope.",
            "服务器返回了 HTTP 错误状态，没有 Just One API 的信封结构。",
        ),
        Text(
            f"Check {BASE_URL_VAR} (it must point at Just One API); if it does, ask again later.",
            f"检查 {BASE_URL_VAR}（必须指向 Just One API）；如果没问题，请稍后再问。",
        ),
        retried=False,
    ),
    ErrorEntry(
        "redirect",
        Text("Redirected (HTTP 3xx)", "被重定向（HTTP 3xx）"),
        Text(
            "The server answered with a redirect instead of data. This server never follows one: the token would "
            "travel to another address.",
            "服务器返回了重定向而不是数据。本服务器从不跟随重定向：那样令牌会被发往另一个地址。",
        ),
        Text(
            f"Set {BASE_URL_VAR} to the API's exact address (the default, or cn); a proxy or an old address may "
            "redirect.",
            f"把 {BASE_URL_VAR} 设为 API 的准确地址（默认值或 cn）；代理或旧地址可能会重定向。",
        ),
        retried=False,
    ),
    ErrorEntry(
        "too_large",
        Text("Answer too large", "响应过大"),
        Text(
            f"The answer grew past {MAX_RESPONSE_VAR} and was not read further: no showcase is that large.",
            f"响应超过了 {MAX_RESPONSE_VAR}，没有继续读取：没有哪个作品展示会这么大。",
        ),
        Text(
            f"Check {BASE_URL_VAR} (it must point at Just One API); if it does and the creator really has that "
            f"many works, raise {MAX_RESPONSE_VAR}.",
            f"检查 {BASE_URL_VAR}（必须指向 Just One API）；"
            f"如果没问题且这位达人确实有这么多作品，请调大 {MAX_RESPONSE_VAR}。",
        ),
        retried=False,
    ),
    ErrorEntry(
        "html_body",
        Text(
            "Web page instead of data",
            "收到网页而不是数据",
        ),
        Text(
            "The server sent an HTML page instead of JSON: a proxy, captive portal or wrong base URL.",
            "服务器返回的是 HTML 网页而不是 JSON：可能是代理、网络登录页或错误的基础地址。",
        ),
        Text(
            f"Check the network (proxy, hotel or office login page) and {BASE_URL_VAR}.",
            f"检查网络（代理、酒店或办公室的登录页）和 {BASE_URL_VAR}。",
        ),
        retried=False,
    ),
    ErrorEntry(
        "empty_body",
        Text(
            "Empty answer",
            "空响应",
        ),
        Text(
            "The server answered with an empty body.",
            "服务器返回的响应体为空。",
        ),
        Text(
            "Ask again in a minute; if it persists, check the network and the base URL.",
            "一分钟后再问；如果持续出现，请检查网络和基础地址。",
        ),
        retried=False,
    ),
    ErrorEntry(
        "bad_json",
        Text(
            "Broken or truncated JSON",
            "JSON 损坏或被截断",
        ),
        Text(
            "The answer was not valid JSON; it was probably cut off in transit.",
            "响应不是有效的 JSON，可能在传输中被截断。",
        ),
        Text(
            "Ask again; if it persists, check for a proxy that rewrites or truncates responses.",
            "再问一次；如果持续出现，请检查是否有代理改写或截断了响应。",
        ),
        retried=False,
    ),
    ErrorEntry(
        "bad_envelope",
        Text(
            "Unrecognised answer",
            "无法识别的响应",
        ),
        Text(
            "The answer was JSON, but not Just One API's envelope (no usable integer `code`).",
            "响应是 JSON，但不是 Just One API 的信封结构（没有可用的整数 `code`）。",
        ),
        Text(
            f"Check that {BASE_URL_VAR} points at Just One API; if it does, report this to the project.",
            f"确认 {BASE_URL_VAR} 指向 Just One API；如果没问题，请把情况报告给本项目。",
        ),
        retried=False,
    ),
    ErrorEntry(
        "unsummarisable",
        Text("Answer could not be summarised", "响应无法汇总"),
        Text(
            "The answer arrived, but a value in it stopped this server from condensing it. Nothing was cached.",
            "响应已收到，但其中的某个值让本服务器无法汇总它。没有缓存任何内容。",
        ),
        Text(
            "Ask again later; if it happens again for this creator, report the creator id to this project.",
            "稍后再问；如果这位达人再次出现这个错误，请把达人 id 报告给本项目。",
        ),
        retried=False,
    ),
    ErrorEntry(
        "local_failure",
        Text("This machine could not condense the answer", "本机无法汇总这个回答"),
        Text(
            "The answer arrived (and was probably charged), but this server could not run the helper process "
            "that condenses large answers: this machine is short of memory or of processes. The creator's "
            "data is not at fault.",
            "回答已收到（很可能已计费），但本服务器无法运行汇总大回答的辅助进程：本机内存或进程数不足。"
            "问题不在达人的数据。",
        ),
        Text(
            "Close other programs (or raise the machine's process limit), then ask again.",
            "关闭其他程序（或提高本机的进程数上限），然后再问一次。",
        ),
        retried=False,
    ),
    ErrorEntry(
        "data_missing",
        Text(
            "Success without data",
            "成功但没有数据",
        ),
        Text(
            "Just One API reported success but sent no showcase data.",
            "Just One API 报告成功，但没有返回作品展示数据。",
        ),
        Text(
            "Ask again later; the creator may have no Xingtu showcase for this platform.",
            "稍后再问；这位达人在该平台可能没有星图作品展示。",
        ),
        retried=False,
    ),
    ErrorEntry(
        "xingtu_failure",
        Text(
            "Xingtu refused the request",
            "星图拒绝了请求",
        ),
        Text(
            "Just One API answered, but Xingtu's own status (data.base_resp) reports a failure.",
            "Just One API 有响应，但星图自己的状态（data.base_resp）报告失败。",
        ),
        Text(
            "Check the author id and the platform; the creator may have no Xingtu page for it. "
            "Ask again later if the message sounds temporary.",
            "检查达人 id 和平台；这位达人在该平台可能没有星图主页。如果消息看起来是暂时的，请稍后再问。",
        ),
        retried=False,
    ),
)

_BY_KEY: Final[dict[str, ErrorEntry]] = {entry.key: entry for entry in CATALOGUE}
ACCOUNT_WIDE: Final = frozenset(e.key for e in CATALOGUE if e.account_wide)
"""The keys of refusals that hold for every call of a token (a key read from Redis must be one of these)."""


def entry(key: str) -> ErrorEntry:
    """The entry for a failure key; a programming error if it does not exist."""
    return _BY_KEY[key]


def entry_for_code(code: int) -> ErrorEntry:
    """The entry for a non-zero business code, falling back to the unknown-code entry."""
    return _BY_KEY.get(str(code), _BY_KEY[UNKNOWN_CODE_KEY])


class ShowcaseError(Exception):
    """A call that ended without a usable showcase, explained by a catalogue entry.

    `detail` carries facts about this occurrence (HTTP status, the code, the
    upstream message), already in the reader's language and free of the token;
    `attempts` and `elapsed` tell the user how hard the server tried before
    giving up. `str()` is the English explanation.
    """

    def __init__(self, entry: ErrorEntry, *, detail: str = "", attempts: int = 0, elapsed: float = 0.0) -> None:
        self.entry = entry
        self.detail = detail
        self.attempts = attempts
        self.elapsed = elapsed
        super().__init__(self.explain())

    def explain(self, language: Language = DEFAULT_LANGUAGE, audience: Audience = "client") -> str:
        """The plain-language text the tool returns: what happened, what it means, what to do."""
        advice = self.entry.advice_for(audience)(language)
        return f"{self.explain_failure(language)}\n{messages.ERROR_ADVICE(language, advice=advice)}"

    def explain_failure(self, language: Language = DEFAULT_LANGUAGE) -> str:
        """What happened and what it means, without the advice (a comparison row lists that apart)."""
        name = self.entry.name(language)
        code = self.entry.code
        label = messages.ERROR_LABEL_CODE(language, name=name, code=code) if code is not None else name
        lines = [messages.ERROR_HEAD(language, label=label, meaning=self.entry.meaning(language))]
        if self.detail:
            lines.append(messages.ERROR_DETAILS(language, detail=self.detail))
        if self.attempts:
            tried = messages.ERROR_TRIED_ONE if self.attempts == 1 else messages.ERROR_TRIED
            lines.append(tried(language, n=self.attempts, seconds=f"{self.elapsed:.1f}"))
            if self.entry.maybe_billed:
                lines.append(messages.ERROR_MAYBE_BILLED(language))
        return "\n".join(lines)


def render_markdown(language: Language = DEFAULT_LANGUAGE) -> str:
    """The catalogue as a markdown table, for the MCP resource and README."""
    rows = [messages.ERRORS_RESOURCE_HEADER(language), "| --- | --- | --- | --- | --- |"]
    for e in CATALOGUE:
        retried = (messages.YES if e.retried else messages.NO_MAYBE_BILLED if e.maybe_billed else messages.NO)(language)
        advice = e.advice(language)
        if e.key in SEARCH_WORDING:
            searched = SEARCH_WORDING[e.key][1](language)
            advice = messages.ERRORS_FOR_SEARCH(language, advice=advice, tool=SEARCH_TOOL_NAME, search_advice=searched)
        cells = [e.key, e.name(language), e.meaning(language), advice, retried]
        rows.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
    intro = messages.ERRORS_RESOURCE_INTRO(language, retries=RETRIES_VAR, timeout=TIMEOUT_VAR)
    return intro + "\n\n" + "\n".join(rows) + "\n"


def markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


SEARCH_WORDING: Final[dict[str, tuple[Text, Text]]] = {
    "301": (
        Text(
            "Just One API could not collect the search results from Xingtu this time.",
            "Just One API 这次没能从星图采集到搜索结果。",
        ),
        Text(
            "Ask again in a minute. If it keeps failing, try a shorter keyword or fewer filters.",
            "一分钟后再问。如果一直失败，请换更短的关键词或减少筛选条件。",
        ),
    ),
    "400": (
        Text("Just One API rejected the search's parameters.", "Just One API 拒绝了搜索的参数。"),
        Text(
            "Check the keyword and the filters: ranges are written min-max (followerRange=1000-2000), and enums "
            "take the values the tool lists.",
            "请检查关键词和筛选条件：范围写作 最小值-最大值（如 followerRange=1000-2000），枚举参数只取工具列出的值。",
        ),
    ),
    "404": (
        Text(
            "Just One API answered with code 404, which it does not document for this endpoint.",
            "Just One API 返回了代码 404，其文档没有为这个接口说明它的含义。",
        ),
        Text(
            "Check the keyword and the filters; if they are right, ask again later or ask Just One API support.",
            "检查关键词和筛选条件；如果没有问题，请稍后再问或咨询 Just One API 客服。",
        ),
    ),
}
"""The creator search's own meaning and advice where the catalogue's speak of one creator's author id."""


def for_search(error: ShowcaseError) -> ShowcaseError:
    """The error worded for a search (no author id to check), the same entry otherwise."""
    wording = SEARCH_WORDING.get(error.entry.key)
    if wording is None:
        return error
    meaning, advice = wording
    entry = replace(error.entry, meaning=meaning, advice=advice, cli_advice=None, bundle_advice=None)
    return ShowcaseError(entry, detail=error.detail, attempts=error.attempts, elapsed=error.elapsed)
