"""Normal forms of the strings we compare and store: document numbers, dates, squashed text.

Callers keep the original string next to the normal form.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import lru_cache

from gongbao import patterns as P


def squash(text: str | None) -> str | None:
    """Remove all whitespace and markdown markers (the form titles and gold strings take)."""
    if text is None:
        return None
    if len(text) <= SQUASH_CACHED_CHARS:  # short strings (unit names, clauses) recur: cached
        return _squash(text)
    return _squash_uncached(text)


SQUASH_CACHED_CHARS = 200


@lru_cache(maxsize=32768)
def _squash(text: str) -> str:
    return _squash_uncached(text)


def _squash_uncached(text: str) -> str:
    if "<" in text or "*" in text or "#" in text:  # markup is rare: skip the regex otherwise
        text = P.MARKUP.sub("", text)
    return "".join(text.split())


def doc_number(text: str) -> str | None:
    """吕政办发〔2021〕39 号 → 吕政办发〔2021〕39号; ﹝﹞ [] 【】 （） → 〔〕. None if not a number."""
    m = P.DOC_NUMBER.search(text)
    if not m:
        return None
    return f"{m['prefix']}〔{m['year']}〕{int(m['seq'])}号"


def iso_date(text: str) -> str | None:
    """2021 年 7 月 6 日 / 二〇二一年七月六日 → 2021-07-06; None if no valid date."""
    m = P.DATE.search(text) or P.ISO_DATE.search(text) or P.COMPACT_DATE_LINE.match(text)
    if m:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    else:
        m = P.CN_DATE.search(text)
        if not m:
            return None
        import cn2an  # here, not at the top: it costs a command that never meets a 二〇二一年 date 0.2 s

        try:
            y = int("".join(str(_cn_digit(ch)) for ch in m["y"]))
            mo = int(cn2an.cn2an(m["m"].translate(_ZERO), "smart"))
            d = int(cn2an.cn2an(m["d"].translate(_ZERO), "smart"))
        except (ValueError, KeyError):
            return None
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def _cn_digit(ch: str) -> int:
    return "〇一二三四五六七八九".index(ch.translate(_ZERO))


_ZERO = str.maketrans({"零": "〇", "○": "〇", "O": "〇", "Ｏ": "〇", "０": "〇"})


_SPACE_IN_NUMBERS = [
    # 2024 年 5 月 11 日 → 2024年5月11日 ; 39 号 → 39号 ; 第 2 期 → 第2期
    (re.compile(r"(?<=\d)[ \u3000]+(?=[年月日号期项条个%％])"), ""),
    (re.compile(r"(?<=[年月第〕])[ \u3000]+(?=\d)"), ""),
    # 到 2027 年 / 较 2023 年增长 25%以上 → 到2027年 / 较2023年增长25%以上: PDF tools pad numbers
    # inside CJK text with spaces. (Table cells are split on Line.raw, which keeps them.)
    (re.compile(rf"(?<=[{P.CJK}，、。：；（）《》“”])[ \u3000]+(?=[\d.]*\d)"), ""),
    (re.compile(rf"(?<=\d)[ \u3000]+(?=[{P.CJK}，、。：；（）《》“”%％])"), ""),
    # 〔 2021 〕 → 〔2021〕
    (re.compile(rf"({P.YEAR_OPEN})[ \u3000]+(?=\d)"), r"\1"),
    (re.compile(rf"(?<=\d)[ \u3000]+({P.YEAR_CLOSE})"), r"\1"),
]
_DIGIT = re.compile(r"\d")
_SPACED_LABEL = re.compile(rf"^(?:[{P.CJK}][ \t\u3000]+)+[{P.CJK}](?=$|[ \t\u3000]*[:：])")
_BRACKETED_NUMBER = re.compile(
    rf"(?P<prefix>{P.DOC_PREFIX})\s*{P.YEAR_OPEN}\s*(?P<year>(?:19|20)\d\d)\s*{P.YEAR_CLOSE}\s*(?P<seq>\d{{1,5}})\s*号"
)


def close_up(line: str) -> str:
    """Close up the spaces PDF tools put into numbers, dates and spaced-out labels.

    政 策 咨 询 → 政策咨询 ; 地 址：… → 地址：… ; 吕政办发﹝2021﹞39 号 → 吕政办发〔2021〕39号.
    Spaces between other words (table cells, Latin text) are kept.
    """
    if " " in line or "\u3000" in line:  # most lines have no space at all: skip the space rules
        if _DIGIT.search(line):  # every rule closes up around a digit
            for rx, repl in _SPACE_IN_NUMBERS:
                line = rx.sub(repl, line)
        m = _SPACED_LABEL.match(line)
        if m:
            line = P.WHITESPACE.sub("", m.group(0)) + line[m.end():]
    if "号" not in line:
        return line
    return _BRACKETED_NUMBER.sub(lambda m: f"{m['prefix']}〔{m['year']}〕{m['seq']}号", line)


# --- HTML and LaTeX remnants of document converters ------------------------------------------

_SUPERSCRIPT = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
_SUP = re.compile(r"\s*<sup>\s*([0-9+\-]{1,3})\s*</sup>\s*")
_SUB = re.compile(r"<sub>\s*(.*?)\s*</sub>")
# Only real tags: a known name with attributes written as attributes — `a<b 和 x>y` is text.
_TAGS = re.compile(
    r"</?(?:p|ol|ul|li|span|div|font|br|strong|em|i|u|sup|sub|b|table|tr|td|th|tbody|thead|a|img|h[1-6]|section|article|center)"
    r"(?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>=`]+))?)*\s*/?>",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|apos|ldquo|rdquo|lsquo|rsquo|mdash|hellip|middot|#\d{1,6}|#x[0-9a-fA-F]{1,5});")
# A LaTeX formula: between dollars, holding a command, a power or an index (a lone $ is text).
_LATEX = re.compile(r"\$([^$\n]{1,400}?)\$")
_LATEX_SIGN = re.compile(r"\\[A-Za-z%]|\^|_\{")
_LATEX_WORDS = {
    r"\geq": "≥", r"\ge": "≥", r"\leq": "≤", r"\le": "≤", r"\mu": "μ", r"\times": "×", r"\pm": "±",
    r"\cdot": "·", r"\sim": "~", r"\circ": "°", r"\%": "%", r"\approx": "≈", r"\neq": "≠", r"\alpha": "α",
    r"\beta": "β", r"\Delta": "Δ",
}
_LATEX_WORD = re.compile(r"\\[A-Za-z]+|\\%")
_LATEX_TEXT = re.compile(r"\\(?:text|mathrm|mathbf|rm)\s*\{([^{}]*)\}")
_LATEX_POWER = re.compile(r"\^\{?([0-9+\-]{1,3})\}?")
_LATEX_INDEX = re.compile(r"_\{?([0-9.]{1,5})\}?")


def clean_markup(text: str) -> str:
    """m <sup>3</sup> /d → m³/d ; PM<sub>2.5</sub> → PM2.5 ; $\\mu\\text{g}/\\text{m}^3$ → μg/m³ ;
    $\\geq 90\\%$ → ≥90% ; <p>…</p> → its text."""
    if "<" in text:
        text = _SUP.sub(lambda m: m.group(1).translate(_SUPERSCRIPT), text)
        text = _SUB.sub(r"\1", text)
        text = _TAGS.sub(" ", text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)).replace("\xa0", " "), text)
    if "$" in text:
        text = _LATEX.sub(lambda m: _latex(m.group(1)) if _LATEX_SIGN.search(m.group(1)) else m.group(0), text)
    return text


def _latex(expr: str) -> str:
    expr = _LATEX_TEXT.sub(r" \1", expr)  # the space ends a command before it: \mu\text{g}
    expr = _LATEX_POWER.sub(lambda m: m.group(1).translate(_SUPERSCRIPT), expr)
    expr = _LATEX_INDEX.sub(r"\1", expr)
    expr = _LATEX_WORD.sub(lambda m: _LATEX_WORDS.get(m.group(0), m.group(0).lstrip("\\")), expr)
    return P.WHITESPACE.sub("", expr.replace("{", "").replace("}", ""))
