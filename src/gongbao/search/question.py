"""What a question asks: its kind, its constraints, and a sentence saying how it was read.

Kinds: when (时间/何时/从什么时候), who (谁/哪个单位/牵头), how_much (多少/几个), list (哪些/分几级/
包括什么), condition (什么情况/条件/情形), procedure (怎么办/流程/材料), contact (电话/咨询), or
topic (none of these: a sentence about it). Constraints: the years it names (十四五 → 2025), the
response level (一级, Ⅱ级), the unit a number is asked in (多少钱 → 元). The reading is shown
with the answer, so a user sees which question was answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from gongbao import patterns as P
from gongbao.search.tokens import normalize_text

# Checked in this order: the first kind whose words a question holds is its kind (什么情况下启动
# 一级响应 asks a condition, not a time; 哪些单位负责 asks who, not a list; 哪几年 a time).
KIND_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("contact", P.compiled(P.QUESTION_CONTACT)),
    ("condition", P.compiled(P.QUESTION_CONDITION)),
    ("procedure", P.compiled(P.QUESTION_PROCEDURE)),
    ("who", P.compiled(P.QUESTION_WHO)),
    ("when", P.compiled(P.QUESTION_WHEN)),
    ("list", P.compiled(P.QUESTION_LIST)),
    ("how_much", P.compiled(P.QUESTION_AMOUNT)),
    ("procedure", P.compiled(P.QUESTION_PROCEDURE_VERB)),
)
KIND_LABELS = {
    "when": "时间",
    "who": "责任单位或负责人",
    "how_much": "数量或金额",
    "list": "范围或清单",
    "condition": "条件或情形",
    "procedure": "办理方式或流程",
    "contact": "咨询单位和电话",
    "topic": "相关规定",
}
# Characters that glue words into a question (是从, 奖给): a term holding one that no document
# holds is a cut across two words, not a word.
FUNCTION_CHARS = frozenset("是从给把被对让向和与就都也还又不了的在吗呢吧啊要这那")
_CN_ORDINAL = "〇一二三四五六七八九"  # 十N五: the (10+N)th five-year plan, ending 2005 + 5N
_LEVEL = re.compile(r"(?P<level>[一二三四1234ⅠⅡⅢⅣIV]+)\s*级")


@dataclass
class Reading:
    kind: str
    wants: set[str]  # every kind whose words the question holds (a question may ask two things)
    years: set[str] = field(default_factory=set)
    level: str | None = None  # 一级 / 二级 … as asked (Ⅱ级 → 二级)
    unit: str | None = None  # the unit a number is asked in (元 for 多少钱)
    aspect: str | None = None  # of a time: "start" (从哪天起施行) or "deadline" (最晚什么时候完成)
    classifier: str | None = None  # what a list is counted in: 等级 for 分几个等级, 类 for 哪几类
    places: list[str] = field(default_factory=list)  # counties and districts named: 孝义市, 离石区

    def explain(self) -> str:
        """How the question was read, in the user's language."""
        parts = [f"按“{KIND_LABELS[self.kind]}”类问题理解"]
        if self.years:
            parts.append("年份：" + "、".join(sorted(self.years)))
        if self.level:
            parts.append(f"级别：{self.level}")
        if self.places:
            parts.append("地点：" + "、".join(self.places))
        if self.unit:
            parts.append(f"单位：{'元' if self.unit == '钱' else self.unit}")
        if self.aspect:
            parts.append({"start": "问开始时间", "deadline": "问截止时间", "seat": "问设在哪个单位", "frequency": "问多久一次"}[self.aspect])
        return "；".join(parts)


def read_question(question: str) -> Reading:
    norm = normalize_text(question)
    wants = {kind for kind, pattern in KIND_WORDS if pattern.search(norm)}
    kind = next((k for k, pattern in KIND_WORDS if pattern.search(norm)), "topic")
    # A year printed is the one asked; a plan period (十四五 → 2025) only when none is.
    years = set(P.QUERY_YEAR.findall(norm)) or plan_years(norm)
    unit = m["unit"] if (m := P.QUESTION_UNIT.search(norm)) else None
    if unit is None and kind == "how_much" and P.QUESTION_MONEY.search(norm):
        unit = "元"  # 多少补助 · 补贴标准是多少: money
    level = _level(norm)
    aspect = None
    if kind == "when":
        aspect = (
            "frequency" if FREQUENCY_WORDS.search(norm)
            else "deadline" if DEADLINE_WORDS.search(norm)
            else "start" if START_WORDS.search(norm) else None
        )  # fmt: skip
    elif kind == "who" and SEAT_WORDS.search(norm):
        aspect = "seat"  # 办公室设在哪个部门
    classifier = m["noun"] if kind == "list" and (m := P.QUESTION_CLASSIFIER.search(norm)) else None
    from gongbao.search.tokens import Tokenizer  # the tokenizer loads its dictionary on first use

    places = Tokenizer.default().places(question)
    return Reading(kind, wants, years, level, unit, aspect, classifier, places)


# What a time question asks of the time, and the verbs that only say so (施行, 完成): documents
# print 实施 for 施行 and 前完成 for 截止, so these words are the aspect, not the topic.
FREQUENCY_WORDS = re.compile(r"(?:多久|多长时间|隔多久|几天|几个月|几年).{0,12}一次|多久一次|隔多久|频次|频率|几次|多少次")
SEAT_WORDS = re.compile(r"设在|在哪|放在|设于|挂靠")
START_WORDS = re.compile(r"开始|起|施行|实施|执行|试行|生效|启用|开通")
DEADLINE_WORDS = re.compile(r"截止|最晚|最迟|之前|以前|完成|做完|办完|弄好|到期|期限|时限|节点")
ASPECT_VERBS = {"start": ("开始", "施行", "实施", "执行", "试行", "生效"), "deadline": ("截止", "完成", "最晚", "最迟", "期限", "时限")}


def _level(norm: str) -> str | None:
    m = _LEVEL.search(norm)
    if m is None or re.search(r"几\s*级|哪\s*级|多少\s*级", norm[max(0, m.start() - 2) : m.end()]):
        return None
    digits = {"1": "一", "2": "二", "3": "三", "4": "四", "Ⅰ": "一", "Ⅱ": "二", "Ⅲ": "三", "Ⅳ": "四", "I": "一", "II": "二", "III": "三", "IV": "四"}
    level = m["level"]
    return (digits.get(level) or level) + "级"


def plan_years(text: str) -> set[str]:
    """The years the five-year plans a text names end in: 十四五 → 2025."""
    return {str(2005 + 5 * _CN_ORDINAL.index(m["n"])) for m in P.PLAN_PERIOD.finditer(text)}


def written_form(question: str) -> str:
    """The question in the words documents use (不要钱 → 免费, 找谁 → 咨询)."""
    pattern, table = _question_words()
    return pattern.sub(lambda m: table[m.group(0)], question) if table else question


@cache
def _question_words() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    text = resources.files("gongbao.data").joinpath("question_words.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            asked, written = line.split("\t")
            table[asked.strip()] = written.strip()
    pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
    return pattern, table


def synonyms(term: str) -> tuple[str, ...]:
    """The term and the words documents use for it (data/synonyms.tsv), the term first."""
    return _synonym_groups().get(term, (term,))


@cache
def _synonym_groups() -> dict[str, tuple[str, ...]]:
    groups: dict[str, tuple[str, ...]] = {}
    text = resources.files("gongbao.data").joinpath("synonyms.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        words = line.split()
        if len(words) >= 2 and not line.startswith("#"):
            for word in words:
                groups[word] = (word, *[w for w in words if w != word])
    return groups
