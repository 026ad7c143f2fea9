"""Tokens for the full-text index and for queries: one tokenizer, so both sides always agree.

Text is normalised (NFKC: full-width digits and letters to half-width; traditional characters to
simplified; lower case), segmented by rjieba in search mode (a long word also yields the dictionary
words inside it: 城市公交 → 城市, 公交, 城市公交) over jieba's dictionary plus a domain dictionary
(every unit name and alias of the organisation registry, and `data/search_terms.txt`). A unit
named under any alias also yields its canonical name, so 工业和信息化局 finds 市工信局.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib.resources import files

import opencc
import rjieba

from gongbao.extract.orgs import CITY, OrgRegistry

TERMS_FILE = "search_terms.txt"
# A word the user dictionary adds outranks jieba's own segmentation of the same characters.
DOMAIN_WORD_FREQ = 200_000
WORD = re.compile(r"^\w+$")

# Function words and question words: they say what kind of answer is wanted, not what about.
QUERY_STOPWORDS = frozenset(
    """
    的 了 吗 呢 吧 啊 呀 么 嘛 是 有 在 和 与 及 或 跟 把 被 对 给 让 从 向 到 为 以 于 由 就 都 也 还 又 而 并 且
    我 我们 你 您 你们 他 她 它 他们 咱们 自己 这 那 这个 那个 这些 那些 这里 那里 这样 那样
    请问 请 想 想问 问 问一下 一下 知道 告诉 帮 帮忙 查 查询 查一下 了解 咨询一下
    什么 怎么 怎么样 怎样 如何 哪些 哪个 哪里 哪儿 哪 多少 几 几个 谁 是否 能 能否 能不能 可以 可不可以 会 会不会
    要 需要 应该 应当 得 有没有 没有 是不是 不是 现在 目前 关于 方面 情况 问题 一些 一个 有关 相关 具体 主要
    啥 咋 呗 哦 嗯 么样 为什么 为何 咋办 怎么办 怎么算 算 算是 多大 多长 多久 多远 多高 多少钱 多少次 几项 几分 几天 几年 几月 几次
    几户 几级 几岁 哪几年 哪级 时候 这次 这回 那次 拿到 得到 里 市里 咱 俺 家里 一般 到底 究竟 大概 大约 左右 的话 之后 以后
    现行 最近 今年 去年 明年 事情 事儿 东西 还是 或者 以及 比如 例如 等等 对于 通过 根据 按照 所以 因为 如果 但是 可是 不过
    大家 平时 通常 一般来说 走 问问 想问问 看看 才 才能 才算 才可以 才会 就要 就会 就得 必须 拿 拿到 领 领到 能拿 能领 出来 已经 一下子 一口气 那次 这块 那个 这套 那套
    """.split()
)


def normalize_text(text: str) -> str:
    """The form both index and queries are segmented in: NFKC, simplified, lower case."""
    return _t2s().convert(unicodedata.normalize("NFKC", text)).lower()


_FULL_WIDTH_WORD = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}


def match_form(text: str) -> str:
    """What a term is looked for in: the normal form where it matters for words (full-width
    letters and digits, traditional characters, case), punctuation left as it is. Same length
    as `text` nearly always, and several times cheaper than normalize_text on long passages."""
    if _FULL_WIDTH_WORD.search(text):
        text = text.translate(_HALF_WIDTH)
    return _t2s().convert(text).lower()


# Words that end like a place but name none: 市区, 城区, 社区, 开发区 …
_GENERIC_PLACES = frozenset("市区 城区 全市 社区 园区 景区 小区 辖区 地区 县区 市县 城市 都市 超市 集市 县市 发区 范区 新区 街区 片区 矿区 厂区 校区 山区 灾区 林区 牧区".split())


class Tokenizer:
    """jieba (rjieba) with the domain dictionary; see the module docstring."""

    def __init__(self, registry: OrgRegistry, extra_terms: list[str]) -> None:
        self._jieba = rjieba.Jieba()
        self._canonical: dict[str, str] = {}
        for unit in registry.units.values():
            canonical = normalize_text(unit.id)
            for name in {unit.id, unit.full_name, *unit.aliases}:
                for form in _unit_forms(normalize_text(name)):
                    self._add_word(form)
                    self._canonical.setdefault(form, canonical)
        for term in extra_terms:
            self._add_word(normalize_text(term))

    @classmethod
    @cache
    def default(cls) -> Tokenizer:
        return cls(OrgRegistry.default(), default_terms())

    def _add_word(self, word: str) -> None:
        if len(word) >= 2:
            self._jieba.add_word(word, DOMAIN_WORD_FREQ, None)

    def tokens(self, text: str, *, guess_words: bool = True) -> list[str]:
        """Index tokens of `text`, in order (sub-words and canonical unit names included).
        Without `guess_words`, characters no dictionary word holds stay single (jieba's HMM
        makes words of spoken phrases: 做后, 这套, 长是)."""
        # isalnum: a word of letters or digits (CJK included), as \w but cheaper; punctuation out.
        words = [t for t in self._jieba.cut_for_search(normalize_text(text), guess_words) if t.isalnum()]
        if self._canonical.keys().isdisjoint(words):  # most paragraphs name no unit
            return words
        out: list[str] = []
        for token in words:
            out.append(token)
            canonical = self._canonical.get(token)
            # Search mode yields 工信局 and then 市工信局 for the same characters: one is enough.
            if canonical is not None and canonical not in out[-3:]:
                out.append(canonical)
        return out

    def query_terms(self, text: str, *, guess_words: bool = True) -> list[str]:
        """Distinct search terms of a query, stopwords left out, in order of appearance."""
        seen: dict[str, None] = {}
        for token in self.tokens(text, guess_words=guess_words):
            if token not in QUERY_STOPWORDS:
                seen.setdefault(token, None)
        return list(seen)

    def question_words(self, text: str) -> list[str]:
        """The words a question's meaning is weighed in: each word of a plain segmentation (no
        guessed words), and the dictionary words that tile it from the left (公交出行 → 公交,
        出行; not 交出, which straddles the two), stopwords left out."""
        norm = normalize_text(text)
        searched = set(self._jieba.cut_for_search(norm, False))
        out: dict[str, None] = {}
        for word in self._jieba.cut(norm, False):
            if not word.isalnum() or word in QUERY_STOPWORDS:
                continue
            out.setdefault(word, None)
            i = 0
            while len(word) > 2 and i < len(word) - 1:
                piece = next((word[i:j] for j in range(len(word) - (i == 0), i + 1, -1) if word[i:j] in searched), None)
                if piece is None:
                    i += 1
                    continue
                if piece not in QUERY_STOPWORDS:
                    out.setdefault(piece, None)
                i += len(piece)
        return list(out)

    def places(self, text: str) -> list[str]:
        """Counties, cities and districts the text names (孝义市, 离石区, 交口县), as segmented."""
        out: dict[str, None] = {}
        for word, flag in self._jieba.tag(normalize_text(text), False):
            if 3 <= len(word) <= 5 and word[-1] in "县市区旗" and flag.startswith("n") and word[-2:] not in _GENERIC_PLACES:
                out.setdefault(word, None)
        return list(out)

    def names_a_thing(self, word: str) -> bool:
        """The dictionary takes the word for a noun (护照, 养老保险), not a verb or a phrase of the
        question's own (评出来, 什么样, 才能)."""
        tags = self._jieba.tag(word, False)
        return len(tags) == 1 and tags[0][1].startswith("n")

    def words(self, text: str) -> list[str]:
        """Plain segmentation (no sub-words), for telling what a question asks."""
        return [t for t in self._jieba.cut(normalize_text(text)) if WORD.match(t)]


def default_terms() -> list[str]:
    text = files("gongbao.data").joinpath(TERMS_FILE).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _unit_forms(name: str) -> list[str]:
    """A unit name and its forms without the city (吕梁市工信局, 市工信局, 工信局)."""
    forms = [name]
    for prefix in (CITY, "市"):
        if name.startswith(prefix) and len(name) - len(prefix) >= 2:
            forms.append(name[len(prefix) :])
    return forms


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")
